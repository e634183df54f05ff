import Foundation
import Logging
import TermscaleCore

/// The EC2 Auto Scaling calls termscale makes, typed, over `AWSQueryClient`.
///
/// Batch calls are sent in chunks of 50 (AWS's limit) and return every item AWS did not
/// apply: an HTTP 200 can still carry failures, and they are never dropped.
public struct AutoScalingClient: Sendable {
    public let query: AWSQueryClient
    /// AWS's limit of items per batch call.
    public static let batchSize = 50

    public init(query: AWSQueryClient) { self.query = query }

    // MARK: Scheduled actions

    /// Every scheduled action of `group`, following `NextToken` through all pages.
    public func describeScheduledActions(group: String) throws -> [ScheduledActionDescription] {
        let pages = try pages("DescribeScheduledActions") {
            $0.add("AutoScalingGroupName", group)
            $0.add("MaxRecords", 100)
        }
        return pages.flatMap { $0.all("ScheduledUpdateGroupActions/member") }.map { member in
            ScheduledActionDescription(
                name: member.text("ScheduledActionName") ?? "",
                groupName: member.text("AutoScalingGroupName") ?? group,
                startTime: member.text("StartTime").flatMap(Self.date),
                endTime: member.text("EndTime").flatMap(Self.date),
                recurrence: member.text("Recurrence"), timeZone: member.text("TimeZone"),
                minSize: member.text("MinSize").flatMap(Int.init), maxSize: member.text("MaxSize").flatMap(Int.init),
                desiredCapacity: member.text("DesiredCapacity").flatMap(Int.init))
        }
    }

    /// Creates or updates `actions` on `group` (by name), 50 a call.
    /// - Returns: the actions AWS did not apply, with its error code and message.
    public func putScheduledActions(group: String, _ actions: [ScheduledActionRequest]) throws -> [BatchItemFailure] {
        var failures: [BatchItemFailure] = []
        for chunk in actions.chunked(Self.batchSize) {
            var p = AWSQueryParameters()
            p.add("AutoScalingGroupName", group)
            p.addList("ScheduledUpdateGroupActions", chunk) { m, action in
                m.add("ScheduledActionName", action.name)
                m.add("StartTime", action.startTime)
                m.add("MinSize", action.minSize)
                m.add("MaxSize", action.maxSize)
                m.add("DesiredCapacity", action.desiredCapacity)
            }
            let root = try query.call(AWSQueryRequest(action: "BatchPutScheduledUpdateGroupAction", parameters: p))
            failures += Self.failures(
                root.all("BatchPutScheduledUpdateGroupActionResult/FailedScheduledUpdateGroupActions/member"))
        }
        return failures
    }

    /// Deletes the scheduled actions `names` of `group`, 50 a call.
    ///
    /// An item AWS reports as not found counts as deleted (`ValidationError` "Scheduled action name
    /// not found", what AWS and moto answer for a name they do not have): the delete was already
    /// done, by an earlier attempt whose answer was lost or by someone else.
    /// - Returns: the names AWS did not delete for any other reason, with its error code and message.
    public func deleteScheduledActions(group: String, names: [String]) throws -> [BatchItemFailure] {
        var failures: [BatchItemFailure] = []
        for chunk in names.chunked(Self.batchSize) {
            var p = AWSQueryParameters()
            p.add("AutoScalingGroupName", group)
            p.addList("ScheduledActionNames", chunk)
            let root = try query.call(AWSQueryRequest(action: "BatchDeleteScheduledAction", parameters: p))
            for failure in Self.failures(root.all("BatchDeleteScheduledActionResult/FailedScheduledActions/member")) {
                if failure.isScheduledActionNotFound {
                    query.logger.debug("BatchDeleteScheduledAction: \(failure): already gone, counted as deleted")
                } else {
                    failures.append(failure)
                }
            }
        }
        return failures
    }

    static func failures(_ members: [XMLTree]) -> [BatchItemFailure] {
        members.map {
            BatchItemFailure(
                name: $0.text("ScheduledActionName") ?? "?", code: $0.text("ErrorCode"),
                message: $0.text("ErrorMessage"))
        }
    }

    // MARK: Groups

    /// The group named `name`, or nil when there is none.
    public func describeAutoScalingGroup(name: String) throws -> AutoScalingGroupDescription? {
        var p = AWSQueryParameters()
        p.addList("AutoScalingGroupNames", [name])
        let root = try query.call(AWSQueryRequest(action: "DescribeAutoScalingGroups", parameters: p))
        guard let g = root.all("DescribeAutoScalingGroupsResult/AutoScalingGroups/member").first else { return nil }
        return AutoScalingGroupDescription(
            name: g.text("AutoScalingGroupName") ?? name,
            minSize: g.text("MinSize").flatMap(Int.init) ?? 0, maxSize: g.text("MaxSize").flatMap(Int.init) ?? 0,
            desiredCapacity: g.text("DesiredCapacity").flatMap(Int.init) ?? 0,
            instances: g.all("Instances/member").map {
                .init(
                    id: $0.text("InstanceId") ?? "?", lifecycleState: $0.text("LifecycleState"),
                    healthStatus: $0.text("HealthStatus"), instanceType: $0.text("InstanceType"))
            },
            mixedInstancesPolicy: g.path("MixedInstancesPolicy").map(MixedInstancesPolicy.init(described:)))
    }

