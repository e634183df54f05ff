import Foundation
import TermscaleCore
import TermscaleReports
import TermscaleStore

/// Which days `termscale plan` shows.
public enum PlanRange: Sendable, Equatable {
    /// Seven days from the local date of `now` (the default).
    case comingWeek
    /// One ISO week (`--week 2027-W02`).
    case week(ISOWeek)
    /// `--from` (inclusive) to `--to` (exclusive), local dates.
    case dates(LocalDateRange)

    /// The days, local to `zone`.
    public func days(now: Date, zone: any ZoneRules) -> LocalDateRange {
        switch self {
        case .comingWeek: .days(7, from: ZoneLabel(zone: zone).local(now).date)
        case .week(let week): week.days
        case .dates(let range): range
        }
    }
}

/// `termscale plan`: the capacity plan of a range of days, the scheduled actions that carry it
/// out, and the sessions behind them.
public enum PlanPreview {
    /// Plans `range` for the policy from the events in `store`, as of `now`; local times are
    /// labelled by `label`, which must be for the policy's zone.
    ///
    /// The actions are those a push would schedule for the MinSize changes inside the range: the
    /// plan is compiled from just before `max(now, from)` to `to`, within the policy's budget.
    public static func report(
        policy file: PolicyFile, store: CalendarStore, range: PlanRange, now: Date,
        label: ZoneLabel
    ) throws -> PlanReport {
        let policy = file.policy
        let zone = policy.timezone
        let days = range.days(now: now, zone: zone)
        let from = CalendarQuery.startOfDay(days.from, in: zone)
        let to = CalendarQuery.startOfDay(days.to, in: zone)

        // Sessions whose raised period can reach into the range: pre-warm is at most an hour,
        // hold and extra time are bounded by the session itself, so two days either side and the
        // store's overlap query cover them all.
        let margin: TimeInterval = 2 * 86_400
        let events = try store.events(from: from.addingTimeInterval(-margin), to: to.addingTimeInterval(margin))
        let exams = events.compactMap(\.exam)
        let windows = events.compactMap(\.window)

        let plan = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from, to: to)
        // Compile from a day before the range so a change at its very first instant is an action.
        let compileFrom = max(now, from.addingTimeInterval(-1))
        let widePlan = CapacityPlanner.plan(
            exams: exams, windows: windows, policy: policy,
            from: min(compileFrom, from).addingTimeInterval(-86_400), to: to)
        let schedule = ActionCompiler.compile(plan: widePlan, policy: policy, now: compileFrom, horizonEnd: to)

        var warnings = plan.warnings
        let horizonEnd = now.addingTimeInterval(TimeInterval(policy.limits.horizonDays) * 86_400)
        if let beyond = schedule.actions.first(where: { $0.startTime >= horizonEnd }) {
            warnings.append(
                "actions from \(UTCFormat.rfc3339(beyond.startTime)) are beyond the \(policy.limits.horizonDays)-day push horizon from now (\(UTCFormat.rfc3339(now))): a push now schedules only those before \(UTCFormat.rfc3339(horizonEnd))"
            )
        }
        if to <= now {
            warnings.append("the whole range is in the past: no action can be scheduled for it")
        }

        let shown = exams.filter { exam in
            CapacityPlanner.raisedPeriod(of: exam, policy: policy).overlaps(from..<to)
        }
        return PlanReport(
            policy: policy, policyFile: file.path, label: label,
            from: from, to: to, now: now, plan: plan, schedule: schedule, exams: shown,
            windows: windows.filter { $0.start < to && $0.end > from }, warnings: warnings)
    }
}
