import Foundation
import TermscaleCore

/// `termscale simulate` in 80 columns: the range and settings, the exam starts covered, the cron
/// runs and API calls, the fleet and the plan's cost; then the shortfalls (the longest first),
/// the sessions whose exam capacity launched on Spot, the late changes and the assumptions.
/// Lists stop at `listed` rows; the JSON has them all.
public struct SimulationTableRenderer: ReportRenderer {
    /// Rows a list shows before it says how many more there are.
    public static let listed = 20

    public init() {}

    public func render(_ r: SimulationReport) -> String {
        let s = r.settings
        let c = r.policy.instance.currency
        var out =
            "\(r.policy.name) · group \(r.policy.autoScalingGroup) · \(UTCFormat.rfc3339(s.from)) to \(UTCFormat.rfc3339(s.to))"
            + " · switch \(r.mixSwitch) · seed \(s.seed)\n"
        let n = r.sessions.count
        out +=
            "Exam starts \(n.groupedThousands): covered \(r.covered.groupedThousands) (\(Self.percent(r.covered, n))), "
            + "covered on-demand \(r.coveredOnDemand.groupedThousands) (\(Self.percent(r.coveredOnDemand, n)))\n"
        let runs = r.runs
        out +=
            "Cron runs \(runs.runs.groupedThousands) (\(runs.failed.groupedThousands) failed"
            + (runs.skipped > 0 ? ", \(runs.skipped.groupedThousands) ticks with the host down" : "") + "), "
            + "\(runs.changed.groupedThousands) changed something, \(runs.withErrors.groupedThousands) with errors; "
            + "API calls \(runs.apiCalls.groupedThousands)\n"
        let f = r.fleet
        out +=
            "Fleet: \(f.launches.groupedThousands) launches, \(f.spotInterruptions.groupedThousands) Spot interruptions; "
            + "\(fixed2(f.line.hours)) instance-hours (\(fixed2(f.line.onDemandHours)) on-demand, "
            + "\(fixed2(f.line.spotHours)) Spot), \(fixed2(f.line.cost.roundedToCents)) \(c)\n"
        out +=
            "Plan (cost model): \(fixed2(r.planCost.hours)) instance-hours, \(fixed2(r.planCost.cost.roundedToCents)) \(c)\n"

        let label = ZoneLabel(zone: r.policy.timezone)
        let zone = r.policy.timezone.identifier
        func starts(_ session: SimulationSession) -> String {
            let local = label.local(session.start)
            return "\(local.date) \(label.timeText(local))"
        }
        func sessions(
            _ list: [SimulationSession], _ title: String, lastColumn: String, _ last: (SimulationSession) -> Int
        ) {
            guard !list.isEmpty else { return }
            out += "\n\(list.count.groupedThousands) \(title):\n"
            var table = TextTable(
                headers: ["Session", "Starts (\(zone))", "Planned", "In service", "On-demand", lastColumn],
                rightAligned: [2, 3, 4, 5])
            for session in list.prefix(Self.listed) {
                table.append([
                    CostTableRenderer.clipped(session.label, 16), starts(session), String(session.planned),
                    String(session.inService), String(session.onDemand), String(last(session)),
                ])
            }
            out += table.render() + Self.more(list.count)
        }
        sessions(r.shortfalls, "exam sessions short at their start, the longest first", lastColumn: "Minutes short") {
            $0.minutesShort
        }
        sessions(r.onSpot, "covered exam sessions whose exam capacity launched on Spot", lastColumn: "Spot for exam") {
            $0.spotExamCapacity
        }
        if !r.lateChanges.isEmpty {
            out += "\nLate changes:\n"
            for change in r.lateChanges {
                out += "  \(UTCFormat.rfc3339(change.at))  \(change.path) (\(change.kind.rawValue))\n"
            }
        }
        out += "\nAssumptions:\n"
        for line in r.assumptions {
            out += "  - " + PlanTableRenderer.wrap(line, width: 76).joined(separator: "\n    ") + "\n"
        }
        return out
    }

    static func more(_ count: Int) -> String {
        count > listed ? "  … and \((count - listed).groupedThousands) more (--format json lists them all)\n" : ""
    }

    /// `99.6%` (one decimal, rounded half up); `-` of nothing.
    static func percent(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "-" }
        let tenths = (part * 1000 * 2 + whole) / (whole * 2)
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
