import Foundation
import TermscaleCore

/// An Auto Scaling group in memory that behaves as AWS does where moto does not: the quota of
/// 125 scheduled actions (shared with other tools), start times in the past and shared start
/// times refused per item, batches of at most 50, actions that fire on their own clock (late if
/// told to) and never revert. Faults can be injected per operation.
///
/// The push's unit tests run against it, and a simulated year replays through it. Thread-safe:
/// every method holds one lock.
public final class InMemoryAutoScalingGroup: AutoScalingGroupAPI, @unchecked Sendable {
    /// AWS's hard quota of scheduled actions per group, which this group enforces.
    public static var actionQuota: Int { ScheduledAction.quotaPerGroup }

    /// What happens to the next call of an operation.
    public enum Fault: Sendable {
        /// The call fails with this error before anything is applied.
        case fail(any Error & Sendable)
        /// The call is applied, then its answer is lost (the caller sees a transport error).
        case loseAnswer
    }

    /// One call as the group received it: the AWS operation and what it carried.
    public struct Call: Equatable, Sendable {
        public var operation: String
        public var detail: String
        /// Whether the operation writes (the push's "no write call" promise is about these).
        public var isWrite: Bool
    }

    public let groupName: String
    private let lock = NSLock()
    private var state: State

    private struct State {
        var now: Date
        var minSize: Int
        var maxSize: Int
        var desiredCapacity: Int
        var mixedInstancesPolicy: MixedInstancesPolicy?
        var actions: [String: ScheduledActionDescription] = [:]
        var policies: [String: ScalingPolicy] = [:]
        var faults: [String: [Fault]] = [:]
        var calls: [Call] = []
        var fired: [ScheduledActionDescription] = []
    }

    public init(
        name: String, minSize: Int, maxSize: Int, desiredCapacity: Int? = nil,
        mixedInstancesPolicy: MixedInstancesPolicy? = nil, now: Date
    ) {
        groupName = name
        state = State(
            now: now, minSize: minSize, maxSize: maxSize, desiredCapacity: desiredCapacity ?? minSize,
            mixedInstancesPolicy: mixedInstancesPolicy)
    }

    // MARK: Test and simulation controls

    /// The group's clock.
    public var now: Date { locked { $0.now } }

    /// Moves the clock to `instant`, firing every action due by then in start order; each fires
    /// `late` seconds after its start time (AWS allows itself up to 2 minutes).
    public func advance(to instant: Date, late: TimeInterval = 0) {
        locked { s in
            let due = s.actions.values.filter { ($0.startTime ?? .distantPast).addingTimeInterval(late) <= instant }
                .sorted { ($0.startTime ?? .distantPast, $0.name) < ($1.startTime ?? .distantPast, $1.name) }
            for action in due {
                if let min = action.minSize { s.minSize = min }
                if let max = action.maxSize { s.maxSize = max }
                if let desired = action.desiredCapacity { s.desiredCapacity = desired }
                s.desiredCapacity = Swift.min(Swift.max(s.desiredCapacity, s.minSize), s.maxSize)
                s.actions[action.name] = nil
                s.fired.append(action)
            }
            s.now = Swift.max(s.now, instant)
        }
    }

    /// Queues `fault` for the next call of `operation` (e.g. `BatchPutScheduledUpdateGroupAction`).
    public func inject(_ fault: Fault, into operation: String) {
        locked { $0.faults[operation, default: []].append(fault) }
    }

    /// Adds an action as another tool (or a person) would, bypassing every check.
    public func addForeignAction(_ action: ScheduledActionDescription) {
        locked { $0.actions[action.name] = action }
    }

    /// Changes MinSize as a person in the console would.
    public func setMinSizeByHand(_ minSize: Int) {
        locked { s in
            s.minSize = minSize
            s.desiredCapacity = Swift.max(s.desiredCapacity, minSize)
        }
    }

    /// Every call received, in order.
    public var calls: [Call] { locked { $0.calls } }
    /// The write calls received.
    public var writeCalls: [Call] { calls.filter(\.isWrite) }
    /// The actions that have fired, in the order they fired.
    public var firedActions: [ScheduledActionDescription] { locked { $0.fired } }
    /// The group's current MinSize.
    public var minSize: Int { locked { $0.minSize } }
    /// The group's current mix.
    public var mixedInstancesPolicy: MixedInstancesPolicy? { locked { $0.mixedInstancesPolicy } }
    /// The actions not yet fired, in start order.
    public var scheduledActions: [ScheduledActionDescription] {
        locked { $0.actions.values.sorted { ($0.startTime ?? .distantPast, $0.name) < ($1.startTime ?? .distantPast, $1.name) } }
    }

    // MARK: AutoScalingGroupAPI

    public func describeGroup() throws -> AutoScalingGroupDescription? {
        try call("DescribeAutoScalingGroups", write: false) { s in
            AutoScalingGroupDescription(
                name: groupName, minSize: s.minSize, maxSize: s.maxSize, desiredCapacity: s.desiredCapacity,
                instances: (0..<s.desiredCapacity).map { i in
                    .init(id: "i-\(i.zeroPaddedHex)", lifecycleState: "InService", healthStatus: "Healthy", instanceType: nil)
                },
                mixedInstancesPolicy: s.mixedInstancesPolicy)
        }
    }

    public func describeScheduledActions() throws -> [ScheduledActionDescription] {
        try call("DescribeScheduledActions", write: false) { s in
            s.actions.values.sorted { ($0.startTime ?? .distantPast, $0.name) < ($1.startTime ?? .distantPast, $1.name) }
        }
    }

