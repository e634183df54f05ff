import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleReports

/// `termscale status`: what the group looks like in AWS now, read-only.
public enum GroupStatus {
    /// Reads the policy's group and its scheduled actions through `session`.
    /// - Throws: `TermscaleError.aws` when the group does not exist or AWS fails.
    public static func read(_ session: AWSSession, policy: Policy, now: Date) throws -> GroupStatusReport {
        try AWSSession.reporting {
            guard let group = try session.client.describeAutoScalingGroup(name: policy.autoScalingGroup) else {
                throw TermscaleError.aws(
                    "Auto Scaling group '\(policy.autoScalingGroup)' not found in \(session.region.name) at \(session.endpoint.url.absoluteString); check auto_scaling_group and region in the policy"
                )
            }
            let actions = try session.client.describeScheduledActions(group: policy.autoScalingGroup)
            return report(group: group, actions: actions, policy: policy, session: session, now: now)
        }
    }

    /// The report of what was read: termscale's own actions are those named with its prefix.
    static func report(
        group g: AutoScalingGroupDescription, actions: [ScheduledActionDescription], policy: Policy,
        session: AWSSession, now: Date
    ) -> GroupStatusReport {
        let ownPrefix = ScheduledAction.namePrefix(group: policy.autoScalingGroup)
        let mix = g.mixedInstancesPolicy.map { p in
            let d = p.instancesDistribution
            return GroupStatusReport.Mix(
                onDemandBase: d.onDemandBaseCapacity ?? 0,
                onDemandPercentAboveBase: d.onDemandPercentageAboveBaseCapacity ?? 100,
                spotAllocationStrategy: d.spotAllocationStrategy)
        }
        return GroupStatusReport(
            group: g.name, region: session.region.name, regionSource: session.region.source,
            endpoint: session.endpoint.url.absoluteString, endpointSource: session.endpoint.source,
            minSize: g.minSize, maxSize: g.maxSize, desiredCapacity: g.desiredCapacity,
            instances: g.instances.count, instancesInService: g.instances.filter { $0.lifecycleState == "InService" }.count,
            mix: mix,
            scheduledActions: actions.map { a in
                .init(name: a.name, startTime: a.startTime, minSize: a.minSize, isTermscales: a.name.hasPrefix(ownPrefix))
            },
            now: now)
    }
}
