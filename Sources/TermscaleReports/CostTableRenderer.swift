import Foundation
import TermscaleCore

/// Per policy, in 80 columns: the plan, the alternatives and savings, the periods, the calendar
/// windows, the sessions adding the most, the exams reactive-only leaves short, the assumptions;
/// then, for several policies, the total.
public struct CostTableRenderer: ReportRenderer {
    public init() {}

    public func render(_ reports: [CostReport]) -> String {
        var sections = reports.map(Self.render)
        if reports.count > 1, let total = CostTotal(reports) { sections.append(Self.render(total, policies: reports.count)) }
        return sections.joined(separator: "\n")
    }

    /// `text` cut to `width` characters, an ellipsis marking the cut.
    static func clipped(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    static func render(_ r: CostReport) -> String {
        let f = r.forecast
        let c = f.currency
        let label = ZoneLabel(zone: r.policy.timezone)
        var out =
            "\(r.policy.name) · group \(r.policy.autoScalingGroup) · \(UTCFormat.rfc3339(f.from)) to \(UTCFormat.rfc3339(f.to))\n"
        var head = TextTable(
            headers: ["", "On-demand h", "Spot h", "Cost \(c)", "Saves \(c)", "Saves %"], rightAligned: [1, 2, 3, 4, 5])
        head.append(["this plan", fixed2(f.plan.onDemandHours), fixed2(f.plan.spotHours), fixed2(r.totalCost), "", ""])
        for a in f.alternatives {
            head.append([
                a.kind.rawValue, fixed2(a.line.onDemandHours), fixed2(a.line.spotHours), fixed2(a.line.cost.roundedToCents),
                fixed2(r.savings(a)), a.savingsPercent.map(fixed2) ?? "-",
            ])
        }
        out += head.render()

        out += "\nBy \(r.periodKind.rawValue):\n"
        // Stretches between windows have long names: they get the room of the UTC instant and the split.
        let byWindow = r.periodKind == .window
        var periods =
            byWindow
            ? TextTable(headers: ["Stretch", "From", "Hours", "Cost \(c)"], rightAligned: [2, 3])
            : TextTable(headers: ["Period", "Start (UTC)", "On-demand h", "Spot h", "Cost \(c)"], rightAligned: [2, 3, 4])
        for (p, cost) in zip(r.periods, r.periodCosts) {
            periods.append(
                byWindow
                    ? [clipped(p.label, 46), label.local(p.start).date.description, fixed2(p.line.hours), fixed2(cost)]
                    : [
                        p.label, UTCFormat.rfc3339(p.start), fixed2(p.line.onDemandHours), fixed2(p.line.spotHours),
                        fixed2(cost),
                    ])
        }
        out += periods.render()

        if !f.windows.isEmpty {
            out += "\nCalendar windows (local dates, the end exclusive):\n"
            var windows = TextTable(headers: ["Window", "From", "To", "Floor", "Hours", "Cost \(c)"], rightAligned: [3, 4, 5])
            for w in f.windows {
                windows.append([
                    clipped(w.window.title, 30), label.local(w.window.start).date.description,
                    label.local(w.window.end).date.description, w.floor.map(String.init) ?? "-", fixed2(w.line.hours),
                    fixed2(w.line.cost.roundedToCents),
                ])
            }
            out += windows.render()
        }

        if !r.topExams.isEmpty {
            out += "\nThe \(r.topExams.count) exam sessions adding the most instance-hours:\n"
            var top = TextTable(
                headers: ["Session", "Starts (\(r.policy.timezone.identifier))", "Candidates", "Hours", "Cost \(c)"],
                rightAligned: [2, 3, 4])
            for s in r.topExams {
                let start = label.local(s.exam.start)
                top.append([
                    clipped(s.exam.code ?? s.exam.title, 24), "\(start.date) \(label.timeText(start))", String(s.candidates),
                    fixed2(s.instanceHours), fixed2(s.cost.roundedToCents),
                ])
            }
            out += top.render()
        }

        if !f.uncoveredExams.isEmpty {
            out += "\nReactive-only would leave \(f.uncoveredExams.count) exam sessions short at their start, e.g.:\n"
            for u in f.uncoveredExams.sorted(by: { $0.missingInstances > $1.missingInstances }).prefix(10) {
                out +=
                    "  \(UTCFormat.rfc3339(u.exam.start))  \(clipped(u.exam.code ?? u.exam.title, 20)): "
                    + "\(u.missingInstances) instances short for \(u.minutesToCover) minutes\n"
            }
        }
        out += "\nAssumptions:\n"
        for line in r.assumptions {
            let wrapped = PlanTableRenderer.wrap(line, width: 76)
            out += "  - " + wrapped.joined(separator: "\n    ") + "\n"
        }
        return out
    }

    static func render(_ t: CostTotal, policies: Int) -> String {
        let out = "Total of \(policies) policies · \(UTCFormat.rfc3339(t.from)) to \(UTCFormat.rfc3339(t.to))\n"
        let c = t.currency
        var table = TextTable(headers: ["", "Hours", "Cost \(c)", "Saves \(c)", "Saves %"], rightAligned: [1, 2, 3, 4])
        table.append(["this plan", fixed2(t.onDemandHours + t.spotHours), fixed2(t.cost), "", ""])
        for a in t.alternatives {
            table.append([a.kind.rawValue, fixed2(a.hours), fixed2(a.cost), fixed2(a.savings), a.percent.map(fixed2) ?? "-"])
        }
        return out + table.render()
    }
}
