import Foundation
import TermscaleCore

/// The Spot price read from AWS (`--spot-price aws`) instead of the policy's `spot_price`.
public struct CostSpotPriceSource: Sendable, Equatable {
    /// The price used, per instance-hour.
    public var price: Decimal
    public var region: String
    /// The history's window (UTC), `from` inclusive.
    public var from: Date
    public var to: Date
    /// Availability zones averaged.
    public var zones: Int

    public init(price: Decimal, region: String, from: Date, to: Date, zones: Int) {
        self.price = price
        self.region = region
        self.from = from
        self.to = to
        self.zones = zones
    }
}

/// `termscale cost` for one policy: the plan's forecast over a range, cut into periods.
public struct CostReport: Sendable, Equatable {
    public var policyFile: String
    public var policy: Policy
    public var forecast: CostForecast
    public var periodKind: CostPeriodKind
    public var periods: [CostPeriod]
    /// The load above the floor (`--load FILE`), when given.
    public var load: LoadProfileFile?
    public var spotPrice: CostSpotPriceSource?

    /// How many exam sessions the reports list as adding the most.
    public static let topExamCount = 10

    public init(
        policyFile: String, policy: Policy, forecast: CostForecast, periodKind: CostPeriodKind, periods: [CostPeriod],
        load: LoadProfileFile? = nil, spotPrice: CostSpotPriceSource? = nil
    ) {
        self.policyFile = policyFile
        self.policy = policy
        self.forecast = forecast
        self.periodKind = periodKind
        self.periods = periods
        self.load = load
        self.spotPrice = spotPrice
    }

    /// Each period's cost rounded to the cent, adding up exactly to `totalCost`.
    public var periodCosts: [Decimal] { Money.roundedToCents(periods.map(\.line.cost)) }
    /// The plan's cost, rounded to the cent.
    public var totalCost: Decimal { forecast.plan.cost.roundedToCents }
    /// What the plan saves against `alternative`, as printed: its cost rounded to the cent minus `totalCost`.
    public func savings(_ alternative: CostAlternative) -> Decimal { alternative.line.cost.roundedToCents - totalCost }
    /// The sessions adding the most instance-hours.
    public var topExams: ArraySlice<ExamCostShare> { forecast.examShares.prefix(Self.topExamCount) }

    /// Each alternative's cost per period, rounded to the cent and adding up to its total.
    public func periodCosts(of kind: CostAlternativeKind) -> [Decimal] {
        Money.roundedToCents(periods.map { $0.alternatives[kind] ?? .zero })
    }

    /// The assumptions, in words, for every format.
    public var assumptions: [String] {
        let i = policy.instance
        let m = policy.mix
        var lines: [String] = []
        if let s = spotPrice {
            lines.append(
                "prices per instance-hour: on-demand \(i.onDemandPrice) \(i.currency) (the policy's), Spot \(s.price) "
                    + "\(i.currency): the mean of AWS's Spot price history for \(i.type) in \(s.region) over "
                    + "\(UTCFormat.rfc3339(s.from)) to \(UTCFormat.rfc3339(s.to)), \(s.zones) availability zones")
        } else {
            lines.append(
                "prices per instance-hour: on-demand \(i.onDemandPrice) \(i.currency), Spot \(i.spotPrice) \(i.currency) (\(i.type))"
            )
        }
        lines.append(
            "mix outside exams: on-demand base \(m.onDemandBase) + \(m.onDemandPercentAboveBase)% above; 100% on-demand around exams"
        )
        if let load {
            lines.append(
                "load above the floor from \(load.path) ("
                    + (load.hoursGiven == 168
                        ? "every hour of the week" : "\(load.hoursGiven) of 168 hours of the week, the rest 0")
                    + "; mean \(fixed2(load.meanInstances)) instances), priced at the mixed rate; reactive-only carries the same load"
            )
        } else {
            lines.append("the floor only (MinSize over time): load above it, which target tracking adds, is not priced")
        }
        if let d = i.reservedDiscountPercent { lines.append("static-peak-reserved: \(d)% off on-demand") }
        lines.append(
            "reactive-only: capacity.min \(policy.capacity.min) and target tracking; an exam it leaves short waits "
                + "3 minutes for the alarm and \(i.bootMinutes) for the launch")
        lines.append(
            "an exam session's share: the instance-hours and cost above the same plan without exams, split among "
                + "the sessions raised at the time by candidates")
        return lines
    }
}

