import Foundation

/// What `SchedulerClient` cannot read as a schedule termscale wrote.
public enum SchedulerClientError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    /// A schedule in termscale's schedule group that termscale cannot have written: not a one-time
    /// `at(…)` in UTC calling the universal UpdateAutoScalingGroup target with an input and a role.
    case notAMixSwitchSchedule(group: String, name: String, reason: String)

    public var description: String {
        switch self {
        case .notAMixSwitchSchedule(let group, let name, let reason):
            return "schedule '\(name)' in schedule group '\(group)' is not a mix switch termscale writes: \(reason). "
                + "termscale owns this group; delete the schedule (aws scheduler delete-schedule --group-name \(group) "
                + "--name \(name)) and the next push recreates what the plan needs"
        }
    }

    public var errorDescription: String? { description }
}
