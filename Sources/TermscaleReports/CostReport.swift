import Foundation
import TermscaleCore

/// `termscale cost` for one policy: the plan's forecast over a range, cut into periods.
public struct CostReport: Sendable, Equatable {
    public var policyFile: String
    public var policy: Policy
    public var forecast: CostForecast
    public var periodKind: CostPeriodKind
    public var periods: [CostPeriod]

    public init(policyFile: String, policy: Policy, forecast: CostForecast, periodKind: CostPeriodKind, periods: [CostPeriod]) {
        self.policyFile = policyFile
        self.policy = policy
        self.forecast = forecast
        self.periodKind = periodKind
        self.periods = periods
    }

    /// Each period's cost in cents-rounded currency units, adding up exactly to `totalCost`.
    public var periodCosts: [Decimal] { Money.roundedToCents(periods.map(\.line.cost)) }
    /// The plan's cost, rounded to the cent.
    public var totalCost: Decimal { forecast.plan.cost.roundedToCents }

    /// The assumptions, in words, for every format.
    public var assumptions: [String] {
        let i = policy.instance
        let m = policy.mix
        var lines = [
            "prices per instance-hour: on-demand \(i.onDemandPrice) \(i.currency), Spot \(i.spotPrice) \(i.currency) (\(i.type))",
            "mix outside exams: on-demand base \(m.onDemandBase) + \(m.onDemandPercentAboveBase)% above; 100% on-demand around exams",
        ]
        lines.append(
            forecast.load == nil
                ? "the floor only (MinSize over time): load above it, which target tracking adds, is not priced"
                : "load above the floor from the given profile, at the mixed rate")
        if let d = i.reservedDiscountPercent { lines.append("static-peak-reserved: \(d)% off on-demand") }
        lines.append(
            "reactive-only: capacity.min \(policy.capacity.min) and target tracking; an exam it leaves short waits "
                + "3 minutes for the alarm and \(i.bootMinutes) for the launch")
        return lines
    }
}

/// How `termscale cost` prints.
public enum CostFormat: String, Sendable, CaseIterable {
    case table
    case json
    case csv

