import Foundation

/// A call `AutoScalingClient` refuses to make, before sending anything.
public enum AutoScalingClientError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    /// The group's `MixedInstancesPolicy` as described holds fields termscale did not recognise
    /// (Query paths, see `MixedInstancesPolicy.unknownFields`): writing it back without them would
    /// change which instances the group launches.
    case mixedInstancesPolicyNotUnderstood(group: String, fields: [String])

    public var description: String {
        switch self {
        case .mixedInstancesPolicyNotUnderstood(let group, let fields):
            return "not updating the MixedInstancesPolicy of group '\(group)': it holds "
                + (fields.count == 1 ? "a field" : "fields") + " termscale does not understand ("
                + fields.joined(separator: ", ") + "), and sending the policy back without "
                + (fields.count == 1 ? "it" : "them") + " would change the group's instance selection. "
                + "Change the instances distribution by hand, or use a termscale that knows "
                + (fields.count == 1 ? "this field" : "these fields")
        }
    }

    public var errorDescription: String? { description }
}
