import Foundation

/// One Auto Scaling group as the push sees it: what it reads and what it writes.
///
/// Two implementations: `LiveAutoScalingGroup` (the Auto Scaling API through
/// `AutoScalingClient`) and `InMemoryAutoScalingGroup`, which enforces the rules AWS enforces
/// and moto does not, for tests and simulations. The push is written once, against this.
public protocol AutoScalingGroupAPI: Sendable {
    /// The group's name.
    var groupName: String { get }
    /// The group, or nil when it does not exist.
    func describeGroup() throws -> AutoScalingGroupDescription?
    /// Every scheduled action of the group that has not run yet, all pages.
    func describeScheduledActions() throws -> [ScheduledActionDescription]
    /// Creates or updates actions by name, 50 a call.
    /// - Returns: the actions AWS did not apply, each with its code and message.
    func putScheduledActions(_ actions: [ScheduledActionRequest]) throws -> [BatchItemFailure]
    /// Deletes actions by name, 50 a call.
    /// - Returns: the actions AWS did not delete. A name that is already gone is not a failure:
    ///   the delete was done by an earlier call whose answer was lost.
    func deleteScheduledActions(names: [String]) throws -> [BatchItemFailure]
    /// Sets MinSize and, when given, the whole MixedInstancesPolicy.
    func updateGroup(minSize: Int?, mixedInstancesPolicy: MixedInstancesPolicy?) throws
    /// Every scaling policy of the group: termscale's, hand-made ones, disabled ones.
    func describePolicies() throws -> [ScalingPolicy]
    /// Creates or replaces a target-tracking policy.
    func putTargetTrackingPolicy(_ policy: TargetTrackingPolicy) throws
}

/// The group through the Auto Scaling API.
public struct LiveAutoScalingGroup: AutoScalingGroupAPI {
    public let client: AutoScalingClient
    public let groupName: String

    public init(client: AutoScalingClient, groupName: String) {
        self.client = client
        self.groupName = groupName
    }

    public func describeGroup() throws -> AutoScalingGroupDescription? {
        try client.describeAutoScalingGroup(name: groupName)
    }

    public func describeScheduledActions() throws -> [ScheduledActionDescription] {
        try client.describeScheduledActions(group: groupName)
    }

    public func putScheduledActions(_ actions: [ScheduledActionRequest]) throws -> [BatchItemFailure] {
        try client.putScheduledActions(group: groupName, actions)
    }

    public func deleteScheduledActions(names: [String]) throws -> [BatchItemFailure] {
        try client.deleteScheduledActions(group: groupName, names: names)
    }

    public func updateGroup(minSize: Int?, mixedInstancesPolicy: MixedInstancesPolicy?) throws {
        try client.updateAutoScalingGroup(name: groupName, minSize: minSize, mixedInstancesPolicy: mixedInstancesPolicy)
    }

    public func describePolicies() throws -> [ScalingPolicy] {
        try client.describePolicies(group: groupName)
    }

    public func putTargetTrackingPolicy(_ policy: TargetTrackingPolicy) throws {
        try client.putTargetTrackingPolicy(group: groupName, policy)
    }
}
