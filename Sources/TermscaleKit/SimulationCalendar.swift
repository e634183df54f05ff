import Foundation
import TermscaleCore
import TermscaleStore

/// The simulation's own copy of the calendar: the user's database copied into memory before the
/// first run, so late changes are imported into it and never into the user's file. Pushes read
/// it as they read the store (`PushCalendar`), and plan from it through `planning`, a cache that
/// gives exactly the live push's plans and actions without planning the year on every run.
///
/// Each import makes a new *revision*: the events are read back from the copy once, and the
/// plan is prepared again (`SimulationPlanner`). Not thread-safe: one simulation drives it.
public final class SimulationCalendar: PushCalendar, @unchecked Sendable {
    /// The in-memory store late changes are imported into.
    public let store: CalendarStore
    public private(set) var revision = 0
    public private(set) var planner: SimulationPlanner
    /// Runs planned from the prepared plan, and by the live code (see `planning`).
    public private(set) var plannedFromCache = 0
    public private(set) var plannedLive = 0
    private var cachedSources: [SourceRecord]
    private var events: [CalendarEvent]
    /// The longest event, in seconds: how far before a range an event overlapping it may start.
    private var longest: TimeInterval

    /// A copy of `source`'s sources and events, planned under `policy`.
    public init(copying source: CalendarStore, policy: Policy) throws {
        store = try CalendarStore.inMemory()
        try store.replaceSources(
            source.sources().map { record in
                SourceImport(
                    name: record.name, kind: record.kind, format: record.format, path: record.path, sha256: record.sha256,
                    importedAt: record.importedAt, events: try source.events(source: record.name))
            })
        (cachedSources, events, longest, planner) = ([], [], 0, SimulationPlanner(exams: [], windows: [], policy: policy))
        try reload()
    }

    /// Reads the copy back after an import: a new revision, planned again.
    public func reload() throws {
        cachedSources = try store.sources()
        events = try store.events()
        longest = events.map { $0.end.timeIntervalSince($0.start) }.max() ?? 0
        planner = SimulationPlanner(
            exams: events.compactMap(\.exam), windows: events.compactMap(\.window), policy: planner.policy)
        revision += 1
    }

    // MARK: PushCalendar

    public func sources() throws -> [SourceRecord] { cachedSources }

    public func events(from: Date?, to: Date?) throws -> [CalendarEvent] {
        // Events are in start order: those overlapping the range start before its end, and no
        // earlier than the longest event before its start.
        let lower = from.map { start in
            Self.firstIndex(events.count) { self.events[$0].start >= start.addingTimeInterval(-self.longest) }
        }
        let upper = to.map { end in Self.firstIndex(events.count) { self.events[$0].start >= end } }
        return events[(lower ?? 0)..<(upper ?? events.count)].filter { event in from.map { event.end > $0 } ?? true }
    }

    /// The first index in `0..<count` where `isAfter` holds (it must hold from there on).
    static func firstIndex(_ count: Int, where isAfter: (Int) -> Bool) -> Int {
        var (lo, hi) = (0, count)
        while lo < hi {
            let mid = (lo + hi) / 2
            if isAfter(mid) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// The first exam starting in `[from, before)`: the events are in start order.
    func firstExamStart(from: Date, before: Date) -> Date? {
        var i = Self.firstIndex(events.count) { self.events[$0].start >= from }
        while i < events.count, events[i].start < before {
            if events[i].kind == .exam { return events[i].start }
            i += 1
        }
        return nil
    }

    /// A simulation records no push history.
    public func pushHistory(group: String?, limit: Int) throws -> [PushRecord] { [] }

    // MARK: Planning

    /// The push's planning from this calendar's prepared plan: the same plan and actions as
    /// `PushPlanning.live` (the tests compare them run by run), computed from the revision's
    /// `SimulationPlanner` whenever it can show they are the same, and by the live code when not
    /// (or for another calendar or policy).
    public var planning: PushPlanning {
        PushPlanning(
            plan: { [self] calendar, policy, now, horizonEnd in
                guard (calendar as AnyObject) === self, policy == planner.policy else {
                    plannedLive += 1
                    return try Push.plan(calendar: calendar, policy: policy, now: now, horizonEnd: horizonEnd)
                }
                let window = Push.eventWindow(now: now, horizonEnd: horizonEnd)
                let scheduleEnd = Push.scheduleEnd(
                    horizonEnd: horizonEnd,
                    latestRelease: planner.latestRelease(
                        eventsFrom: window.lowerBound, eventsTo: window.upperBound, raisedBefore: horizonEnd))
                let range = Push.plannedRange(now: now, scheduleEnd: scheduleEnd)
                guard
                    let plan = planner.plan(
                        from: range.lowerBound, to: range.upperBound, eventsFrom: window.lowerBound, eventsTo: window.upperBound)
                else {
                    plannedLive += 1
                    return try Push.plan(calendar: calendar, policy: policy, now: now, horizonEnd: horizonEnd)
                }
                plannedFromCache += 1
                return (plan, scheduleEnd, firstExamStart(from: now, before: horizonEnd))
            },
            compile: { [self] plan, policy, now, horizonEnd, budget in
                compile(plan: plan, policy: policy, now: now, horizonEnd: horizonEnd, budget: budget)
            })
    }

    /// The last schedule compiled with every change kept, and what it was compiled from.
    private var lastCompiled: (key: CompileKey, schedule: ActionSchedule)?

    /// What `ActionCompiler.compile` depends on when no change has to be merged: the level in
    /// force at `now`, the changes after it inside the horizon, the group (the actions' names).
    private struct CompileKey: Equatable {
        var group: String
        var current: Int
        var times: [Int64]
        var levels: [Int]
    }

    /// `ActionCompiler.compile`, reusing the last result when nothing it depends on changed: as
    /// long as the changes fit the budget, every one is kept as it is, so the schedule depends
    /// only on them and the level before them (read here exactly as the compiler reads them),
    /// not on where `now` and `horizonEnd` fall between them. Merged schedules are compiled
    /// every time.
    func compile(plan: CapacityPlan, policy: Policy, now: Date, horizonEnd: Date, budget: Int) -> ActionSchedule {
        let (start, end) = (UTCFormat.seconds(now), UTCFormat.seconds(horizonEnd))
        var key = CompileKey(group: policy.autoScalingGroup, current: 0, times: [], levels: [])
        var level: Int?
        var first = true
        for segment in plan.segments where segment.minSize != level {
            level = segment.minSize
            let at = UTCFormat.seconds(segment.start)
            if first || at <= start {
                key.current = segment.minSize
            } else if at < end {
                key.times.append(at)
                key.levels.append(segment.minSize)
            }
            first = false
        }
        guard level != nil, key.times.count <= budget else {
            return ActionCompiler.compile(plan: plan, policy: policy, now: now, horizonEnd: horizonEnd, budget: budget)
        }
        if let last = lastCompiled, last.key == key { return last.schedule }
        let schedule = ActionCompiler.compile(plan: plan, policy: policy, now: now, horizonEnd: horizonEnd, budget: budget)
        lastCompiled = (key, schedule)
        return schedule
    }
}
