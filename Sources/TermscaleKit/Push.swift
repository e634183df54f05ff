import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleReports
import TermscaleStore

/// `termscale push`: one level-triggered reconcile of one Auto Scaling group with the plan.
///
/// Each run reads the live group, compares it with the plan and writes only the difference, so
/// any run repairs what an earlier one, a person or AWS left behind. In order:
/// 1. The plan for `[now, now + horizon)`, extended to the release of every raised period that
///    starts inside the horizon.
/// 2. The group, its scheduled actions and its target-tracking policies, read.
/// 3. The actions compiled within `min(limits.max_scheduled_actions, 125 − others' actions)`
///    and diffed against termscale's own (`ActionReconcile`: lead time, unique start times).
/// 4. MinSize set now when the plan at `now` (its highest level within the lead) differs from
///    the group's — a missed, late or hand-changed level, or an exam added inside its pre-warm.
/// 5. The mix: 100 % on-demand above base when the plan is on-demand anywhere in
///    `[now, now + cron_interval_minutes + 5 min)`, else the policy's; the whole
///    MixedInstancesPolicy is sent as read with only the distribution changed.
/// 5b. With `mix.switch: scheduler`, the mix switches of the horizon as EventBridge Scheduler
///    one-time schedules in the schedule group `termscale-<group>` (`Push+MixSchedules.swift`).
/// 6. The target-tracking policy `termscale-<group>-target-tracking`, written when it differs.
/// Writes go in that order of urgency — MinSize and mix first, then actions, then the policy —
/// and a failed write never stops the others: the run is then `partly-applied`, and the next one
/// repairs the rest. A run with nothing to change makes no write call.
public struct Push: Sendable {
    /// How far ahead of now an action must start: AWS refuses start times in the past, and a
    /// request takes a moment to arrive. A change inside the lead is applied now instead.
    public static let leadTime: TimeInterval = 180
    /// AWS's hard quota of scheduled actions per group.
    public static var actionQuota: Int { ScheduledAction.quotaPerGroup }

    public var policy: PolicyFile
    public var group: any AutoScalingGroupAPI
    /// The region the group lives in, for reports.
    public var region: String
    public var now: Date
    /// Days ahead to schedule; nil: `limits.horizon_days`.
    public var horizonDays: Int?
    public var dryRun: Bool
    /// The clock for the run's start and end (live: the system clock).
    public var clock: @Sendable () -> Date
    /// The group's EventBridge Scheduler schedule group, for `mix.switch: scheduler`.
    public var scheduler: (any ScheduleGroupAPI)?
    /// How the run gets its plan and compiled actions (live: planned from the calendar each run).
    public var planning: PushPlanning = .live

    public init(
        policy: PolicyFile, group: any AutoScalingGroupAPI, region: String, now: Date, horizonDays: Int? = nil,
        dryRun: Bool = false, clock: @escaping @Sendable () -> Date = Date.init, scheduler: (any ScheduleGroupAPI)? = nil
    ) {
        self.policy = policy
        self.scheduler = scheduler
        self.group = group
        self.region = region
        self.now = now
        self.horizonDays = horizonDays
        self.dryRun = dryRun
        self.clock = clock
    }

    /// The name of termscale's target-tracking policy on `group`.
    public static func targetTrackingPolicyName(group: String) -> String { "termscale-\(group)-target-tracking" }

    /// Runs the reconcile against the events in `store`. AWS failures are reported in the result,
    /// never thrown; only the store's are.
    public func run(store: CalendarStore) throws -> PushReport { try run(calendar: store) }

