import Foundation
import TermscaleCore
import TermscaleReports
import TermscaleStore

/// What `termscale cost` is asked for, beyond the policies.
public struct CostRequest: Sendable {
    /// Local days of each policy's zone; nil: every day of the stored calendar.
    public var days: LocalDateRange?
    public var periodKind: CostPeriodKind
    /// The load above the floor (`--load`).
    public var load: LoadProfileFile?

    public init(days: LocalDateRange? = nil, by periodKind: CostPeriodKind = .month, load: LoadProfileFile? = nil) {
        self.days = days
        self.periodKind = periodKind
        self.load = load
    }
}

/// `termscale cost`: what a policy's plan costs over a range of local days, against the
/// alternatives, from the same planner as `plan` and `push`.
public enum CostForecastQuery {
    /// One report per policy, in the order given.
    /// - Throws: `TermscaleError.usage` when the policies price in different currencies (their
    ///   total would mean nothing) or nothing is imported and no range is given.
    public static func reports(
        policies: [PolicyFile], store: CalendarStore, request: CostRequest,
        spotPrice: (PolicyFile) throws -> CostSpotPriceSource? = { _ in nil }
    ) throws -> [CostReport] {
        let currencies = Set(policies.map(\.policy.instance.currency))
        guard currencies.count <= 1 else {
            throw TermscaleError.usage(
                "the policies price in different currencies (\(currencies.sorted().joined(separator: ", "))): cost them separately"
            )
        }
        return try policies.map { try report(policy: $0, store: store, request: request, spotPrice: spotPrice($0)) }
    }

    /// The report for one policy; `spotPrice`, when given, replaces the policy's `spot_price`.
    public static func report(
        policy file: PolicyFile, store: CalendarStore, request: CostRequest, spotPrice: CostSpotPriceSource? = nil
    ) throws -> CostReport {
        var policy = file.policy
        if let spotPrice { policy.instance.spotPrice = Double(NSDecimalNumber(decimal: spotPrice.price).stringValue) ?? 0 }
        let zone = policy.timezone
        let range = try request.days ?? storedSpan(store, zone: zone)
        let from = CalendarQuery.startOfDay(range.from, in: zone)
        let to = CalendarQuery.startOfDay(range.to, in: zone)
        // Sessions near the edges still shape the plan through pre-warm, hold and the merge gap.
        let events = try store.events(from: from.addingTimeInterval(-2 * 86_400), to: to.addingTimeInterval(2 * 86_400))
        let exams = events.compactMap(\.exam)
        let windows = events.compactMap(\.window)
        let plan = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from, to: to)
        let load = request.load?.profile
        return CostReport(
            policyFile: file.path, policy: policy,
            forecast: CostModel.forecast(plan: plan, exams: exams, windows: windows, policy: policy, load: load),
            periodKind: request.periodKind,
            periods: CostModel.periods(of: plan, policy: policy, load: load, by: request.periodKind, windows: windows),
            load: request.load, spotPrice: spotPrice)
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