    public var renderer: any ReportRenderer<[CostReport]> {
        switch self {
        case .table: CostTableRenderer()
        case .json: CostJSONRenderer()
        case .csv: CostCSVRenderer()
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

/// Per policy, in 80 columns: the plan, the alternatives and savings, the periods, the exams
/// reactive-only leaves short, the assumptions.
public struct CostTableRenderer: ReportRenderer {
    public init() {}

    public func render(_ reports: [CostReport]) -> String {
        reports.map(Self.render).joined(separator: "\n")
    }

    static func render(_ r: CostReport) -> String {
        let f = r.forecast
        let c = f.currency
        var out =
            "\(r.policy.name) · group \(r.policy.autoScalingGroup) · \(UTCFormat.rfc3339(f.from)) to \(UTCFormat.rfc3339(f.to))\n"
        var head = TextTable(
            headers: ["", "On-demand h", "Spot h", "Cost \(c)", "Saves \(c)", "Saves %"], rightAligned: [1, 2, 3, 4, 5])
        head.append(["this plan", fixed2(f.plan.onDemandHours), fixed2(f.plan.spotHours), fixed2(r.totalCost), "", ""])
        for a in f.alternatives {
            head.append([
                a.kind.rawValue, fixed2(a.line.onDemandHours), fixed2(a.line.spotHours), fixed2(a.line.cost.roundedToCents),
                fixed2(a.savings.roundedToCents), a.savingsPercent.map(fixed2) ?? "-",
            ])
        }
        out += head.render()
        out += "\nBy \(r.periodKind.rawValue):\n"
        var periods = TextTable(
            headers: ["Period", "Start (UTC)", "On-demand h", "Spot h", "Cost \(c)"], rightAligned: [2, 3, 4])
        for (p, cost) in zip(r.periods, r.periodCosts) {
            periods.append([
                p.label, UTCFormat.rfc3339(p.start), fixed2(p.line.onDemandHours), fixed2(p.line.spotHours), fixed2(cost),
            ])
        }
        out += periods.render()
        if !f.uncoveredExams.isEmpty {
            out += "\nReactive-only would leave \(f.uncoveredExams.count) exam sessions short at their start, e.g.:\n"
            for u in f.uncoveredExams.sorted(by: { $0.missingInstances > $1.missingInstances }).prefix(10) {
                out +=
                    "  \(UTCFormat.rfc3339(u.exam.start))  \(u.exam.code ?? u.exam.title): \(u.missingInstances) instances short "
                    + "for \(u.minutesToCover) minutes\n"
            }
        }
        out += "\nAssumptions:\n"
        for line in r.assumptions {
            let wrapped = PlanTableRenderer.wrap(line, width: 76)
            out += "  - " + wrapped.joined(separator: "\n    ") + "\n"
        }
        return out
    }
}

/// One JSON array with an object per policy: `policy_file`, `group`, `currency`, `from`, `to`,
/// `plan` (`on_demand_hours`, `spot_hours`, `cost`), `alternatives` (by name: `hours`, `cost`,
/// `savings`, `savings_percent`), `periods` (`label`, `start`, `end`, `on_demand_hours`,
/// `spot_hours`, `cost`), `uncovered_exams` (`code`, `title`, `start`, `missing_instances`,
/// `minutes_to_cover`) and `assumptions`. Hours and money are decimal numbers with two places.
public struct CostJSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ reports: [CostReport]) -> String {
        JSONValue.array(reports.map(Self.json)).serialized()
    }

    static func number(_ value: Decimal) -> JSONValue { .exact(fixed2(value)) }

    static func json(_ r: CostReport) -> JSONValue {
        let f = r.forecast
        return .object([
            ("policy_file", .string(r.policyFile)), ("group", .string(r.policy.autoScalingGroup)),
            ("currency", .string(f.currency)),
            ("from", .string(UTCFormat.rfc3339(f.from))), ("to", .string(UTCFormat.rfc3339(f.to))),
            (
                "plan",
                .object([
                    ("on_demand_hours", number(f.plan.onDemandHours)), ("spot_hours", number(f.plan.spotHours)),
                    ("cost", number(r.totalCost)),
                ])
            ),
            (
                "alternatives",
                .object(
                    f.alternatives.map { a in
                        (
                            a.kind.rawValue,
                            .object([
                                ("hours", number(a.line.hours)), ("cost", number(a.line.cost.roundedToCents)),
                                ("savings", number(a.savings.roundedToCents)),
                                ("savings_percent", a.savingsPercent.map(number) ?? .null),
                            ])
                        )
                    })
            ),
            (
                "periods",
                .array(
                    zip(r.periods, r.periodCosts).map { p, cost in
                        .object([
                            ("label", .string(p.label)), ("start", .string(UTCFormat.rfc3339(p.start))),
                            ("end", .string(UTCFormat.rfc3339(p.end))), ("on_demand_hours", number(p.line.onDemandHours)),
                            ("spot_hours", number(p.line.spotHours)), ("cost", number(cost)),
                        ])
                    })
            ),
            (
                "uncovered_exams",
                .array(
                    f.uncoveredExams.map { u in
                        .object([
                            ("code", .optional(u.exam.code)), ("title", .string(u.exam.title)),
                            ("start", .string(UTCFormat.rfc3339(u.exam.start))), ("missing_instances", .int(u.missingInstances)),
                            ("minutes_to_cover", .int(u.minutesToCover)),
                        ])
                    })
            ),
            ("assumptions", .array(r.assumptions.map(JSONValue.string))),
        ])
    }
}

/// The periods as CSV: `policy,period,start,end,on_demand_hours,spot_hours,cost`, with a header.
public struct CostCSVRenderer: ReportRenderer {
    public init() {}

    public func render(_ reports: [CostReport]) -> String {
        var out = "policy,period,start,end,on_demand_hours,spot_hours,cost\n"
        for r in reports {
            for (p, cost) in zip(r.periods, r.periodCosts) {
                out +=
                    [
                        r.policy.name, p.label, UTCFormat.rfc3339(p.start), UTCFormat.rfc3339(p.end),
                        fixed2(p.line.onDemandHours),
                        fixed2(p.line.spotHours), fixed2(cost),
                    ].map(Self.field).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func field(_ text: String) -> String {
        text.contains(where: { ",\"\n".contains($0) }) ? "\"" + text.replacing("\"", with: "\"\"") + "\"" : text
    }
}
