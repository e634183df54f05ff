import Foundation
import TermscaleCore

/// One JSON object. The totals first, as issue 10 names them: `exam_starts`, `covered`,
/// `covered_on_demand`, `shortfalls` (the longest first: `code`, `title`, `start`, `planned`,
/// `in_service`, `on_demand`, `minutes_short`), `runs`, `failed_runs`, `api_calls`,
/// `instance_hours` (the simulated fleet's, launch to termination) and `cost` (the simulated
/// plan's, from the cost model), with `currency`. Then `on_spot` (covered sessions whose exam
/// capacity launched on Spot: `code`, `title`, `start`, `planned`, `in_service`, `on_demand`,
/// `spot`), the other counts (`skipped_runs`, `changed_runs`, `runs_with_errors`, `launches`,
/// `spot_interruptions`, `on_demand_hours`, `spot_hours`, `fleet_cost`, `plan_instance_hours`),
/// `sessions` (every exam start: `code`, `title`, `start`, `planned`, `in_service`, `on_demand`,
/// `spot_exam_capacity`, `minutes_short`, `covered`, `covered_on_demand`), and the settings echo:
/// `policy_file`, `group`, `from`, `to`, `mix_switch`, `seed`, `settings` and `assumptions`.
/// Hours and money are numbers with two decimals.
public struct SimulationJSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ r: SimulationReport) -> String {
        let s = r.settings
        let fields: [(String, JSONValue)] = [
            ("exam_starts", .int(r.sessions.count)), ("covered", .int(r.covered)), ("covered_on_demand", .int(r.coveredOnDemand)),
            ("shortfalls", .array(r.shortfalls.map { Self.session($0, [("minutes_short", .int($0.minutesShort))]) })),
            ("runs", .int(r.runs.runs)), ("failed_runs", .int(r.runs.failed)), ("api_calls", .int(r.runs.apiCalls)),
            ("instance_hours", Self.number(r.fleet.line.hours)), ("cost", Self.number(r.planCost.cost.roundedToCents)),
            ("currency", .string(r.policy.instance.currency)),
            ("on_spot", .array(r.onSpot.map { Self.session($0, [("spot", .int($0.spotExamCapacity))]) })),
            ("skipped_runs", .int(r.runs.skipped)), ("changed_runs", .int(r.runs.changed)),
            ("runs_with_errors", .int(r.runs.withErrors)), ("launches", .int(r.fleet.launches)),
            ("spot_interruptions", .int(r.fleet.spotInterruptions)),
            ("on_demand_hours", Self.number(r.fleet.line.onDemandHours)), ("spot_hours", Self.number(r.fleet.line.spotHours)),
            ("fleet_cost", Self.number(r.fleet.line.cost.roundedToCents)), ("plan_instance_hours", Self.number(r.planCost.hours)),
            (
                "sessions",
                .array(
                    r.sessions.map {
                        Self.session(
                            $0,
                            [
                                ("spot_exam_capacity", .int($0.spotExamCapacity)), ("minutes_short", .int($0.minutesShort)),
                                ("covered", .bool($0.covered)), ("covered_on_demand", .bool($0.coveredOnDemand)),
                            ])
                    })
            ),
            ("policy_file", .string(r.policyFile)), ("group", .string(r.policy.autoScalingGroup)),
            ("from", .string(UTCFormat.rfc3339(s.from))), ("to", .string(UTCFormat.rfc3339(s.to))),
            ("mix_switch", .string(r.mixSwitch)), ("seed", .exact(String(s.seed))),
            (
                "settings",
                .object([
                    ("cron_interval_minutes", .int(r.policy.limits.cronIntervalMinutes)),
                    ("cron_outage_rate", .decimal(s.cronOutageRate)),
                    (
                        "cron_down",
                        s.cronDown.map {
                            .object([
                                ("from", .string(UTCFormat.rfc3339($0.lowerBound))),
                                ("to", .string(UTCFormat.rfc3339($0.upperBound))),
                            ])
                        } ?? .null
                    ),
                    ("action_delay_max", .int(s.actionDelayMax)), ("boot_minutes", .int(r.bootMinutes)),
                    ("policy_boot_minutes", .int(r.policy.instance.bootMinutes)),
                    ("spot_interruptions_per_day", .decimal(s.spotInterruptionsPerDay)),
                    (
                        "late_changes",
                        .array(
                            r.lateChanges.map {
                                .object([
                                    ("at", .string(UTCFormat.rfc3339($0.at))), ("file", .string($0.path)),
                                    ("kind", .string($0.kind.rawValue)),
                                ])
                            })
                    ),
                ])
            ),
            ("assumptions", .array(r.assumptions.map(JSONValue.string))),
        ]
        return JSONValue.object(fields).serialized()
    }

    static func session(_ s: SimulationSession, _ more: [(String, JSONValue)]) -> JSONValue {
        .object(
            [
                ("code", .optional(s.code)), ("title", .string(s.title)), ("start", .string(UTCFormat.rfc3339(s.start))),
                ("planned", .int(s.planned)), ("in_service", .int(s.inService)), ("on_demand", .int(s.onDemand)),
            ] + more)
    }

    static func number(_ value: Decimal) -> JSONValue { .exact(fixed2(value)) }
}