    /// Runs the reconcile against the events in `calendar` (the store, or a simulation's copy).
    public func run(calendar: any PushCalendar) throws -> PushReport {
        let startedAt = clock()
        let p = policy.policy
        let horizonEnd = now.addingTimeInterval(TimeInterval(horizonDays ?? p.limits.horizonDays) * 86_400)
        // An empty database (a wrong --db, or none imported yet) would plan nothing and delete
        // every action termscale ever pushed: refuse rather than trust it.
        guard try !calendar.sources().isEmpty else {
            var failed = PushReport(
                policyFile: policy.path, group: group.groupName, region: region, dryRun: dryRun, startedAt: startedAt,
                endedAt: clock(), now: now, outcome: .failed)
            failed.errors = [
                "no calendar is imported in this database: nothing pushed, since a plan without any source would delete "
                    + "every scheduled action termscale made; check --db (or TERMSCALE_DB) and run termscale import"
            ]
            return failed
        }
        var log = CallLog(dryRun: dryRun)
        var report = PushReport(
            policyFile: policy.path, group: group.groupName, region: region, dryRun: dryRun, startedAt: startedAt,
            endedAt: startedAt, now: now, outcome: .failed)

        // 1. The plan, reaching the release of every raised period that starts in the horizon.
        let (plan, scheduleEnd, nextExamStart) = try planning.plan(calendar, p, now, horizonEnd)

        // 2. The group as it is.
        let live: AutoScalingGroupDescription
        let actions: [ScheduledActionDescription]
        let policies: [ScalingPolicy]
        do {
            guard let described = try log.read("DescribeAutoScalingGroups", { try group.describeGroup() }) else {
                return finish(
                    report, log: log,
                    error:
                        "Auto Scaling group '\(group.groupName)' not found in \(region); check auto_scaling_group and region in \(policy.path)"
                )
            }
            live = described
            actions = try log.read("DescribeScheduledActions", { try group.describeScheduledActions() })
            policies = try log.read("DescribePolicies", { try group.describePolicies() })
        } catch {
            return finish(report, log: log, error: Self.describe(error))
        }

        // 3. The actions.
        let prefix = ScheduledAction.namePrefix(group: group.groupName)
        let foreign = actions.filter { !$0.name.hasPrefix(prefix) }.count
        let budget = max(0, min(p.limits.maxScheduledActions, Self.actionQuota - foreign))
        let leadEnd = now.addingTimeInterval(Self.leadTime)
        let plannedNow = plan.segments.filter { $0.end > now && $0.start < leadEnd }.map(\.minSize).max() ?? p.capacity.min
        let schedule = planning.compile(plan, p, leadEnd, scheduleEnd, budget)
        let diff = ActionReconcile.diff(
            schedule: schedule, plannedNow: plannedNow,
            live: actions.map {
                .init(
                    name: $0.name, startTime: $0.startTime, minSize: $0.minSize,
                    hasOtherFields: $0.maxSize != nil || $0.desiredCapacity != nil || $0.recurrence != nil || $0.endTime != nil)
            },
            group: group.groupName, now: now, leadTime: Self.leadTime, plannedLevel: { plan.minSize(at: $0) })
        report.plannedMinSize = diff.minSizeNow
        report.instancesInService = live.instances.filter { $0.lifecycleState == "InService" }.count
        report.onDemandNow = plan.segment(at: now)?.purchase == .onDemand
        report.puts = diff.puts
        report.updates = diff.updates
        // What an action is for: what it raises for (reasons that start at it), or what it
        // releases (reasons that end at it); else the reasons of its higher side.
        for action in diff.puts + diff.updates {
            let before = plan.segment(at: action.startTime.addingTimeInterval(-1))
            let after = plan.segment(at: action.startTime)
            let isRaise = action.minSize >= (before?.minSize ?? 0)
            let (gaining, losing) = (Set(after?.reasons ?? []), Set(before?.reasons ?? []))
            let changed = isRaise ? gaining.subtracting(losing) : losing.subtracting(gaining)
            report.reasons[action.name] = (changed.isEmpty ? (isRaise ? gaining : losing) : changed).sorted()
        }
        let liveByName = Dictionary(actions.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        report.deletes = diff.deletes.map { name in
            let live = liveByName[name]
            return ScheduledAction(name: name, startTime: live?.startTime ?? .distantPast, minSize: live?.minSize ?? 0)
        }
        report.unchanged = diff.unchanged
        report.warnings = plan.warnings + diff.notes
        // Late changes: actions already pushed that the plan no longer wants as they are.
        for action in diff.updates {
            let was = liveByName[action.name]?.minSize.map(String.init) ?? "-"
            let why = plan.segment(at: action.startTime)?.reasons ?? []
            report.warnings.append(
                "the pushed action at \(UTCFormat.rfc3339(action.startTime)) changes: MinSize \(was) → \(action.minSize)"
                    + (why.isEmpty ? "" : " (\(why.joined(separator: ", ")))"))
        }
        let pushedFor = diff.deletes.isEmpty ? [:] : try Self.pushedReasons(calendar: calendar, group: group.groupName)
        for name in diff.dueNotPlanned {
            report.warnings.append(
                "the pushed action \(name) is due within \(Int(Self.leadTime / 60)) minutes but the plan no longer has it: "
                    + "deleted before it runs")
        }
        for name in diff.deletes where !diff.dueNotPlanned.contains(name) {
            let was = liveByName[name]
            report.warnings.append(
                "the pushed action \(name) (MinSize \(was?.minSize.map(String.init) ?? "-")"
                    + (pushedFor[name].map { ", for \($0)" } ?? "") + ") is no longer in the plan: "
                    + "an exam was moved or cancelled, or actions were merged")
        }
        if budget < p.limits.maxScheduledActions {
            report.warnings.append(
                "\(foreign) scheduled actions of other tools leave \(budget) of AWS's \(Self.actionQuota) for termscale "
                    + "(limits.max_scheduled_actions \(p.limits.maxScheduledActions))")
        }
        if schedule.isMerged {
            report.warnings.append(
                "\(schedule.requiredChanges) MinSize changes merged into \(schedule.actions.count) actions to fit the budget of \(budget): "
                    + "\(String(format: "%.2f", schedule.extraInstanceHours)) extra instance-hours")
        }
        if p.capacity.max > live.maxSize {
            report.warnings.append(
                "capacity.max \(p.capacity.max) is above the group's MaxSize \(live.maxSize): raises above \(live.maxSize) will fail"
            )
        }

        // 4. MinSize now.
        var minSizeNow: Int?
        if diff.minSizeNow != live.minSize {
            if diff.minSizeNow > live.maxSize {
                report.errors.append(
                    "the plan needs MinSize \(diff.minSizeNow) now but the group's MaxSize is \(live.maxSize): raise MaxSize or lower capacity.max"
                )
            } else {
                minSizeNow = diff.minSizeNow
                report.minSizeSet = .init(from: live.minSize, to: diff.minSizeNow)
                let why = plan.segment(at: now)?.reasons ?? []
                report.warnings.append(
                    "MinSize is \(live.minSize) but the plan needs \(diff.minSizeNow) now"
                        + (why.isEmpty ? "" : " (\(why.joined(separator: ", ")))")
                        + ": a missed or late action, a hand change, or a timetable change inside the pre-warm lead; "
                        + "\(dryRun ? "a push sets" : "set") it at once")
            }
        }

        // 5. The mix.
        var newMix: MixedInstancesPolicy?
        if let mixed = live.mixedInstancesPolicy, !mixed.isFullyUnderstood {
            report.errors.append(
                "the group's MixedInstancesPolicy holds fields termscale does not understand "
                    + "(\(mixed.unknownFields.joined(separator: ", "))): the mix is not switched, so the instance selection "
                    + "is never rewritten; switch it by hand or upgrade termscale")
        } else if let mixed = live.mixedInstancesPolicy {
            let window = now.addingTimeInterval(TimeInterval(p.limits.cronIntervalMinutes + 5) * 60)
            let onDemand = plan.segments.contains { $0.end > now && $0.start < window && $0.purchase == .onDemand }
            let wanted = Self.distribution(of: mixed, onDemand: onDemand, policy: p)
            if wanted != mixed {
                newMix = wanted
                let d = mixed.instancesDistribution
                report.mixSet = .init(
                    from: .init(
                        onDemandBase: d.onDemandBaseCapacity ?? 0,
                        onDemandPercentAboveBase: d.onDemandPercentageAboveBaseCapacity ?? 100),
                    to: .init(
                        onDemandBase: p.mix.onDemandBase,
                        onDemandPercentAboveBase: onDemand ? 100 : p.mix.onDemandPercentAboveBase))
            }
        } else {
            report.mixManaged = false
            report.warnings.append("the group has no MixedInstancesPolicy: the Spot/on-demand mix is not managed")
        }

        // 5b. The mix switches inside AWS.
        report.mixSwitchedBy = p.mix.switchedBy
        var scheduleWork: ScheduleWork?
        if p.mix.switchedBy == .scheduler, let mixed = live.mixedInstancesPolicy, mixed.isFullyUnderstood {
            scheduleWork = planSchedules(plan: plan, live: mixed, scheduleEnd: scheduleEnd, report: &report, log: &log)
        }
        report.nextExamStart = nextExamStart
        report.scheduledThrough = scheduleEnd
        report.coveredUntil = coveredUntil(
            plan: plan, scheduleEnd: scheduleEnd, minSizeShort: diff.minSizeNow > live.minSize,
            mixShort: newMix?.instancesDistribution.onDemandPercentageAboveBaseCapacity == 100,
            missingActions: diff.puts + diff.updates, schedulesKept: scheduleWork != nil, report: report)

        // 6. Target tracking.
        let wantedPolicy = TargetTrackingPolicy(
            name: Self.targetTrackingPolicyName(group: group.groupName), metricType: p.targetTracking.metric.rawValue,
            resourceLabel: p.targetTracking.resourceLabel, targetValue: p.targetTracking.target,
            disableScaleIn: p.targetTracking.disableScaleIn, estimatedInstanceWarmup: p.targetTracking.warmupSeconds)
        let current = policies.first { $0.name == wantedPolicy.name }
        let policySet = current?.targetTrackingPolicy != wantedPolicy
        report.policySet = policySet
        if let current, !current.enabled {
            report.warnings.append("termscale's target-tracking policy was disabled: it is enabled again")
        }
        for other in policies where other.name != wantedPolicy.name {
            let kind =
                other.hasCustomizedMetric
                ? "a hand-made target-tracking policy on a customized metric"
                : other.policyType == "TargetTrackingScaling" ? "a target-tracking policy" : "a \(other.policyType) policy"
            report.warnings.append(
                "'\(other.name)' is \(kind)\(other.enabled ? "" : " (disabled)") that is not termscale's: it also scales the group"
            )
        }

        // Writes, most urgent first. MinSize goes with the mix in one call (as read, when the
        // group has one: an update without it would erase it in moto).
        if minSizeNow != nil || newMix != nil {
            // A policy termscale cannot send back whole stays out of the call: AWS keeps what is
            // not sent (moto would erase it, so such groups are not in the moto tests).
            let mix = newMix ?? live.mixedInstancesPolicy.flatMap { $0.isFullyUnderstood ? $0 : nil }
            let detail = [minSizeNow.map { "MinSize \($0)" }, newMix.map { _ in "mix" }].compactMap { $0 }.joined(separator: ", ")
            log.write("UpdateAutoScalingGroup", detail) { try group.updateGroup(minSize: minSizeNow, mixedInstancesPolicy: mix) }
        }
        let writes = (diff.puts + diff.updates).map {
            ScheduledActionRequest(name: $0.name, startTime: $0.startTime, minSize: $0.minSize)
        }
        // Put first while the quota allows both old and new; else delete first to make room.
        let putFirst = actions.count + diff.puts.count <= Self.actionQuota
        if !putFirst { deleteActions(diff.deletes, log: &log) }
        if !writes.isEmpty {
            log.write("BatchPutScheduledUpdateGroupAction", "\(writes.count) actions") {
                let failures = try group.putScheduledActions(writes)
                guard failures.isEmpty else { throw BatchFailures(failures) }
            }
        }
        if putFirst { deleteActions(diff.deletes, log: &log) }
        if let scheduleWork { applySchedules(scheduleWork, log: &log) }
        if policySet {
            log.write("PutScalingPolicy", wantedPolicy.name) { try group.putTargetTrackingPolicy(wantedPolicy) }
        }
        return finish(report, log: log, error: nil)
    }

    /// `mixed` with the distribution the policy wants: its base and Spot strategy, and 100 %
    /// on-demand above base when `onDemand`, else its percentage. Everything else as read.
    static func distribution(of mixed: MixedInstancesPolicy, onDemand: Bool, policy p: Policy) -> MixedInstancesPolicy {
        var wanted = mixed
        wanted.instancesDistribution.onDemandBaseCapacity = p.mix.onDemandBase
        wanted.instancesDistribution.onDemandPercentageAboveBaseCapacity = onDemand ? 100 : p.mix.onDemandPercentAboveBase
        wanted.instancesDistribution.spotAllocationStrategy = p.mix.spotAllocationStrategy.rawValue
        return wanted
    }

    /// Up to when everything the plan needs is already in AWS: the first of MinSize or the mix
    /// short now (→ `now`), a raise not scheduled as planned, a switch to on-demand not scheduled
    /// (with `switch: cron`, none ever is: the first one), and the end of what push schedules.
    func coveredUntil(
        plan: CapacityPlan, scheduleEnd: Date, minSizeShort: Bool, mixShort: Bool, missingActions: [ScheduledAction],
        schedulesKept: Bool, report: PushReport
    ) -> Date {
        if minSizeShort || mixShort { return now }
        var until = scheduleEnd
        for action in missingActions where action.minSize > (plan.minSize(at: action.startTime.addingTimeInterval(-1)) ?? 0) {
            until = min(until, action.startTime)
        }
        let leadEnd = now.addingTimeInterval(Self.leadTime)
        if schedulesKept {
            for s in report.switchCreates where s.mixSwitch.kind == .onDemand { until = min(until, s.mixSwitch.at) }
        } else if let first = MixSwitchPlan.switches(plan: plan, from: leadEnd, to: scheduleEnd).first(where: {
            $0.kind == .onDemand
        }) {
            until = min(until, first.at)
        }
        return max(now, until)
    }

    private func deleteActions(_ names: [String], log: inout CallLog) {
        guard !names.isEmpty else { return }
        log.write("BatchDeleteScheduledAction", "\(names.count) actions") {
            let failures = try group.deleteScheduledActions(names: names)
            guard failures.isEmpty else { throw BatchFailures(failures) }
        }
    }

    /// The report with its calls, errors and outcome.
    private func finish(_ report: PushReport, log: CallLog, error: String?) -> PushReport {
        var r = report
        r.calls = log.calls
        if let error { r.errors.append(error) }
        r.errors += log.errors
        r.warnings += log.warnings
        r.endedAt = clock()
        let writes = log.calls.filter(\.isWrite)
        let failedWrites = writes.filter { !$0.succeeded }.count
        if dryRun {
            r.outcome = r.errors.isEmpty ? .dryRun : .failed
        } else if error != nil || (failedWrites > 0 && failedWrites == writes.count) {
            r.outcome = .failed
        } else if failedWrites > 0 || !r.errors.isEmpty {
            r.outcome = .partlyApplied
        } else {
            r.outcome = writes.isEmpty ? .inSync : .changed
        }
        return r
    }

    /// What each action was pushed for, by name, from the latest `+ put`/`~ update` line of the
    /// group's history that names it: the exams of a cancelled session are no longer in the plan.
    static func pushedReasons(calendar: any PushCalendar, group: String) throws -> [String: String] {
        var reasons: [String: String] = [:]
        for record in try calendar.pushHistory(group: group, limit: 500).reversed() {
            for line in record.changes where line.hasPrefix("+ put") || line.hasPrefix("~ update") {
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                guard words.count > 2, let range = line.range(of: "  for ") else { continue }
                reasons[String(words[2])] = String(line[range.upperBound...])
            }
        }
        return reasons
    }

    /// An AWS failure in one line.
    static func describe(_ error: any Error) -> String {
        AWSSession.describe(error) ?? String(describing: error)
    }
}

/// Per-item failures of a batch call, as one error.
struct BatchFailures: Error, CustomStringConvertible {
    var failures: [BatchItemFailure]
    init(_ failures: [BatchItemFailure]) { self.failures = failures }
    var description: String {
        "\(failures.count) failed: " + failures.map(\.description).joined(separator: "; ")
    }
}

/// The calls of one run, with their outcomes; in a dry run, writes are only noted.
struct CallLog {
    var dryRun: Bool
    var calls: [PushRecord.Call] = []
    var errors: [String] = []
    var warnings: [String] = []

