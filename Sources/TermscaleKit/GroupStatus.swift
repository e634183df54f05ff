import Foundation
import TermscaleAWS
import TermscaleCore

/// `termscale status`: what the group looks like in AWS now, read-only.
public struct GroupStatus: Sendable {
    public var group: AutoScalingGroupDescription
    public var scheduledActions: [ScheduledActionDescription]
    /// The prefix of termscale's own action names for this group.
    public var ownPrefix: String

    /// AWS's hard quota of scheduled actions per group.
    public static let actionQuota = 125

    /// Reads the group and its scheduled actions.
    /// - Throws: `TermscaleError.aws` when the group does not exist or AWS fails.
    public static func read(_ session: AWSSession, policy: Policy) throws -> GroupStatus {
        try AWSSession.reporting {
            guard let group = try session.client.describeAutoScalingGroup(name: policy.autoScalingGroup) else {
                throw TermscaleError.aws("Auto Scaling group '\(policy.autoScalingGroup)' not found in \(session.region.name) at \(session.endpoint.url.absoluteString); check auto_scaling_group and region in the policy")
            }
            let actions = try session.client.describeScheduledActions(group: policy.autoScalingGroup)
            return GroupStatus(group: group, scheduledActions: actions, ownPrefix: "termscale-\(policy.autoScalingGroup)-")
        }
    }

    public var ownActions: [ScheduledActionDescription] { scheduledActions.filter { $0.name.hasPrefix(ownPrefix) } }

    /// A few lines for a terminal.
    public func render(session: AWSSession, now: Date) -> String {
        let g = group
        let inService = g.instances.filter { $0.lifecycleState == "InService" }.count
        var out = "group \(g.name) · region \(session.region.name) (\(session.region.source)) · endpoint \(session.endpoint.url.absoluteString) (\(session.endpoint.source))\n"
        out += "MinSize \(g.minSize) · MaxSize \(g.maxSize) · DesiredCapacity \(g.desiredCapacity) · instances \(g.instances.count) (\(inService) InService)\n"
        if let d = g.mixedInstancesPolicy?.instancesDistribution {
            out += "mix: on-demand base \(d.onDemandBaseCapacity ?? 0), \(d.onDemandPercentageAboveBaseCapacity ?? 100)% on-demand above base"
                + (d.spotAllocationStrategy.map { ", spot \($0)" } ?? "") + "\n"
        } else {
            out += "mix: no mixed instances policy (on-demand only)\n"
        }
        let own = ownActions.count
        out += "scheduled actions: \(scheduledActions.count) (\(own) termscale's, \(scheduledActions.count - own) others'); "
            + "\(max(0, Self.actionQuota - scheduledActions.count)) of AWS's \(Self.actionQuota) left\n"
        let upcoming = ownActions.filter { ($0.startTime ?? .distantPast) > now }
            .sorted { ($0.startTime ?? .distantPast) < ($1.startTime ?? .distantPast) }
        for a in upcoming.prefix(5) {
            out += "  next: \(a.startTime.map(UTCFormat.rfc3339) ?? "?")  MinSize \(a.minSize.map(String.init) ?? "-")  \(a.name)\n"
        }
        return out
    }
}
