import Foundation
import TermscaleCore

/// One JSON object: the total over every policy — `currency`, `from`, `to`, `plan`
/// (`on_demand_hours`, `spot_hours`, `cost`), `alternatives` (by name: `hours`, `cost`, `savings`,
/// `savings_percent`) — then the lists, policy by policy, each entry naming its `group`: `periods`
/// (`label`, `start`, `end`, `on_demand_hours`, `spot_hours`, `cost`, `alternatives` by name),
/// `windows` (`title`, `category`, `start`, `end`, `floor`, `on_demand_hours`, `spot_hours`,
/// `cost`), `top_exams` (the ten sessions adding the most per policy: `code`, `title`, `start`,
/// `candidates`, `instance_hours`, `cost`) and `uncovered_exams` (`code`, `title`, `start`,
/// `missing_instances`, `minutes_to_cover`); and `groups`, one object per policy with
/// `policy_file`, `group`, `currency`, `from`, `to`, `plan`, its parts `floor` and `load` (null
/// without `--load`), `alternatives` and `assumptions`.
/// Hours and money are decimal numbers with two places; every policy's periods add up to its
/// `plan.cost`, and those to the total's.
public struct CostJSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ reports: [CostReport]) -> String {
        guard let total = CostTotal(reports) else { return JSONValue.object([]).serialized() }
        var fields: [(String, JSONValue)] = [
            ("currency", .string(total.currency)), ("from", .string(UTCFormat.rfc3339(total.from))),
            ("to", .string(UTCFormat.rfc3339(total.to))),
            (
                "plan",
                .object([
                    ("on_demand_hours", number(total.onDemandHours)), ("spot_hours", number(total.spotHours)),
                    ("cost", number(total.cost)),
                ])
            ),
            (
                "alternatives",
                .object(
                    total.alternatives.map {
                        (
                            $0.kind.rawValue,
                            .object([
                                ("hours", number($0.hours)), ("cost", number($0.cost)), ("savings", number($0.savings)),
                                ("savings_percent", $0.percent.map(number) ?? .null),
                            ])
                        )
                    })
            ),
        ]
        fields.append(("periods", .array(reports.flatMap(Self.periods))))
        fields.append(("windows", .array(reports.flatMap(Self.windows))))
        fields.append(("top_exams", .array(reports.flatMap(Self.topExams))))
        fields.append(("uncovered_exams", .array(reports.flatMap(Self.uncovered))))
        fields.append(("groups", .array(reports.map(Self.group))))
        return JSONValue.object(fields).serialized()
    }

    static func periods(_ r: CostReport) -> [JSONValue] {
        let alternatives = r.forecast.alternatives.map { ($0.kind, r.periodCosts(of: $0.kind)) }
        let costs = r.periodCosts
        return r.periods.enumerated().map { i, p in
            .object([
                ("group", .string(r.policy.autoScalingGroup)), ("label", .string(p.label)),
                ("start", .string(UTCFormat.rfc3339(p.start))), ("end", .string(UTCFormat.rfc3339(p.end))),
                ("on_demand_hours", number(p.line.onDemandHours)), ("spot_hours", number(p.line.spotHours)),
                ("cost", number(costs[i])),
                ("alternatives", .object(alternatives.map { ($0.0.rawValue, number($0.1[i])) })),
            ])
        }
    }

    static func windows(_ r: CostReport) -> [JSONValue] {
        r.forecast.windows.map { w in
            .object([
                ("group", .string(r.policy.autoScalingGroup)), ("title", .string(w.window.title)),
                ("category", .string(w.window.category)), ("start", .string(UTCFormat.rfc3339(w.window.start))),
                ("end", .string(UTCFormat.rfc3339(w.window.end))), ("floor", w.floor.map(JSONValue.int) ?? .null),
                ("on_demand_hours", number(w.line.onDemandHours)), ("spot_hours", number(w.line.spotHours)),
                ("cost", number(w.line.cost.roundedToCents)),
            ])
        }
    }

    static func topExams(_ r: CostReport) -> [JSONValue] {
        r.topExams.map { s in
            .object([
                ("group", .string(r.policy.autoScalingGroup)), ("code", .optional(s.exam.code)), ("title", .string(s.exam.title)),
                ("start", .string(UTCFormat.rfc3339(s.exam.start))), ("candidates", .int(s.candidates)),
                ("instance_hours", number(s.instanceHours)), ("cost", number(s.cost.roundedToCents)),
            ])
        }
    }

    static func uncovered(_ r: CostReport) -> [JSONValue] {
        r.forecast.uncoveredExams.map { u in
            .object([
                ("group", .string(r.policy.autoScalingGroup)), ("code", .optional(u.exam.code)), ("title", .string(u.exam.title)),
                ("start", .string(UTCFormat.rfc3339(u.exam.start))), ("missing_instances", .int(u.missingInstances)),
                ("minutes_to_cover", .int(u.minutesToCover)),
            ])
        }
    }

    static func group(_ r: CostReport) -> JSONValue {
        let f = r.forecast
        return .object([
            ("policy_file", .string(r.policyFile)), ("group", .string(r.policy.autoScalingGroup)),
            ("currency", .string(f.currency)), ("from", .string(UTCFormat.rfc3339(f.from))),
            ("to", .string(UTCFormat.rfc3339(f.to))),
            (
                "plan",
                .object([
                    ("on_demand_hours", number(f.plan.onDemandHours)), ("spot_hours", number(f.plan.spotHours)),
                    ("cost", number(r.totalCost)),
                ])
            ),
            ("floor", line(f.floor)), ("load", f.load.map(line) ?? .null),
            (
                "alternatives",
                .object(
                    f.alternatives.map { a in
                        (
                            a.kind.rawValue,
                            .object([
                                ("hours", number(a.line.hours)), ("cost", number(a.line.cost.roundedToCents)),
                                ("savings", number(r.savings(a))),
                                ("savings_percent", a.savingsPercent.map(number) ?? .null),
                            ])
                        )
                    })
            ),
            ("assumptions", .array(r.assumptions.map(JSONValue.string))),
        ])
    }
}

/// Hours and cost of a line, each to two places.
private func line(_ line: CostLine) -> JSONValue {
    .object([
        ("on_demand_hours", number(line.onDemandHours)), ("spot_hours", number(line.spotHours)),
        ("cost", number(line.cost.roundedToCents)),
    ])
}

/// Hours and money as exact two-place JSON numbers.
private func number(_ value: Decimal) -> JSONValue { .exact(fixed2(value)) }