    mutating func read<T>(_ action: String, _ body: () throws -> T) throws -> T {
        do {
            let value = try body()
            calls.append(.init(action: action, succeeded: true, detail: ""))
            return value
        } catch {
            calls.append(.init(action: action, succeeded: false, detail: Push.describe(error)))
            throw error
        }
    }

    /// Runs a write (unless dry) and records it; a failure is recorded, never thrown.
    mutating func write(_ action: String, _ detail: String, _ body: () throws -> Void) {
        guard !dryRun else { return }
        do {
            try body()
            calls.append(.init(action: action, succeeded: true, detail: detail))
        } catch {
            let text = Push.describe(error)
            calls.append(.init(action: action, succeeded: false, detail: text))
            if let e = error as? AWSServiceError, e.isTryAgainNextRun {
                warnings.append("\(action): \(e.code): the group is busy; the next push tries again")
                errors.append("\(action) not applied: \(e.code)")
            } else {
                errors.append("\(action) (\(detail)) failed: \(text)")
            }
        }
    }
}

extension Push {
    /// Pushes every policy's group in turn; a failure in one group never stops the others.
    /// - Parameter connect: the group, its region and its schedule group for a policy (live: an AWS session).
    /// - Throws: only what `connect` throws for a configuration problem, and the store's errors.
    /// How many groups a push reconciles at once: their calls are I/O, and 8 at a time keeps a
    /// run of hundreds of groups well inside a cron interval while staying far below the Auto
    /// Scaling API's request rate.
    public static let concurrentGroups = 8

