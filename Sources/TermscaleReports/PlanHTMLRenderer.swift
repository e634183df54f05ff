import Foundation
import TermscaleCore

/// One self-contained HTML5 page for `termscale plan --format html`: a header, an SVG step chart
/// of MinSize with exam sessions and scheduled actions, then the warnings, the actions, the exam
/// sessions per local day and the calendar windows.
///
/// No scripts and no external resources (fonts, styles, images): the file opens offline and can be
/// attached to an email. Times are shown in the policy's zone with its abbreviation, instants for
/// AWS in UTC. The output depends only on the report, byte for byte.
public struct PlanHTMLRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: PlanReport) -> String {
        let label = report.label
        let first = label.local(report.from)
        let last = label.local(report.to.addingTimeInterval(-1))
        let group = HTMLText.escape(report.policy.autoScalingGroup)
        var out =
            HTMLText.documentStart(
                title: "termscale plan · \(group) · \(e(label.dayText(first))) – \(e(label.dayText(last)))", css: Self.css)
                + """
                <main>

                """
        out += header(report)
        out += "<section class=\"chart-box\">\n" + PlanChart(report: report).svg() + "</section>\n"
        out += warnings(report)
        out += actions(report)
        out += exams(report)
        out += windows(report)
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    // MARK: Sections

    func header(_ r: PlanReport) -> String {
        let label = r.label
        let first = label.local(r.from)
        let last = label.local(r.to.addingTimeInterval(-1))
        let now = label.local(r.now)
        var zones = [label.abbreviation(at: r.from)]
        let endZone = label.abbreviation(at: r.to.addingTimeInterval(-1))
        if endZone != zones[0] { zones.append(endZone) }
        let days = Int((r.to.timeIntervalSince(r.from) / 86_400).rounded())
        let candidates = r.exams.compactMap(\.candidates).reduce(0, +)
        var facts: [(String, String)] = [
            ("Auto Scaling group", r.policy.autoScalingGroup),
            ("Region", r.policy.region),
            ("Time zone", "\(label.zone.identifier) (\(zones.joined(separator: "/")))"),
            (
                "Range",
                first.date == last.date
                    ? label.dayText(first)
                    : "\(label.dayText(first)) – \(label.dayText(last)) (\(days) days)"
            ),
            ("Now", "\(label.dayText(now)) \(label.timeText(now)) \(label.abbreviation(at: r.now))"),
            ("Now (UTC)", UTCFormat.rfc3339(r.now)),
            ("Current MinSize", "\(r.schedule.currentMinSize)"),
            ("Peak MinSize", "\(r.plan.peakMinSize) of MaxSize \(r.policy.capacity.max)"),
            ("Scheduled actions", "\(r.schedule.actions.count) (budget \(r.policy.limits.maxScheduledActions))"),
            ("Exam sessions", "\(r.exams.count) · \(candidates.groupedThousands) candidates"),
        ]
        if r.schedule.extraInstanceHours > 0 {
            facts.append(
                ("Extra instance-hours", "\(HTMLText.fixed2(r.schedule.extraInstanceHours)) (steps merged to fit the budget)"))
        }
        facts.append(("Policy", "\(r.policy.name) · \(r.policyFile)"))
        var out = "<header>\n<h1>Capacity plan: \(e(r.policy.name))</h1>\n<dl class=\"facts\">\n"
        for (key, value) in facts {
            out += "<div><dt>\(e(key))</dt><dd>\(e(value))</dd></div>\n"
        }
        out += "</dl>\n</header>\n"
        return out
    }

    func warnings(_ r: PlanReport) -> String {
        guard !r.warnings.isEmpty else {
            return "<section class=\"ok\"><h2>Warnings</h2><p>No warnings.</p></section>\n"
        }
        var out = "<section class=\"warnings\" role=\"alert\">\n<h2>Warnings (\(r.warnings.count))</h2>\n<ul>\n"
        for w in r.warnings { out += "<li>\(e(w))</li>\n" }
        return out + "</ul>\n</section>\n"
    }

