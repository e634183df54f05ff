import Foundation
import TermscaleCore
import TermscaleStore

/// Where a push reads the calendar: the store (live), or a simulation's own copy of it.
public protocol PushCalendar: Sendable {
    /// Every imported source, by name.
    func sources() throws -> [SourceRecord]
    /// The events overlapping `[from, to)` (either bound may be nil), in listing order.
    func events(from: Date?, to: Date?) throws -> [CalendarEvent]
    /// The latest `limit` push runs of `group`, newest first.
    func pushHistory(group: String?, limit: Int) throws -> [PushRecord]
}

extension CalendarStore: PushCalendar {
    public func events(from: Date?, to: Date?) throws -> [CalendarEvent] { try events(from: from, to: to, kind: nil) }
}

/// How a push gets its plan and its compiled actions. Live: the calendar's events around the
/// horizon, planned and compiled on every run (`Push.plan`, `ActionCompiler.compile`). A
/// simulation of a year of runs passes a cache that gives the very same values (its tests prove
/// it) without planning the year again every five minutes.
public struct PushPlanning: Sendable {
    /// The plan a run works from, the end of the actions it schedules, and the first exam
    /// starting in the horizon (for verify's covered-until).
    public typealias Planned = (plan: CapacityPlan, scheduleEnd: Date, nextExamStart: Date?)

    /// The plan for a run at `now` whose horizon ends at `horizonEnd`.
    public var plan: @Sendable (_ calendar: any PushCalendar, _ policy: Policy, _ now: Date, _ horizonEnd: Date) throws -> Planned
    /// The actions for `plan` from `now` to `horizonEnd` within `budget`.
    public var compile:
        @Sendable (_ plan: CapacityPlan, _ policy: Policy, _ now: Date, _ horizonEnd: Date, _ budget: Int) -> ActionSchedule

    public init(
        plan: @escaping @Sendable (any PushCalendar, Policy, Date, Date) throws -> Planned,
        compile: @escaping @Sendable (CapacityPlan, Policy, Date, Date, Int) -> ActionSchedule
    ) {
        self.plan = plan
        self.compile = compile
    }

    public static let live = PushPlanning(
        plan: Push.plan(calendar:policy:now:horizonEnd:),
        compile: { ActionCompiler.compile(plan: $0, policy: $1, now: $2, horizonEnd: $3, budget: $4) })
}

extension Push {
    /// The plan of a run at `now`: the events of `eventWindow`, planned over `plannedRange`, which
    /// reaches a day past `scheduleEnd`, so every raise the run schedules has its release.
    public static func plan(calendar: any PushCalendar, policy: Policy, now: Date, horizonEnd: Date) throws
        -> PushPlanning.Planned
    {
        let window = eventWindow(now: now, horizonEnd: horizonEnd)
        let events = try calendar.events(from: window.lowerBound, to: window.upperBound)
        let exams = events.compactMap(\.exam)
        let windows = events.compactMap(\.window)
        let releases = exams.map { CapacityPlanner.raisedPeriod(of: $0, policy: policy) }.filter { $0.lowerBound < horizonEnd }
            .map(\.upperBound)
        let end = scheduleEnd(horizonEnd: horizonEnd, latestRelease: releases.max())
        let range = plannedRange(now: now, scheduleEnd: end)
        let plan = CapacityPlanner.plan(
            exams: exams, windows: windows, policy: policy, from: range.lowerBound, to: range.upperBound)
        return (plan, end, exams.map(\.start).filter { $0 >= now && $0 < horizonEnd }.min())
    }

    /// The events a run reads: those overlapping two days before `now` to three after the horizon.
    public static func eventWindow(now: Date, horizonEnd: Date) -> Range<Date> {
        now.addingTimeInterval(-2 * 86_400)..<horizonEnd.addingTimeInterval(3 * 86_400)
    }

    /// Where a run's actions end: a minute after the latest release of a raised period starting
    /// in the horizon, or the horizon's end if that is later.
    public static func scheduleEnd(horizonEnd: Date, latestRelease: Date?) -> Date {
        max(horizonEnd, (latestRelease ?? horizonEnd).addingTimeInterval(60))
    }

    /// The range a run plans: from a day before `now` to a day after `scheduleEnd`.
    public static func plannedRange(now: Date, scheduleEnd: Date) -> Range<Date> {
        now.addingTimeInterval(-86_400)..<scheduleEnd.addingTimeInterval(86_400)
    }
}