    public static func runAll(
        _ policies: [PolicyFile], store: CalendarStore, now: Date, horizonDays: Int?, dryRun: Bool,
        connect: (Policy) throws -> GroupConnection
    ) throws -> [PushReport] {
        let pushes = try policies.map { file in
            let c = try connect(file.policy)
            return Push(
                policy: file, group: c.group, region: c.region, now: now, horizonDays: horizonDays, dryRun: dryRun,
                scheduler: c.scheduler)
        }
        return try reconcile(pushes, store: store, record: false)
    }

    /// The push as cron runs it: opens the database at `databasePath` (created if missing), holds
    /// its push lock while the groups are reconciled (so overlapping runs never interleave their
    /// writes; the second waits, then fails with exit 75), and records every run in the history.
    /// A dry run takes no lock, records nothing and never creates the database.
    public static func runAll(
        _ policies: [PolicyFile], databasePath: String, now: Date, horizonDays: Int?, dryRun: Bool,
        lockTimeout: TimeInterval = PushLock.defaultTimeout,
        connect: (Policy) throws -> GroupConnection
    ) throws -> [PushReport] {
        if dryRun {
            return try runAll(
                policies, store: StoreAccess.openForReading(path: databasePath), now: now, horizonDays: horizonDays,
                dryRun: true, connect: connect)
        }
        let store = try StoreAccess.openForWriting(path: databasePath)
        let lock = try PushLock(database: databasePath, timeout: lockTimeout)
        let pushes = try policies.map { file in
            let c = try connect(file.policy)
            return Push(
                policy: file, group: c.group, region: c.region, now: now, horizonDays: horizonDays, scheduler: c.scheduler)
        }
        let reports = try reconcile(pushes, store: store, record: true)
        // Held to here (and released on any throw above as the scope ends).
        lock.release()
        return reports
    }