/// Several policies' reports added up: plan and alternatives, in one currency.
public struct CostTotal: Sendable, Equatable {
    public var currency: String
    public var from: Date
    public var to: Date
    public var onDemandHours: Decimal
    public var spotHours: Decimal
    /// The sum of each report's `totalCost`, so every report's periods add up to it.
    public var cost: Decimal
    /// The alternatives every report has, in `CostAlternativeKind` order: hours, cost, savings, percent.
    public var alternatives: [(kind: CostAlternativeKind, hours: Decimal, cost: Decimal, savings: Decimal, percent: Decimal?)]

    /// Nil for no reports or reports in different currencies.
    public init?(_ reports: [CostReport]) {
        guard let first = reports.first, reports.allSatisfy({ $0.forecast.currency == first.forecast.currency }) else {
            return nil
        }
        currency = first.forecast.currency
        from = reports.map(\.forecast.from).min()!
        to = reports.map(\.forecast.to).max()!
        onDemandHours = reports.reduce(0) { $0 + $1.forecast.plan.onDemandHours }
        spotHours = reports.reduce(0) { $0 + $1.forecast.plan.spotHours }
        cost = reports.reduce(0) { $0 + $1.totalCost }
        let total = cost
        let exactPlan = reports.reduce(Money.zero) { $0 + $1.forecast.plan.cost }
        alternatives = CostAlternativeKind.allCases.compactMap { kind in
            let lines = reports.compactMap { $0.forecast.alternatives.first { $0.kind == kind } }
            guard lines.count == reports.count else { return nil }
            let cost = lines.reduce(Decimal(0)) { $0 + $1.line.cost.roundedToCents }
            let exact = lines.reduce(Money.zero) { $0 + $1.line.cost }
            return (
                kind, lines.reduce(0) { $0 + $1.line.hours }, cost, cost - total, exact.savingsPercent(against: exactPlan)
            )
        }
    }

    public static func == (a: CostTotal, b: CostTotal) -> Bool {
        a.currency == b.currency && a.from == b.from && a.to == b.to && a.cost == b.cost
            && a.alternatives.map(\.kind) == b.alternatives.map(\.kind)
            && a.alternatives.map(\.cost) == b.alternatives.map(\.cost)
    }
}

/// How `termscale cost` prints.
public enum CostFormat: String, Sendable, CaseIterable {
    case table
    case json
    case csv
    case html

    public var renderer: any ReportRenderer<[CostReport]> {
        switch self {
        case .table: CostTableRenderer()
        case .json: CostJSONRenderer()
        case .csv: CostCSVRenderer()
        case .html: CostHTMLRenderer()
        }
    }
}

/// Hours with two decimals, money with two.
func fixed2(_ value: Decimal) -> String {
    let rounded = Decimal.rounded(value, scale: 2, .plain)
    let text = NSDecimalNumber(decimal: rounded).stringValue
    guard let dot = text.firstIndex(of: ".") else { return text + ".00" }
    let decimals = text[text.index(after: dot)...].count
    return decimals >= 2 ? text : text + String(repeating: "0", count: 2 - decimals)
}

/// The CSV of the periods: `policy,period,start,end,on_demand_hours,spot_hours,cost`, with a header.
public struct CostCSVRenderer: ReportRenderer {
    public init() {}

    public func render(_ reports: [CostReport]) -> String {
        var out = "policy,period,start,end,on_demand_hours,spot_hours,cost\n"
        for r in reports {
            for (p, cost) in zip(r.periods, r.periodCosts) {
                out +=
                    [
                        r.policy.name, p.label, UTCFormat.rfc3339(p.start), UTCFormat.rfc3339(p.end),
                        fixed2(p.line.onDemandHours), fixed2(p.line.spotHours), fixed2(cost),
                    ].map(Self.field).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func field(_ text: String) -> String {
        text.contains(where: { ",\"\n".contains($0) }) ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
    }
}
