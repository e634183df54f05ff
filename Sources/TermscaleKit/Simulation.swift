import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleReports
import TermscaleStore

/// `termscale simulate`: a range replayed event by event, the real push (`Push.run`, the very
/// reconcile cron runs) running at every cron tick against an in-memory Auto Scaling group that
/// behaves as AWS does (`InMemoryAutoScalingGroup`: late actions, boots, the purchase option of
/// each launch, scale-in, Spot interruptions), and every exam start checked against the plan.
///
/// The events, in time order; at one instant, in this order:
/// 1. what the group does by itself by then (actions firing, boots, interruptions, scale-in),
///    and anything else on its own clock (`participants`);
/// 2. late changes due then, imported into the simulation's own copy of the calendar;
/// 3. the cron tick: every `cron_interval_minutes` from the epoch (on the minute, as `*/5` runs),
///    none inside `cronDown`; each run fails with probability `cronOutageRate` before any call,
///    else `Push.run` runs at that instant;
/// 4. the exam sessions starting then: instances `InService` against the plan's MinSize at that
///    instant (the calendar as it is then), the on-demand ones, the Spot ones launched for exam
///    capacity; a session short is followed until enough are in service or it ends.
///
/// Each cron tick's outage draw comes from the seed and the tick alone, so two simulations with
/// the same seed have the same outages whatever else differs. Nothing outside the simulation is
/// written: the database is copied into memory first.
public struct Simulation: Sendable {
    public var policy: PolicyFile
    public var settings: SimulationSettings
    /// Imports the late changes (live: from disk).
    public var importer: Importer
    /// Other things on their own clock, moved to each instant before the checks (for example an
    /// in-memory EventBridge Scheduler whose schedules update the group).
    public var participants: [SimulationParticipant]

    public init(
        policy: PolicyFile, settings: SimulationSettings, importer: Importer = Importer(),
        participants: [SimulationParticipant] = []
    ) {
        self.policy = policy
        self.settings = settings
        self.importer = importer
        self.participants = participants
    }

    /// How long target tracking takes to scale in with no load (see `InMemoryAutoScalingGroup`).
    public static let scaleInDelay = InMemoryAutoScalingGroup.Fleet.targetTrackingScaleIn

    /// Runs the simulation against a copy of `store`.
    /// - Throws: `TermscaleError.usage` when nothing is imported; `.invalidInput` when a late
    ///   change's file has a bad row (checked before the first run); the store's errors.
    public func run(store: CalendarStore) throws -> SimulationReport {
        guard try !store.sources().isEmpty else {
            throw TermscaleError.usage("no calendar is imported in this database: run termscale import first, or check --db")
        }
        let calendar = try SimulationCalendar(copying: store, policy: policy.policy)
        try checkLateChanges()
        let group = makeGroup(calendar.planner)
        var state = SimulationRunState(settings: settings, policy: policy.policy, calendar: calendar, group: group)
        state.participants = [.init(group)] + participants
        // For `mix.switch: scheduler`, the push also gets an in-memory EventBridge Scheduler whose
        // fired schedules switch the group's mix, as AWS's do; it fires on its own clock.
        let scheduler = makeScheduler(group)
        if let scheduler { state.participants.append(.init(scheduler)) }
        state.extraCalls = { scheduler?.callCount ?? 0 }
        let scheduleGroup = scheduler.map { $0.group(named: Push.scheduleGroupName(group: policy.policy.autoScalingGroup)) }
        try state.replay { now in
            var push = Push(
                policy: policy, group: group, region: policy.policy.region, now: now, clock: { now },
                scheduler: scheduleGroup)
            push.planning = calendar.planning
            return try push.run(calendar: calendar)
        } importing: { change in
            var importer = importer
            importer.now = { change.at }
            let request = try ImportRequest(files: [change.path], kind: change.kind)
            _ = try importer.run(request) { calendar.store }
            try calendar.reload()
        }
        return state.report(policyFile: policy.path)
    }

    /// Reads every late change's file once before the first run, so a bad row stops the
    /// simulation before it starts (exit 65, naming the file and line).
    func checkLateChanges() throws {
        let scratch = try CalendarStore.inMemory()
        for change in settings.lateChanges {
            _ = try importer.run(ImportRequest(files: [change.path], kind: change.kind, dryRun: true)) { scratch }
        }
    }

    /// EventBridge Scheduler for `mix.switch: scheduler`: each schedule fires a minute after its
    /// time (AWS: "within a minute") and sets the group's MixedInstancesPolicy; nil for `cron`.
    func makeScheduler(_ group: InMemoryAutoScalingGroup) -> InMemoryScheduler? {
        guard policy.policy.mix.switchedBy == .scheduler else { return nil }
        return InMemoryScheduler(now: settings.from) { input in
            try group.updateGroup(minSize: nil, mixedInstancesPolicy: input.mixedInstancesPolicy)
        }
    }

    /// How late a fired schedule runs: the minute EventBridge Scheduler allows itself.
    public static let scheduleDelay: TimeInterval = 60

    /// The group as it stands at the start: MinSize and DesiredCapacity at the plan's level, all
    /// in service, bought under the mix the plan wants then.
    func makeGroup(_ planner: SimulationPlanner) -> InMemoryAutoScalingGroup {
        let p = policy.policy
        let level = planner.minSize(at: settings.from)
        let onDemand = planner.onDemandSince(settings.from) != nil
        let mix = MixedInstancesPolicy(
            launchTemplate: .init(id: "lt-simulated", version: "$Latest"), overrides: [.init(instanceType: p.instance.type)],
            instancesDistribution: .init(
                onDemandBaseCapacity: p.mix.onDemandBase,
                onDemandPercentageAboveBaseCapacity: onDemand ? 100 : p.mix.onDemandPercentAboveBase,
                spotAllocationStrategy: p.mix.spotAllocationStrategy.rawValue))
        return InMemoryAutoScalingGroup(
            name: p.autoScalingGroup, minSize: level, maxSize: p.capacity.max, desiredCapacity: level,
            mixedInstancesPolicy: mix, now: settings.from,
            fleet: .init(
                bootTime: TimeInterval((settings.bootMinutes ?? p.instance.bootMinutes) * 60),
                scaleInDelay: p.targetTracking.disableScaleIn ? nil : Self.scaleInDelay,
                actionDelayMax: TimeInterval(settings.actionDelayMax),
                spotInterruptionsPerDay: settings.spotInterruptionsPerDay, seed: settings.seed, recordsCalls: false))
    }
}

/// Something with a clock of its own in a simulation: when it next acts by itself, and moving it
/// to an instant (doing everything due by then).
public struct SimulationParticipant: Sendable {
    public var nextChange: @Sendable () -> Date?
    public var advance: @Sendable (Date) -> Void

    public init(nextChange: @escaping @Sendable () -> Date?, advance: @escaping @Sendable (Date) -> Void) {
        self.nextChange = nextChange
        self.advance = advance
    }

    /// The in-memory group.
    public init(_ group: InMemoryAutoScalingGroup) {
        self.init(nextChange: { group.nextChange }, advance: { group.advance(to: $0) })
    }

    /// The in-memory EventBridge Scheduler, firing `Simulation.scheduleDelay` after each `at`.
    public init(_ scheduler: InMemoryScheduler) {
        self.init(
            nextChange: { scheduler.nextDue.map { $0.addingTimeInterval(Simulation.scheduleDelay) } },
            advance: { scheduler.advance(to: $0, delay: Simulation.scheduleDelay) })
    }
}