    /// Runs `pushes`, `concurrentGroups` at a time (each group's own calls in order), recording
    /// each run when `record`; the reports come back in the order of `pushes`.
    /// - Throws: the first store error (AWS errors are in the reports).
    static func reconcile(_ pushes: [Push], store: CalendarStore, record: Bool) throws -> [PushReport] {
        let results = ResultSlots<PushReport>(count: pushes.count)
        let done = DispatchGroup()
        let slots = DispatchSemaphore(value: concurrentGroups)
        for (index, push) in pushes.enumerated() {
            slots.wait()
            DispatchQueue.global().async(group: done) {
                defer { slots.signal() }
                results.set(
                    index,
                    Result {
                        let report = try push.run(store: store)
                        if record { try store.recordPush(report.record) }
                        return report
                    })
            }
        }
        done.wait()
        return try results.values()
    }

    /// The exit code for a set of runs: 0 when every group is in sync (changed or not), 1 when
    /// every group failed, 2 when some changes were applied and some were not.
    public static func exitCode(_ reports: [PushReport]) -> Int32 {
        let failed = reports.filter { $0.outcome == .failed }.count
        if failed > 0 && failed == reports.count { return 1 }
        if failed > 0 || reports.contains(where: { $0.outcome == .partlyApplied }) { return 2 }
        return 0
    }
}

/// One result per index, filled from several threads.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Value, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Value, any Error>) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = result
    }

    /// Every value in order, or the first error.
    func values() throws -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return try slots.map { try $0!.get() }
    }
}