    /// Sets the sizes given and, when `mixedInstancesPolicy` is given, the WHOLE mixed instances
    /// policy (launch template, every override field as described, and the distribution): a
    /// distribution-only update is refused by moto and unverified on AWS, and an update without it
    /// would erase it in moto.
    /// - Throws: `AutoScalingClientError.mixedInstancesPolicyNotUnderstood`, before any call, when
    ///   the policy holds a described field termscale did not recognise (sending it back without
    ///   that field would change the group's instance selection); `AWSServiceError` with
    ///   `isTryAgainNextRun` when a scaling activity is in progress.
    public func updateAutoScalingGroup(
        name: String, minSize: Int? = nil, maxSize: Int? = nil, desiredCapacity: Int? = nil,
        mixedInstancesPolicy: MixedInstancesPolicy? = nil
    ) throws {
        if let policy = mixedInstancesPolicy, !policy.isFullyUnderstood {
            throw AutoScalingClientError.mixedInstancesPolicyNotUnderstood(group: name, fields: policy.unknownFields)
        }
        var p = AWSQueryParameters()
        p.add("AutoScalingGroupName", name)
        p.add("MinSize", minSize)
        p.add("MaxSize", maxSize)
        p.add("DesiredCapacity", desiredCapacity)
        if let policy = mixedInstancesPolicy {
            p.addStructure("MixedInstancesPolicy") { policy.addParameters(to: &$0) }
        }
        _ = try query.call(AWSQueryRequest(action: "UpdateAutoScalingGroup", parameters: p))
    }

    // MARK: Scaling policies

    /// Creates or replaces a target-tracking policy on `group`, `Enabled` included (a policy
    /// someone disabled is enabled again).
    /// - Throws: `AWSServiceError` with `isTryAgainNextRun` when the group is busy.
    public func putTargetTrackingPolicy(group: String, _ policy: TargetTrackingPolicy) throws {
        var p = AWSQueryParameters()
        p.add("AutoScalingGroupName", group)
        p.add("PolicyName", policy.name)
        p.add("PolicyType", "TargetTrackingScaling")
        p.add("EstimatedInstanceWarmup", policy.estimatedInstanceWarmup)
        p.addStructure("TargetTrackingConfiguration") { t in
            t.addStructure("PredefinedMetricSpecification") { m in
                m.add("PredefinedMetricType", policy.metricType)
                m.add("ResourceLabel", policy.resourceLabel)
            }
            t.add("TargetValue", policy.targetValue)
            t.add("DisableScaleIn", policy.disableScaleIn)
        }
        p.add("Enabled", policy.enabled)
        _ = try query.call(AWSQueryRequest(action: "PutScalingPolicy", parameters: p))
    }

    /// Every scaling policy of `group`, of every type, all pages.
    public func describePolicies(group: String) throws -> [ScalingPolicy] {
        try pages("DescribePolicies") { $0.add("AutoScalingGroupName", group) }
            .flatMap { $0.all("ScalingPolicies/member") }
            .map(ScalingPolicy.init(described:))
    }

    /// The target-tracking policies of `group` on a predefined metric (the kind termscale writes),
    /// all pages. A policy on a customized metric is left out: use `describePolicies(group:)` to see
    /// it.
    public func describeTargetTrackingPolicies(group: String) throws -> [TargetTrackingPolicy] {
        try describePolicies(group: group).compactMap(\.targetTrackingPolicy)
    }

    // MARK: Paging

    /// The `<{action}Result>` element of every page of `action`, following `NextToken` until a page
    /// has none.
    /// - Throws: `AWSServiceError` code `PagingLoop` when a token comes back a second time.
    func pages(_ action: String, _ build: (inout AWSQueryParameters) -> Void) throws -> [XMLTree] {
        var results: [XMLTree] = []
        var token: String?
        var tokens = NextTokens(action: action, service: "autoscaling")
        repeat {
            var p = AWSQueryParameters()
            build(&p)
            p.add("NextToken", token)
            let root = try query.call(AWSQueryRequest(action: action, parameters: p))
            guard let result = root.path("\(action)Result") else { break }
            results.append(result)
            token = try tokens.next(result.text("NextToken"))
        } while token != nil
        return results
    }

    /// Auto Scaling timestamps: RFC 3339, sometimes with fractional seconds.
    static func date(_ text: String) -> Date? {
        UTCFormat.parseRFC3339(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