    public func putScheduledActions(_ actions: [ScheduledActionRequest]) throws -> [BatchItemFailure] {
        var failures: [BatchItemFailure] = []
        for start in stride(from: 0, to: actions.count, by: AutoScalingClient.batchSize) {
            let chunk = actions[start..<Swift.min(start + AutoScalingClient.batchSize, actions.count)]
            failures += try call("BatchPutScheduledUpdateGroupAction", write: true, detail: "\(chunk.count) actions") { s in
                chunk.compactMap { Self.put($0, into: &s, group: groupName) }
            }
        }
        return failures
    }

    public func deleteScheduledActions(names: [String]) throws -> [BatchItemFailure] {
        for start in stride(from: 0, to: names.count, by: AutoScalingClient.batchSize) {
            let chunk = names[start..<Swift.min(start + AutoScalingClient.batchSize, names.count)]
            try call("BatchDeleteScheduledAction", write: true, detail: "\(chunk.count) actions") { s in
                // A name already gone is what AWS calls "not found": done, as the contract says.
                for name in chunk { s.actions[name] = nil }
            }
        }
        return []
    }

    public func updateGroup(minSize: Int?, mixedInstancesPolicy: MixedInstancesPolicy?) throws {
        let detail = [minSize.map { "MinSize \($0)" }, mixedInstancesPolicy.map { _ in "MixedInstancesPolicy" }]
            .compactMap { $0 }.joined(separator: ", ")
        try call("UpdateAutoScalingGroup", write: true, detail: detail) { s in
            if let minSize {
                guard minSize <= s.maxSize else {
                    throw Self.validation(
                        "MinSize \(minSize) must be less than or equal to MaxSize \(s.maxSize)", "UpdateAutoScalingGroup")
                }
                s.minSize = minSize
                s.desiredCapacity = Swift.max(s.desiredCapacity, minSize)
            }
            if let mixedInstancesPolicy {
                guard mixedInstancesPolicy.isFullyUnderstood else {
                    throw AutoScalingClientError.mixedInstancesPolicyNotUnderstood(
                        group: groupName, fields: mixedInstancesPolicy.unknownFields)
                }
                s.mixedInstancesPolicy = mixedInstancesPolicy
            }
        }
    }

    public func describePolicies() throws -> [ScalingPolicy] {
        try call("DescribePolicies", write: false) { s in s.policies.values.sorted { $0.name < $1.name } }
    }

    /// Adds a scaling policy as a person would (a hand-made or disabled one), bypassing every check.
    public func addPolicyByHand(_ policy: ScalingPolicy) {
        locked { $0.policies[policy.name] = policy }
    }

    public func putTargetTrackingPolicy(_ policy: TargetTrackingPolicy) throws {
        try call("PutScalingPolicy", write: true, detail: policy.name) { s in
            s.policies[policy.name] = ScalingPolicy(
                name: policy.name, policyType: "TargetTrackingScaling", enabled: policy.enabled,
                estimatedInstanceWarmup: policy.estimatedInstanceWarmup,
                targetTracking: .init(
                    metric: .predefined(type: policy.metricType, resourceLabel: policy.resourceLabel),
                    targetValue: policy.targetValue, disableScaleIn: policy.disableScaleIn))
        }
    }

    // MARK: Rules

    /// Applies one put the way AWS does, or says why not.
    private static func put(_ a: ScheduledActionRequest, into s: inout State, group: String) -> BatchItemFailure? {
        func fail(_ code: String, _ message: String) -> BatchItemFailure {
            BatchItemFailure(name: a.name, code: code, message: message)
        }
        guard (1...255).contains(a.name.count) else { return fail("ValidationError", "name must be 1–255 characters") }
        guard a.startTime >= s.now else { return fail("ValidationError", "Given start time is in the past") }
        if let other = s.actions.values.first(where: { $0.name != a.name && $0.startTime == a.startTime }) {
            return fail("AlreadyExists", "The scheduled action \(other.name) already starts at this time")
        }
        if s.actions[a.name] == nil && s.actions.count >= actionQuota {
            return fail("LimitExceeded", "Maximum number of scheduled actions per group (\(actionQuota)) reached")
        }
        s.actions[a.name] = ScheduledActionDescription(
            name: a.name, groupName: group, startTime: a.startTime, minSize: a.minSize, maxSize: a.maxSize,
            desiredCapacity: a.desiredCapacity)
        return nil
    }

    private static func validation(_ message: String, _ action: String) -> AWSServiceError {
        AWSServiceError(code: "ValidationError", message: message, httpStatus: 400, type: .sender, action: action)
    }

    /// One API call: logged, then its queued fault (if any), then `body` under the lock.
    private func call<T>(_ operation: String, write: Bool, detail: String = "", _ body: (inout State) throws -> T) throws -> T {
        try locked { s in
            s.calls.append(Call(operation: operation, detail: detail, isWrite: write))
            let fault = s.faults[operation]?.isEmpty == false ? s.faults[operation]!.removeFirst() : nil
            switch fault {
            case .fail(let error)?:
                throw error
            case .loseAnswer?:
                _ = try body(&s)
                throw TransportError.connectionFailed(
                    url: "memory://\(groupName)", reason: "the connection closed before \(operation)'s answer arrived (injected)")
            case nil:
                return try body(&s)
            }
        }
    }

    private func locked<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}

extension Int {
    /// `i-0000000a`-style instance ids for the simulated instances.
    fileprivate var zeroPaddedHex: String { zeroPadded(to: 8, radix: 16) }
}
