import Foundation
import TermscaleCore

/// One self-contained HTML5 page for `termscale cost --format html`, per policy: a header, the plan
/// against the alternatives (the table's numbers), an SVG chart of the cost per period (the plan's
/// on-demand and Spot cost stacked, the alternatives as lines), the periods, the calendar windows,
/// the exam sessions adding the most, the sessions reactive-only would leave short and the
/// assumptions; then, for several policies, their total.
///
/// No scripts and no external resources (fonts, styles, images): the file opens offline and can be
/// attached to an email. Money and hours are written as the table writes them (two decimals);
/// days are the policy's zone's, instants UTC. Tables longer than `foldAfter` rows fold into a
/// closed `<details>`. The output depends only on the reports, byte for byte.
public struct CostHTMLRenderer: ReportRenderer {
    /// Rows a table may have before it folds away.
    static let foldAfter = 24

    public init() {}

    public func render(_ reports: [CostReport]) -> String {
        let groups = reports.map(\.policy.autoScalingGroup).joined(separator: ", ")
        let heading = reports.count == 1 ? "Cost forecast: \(reports[0].policy.name)" : "Cost forecast: \(reports.count) policies"
        var out =
            HTMLText.documentStart(title: "termscale cost · \(e(groups))", css: PlanHTMLRenderer.css + Self.css)
                + """
                <main>
                <h1>\(e(heading))</h1>

                """
        for (i, r) in reports.enumerated() { out += section(r, number: i + 1) }
        if reports.count > 1, let total = CostTotal(reports) { out += Self.total(total, policies: reports.count) }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    // MARK: Sections

    func section(_ r: CostReport, number: Int) -> String {
        var out = "<section class=\"policy\" id=\"policy-\(number)\">\n"
        out += header(r)
        out += summary(r)
        let per = r.periodKind == .window ? "stretch between calendar window edges" : r.periodKind.rawValue
        out += "<h3>Cost per \(per)</h3>\n"
        out += "<div class=\"chart-box\">\n" + CostChart(report: r).svg(id: "chart-title-\(number)") + "</div>\n"
        out += periods(r)
        out += windows(r)
        out += topExams(r)
        out += uncovered(r)
        out += HTMLText.assumptions(r.assumptions)
        out += "</section>\n"
        return out
    }

    func header(_ r: CostReport) -> String {
        let f = r.forecast
        let label = ZoneLabel(zone: r.policy.timezone)
        let i = r.policy.instance
        let days = Int((f.to.timeIntervalSince(f.from) / 86_400).rounded())
        let facts: [(String, String)] = [
            ("Auto Scaling group", r.policy.autoScalingGroup),
            ("Region", r.policy.region),
            ("Range (\(label.zone.identifier))", "\(Self.days(f.from, f.to, label: label)) (\(days) days)"),
            ("Range (UTC)", "\(UTCFormat.rfc3339(f.from)) to \(UTCFormat.rfc3339(f.to))"),
            (
                "Instance",
                "\(i.type) · on-demand \(Decimal.price(i.onDemandPrice)), Spot \(Decimal.price(i.spotPrice)) \(i.currency) an hour"
            ),
            ("Policy", "\(r.policy.name) · \(r.policyFile)"),
        ]
        var out = "<h2>\(e(r.policy.name))</h2>\n<dl class=\"facts\">\n"
        for (key, value) in facts { out += "<div><dt>\(e(key))</dt><dd>\(e(value))</dd></div>\n" }
        return out + "</dl>\n"
    }

    /// The plan and each alternative: the table renderer's rows, with a sentence against static-peak.
    func summary(_ r: CostReport) -> String {
        let f = r.forecast
        let c = e(f.currency)
        var out = ""
        if let peak = f.alternatives.first(where: { $0.kind == .staticPeak }) {
            out +=
                "<p class=\"lead\">This plan costs <strong>\(CostChart.money(r.totalCost)) \(c)</strong>; running its peak "
                + "all the time on-demand (static-peak) would cost \(CostChart.money(peak.line.cost.roundedToCents)) \(c)"
                + (r.savings(peak) > 0
                    ? ": the plan saves <strong>\(CostChart.money(r.savings(peak))) \(c)"
                        + (peak.savingsPercent.map { " (\(fixed2($0)) %)" } ?? "") + "</strong>"
                    : "") + ".</p>\n"
        }
        if let reactive = f.alternatives.first(where: { $0.kind == .reactiveOnly }), !f.uncoveredExams.isEmpty {
            let saves = r.savings(reactive)
            let n = f.uncoveredExams.count
            out +=
                "<p class=\"lead\">Reactive-only would cost \(CostChart.money(abs(saves))) \(c) \(saves < 0 ? "less" : "more") "
                + "and leave <strong>\(n) exam session\(n == 1 ? "" : "s") short</strong> when candidates start.</p>\n"
        }
        out +=
            "<table class=\"summary\">\n<thead><tr><th></th><th class=\"num\">On-demand h</th><th class=\"num\">Spot h</th>"
            + "<th class=\"num\">Cost \(c)</th><th class=\"num\">Saves \(c)</th><th class=\"num\">Saves %</th></tr></thead>\n"
            + "<tbody>\n<tr class=\"plan\"><td>this plan</td><td class=\"num\">\(fixed2(f.plan.onDemandHours))</td>"
            + "<td class=\"num\">\(fixed2(f.plan.spotHours))</td><td class=\"num\">\(fixed2(r.totalCost))</td>"
            + "<td class=\"num\"></td><td class=\"num\"></td></tr>\n"
        for a in f.alternatives {
            let saves = r.savings(a)
            out +=
                "<tr><td><span class=\"key \(CostChart.lineClass(a.kind))\"></span>\(a.kind.rawValue)</td>"
                + "<td class=\"num\">\(fixed2(a.line.onDemandHours))</td><td class=\"num\">\(fixed2(a.line.spotHours))</td>"
                + "<td class=\"num\">\(fixed2(a.line.cost.roundedToCents))</td>"
                + "<td class=\"num \(saves < 0 ? "down" : "up")\">\(fixed2(saves))</td>"
                + "<td class=\"num \(saves < 0 ? "down" : "up")\">\(a.savingsPercent.map(fixed2) ?? "-")</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// The periods with the alternatives' costs beside the plan's, and their totals.
    func periods(_ r: CostReport) -> String {
        let f = r.forecast
        let c = e(f.currency)
        let label = ZoneLabel(zone: r.policy.timezone)
        let alternatives = f.alternatives.map { ($0, r.periodCosts(of: $0.kind)) }
        let unit = r.periodKind == .window ? "stretch" : r.periodKind.rawValue
        let count = "\(r.periods.count) \(unit)\(r.periods.count == 1 ? "" : r.periodKind == .window ? "es" : "s")"
        var table =
            "<table class=\"periods\">\n<thead><tr><th>\(r.periodKind == .window ? "Stretch" : "Period")</th><th>First day</th>"
            + "<th>Last day</th><th class=\"num\">On-demand h</th><th class=\"num\">Spot h</th><th class=\"num\">Cost \(c)</th>"
        for (a, _) in alternatives { table += "<th class=\"num\">\(a.kind.rawValue) \(c)</th>" }
        table += "</tr></thead>\n<tbody>\n"
        for (i, (p, cost)) in zip(r.periods, r.periodCosts).enumerated() {
            table +=
                "<tr><td>\(e(p.label))</td><td>\(e(label.dayText(label.local(p.start))))</td>"
                + "<td>\(e(label.dayText(label.local(max(p.start, p.end.addingTimeInterval(-1))))))</td>"
                + "<td class=\"num\">\(fixed2(p.line.onDemandHours))</td><td class=\"num\">\(fixed2(p.line.spotHours))</td>"
                + "<td class=\"num\">\(fixed2(cost))</td>"
            for (_, costs) in alternatives { table += "<td class=\"num\">\(fixed2(costs[i]))</td>" }
            table += "</tr>\n"
        }
        table +=
            "</tbody>\n<tfoot><tr><td>Total</td><td></td><td></td><td class=\"num\">\(fixed2(f.plan.onDemandHours))</td>"
            + "<td class=\"num\">\(fixed2(f.plan.spotHours))</td><td class=\"num\">\(fixed2(r.totalCost))</td>"
        for (a, _) in alternatives { table += "<td class=\"num\">\(fixed2(a.line.cost.roundedToCents))</td>" }
        table += "</tr></tfoot>\n</table>\n"
        return "<h3>By \(r.periodKind.rawValue) (\(count))</h3>\n" + Self.folded(table, rows: r.periods.count, "all \(count)")
    }

    func windows(_ r: CostReport) -> String {
        let f = r.forecast
        var out = "<h3>Calendar windows (\(f.windows.count))</h3>\n"
        guard !f.windows.isEmpty else { return out + "<p class=\"muted\">No calendar windows in this range.</p>\n" }
        let label = ZoneLabel(zone: r.policy.timezone)
        var table =
            "<table class=\"windows\">\n<thead><tr><th>Window</th><th>Category</th><th>First day</th><th>Last day</th>"
            + "<th class=\"num\">Floor</th><th class=\"num\">On-demand h</th><th class=\"num\">Spot h</th>"
            + "<th class=\"num\">Cost \(e(f.currency))</th></tr></thead>\n<tbody>\n"
        for w in f.windows {
            let last = max(w.window.start, w.window.end.addingTimeInterval(-1))
            table +=
                "<tr><td>\(e(w.window.title))</td><td>\(e(w.window.category))</td>"
                + "<td>\(e(label.dayText(label.local(w.window.start))))</td><td>\(e(label.dayText(label.local(last))))</td>"
                + "<td class=\"num\">\(w.floor.map(String.init) ?? "—")</td>"
                + "<td class=\"num\">\(fixed2(w.line.onDemandHours))</td><td class=\"num\">\(fixed2(w.line.spotHours))</td>"
                + "<td class=\"num\">\(fixed2(w.line.cost.roundedToCents))</td></tr>\n"
        }
        table += "</tbody>\n</table>\n"
        out += "<p class=\"muted\">Each window's cost is the plan's while it is open, exams included; windows may overlap.</p>\n"
        return out + Self.folded(table, rows: f.windows.count, "all \(f.windows.count) windows")
    }

    func topExams(_ r: CostReport) -> String {
        let top = r.topExams
        guard !top.isEmpty else {
            return "<h3>Exam sessions</h3>\n<p class=\"muted\">No exam session adds to the plan in this range.</p>\n"
        }
        let label = ZoneLabel(zone: r.policy.timezone)
        var out =
            "<h3>The \(top.count) exam session\(top.count == 1 ? "" : "s") adding the most instance-hours</h3>\n"
            + "<table class=\"exams\">\n<thead><tr><th>Session</th><th>Title</th>"
            + "<th>Starts (\(e(label.zone.identifier)))</th><th class=\"num\">Candidates</th><th class=\"num\">Hours</th>"
            + "<th class=\"num\">Cost \(e(r.forecast.currency))</th></tr></thead>\n<tbody>\n"
        for s in top {
            let start = label.local(s.exam.start)
            out +=
                "<tr><td>\(e(s.exam.code ?? "—"))</td><td>\(e(s.exam.title))</td>"
                + "<td>\(e(label.dayText(start))) \(label.timeText(start))</td><td class=\"num\">\(s.candidates.groupedThousands)</td>"
                + "<td class=\"num\">\(fixed2(s.instanceHours))</td><td class=\"num\">\(fixed2(s.cost.roundedToCents))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    func uncovered(_ r: CostReport) -> String {
        let list = r.forecast.uncoveredExams
        guard !list.isEmpty else {
            return
                "<h3>Reactive-only</h3>\n<p class=\"muted\">Reactive-only would leave no exam session short at its start.</p>\n"
        }
        let label = ZoneLabel(zone: r.policy.timezone)
        let worst = list.map(\.missingInstances).max() ?? 0
        let minutes = Set(list.map(\.minutesToCover)).sorted().map(String.init).joined(separator: " or ")
        var out =
            "<h3>Exam sessions reactive-only would leave short (\(list.count))</h3>\n"
            + "<p>Reactive-only would leave <strong>\(list.count) exam session\(list.count == 1 ? "" : "s")</strong> short when "
            + "candidates start, up to \(worst) instance\(worst == 1 ? "" : "s") missing, for the \(minutes) minutes "
            + "target tracking needs to bring them into service.</p>\n"
        var table =
            "<table class=\"uncovered\">\n<thead><tr><th>Starts (\(e(label.zone.identifier)))</th><th>Starts (UTC)</th>"
            + "<th>Session</th><th>Title</th><th class=\"num\">Instances short</th><th class=\"num\">Minutes</th></tr></thead>\n"
            + "<tbody>\n"
        for u in list {
            let start = label.local(u.exam.start)
            table +=
                "<tr><td>\(e(label.dayText(start))) \(label.timeText(start))</td><td><code>\(UTCFormat.rfc3339(u.exam.start))</code></td>"
                + "<td>\(e(u.exam.code ?? "—"))</td><td>\(e(u.exam.title))</td><td class=\"num\">\(u.missingInstances)</td>"
                + "<td class=\"num\">\(u.minutesToCover)</td></tr>\n"
        }
        table += "</tbody>\n</table>\n"
        out += Self.folded(table, rows: list.count, "all \(list.count) sessions")
        return out
    }

    static func total(_ t: CostTotal, policies: Int) -> String {
        let c = HTMLText.escape(t.currency)
        var out =
            "<section class=\"total\" id=\"total\">\n<h2>Total of \(policies) policies</h2>\n"
            + "<p class=\"muted\">\(UTCFormat.rfc3339(t.from)) to \(UTCFormat.rfc3339(t.to)) (UTC); "
            + "each policy's cost rounded to the cent, then added.</p>\n"
            + "<table class=\"summary\">\n<thead><tr><th></th><th class=\"num\">Hours</th><th class=\"num\">Cost \(c)</th>"
            + "<th class=\"num\">Saves \(c)</th><th class=\"num\">Saves %</th></tr></thead>\n<tbody>\n"
            + "<tr class=\"plan\"><td>this plan</td><td class=\"num\">\(fixed2(t.onDemandHours + t.spotHours))</td>"
            + "<td class=\"num\">\(fixed2(t.cost))</td><td class=\"num\"></td><td class=\"num\"></td></tr>\n"
        for a in t.alternatives {
            out +=
                "<tr><td><span class=\"key \(CostChart.lineClass(a.kind))\"></span>\(a.kind.rawValue)</td>"
                + "<td class=\"num\">\(fixed2(a.hours))</td><td class=\"num\">\(fixed2(a.cost))</td>"
                + "<td class=\"num \(a.savings < 0 ? "down" : "up")\">\(fixed2(a.savings))</td>"
                + "<td class=\"num \(a.savings < 0 ? "down" : "up")\">\(a.percent.map(fixed2) ?? "-")</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    // MARK: Helpers

    func e(_ s: String) -> String { HTMLText.escape(s) }

    /// `table` as it is, or folded into a closed `<details>` when it has more than `foldAfter` rows.
    static func folded(_ table: String, rows: Int, _ what: String) -> String {
        rows <= foldAfter ? table : "<details>\n<summary>Show \(HTMLText.escape(what))</summary>\n\(table)</details>\n"
    }

    /// `Mon 07 Sep 2026 – Sun 04 Jul 2027`: the first and last local day of `from..<to`.
    static func days(_ from: Date, _ to: Date, label: ZoneLabel) -> String {
        let first = label.dayText(label.local(from))
        let last = label.dayText(label.local(max(from, to.addingTimeInterval(-1))))
        return first == last ? first : "\(first) – \(last)"
    }

    /// Added to the plan page's style: the plan in blues, the alternatives in warm colours and green
    /// (Okabe–Ito, distinguishable with the common colour-vision deficiencies).
    static let css = """
        .facts { grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); }
        .facts dt { flex-basis: 170px; }
        h2 { font-size: 20px; margin: 24px 0 10px; }
        section.policy + section.policy, section.total { margin-top: 40px; }
        h3 { font-size: 15px; margin: 24px 0 8px; color: #1f2328; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
        .lead { font-size: 15px; margin: 14px 0 10px; }
        table.summary { width: auto; min-width: 640px; }
        tr.plan td { font-weight: 700; }
        tfoot td { font-weight: 700; border-top: 2px solid #d0d7de; background: #f6f8fa; }
        .key { display: inline-block; width: 14px; height: 0; margin: 0 8px 4px 0; border-top: 3px solid; vertical-align: middle; }
        .key.alt-static-peak { border-color: #D55E00; }
        .key.alt-static-peak-reserved { border-color: #CC79A7; border-top-style: dashed; }
        .key.alt-reactive-only { border-color: #009E73; }
        .bar-on-demand { fill: #0072B2; }
        .bar-spot { fill: #56B4E9; }
        .bar-total { font-size: 10px; fill: #24292f; font-variant-numeric: tabular-nums;
          paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
        .alt { fill: none; stroke-width: 2; stroke-linejoin: round; }
        .pt { stroke: #ffffff; stroke-width: 1; }
        .alt-static-peak { stroke: #D55E00; }
        .pt.alt-static-peak { fill: #D55E00; }
        .alt-static-peak-reserved { stroke: #CC79A7; }
        polyline.alt-static-peak-reserved, line.alt-static-peak-reserved { stroke-dasharray: 6 3; }
        .pt.alt-static-peak-reserved { fill: #CC79A7; }
        .alt-reactive-only { stroke: #009E73; }
        .pt.alt-reactive-only { fill: #009E73; }
        .axis-title { font-size: 11px; font-weight: 700; fill: #57606a; }
        .x-tick { stroke: #57606a; stroke-width: 1; }
        .x-label { font-size: 11px; fill: #424a53; }
        details { margin: 4px 0 8px; }
        summary { cursor: pointer; color: #0969da; margin: 4px 0 8px; }
        ul.assumptions li { margin: 3px 0; }
        @media print {
          main { max-width: none; padding: 0; }
          section.policy + section.policy, section.total { break-before: page; }
          .chart-box { overflow: visible; break-inside: avoid; }
          tr { break-inside: avoid; }
        }

        """
}
