import Foundation
import TermscaleCore

/// An Auto Scaling group in memory that behaves as AWS does where moto does not: the quota of
/// 125 scheduled actions (shared with other tools), start times in the past and shared start
/// times refused per item, batches of at most 50, actions that fire on their own clock (late if
/// told to, in start order) and never revert. Faults can be injected per operation.
///
/// It also runs a fleet of instances, as AWS does and moto does not (`Fleet` sets how):
/// - **Capacity.** DesiredCapacity is kept within MinSize…MaxSize: raising MinSize above it
///   raises it (AWS does), and the difference is launched at once. Lowering MinSize leaves it
///   where it is; with no load, target tracking brings it down to MinSize `Fleet.scaleInDelay`
///   after it first exceeds MinSize (15 minutes: the 15 one-minute data points of target
///   tracking's scale-in alarm), or never (`disable_scale_in`, and the default).
/// - **Boot.** An instance is `Pending` from its launch and `InService` `Fleet.bootTime` later.
/// - **Purchase option of a launch**, decided one launch at a time from the distribution in force
///   at that moment: on-demand while the group's on-demand instances are fewer than
///   `min(D, base) + ⌈(D − base)⁺ × OnDemandPercentageAboveBaseCapacity / 100⌉` for the
///   DesiredCapacity `D`, else Spot (rounding towards on-demand; AWS does not document its
///   rounding). A changed distribution applies to new launches only: no running instance is
///   replaced. Without a MixedInstancesPolicy every launch is on-demand.
/// - **Scale-in** terminates first from the purchase option above its share of the new
///   DesiredCapacity (AWS's default termination policy balances the distribution first), then
///   the most recently launched.
/// - **Spot interruptions**: each Spot instance is interrupted after an exponential time with
///   rate `Fleet.spotInterruptionsPerDay` (a Poisson process per instance), and a replacement is
///   launched at once under the distribution then in force; it boots again.
/// - **Late actions**: each scheduled action fires `0…Fleet.actionDelayMax` whole seconds after
///   its start time (uniform), never before an action of earlier start (AWS keeps a group's
///   actions in order).
/// Every random draw comes from `Fleet.seed` and what it is for (an action's name and start
/// time, an instance's launch number), so a run replays exactly and one action's delay does not
/// depend on the order of calls.
///
/// The push's unit tests run against it, and a simulated year replays through it. Thread-safe:
/// every method holds one lock.
public final class InMemoryAutoScalingGroup: AutoScalingGroupAPI, @unchecked Sendable {
    /// AWS's hard quota of scheduled actions per group, which this group enforces.
    public static var actionQuota: Int { ScheduledAction.quotaPerGroup }

    public typealias Fault = InMemoryFault
    public typealias Call = InMemoryCall

    /// How the fleet behaves. The defaults are an idealised group: instances in service at
    /// launch, actions on time, no interruptions, no scale-in.
    public struct Fleet: Sendable, Equatable {
        /// Seconds from launch to `InService`.
        public var bootTime: TimeInterval
        /// Seconds after DesiredCapacity first exceeds MinSize that target tracking brings it down
        /// to MinSize; nil: never.
        public var scaleInDelay: TimeInterval?
        /// The most a scheduled action fires after its start time, in seconds.
        public var actionDelayMax: TimeInterval
        /// The rate of interruptions of each Spot instance, per day.
        public var spotInterruptionsPerDay: Double
        public var seed: UInt64
        /// Whether every call is kept for `calls` (tests); a simulated year only counts them.
        public var recordsCalls: Bool

        public init(
            bootTime: TimeInterval = 0, scaleInDelay: TimeInterval? = nil, actionDelayMax: TimeInterval = 0,
            spotInterruptionsPerDay: Double = 0, seed: UInt64 = 0, recordsCalls: Bool = true
        ) {
            self.bootTime = bootTime
            self.scaleInDelay = scaleInDelay
            self.actionDelayMax = actionDelayMax
            self.spotInterruptionsPerDay = spotInterruptionsPerDay
            self.seed = seed
            self.recordsCalls = recordsCalls
        }

        /// Target tracking's scale-in with no load: 15 one-minute data points below target.
        public static let targetTrackingScaleIn: TimeInterval = 15 * 60
    }

    /// How an instance is bought.
    public enum Market: String, Sendable, Hashable {
        case onDemand = "on-demand"
        case spot
    }

    /// One instance of the fleet, live or gone.
    public struct Instance: Sendable, Equatable {
        /// `i-0000000a`: the launch number in hex.
        public var id: String
        public var market: Market
        public var launchedAt: Date
        /// When it passes its health checks (`launchedAt` + boot time).
        public var inServiceAt: Date
        /// When it was terminated (scale-in or Spot interruption); nil while it runs.
        public var terminatedAt: Date?
        /// Whether a Spot interruption ended it.
        public var interrupted: Bool
        /// When a Spot interruption will end it (drawn at launch); nil for on-demand or no interruptions.
        var interruptAt: Date?

        /// Whether it is `InService` at `instant`.
        public func isInService(at instant: Date) -> Bool {
            inServiceAt <= instant && (terminatedAt.map { instant < $0 } ?? true)
        }
    }

    public let groupName: String
    private let lock = NSLock()
    private var state: State