    func actions(_ r: PlanReport) -> String {
        let label = r.label
        var out = "<section>\n<h2>Scheduled actions (\(r.schedule.actions.count))</h2>\n"
        guard !r.schedule.actions.isEmpty else {
            return out
                + "<p class=\"muted\">No changes of MinSize in this range: it stays at \(r.schedule.currentMinSize).</p>\n</section>\n"
        }
        if r.schedule.isMerged {
            out +=
                "<p class=\"muted\">\(r.schedule.requiredChanges) changes merged into \(r.schedule.actions.count) actions "
                + "(\(HTMLText.fixed2(r.schedule.extraInstanceHours)) extra instance-hours).</p>\n"
        }
        out +=
            "<table>\n<thead><tr><th>Name</th><th>Local time</th><th>UTC start</th><th class=\"num\">MinSize</th>"
            + "<th class=\"num\">Change</th></tr></thead>\n<tbody>\n"
        var previous = r.schedule.currentMinSize
        for a in r.schedule.actions {
            let local = label.local(a.startTime)
            let change = a.minSize - previous
            previous = a.minSize
            out +=
                "<tr><td><code>\(e(a.name))</code></td>"
                + "<td>\(e(label.dayText(local))) \(label.timeText(local)) \(e(label.abbreviation(at: a.startTime)))</td>"
                + "<td><code>\(UTCFormat.rfc3339(a.startTime))</code></td><td class=\"num\">\(a.minSize)</td>"
                + "<td class=\"num \(change > 0 ? "up" : "down")\">\(change > 0 ? "+" : "−")\(abs(change))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    func exams(_ r: PlanReport) -> String {
        let label = r.label
        var out = "<section>\n<h2>Exam sessions (\(r.exams.count))</h2>\n"
        guard !r.exams.isEmpty else { return out + "<p class=\"muted\">No exam sessions in this range.</p>\n</section>\n" }
        var days: [(date: CivilDate, exams: [ExamSession])] = []
        for exam in r.exams.sorted(by: { ($0.start, PlanChart.name($0)) < ($1.start, PlanChart.name($1)) }) {
            let date = label.local(exam.start).date
            if days.last?.date == date { days[days.count - 1].exams.append(exam) } else { days.append((date, [exam])) }
        }
        for day in days {
            let total = day.exams.compactMap(\.candidates).reduce(0, +)
            out +=
                "<h3>\(e(label.dayText(label.local(day.exams[0].start)))) · \(day.exams.count) "
                + "session\(day.exams.count == 1 ? "" : "s") · \(total.groupedThousands) candidates</h3>\n"
            out +=
                "<table class=\"exams\">\n<thead><tr><th>Local time</th><th>Code</th><th>Title</th>"
                + "<th class=\"num\">Candidates</th><th>Location</th></tr></thead>\n<tbody>\n"
            for x in day.exams {
                out +=
                    "<tr><td>\(e(Self.timeRange(x.start, x.end, label: label)))</td><td>\(e(x.code ?? "—"))</td>"
                    + "<td>\(e(x.title))</td><td class=\"num\">\(x.candidates.map(\.groupedThousands) ?? "<span class=\"unknown\">?</span>")</td>"
                    + "<td>\(e(x.location ?? ""))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        return out + "</section>\n"
    }

    func windows(_ r: PlanReport) -> String {
        let label = r.label
        var out = "<section>\n<h2>Calendar windows (\(r.windows.count))</h2>\n"
        guard !r.windows.isEmpty else { return out + "<p class=\"muted\">No calendar windows in this range.</p>\n</section>\n" }
        out +=
            "<table>\n<thead><tr><th>Category</th><th>Title</th><th>Start</th><th>End</th><th class=\"num\">Floor</th>"
            + "</tr></thead>\n<tbody>\n"
        for w in r.windows {
            let start = label.local(w.start)
            let end = label.local(w.end)
            out +=
                "<tr><td>\(e(w.category))</td><td>\(e(w.title))</td>"
                + "<td>\(e(label.dayText(start))) \(label.timeText(start)) \(e(label.abbreviation(at: w.start)))</td>"
                + "<td>\(e(label.dayText(end))) \(label.timeText(end)) \(e(label.abbreviation(at: w.end)))</td>"
                + "<td class=\"num\">\(r.policy.windows[w.category].map(String.init) ?? "—")</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    // MARK: Helpers

    func e(_ s: String) -> String { HTMLText.escape(s) }

    /// `09:30–12:30 GMT`; the end's day is given when it falls on another local date, and its
    /// abbreviation when the clock changed in between.
    static func timeRange(_ start: Date, _ end: Date, label: ZoneLabel) -> String {
        let s = label.local(start)
        let t = label.local(end)
        var text = label.timeText(s) + "–"
        if t.date != s.date { text += label.dayText(t) + " " }
        text += label.timeText(t)
        let a = label.abbreviation(at: start)
        let b = label.abbreviation(at: end)
        return text + (a == b ? " \(a)" : " \(a)/\(b)")
    }

    static func timeRange(_ start: Int64, _ end: Int64, label: ZoneLabel) -> String {
        timeRange(UTCFormat.date(start), UTCFormat.date(end), label: label)
    }

    /// Accessible palette (Okabe–Ito): blue line, orange on-demand, reddish purple exams, green windows.
    static let css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #ffffff; color: #1f2328;
          font: 14px/1.45 system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
        main { max-width: 1400px; margin: 0 auto; padding: 20px 16px 40px; }
        h1 { font-size: 22px; margin: 0 0 10px; }
        h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
        h3 { font-size: 14px; margin: 18px 0 6px; color: #424a53; }
        .facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 4px 28px; margin: 0; }
        .facts div { display: flex; gap: 10px; }
        .facts dt { color: #57606a; flex: 0 0 150px; }
        .facts dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; }
        .chart-box { margin: 18px 0 4px; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px 0; overflow-x: auto; }
        svg.chart { display: block; max-width: 100%; height: auto; margin: 0 auto;
          font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
        .day-alt { fill: #f3f5f7; }
        .day-line { stroke: #8c959f; stroke-width: 1; }
        .day-label { font-size: 12px; font-weight: 700; fill: #1f2328; }
        .tick { font-size: 10px; fill: #57606a; font-variant-numeric: tabular-nums; }
        .grid { stroke: #d8dee4; stroke-width: 1; }
        .hour-grid { stroke: #e4e8ec; stroke-width: 1; stroke-dasharray: 2 3; }
        .axis { stroke: #57606a; stroke-width: 1; }
        .on-demand-band { fill: #E69F00; fill-opacity: 0.22; }
        .window-band { fill: #009E73; fill-opacity: 0.18; stroke: #009E73; stroke-width: 1; }
        .window-label { font-size: 11px; fill: #00573f; }
        .max-line { stroke: #6e7781; stroke-width: 1.2; stroke-dasharray: 6 4; }
        .max-label { font-size: 10px; fill: #57606a; }
        .step { fill: none; stroke: #0072B2; stroke-width: 2.5; stroke-linejoin: round; }
        .scheduled { fill: none; stroke: #D55E00; stroke-width: 1.5; stroke-dasharray: 5 3; }
        .level-label { font-size: 11px; font-weight: 700; fill: #005a8c; }
        .hit { fill: transparent; }
        .hit:hover { fill: #0072B2; fill-opacity: 0.06; }
        .action { fill: #D55E00; stroke: #ffffff; stroke-width: 1.5; }
        .now-line { stroke: #24292f; stroke-width: 1.5; stroke-dasharray: 3 3; }
        .now-label { font-size: 11px; font-weight: 700; fill: #24292f; }
        .exam-band { fill: #CC79A7; stroke: #8f3f6d; stroke-width: 0.8; }
        .exam-label { font-size: 10.5px; font-weight: 700; fill: #1f2328; }
        .exam-detail { font-size: 10px; fill: #57606a; }
        .exam:hover .exam-band { fill: #a8538a; }
        .muted-label { font-size: 12px; fill: #57606a; }
        .legend-label { font-size: 12px; fill: #24292f; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #eaeef2; vertical-align: top; }
        th { background: #f6f8fa; font-weight: 600; color: #424a53; }
        tbody tr:nth-child(even) td { background: #fafbfc; }
        .num { text-align: right; }
        .up { color: #0a6b3d; }
        .down { color: #8a4600; }
        code { font: 12.5px ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; }
        .muted { color: #57606a; }
        .unknown { color: #b35900; font-weight: 700; }
        .warnings { background: #fff8c5; border: 1px solid #d4a72c; border-left: 6px solid #bf8700;
          border-radius: 6px; padding: 4px 16px 8px; margin-top: 20px; }
        .warnings h2 { border: 0; margin-top: 8px; color: #7d4e00; }
        .warnings li { margin: 4px 0; }
        .ok { margin-top: 20px; }
        .ok p { color: #1a7f37; margin: 0; }

        """
}
