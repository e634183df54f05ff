import Foundation
import TermscaleCore
import TermscaleReports
import TermscaleStore

/// `termscale cost`: what a policy's plan costs over a range of local days, against the
/// alternatives, from the same planner as `plan` and `push`.
public enum CostForecastQuery {
    /// The report for `policy` over `days` (local to the policy's zone; nil: every day of the
    /// stored calendar), cut into `periodKind` periods.
    public static func report(
        policy file: PolicyFile, store: CalendarStore, days: LocalDateRange?, by periodKind: CostPeriodKind
    ) throws -> CostReport {
        let policy = file.policy
        let zone = policy.timezone
        let range = try days ?? storedSpan(store, zone: zone)
        let from = CalendarQuery.startOfDay(range.from, in: zone)
        let to = CalendarQuery.startOfDay(range.to, in: zone)
        // Sessions near the edges still shape the plan through pre-warm, hold and the merge gap.
        let events = try store.events(from: from.addingTimeInterval(-2 * 86_400), to: to.addingTimeInterval(2 * 86_400))
        let exams = events.compactMap(\.exam)
        let plan = CapacityPlanner.plan(exams: exams, windows: events.compactMap(\.window), policy: policy, from: from, to: to)
        return CostReport(
            policyFile: file.path, policy: policy, forecast: CostModel.forecast(plan: plan, exams: exams, policy: policy),
            periodKind: periodKind, periods: CostModel.periods(of: plan, policy: policy, by: periodKind))
    }

    /// The local days from the first stored event's start to the last one's end.
    static func storedSpan(_ store: CalendarStore, zone: IANAZone) throws -> LocalDateRange {
        let sources = try store.sources()
        guard let first = sources.compactMap(\.firstStart).min(), let last = sources.compactMap(\.lastEnd).max() else {
            throw TermscaleError.usage("no calendar is imported: run termscale import first, or give --from and --to")
        }
        let label = ZoneLabel(zone: zone)
        return try LocalDateRange(from: label.local(first).date, to: label.local(last).date.adding(days: 1))
    }
}