    struct State {
        var now: Date
        var minSize: Int
        var maxSize: Int
        var desiredCapacity: Int
        var mixedInstancesPolicy: MixedInstancesPolicy?
        var actions: [String: ScheduledActionDescription] = [:] {
            didSet { sortedActions = nil }
        }
        /// `actions` in start order, kept until they change (a push reads them every run).
        var sortedActions: [ScheduledActionDescription]?
        var policies: [String: ScalingPolicy] = [:]
        var faults: [String: [Fault]] = [:]
        var calls: [Call] = []
        var callCount = 0
        var fired: [ScheduledActionDescription] = []
        var fleet: Fleet
        /// The running instances, in launch order.
        var instances: [Instance] = []
        /// The terminated ones, in termination order.
        var retired: [Instance] = []
        var launches = 0
        /// When target tracking next brings DesiredCapacity down to MinSize.
        var scaleInAt: Date?
        /// When the last scheduled action fired: none fires before it.
        var lastFired: Date = .distantPast
    }

    /// - Parameter desiredCapacity: nil: MinSize. The group starts with that many instances, in
    ///   service at `now`, bought as the distribution says.
    public init(
        name: String, minSize: Int, maxSize: Int, desiredCapacity: Int? = nil,
        mixedInstancesPolicy: MixedInstancesPolicy? = nil, now: Date, fleet: Fleet = Fleet()
    ) {
        groupName = name
        state = State(
            now: now, minSize: minSize, maxSize: maxSize, desiredCapacity: desiredCapacity ?? minSize,
            mixedInstancesPolicy: mixedInstancesPolicy, fleet: fleet)
        state.launch(state.desiredCapacity, bootTime: 0)
    }

    // MARK: Test and simulation controls

    /// The group's clock.
    public var now: Date { locked { $0.now } }

    /// Moves the clock to `instant`, running everything due by then in time order: scheduled
    /// actions (each `late` seconds after its start time, plus its own delay of up to
    /// `Fleet.actionDelayMax`), Spot interruptions and their replacements, target tracking's
    /// scale-in. (AWS allows itself up to 2 minutes for an action.)
    public func advance(to instant: Date, late: TimeInterval = 0) {
        locked { s in
            while let (time, event) = s.nextEvent(late: late), time <= instant {
                s.now = Swift.max(s.now, time)
                s.run(event)
            }
            s.now = Swift.max(s.now, instant)
        }
    }

    /// The next instant after the group's clock at which it changes by itself — an action fires,
    /// an instance comes into service, a Spot instance is interrupted, target tracking scales
    /// in — or nil when nothing is due.
    public var nextChange: Date? {
        locked { s in
            let now = s.now
            let boot = s.instances.lazy.map(\.inServiceAt).filter { $0 > now }.min()
            return [s.nextEvent(late: 0)?.time, boot].compactMap { $0 }.min()
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
        locked { s in s.setMinSize(minSize) }
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
        locked { $0.inStartOrder() }
    }
    /// The group's current DesiredCapacity.
    public var desiredCapacity: Int { locked { $0.desiredCapacity } }
    /// The running instances (pending or in service), in launch order.
    public var instances: [Instance] { locked { $0.instances } }
    /// Every instance that ever ran, live or terminated, in launch order.
    public var allInstances: [Instance] {
        locked { s in (s.instances + s.retired).sorted { $0.id < $1.id } }
    }
    /// How many API calls the group has answered (each batch of 50 is one).
    public var callCount: Int { locked { $0.callCount } }

    // MARK: AutoScalingGroupAPI

    public func describeGroup() throws -> AutoScalingGroupDescription? {
        try call("DescribeAutoScalingGroups", write: false) { s in
            AutoScalingGroupDescription(
                name: groupName, minSize: s.minSize, maxSize: s.maxSize, desiredCapacity: s.desiredCapacity,
                instances: s.instances.map { i in
                    .init(
                        id: i.id, lifecycleState: i.inServiceAt <= s.now ? "InService" : "Pending", healthStatus: "Healthy",
                        instanceType: nil)
                },
                mixedInstancesPolicy: s.mixedInstancesPolicy)
        }
    }

    public func describeScheduledActions() throws -> [ScheduledActionDescription] {
        try call("DescribeScheduledActions", write: false) { s in s.inStartOrder() }
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
            if let minSize, minSize > s.maxSize {
                throw Self.validation(
                    "MinSize \(minSize) must be less than or equal to MaxSize \(s.maxSize)", "UpdateAutoScalingGroup")
            }
            if let mixedInstancesPolicy {
                guard mixedInstancesPolicy.isFullyUnderstood else {
                    throw AutoScalingClientError.mixedInstancesPolicyNotUnderstood(
                        group: groupName, fields: mixedInstancesPolicy.unknownFields)
                }
                // First, so that what this call launches is bought under it.
                s.mixedInstancesPolicy = mixedInstancesPolicy
            }
            if let minSize { s.setMinSize(minSize) }
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
            s.callCount += 1
            if s.fleet.recordsCalls { s.calls.append(Call(operation: operation, detail: detail, isWrite: write)) }
            return try InMemoryFault.apply(s.faults.take(operation), operation: operation, url: "memory://\(groupName)") {
                try body(&s)
            }
        }
    }

    private func locked<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
