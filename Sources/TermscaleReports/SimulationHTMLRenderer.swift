import Foundation
import TermscaleCore

/// One self-contained HTML5 page for `termscale simulate --format html`: the settings, the totals,
/// the timeline of every exam day as small multiples (`SimulationDayChart`: instances in service
/// against the planned MinSize, shortfalls marked), grouped into periods (days with exam starts
/// less than `periodGap` days apart), then the shortfalls, the sessions whose exam capacity
/// launched on Spot, the late changes and the assumptions.
///
/// No scripts and no external resources: the file opens offline. Days and times are the
/// policy's zone's, instants in the tables UTC. Tables longer than `CostHTMLRenderer.foldAfter`
/// rows fold into a closed `<details>`. The output depends only on the report, byte for byte.
public struct SimulationHTMLRenderer: ReportRenderer {
    /// Exam days this many days apart or more start a new period (class tests a week apart
    /// share one).
    static let periodGap = 8

    public init() {}

    public func render(_ r: SimulationReport) -> String {
        var out =
            HTMLText.documentStart(
                title: "termscale simulate · \(e(r.policy.autoScalingGroup))",
                css: PlanHTMLRenderer.css + CostHTMLRenderer.css + Self.css)
                + """
                <main>
                <h1>Simulation: \(e(r.policy.name))</h1>

                """
        out += header(r)
        out += summary(r)
        out += timeline(r)
        out += shortfalls(r)
        out += onSpot(r)
        if !r.lateChanges.isEmpty {
            out += "<h3>Late changes</h3>\n<ul class=\"assumptions\">\n"
            for change in r.lateChanges {
                out += "<li>\(UTCFormat.rfc3339(change.at)): <code>\(e(change.path))</code> (\(change.kind.rawValue))</li>\n"
            }
            out += "</ul>\n"
        }
        out += HTMLText.assumptions(r.assumptions)
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    func header(_ r: SimulationReport) -> String {
        let s = r.settings
        let label = ZoneLabel(zone: r.policy.timezone)
        let days = Int((s.to.timeIntervalSince(s.from) / 86_400).rounded())
        let facts: [(String, String)] = [
            ("Auto Scaling group", "\(r.policy.autoScalingGroup) (\(r.policy.region))"),
            ("Range (\(label.zone.identifier))", "\(CostHTMLRenderer.days(s.from, s.to, label: label)) (\(days) days)"),
            ("Range (UTC)", "\(UTCFormat.rfc3339(s.from)) to \(UTCFormat.rfc3339(s.to))"),
            ("Mix switch", r.mixSwitch),
            (
                "Cron",
                "every \(r.policy.limits.cronIntervalMinutes) min, outage rate \(SimulationReport.decimal(s.cronOutageRate))"
                    + (s.cronDown.map { ", down \(UTCFormat.rfc3339($0.lowerBound)) to \(UTCFormat.rfc3339($0.upperBound))" }
                        ?? "")
            ),
            (
                "Fleet",
                "boot \(r.bootMinutes) min, actions up to \(s.actionDelayMax) s late, \(SimulationReport.decimal(s.spotInterruptionsPerDay)) Spot interruptions a day"
            ),
            ("Policy", "\(r.policy.name) · \(r.policyFile)"),
            ("Seed", String(s.seed)),
        ]
        var out = "<dl class=\"facts\">\n"
        for (key, value) in facts { out += "<div><dt>\(e(key))</dt><dd>\(e(value))</dd></div>\n" }
        return out + "</dl>\n"
    }

    func summary(_ r: SimulationReport) -> String {
        let n = r.sessions.count
        let c = e(r.policy.instance.currency)
        let verdict = r.covered == n && r.coveredOnDemand == n ? "good" : r.covered == n ? "warn" : "bad"
        var out =
            "<p class=\"lead \(verdict)\"><strong>\(r.covered.groupedThousands) of \(n.groupedThousands) exam starts covered"
            + " (\(SimulationTableRenderer.percent(r.covered, n)))</strong>, \(r.coveredOnDemand.groupedThousands) on-demand "
            + "(\(SimulationTableRenderer.percent(r.coveredOnDemand, n))).</p>\n"
        let f = r.fleet
        let rows: [(String, String)] = [
            ("Exam starts", n.groupedThousands), ("Covered", r.covered.groupedThousands),
            ("Covered on-demand", r.coveredOnDemand.groupedThousands),
            ("Short at their start", r.shortfalls.count.groupedThousands),
            ("Cron runs", r.runs.runs.groupedThousands), ("Failed runs", r.runs.failed.groupedThousands),
            ("Ticks with the cron host down", r.runs.skipped.groupedThousands), ("API calls", r.runs.apiCalls.groupedThousands),
            ("Launches", f.launches.groupedThousands), ("Spot interruptions", f.spotInterruptions.groupedThousands),
            (
                "Fleet instance-hours (on-demand / Spot)",
                "\(fixed2(f.line.hours)) (\(fixed2(f.line.onDemandHours)) / \(fixed2(f.line.spotHours)))"
            ),
            ("Fleet cost \(c)", fixed2(f.line.cost.roundedToCents)),
            ("Plan instance-hours (cost model)", fixed2(r.planCost.hours)),
            ("Plan cost \(c) (cost model)", fixed2(r.planCost.cost.roundedToCents)),
        ]
        out += "<table class=\"summary\">\n<tbody>\n"
        for (key, value) in rows { out += "<tr><td>\(key)</td><td class=\"num\">\(value)</td></tr>\n" }
        return out + "</tbody>\n</table>\n"
    }

    /// The exam days as small multiples, period by period.
    func timeline(_ r: SimulationReport) -> String {
        let label = ZoneLabel(zone: r.policy.timezone)
        let byDay = Dictionary(grouping: r.sessions) { label.local($0.start).date }
        let days = byDay.keys.sorted()
        guard !days.isEmpty else { return "<p class=\"muted\">No exam session starts in the range.</p>\n" }
        let top = max(r.planned.map(\.value).max() ?? 1, r.inService.map(\.total).max() ?? 1)
        let yMax = max(10, (top + 9) / 10 * 10)
        var periods: [[CivilDate]] = []
        for day in days {
            if let last = periods.last?.last, day.daysSinceEpoch - last.daysSinceEpoch < Self.periodGap {
                periods[periods.count - 1].append(day)
            } else {
                periods.append([day])
            }
        }
        var out =
            "<h3>Exam days</h3>\n<p class=\"legend\"><span class=\"key-box od\"></span>in service, on-demand "
            + "<span class=\"key-box spot\"></span>in service, Spot <span class=\"key-line\"></span>planned MinSize "
            + "<span class=\"key-mark ok\">▲</span>exam start covered on-demand <span class=\"key-mark spot\">▲</span>"
            + "exam capacity on Spot <span class=\"key-mark short\">▲</span>short (the band: how long)</p>\n"
        var panel = 0
        for period in periods {
            let sessions = period.flatMap { byDay[$0] ?? [] }
            let short = sessions.filter { !$0.covered }.count
            let onSpot = sessions.filter { $0.covered && !$0.coveredOnDemand }.count
            let first = label.dayText(LocalDateTime(date: period[0]))
            let last = label.dayText(LocalDateTime(date: period[period.count - 1]))
            out +=
                "<h4>\(period.count == 1 ? first : "\(first) – \(last)") · \(period.count) exam day\(period.count == 1 ? "" : "s"), "
                + "\(sessions.count) start\(sessions.count == 1 ? "" : "s")\(short > 0 ? ", <span class=\"bad\">\(short) short</span>" : "")"
                + "\(onSpot > 0 ? ", <span class=\"warn\">\(onSpot) on Spot</span>" : "")</h4>\n<div class=\"days\">\n"
            for day in period {
                panel += 1
                let daySessions = byDay[day] ?? []
                let flagged =
                    daySessions.contains { !$0.covered } ? " bad" : daySessions.contains { !$0.coveredOnDemand } ? " warn" : ""
                out +=
                    "<div class=\"day\(flagged)\">"
                    + SimulationDayChart(report: r, day: day, sessions: daySessions, yMax: yMax, label: label).svg(
                        id: "day-\(panel)") + "</div>\n"
            }
            out += "</div>\n"
        }
        return out
    }

    func shortfalls(_ r: SimulationReport) -> String {
        sessions(
            r.shortfalls, heading: "Short at their start, the longest first", last: "Minutes short", value: \.minutesShort)
    }

    func onSpot(_ r: SimulationReport) -> String {
        sessions(
            r.onSpot, heading: "Covered, but exam capacity launched on Spot", last: "Spot for the exam",
            value: \.spotExamCapacity)
    }

    /// A folded table of `list`: session, title, start, planned, in service, on-demand, then
    /// `last` with each session's `value`; nothing for an empty list.
    func sessions(_ list: [SimulationSession], heading: String, last: String, value: (SimulationSession) -> Int) -> String {
        guard !list.isEmpty else { return "" }
        var table =
            "<table>\n<thead><tr><th>Session</th><th>Title</th><th>Starts (UTC)</th><th class=\"num\">Planned</th>"
            + "<th class=\"num\">In service</th><th class=\"num\">On-demand</th><th class=\"num\">\(last)</th></tr></thead>\n<tbody>\n"
        for s in list {
            table +=
                "<tr><td>\(e(s.label))</td><td>\(e(s.title))</td><td>\(UTCFormat.rfc3339(s.start))</td><td class=\"num\">\(s.planned)</td>"
                + "<td class=\"num\">\(s.inService)</td><td class=\"num\">\(s.onDemand)</td><td class=\"num\">\(value(s))</td></tr>\n"
        }
        table += "</tbody>\n</table>\n"
        return "<h3>\(heading) (\(list.count))</h3>\n"
            + CostHTMLRenderer.folded(table, rows: list.count, "the \(list.count) sessions")
    }

    func e(_ s: String) -> String { HTMLText.escape(s) }

    /// Added to the plan and cost pages' style: on-demand blue, Spot light blue, the plan dark,
    /// shortfalls vermilion, Spot launches orange (Okabe–Ito).
    static let css = """
        h4 { font-size: 13.5px; margin: 18px 0 6px; color: #24292f; }
        .lead.good strong { color: #1a7f37; }
        .lead.warn strong { color: #9a6700; }
        .lead.bad strong { color: #b42318; }
        span.bad { color: #b42318; font-weight: 700; }
        span.warn { color: #9a6700; font-weight: 700; }
        .legend { font-size: 12.5px; color: #424a53; }
        .key-box { display: inline-block; width: 12px; height: 10px; margin: 0 4px 0 10px; vertical-align: middle; }
        .key-box.od { background: #0072B2; opacity: 0.55; }
        .key-box.spot { background: #56B4E9; opacity: 0.75; }
        .key-line { display: inline-block; width: 16px; height: 0; margin: 0 4px 3px 10px; border-top: 2.5px solid #1f2328; vertical-align: middle; }
        .key-mark { margin-left: 10px; margin-right: 3px; font-size: 11px; }
        .key-mark.ok { color: #8c959f; }
        .key-mark.spot { color: #E69F00; }
        .key-mark.short { color: #D55E00; }
        .days { display: flex; flex-wrap: wrap; gap: 8px; }
        .day { border: 1px solid #d0d7de; border-radius: 6px; padding: 2px; background: #ffffff; }
        .day.warn { border-color: #E69F00; }
        .day.bad { border-color: #D55E00; border-width: 2px; }
        svg.day-chart { display: block;
          font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
        .day-flag { font-size: 11px; font-weight: 700; fill: #b42318; }
        .day-flag.spot { fill: #9a6700; }
        .in-service-od { fill: #0072B2; fill-opacity: 0.55; }
        .in-service-spot { fill: #56B4E9; fill-opacity: 0.75; }
        .planned { fill: none; stroke: #1f2328; stroke-width: 1.8; stroke-linejoin: round; }
        .start .mark { fill: #8c959f; }
        .start.spot .mark { fill: #E69F00; }
        .start.short .mark { fill: #D55E00; }
        .short-band { fill: #D55E00; fill-opacity: 0.28; }
        ul.assumptions li { margin: 3px 0; }

        """
}
