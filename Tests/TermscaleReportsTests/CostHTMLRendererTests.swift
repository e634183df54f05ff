import Foundation
import TermscaleCore
import TermscaleReports
import TermscaleTestSupport
import Testing

/// Two ISO weeks, Mon 4 – Sun 17 Jan 2027 (GMT, so local = UTC), with a hand-made floor: 2 mixed
/// instances throughout except 10 on-demand on Tue 12 Jan 09:00–12:00. The fixture's prices,
/// £0.1632 on-demand and £0.06 Spot; base 1, 0 % above it (so 2 mixed = 1 on-demand + 1 Spot);
/// 40 % reserved discount.
///
/// - W01: 168 h on-demand + 168 h Spot = 27.4176 + 10.08 = 37.4976.
/// - W02: (165 + 30) h on-demand + 165 h Spot = 31.824 + 9.90 = 41.724.
/// - Total 79.2216 → 79.22; by largest remainder W01 takes the cent: 37.50 and 41.72.
/// - Split in proportion: W01 on-demand 37.50 × 27.4176 / 37.4976 = 27.42, Spot 10.08;
///   W02 on-demand 41.72 × 31.824 / 41.724 = 31.82, Spot 9.90.
/// - static-peak: 10 × 168 h × 0.1632 = 274.176 a week → 274.18 + 274.17 = 548.35 (the tie's cent
///   to the first); reserved 164.5056 a week → 164.51 + 164.50 = 329.01; reactive-only 37.4976 a
///   week → 37.50 + 37.50 = 75.00.
@Suite struct CostHTMLRendererTests {
    static let from = utc(2027, 1, 4)
    static let to = utc(2027, 1, 18)

    static var policy: Policy {
        var policy = Policy.fixture(name: "Moodle <web> & \"exams\"", windows: [:], onDemandBase: 1, onDemandPercentAboveBase: 0)
        policy.instance.reservedDiscountPercent = 40
        return policy
    }

    static let plan = CapacityPlan(
        from: from, to: to,
        segments: [
            PlanSegment(start: from, end: utc(2027, 1, 12, 9), minSize: 2, purchase: .mixed, reasons: []),
            PlanSegment(start: utc(2027, 1, 12, 9), end: utc(2027, 1, 12, 12), minSize: 10, purchase: .onDemand, reasons: []),
            PlanSegment(start: utc(2027, 1, 12, 12), end: to, minSize: 2, purchase: .mixed, reasons: []),
        ],
        warnings: [])

    static let exam = ExamSession(
        code: "LAW'1", title: "Law & <Order>", location: nil, start: utc(2027, 1, 12, 9, 30), end: utc(2027, 1, 12, 11, 30),
        candidates: 500, source: "exams.csv", sourceLine: 2)

    /// A category the policy sets no floor for, so it changes nothing but the tables.
    static let window = CalendarWindow(
        category: "reading-week", title: "Spring <b>term</b> & \"more\"", start: from, end: utc(2027, 1, 11),
        source: "terms.ics", sourceLine: 3)

    static func report(
        policy: Policy = policy, plan: CapacityPlan = plan, windows: [CalendarWindow] = [window], by kind: CostPeriodKind = .week
    ) -> CostReport {
        CostReport(
            policyFile: "policies/moodle-web.yaml", policy: policy,
            forecast: CostModel.forecast(plan: plan, exams: [exam], windows: windows, policy: policy),
            periodKind: kind, periods: CostModel.periods(of: plan, policy: policy, by: kind, windows: windows))
    }

    static let html = CostHTMLRenderer().render([report()])

    @Test func isOneSelfContainedPage() {
        let html = Self.html
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<svg "))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains(" src="))
        #expect(!html.contains(" href="))
        #expect(!html.contains("url("))
        #expect(!html.contains("@import"))
        let links = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!links.contains("http://"))
        #expect(!links.contains("https://"))
    }

    @Test func policyNamesAndCalendarTitlesAreEscaped() {
        let html = Self.html
        #expect(html.contains("<h1>Cost forecast: Moodle &lt;web&gt; &amp; &quot;exams&quot;</h1>"))
        #expect(html.contains("<h2>Moodle &lt;web&gt; &amp; &quot;exams&quot;</h2>"))
        #expect(html.contains("<tr><td>Spring &lt;b&gt;term&lt;/b&gt; &amp; &quot;more&quot;</td><td>reading-week</td>"))
        #expect(html.contains("<tr><td>LAW&#39;1</td><td>Law &amp; &lt;Order&gt;</td>"))
        #expect(!html.contains("<web>"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<Order>"))

        // By window, the stretch's name is the window's title: on the axis and in its tooltip too.
        let byWindow = CostHTMLRenderer().render([Self.report(by: .window)])
        #expect(
            byWindow.contains(
                "<title>Spring &lt;b&gt;term&lt;/b&gt; &amp; &quot;more&quot; · Mon 04 Jan 2027 – Sun 10 Jan 2027</title>"))
        #expect(byWindow.contains("<tr><td>Spring &lt;b&gt;term&lt;/b&gt; &amp; &quot;more&quot;</td><td>Mon 04 Jan 2027</td>"))
        #expect(!byWindow.contains("<b>"))
    }

    @Test func theHeaderGivesTheRangeInUTCAndTheZone() {
        let html = Self.html
        #expect(html.contains("<dt>Auto Scaling group</dt><dd>moodle-web</dd>"))
        #expect(html.contains("<dt>Range (Europe/London)</dt><dd>Mon 04 Jan 2027 – Sun 17 Jan 2027 (14 days)</dd>"))
        #expect(html.contains("<dt>Range (UTC)</dt><dd>2027-01-04T00:00:00Z to 2027-01-18T00:00:00Z</dd>"))
        #expect(html.contains("<dt>Instance</dt><dd>c7g.xlarge · on-demand 0.1632, Spot 0.06 GBP an hour</dd>"))
    }

    /// The table renderer's numbers: hours and money with two decimals, savings against the rounded total.
    @Test func theSummaryHasThePlanAndEachAlternative() {
        let html = Self.html
        #expect(
            html.contains(
                "<tr class=\"plan\"><td>this plan</td><td class=\"num\">363.00</td><td class=\"num\">333.00</td>"
                    + "<td class=\"num\">79.22</td><td class=\"num\"></td><td class=\"num\"></td></tr>"))
        // 469.1304 / 548.352 = 85.55 %; 249.7896 / 329.0112 = 75.92 %; −4.2264 / 74.9952 = −5.64 %.
        let rows = [
            ("static-peak", "3360.00", "0.00", "548.35", "up\">469.13", "up\">85.55"),
            ("static-peak-reserved", "3360.00", "0.00", "329.01", "up\">249.79", "up\">75.92"),
            ("reactive-only", "336.00", "336.00", "75.00", "down\">-4.22", "down\">-5.64"),
        ]
        for (name, onDemand, spot, cost, saves, percent) in rows {
            #expect(
                html.contains(
                    "<span class=\"key alt-\(name)\"></span>\(name)</td><td class=\"num\">\(onDemand)</td>"
                        + "<td class=\"num\">\(spot)</td><td class=\"num\">\(cost)</td><td class=\"num \(saves)</td>"
                        + "<td class=\"num \(percent)</td></tr>"), "\(name)")
        }
        #expect(
            html.contains(
                "This plan costs <strong>79.22 GBP</strong>; running its peak all the time on-demand (static-peak) "
                    + "would cost 548.35 GBP: the plan saves <strong>469.13 GBP (85.55 %)</strong>."))
        #expect(
            html.contains(
                "<p class=\"lead\">Reactive-only would cost 4.22 GBP less and leave <strong>1 exam session short</strong> "
                    + "when candidates start.</p>"))
    }

    /// Two bands of 650 across x 84…1384, bars 72 wide at their centres 409 and 1059; the axis
    /// runs to 300 (ticks of 50) over 320 units, so y = 376 − cost × 16/15, rounded to a tenth.
    @Test func barsStackOnDemandUnderSpotAndAddUpToThePeriodsCost() {
        let html = Self.html
        // W01: 27.42 → y 346.752 → 346.8; 37.50 → 336.
        #expect(html.contains("<rect class=\"bar-on-demand\" x=\"373\" y=\"346.8\" width=\"72\" height=\"29.2\"><title>"))
        #expect(html.contains("<rect class=\"bar-spot\" x=\"373\" y=\"336\" width=\"72\" height=\"10.8\"><title>"))
        // W02: 31.82 → 342.06 → 342.1; 41.72 → 331.50 → 331.5.
        #expect(html.contains("<rect class=\"bar-on-demand\" x=\"1023\" y=\"342.1\" width=\"72\" height=\"33.9\"><title>"))
        #expect(html.contains("<rect class=\"bar-spot\" x=\"1023\" y=\"331.5\" width=\"72\" height=\"10.6\"><title>"))
        #expect(
            html.contains(
                "<title>2027-W01 · Mon 04 Jan 2027 – Sun 10 Jan 2027\nthis plan, on-demand: 168.00 h, 27.42 GBP of 37.50</title>")
        )
        #expect(
            html.contains(
                "<title>2027-W02 · Mon 11 Jan 2027 – Sun 17 Jan 2027\nthis plan, Spot: 165.00 h, 9.90 GBP of 41.72</title>"))
        #expect(html.contains("<text class=\"bar-total\" x=\"409\" y=\"332\" text-anchor=\"middle\">37.50</text>"))
        // The axis: 0 at the bottom, 300 at the top.
        #expect(html.contains("<text class=\"tick\" x=\"76\" y=\"380\" text-anchor=\"end\">0</text>"))
        #expect(html.contains("<text class=\"tick\" x=\"76\" y=\"326.7\" text-anchor=\"end\">50</text>"))
        #expect(html.contains("<text class=\"tick\" x=\"76\" y=\"60\" text-anchor=\"end\">300</text>"))
        #expect(!html.contains(">350</text>"))
    }

    @Test func eachAlternativeIsALineThroughItsPeriodCosts() {
        let html = Self.html
        // static-peak 274.18 → 83.54, 274.17 → 83.55; reserved 164.51 → 200.52, 164.50 → 200.53; reactive 37.50 → 336.
        #expect(html.contains("<polyline class=\"alt alt-static-peak\" points=\"409,83.5 1059,83.6\"/>"))
        #expect(html.contains("<polyline class=\"alt alt-static-peak-reserved\" points=\"409,200.5 1059,200.5\"/>"))
        #expect(html.contains("<polyline class=\"alt alt-reactive-only\" points=\"409,336 1059,336\"/>"))
        #expect(
            html.contains(
                "<circle class=\"pt alt-static-peak\" cx=\"1059\" cy=\"83.6\" r=\"3\"><title>2027-W02 · Mon 11 Jan 2027 – "
                    + "Sun 17 Jan 2027\nstatic-peak: 274.17 GBP; this plan 41.72 (saves 232.45)</title></circle>"))
        #expect(
            html.contains(
                "<circle class=\"pt alt-reactive-only\" cx=\"1059\" cy=\"336\" r=\"3\"><title>2027-W02 · Mon 11 Jan 2027 – "
                    + "Sun 17 Jan 2027\nreactive-only: 37.50 GBP; this plan 41.72 (costs 4.22 more)</title></circle>"))
        // The legend names each one, with its colour.
        let legend = html.components(separatedBy: "<g class=\"legend\">")[1].components(separatedBy: "</g>")[0]
        for name in ["static-peak", "static-peak-reserved", "reactive-only"] {
            #expect(legend.contains("<line class=\"alt alt-\(name)\""), "\(name)")
            #expect(legend.contains("\">\(name)</text>"), "\(name)")
        }
    }

    @Test func thePeriodsTableEndsWithTheTotals() {
        let html = Self.html
        #expect(
            html.contains(
                "<tr><td>2027-W01</td><td>Mon 04 Jan 2027</td><td>Sun 10 Jan 2027</td><td class=\"num\">168.00</td>"
                    + "<td class=\"num\">168.00</td><td class=\"num\">37.50</td><td class=\"num\">274.18</td>"
                    + "<td class=\"num\">164.51</td><td class=\"num\">37.50</td></tr>"))
        #expect(
            html.contains(
                "<tfoot><tr><td>Total</td><td></td><td></td><td class=\"num\">363.00</td><td class=\"num\">333.00</td>"
                    + "<td class=\"num\">79.22</td><td class=\"num\">548.35</td><td class=\"num\">329.01</td>"
                    + "<td class=\"num\">75.00</td></tr></tfoot>"))
        #expect(html.contains("<h3>By week (2 weeks)</h3>\n<table class=\"periods\">"))
    }

    /// The exam raises 8 instances above the exam-free floor for 3 hours, on-demand:
    /// 24 instance-hours; (10 × 0.1632 − 0.2232) × 3 = 4.2264 → 4.23.
    @Test func windowsTopExamsAndShortfallsAreListed() {
        let html = Self.html
        #expect(
            html.contains(
                "<td>Mon 04 Jan 2027</td><td>Sun 10 Jan 2027</td><td class=\"num\">—</td><td class=\"num\">168.00</td>"
                    + "<td class=\"num\">168.00</td><td class=\"num\">37.50</td></tr>"))
        #expect(html.contains("<h3>The 1 exam session adding the most instance-hours</h3>"))
        #expect(
            html.contains(
                "<td>Tue 12 Jan 2027 09:30</td><td class=\"num\">500</td><td class=\"num\">24.00</td><td class=\"num\">4.23</td></tr>"
            ))
        #expect(
            html.contains(
                "<tr><td>Tue 12 Jan 2027 09:30</td><td><code>2027-01-12T09:30:00Z</code></td><td>LAW&#39;1</td>"
                    + "<td>Law &amp; &lt;Order&gt;</td><td class=\"num\">8</td><td class=\"num\">8</td></tr>"))
        #expect(
            html.contains(
                "Reactive-only would leave <strong>1 exam session</strong> short when candidates start, up to 8 instances "
                    + "missing, for the 8 minutes"))
        #expect(!html.contains("<details>"))
    }

    @Test func theAssumptionsArePrintedVerbatim() {
        let html = Self.html
        let report = Self.report()
        #expect(report.assumptions.count == 6)
        for line in report.assumptions {
            #expect(html.contains("<li>\(line.replacingOccurrences(of: "'", with: "&#39;"))</li>\n"), "\(line)")
        }
        #expect(html.contains("<li>static-peak-reserved: 40% off on-demand</li>"))
        #expect(html.contains("<li>prices per instance-hour: on-demand 0.1632 GBP, Spot 0.06 GBP (c7g.xlarge)</li>"))
    }

    @Test func severalPoliciesGetASectionEachThenTheTotal() {
        var other = Self.policy
        other.name = "moodle-api"
        other.autoScalingGroup = "moodle-api"
        let html = CostHTMLRenderer().render([Self.report(), Self.report(policy: other)])
        #expect(html.components(separatedBy: "<section class=\"policy\"").count - 1 == 2)
        #expect(html.contains("<section class=\"policy\" id=\"policy-1\">\n<h2>Moodle &lt;web&gt; &amp; &quot;exams&quot;</h2>"))
        #expect(html.contains("<section class=\"policy\" id=\"policy-2\">\n<h2>moodle-api</h2>"))
        #expect(html.contains("aria-labelledby=\"chart-title-1\"") && html.contains("aria-labelledby=\"chart-title-2\""))
        #expect(html.contains("<h1>Cost forecast: 2 policies</h1>"))
        #expect(html.components(separatedBy: "<section class=\"total\"").count - 1 == 1)
        #expect(html.contains("<h2>Total of 2 policies</h2>"))
        // 2 × 696 h, 2 × 79.22; static-peak 2 × 548.35, saving 938.26 (85.55 %).
        #expect(
            html.contains(
                "<tr class=\"plan\"><td>this plan</td><td class=\"num\">1392.00</td><td class=\"num\">158.44</td>"))
        #expect(
            html.contains(
                "static-peak</td><td class=\"num\">6720.00</td><td class=\"num\">1096.70</td>"
                    + "<td class=\"num up\">938.26</td><td class=\"num up\">85.55</td></tr>"))
        // The total comes last.
        let total = html.range(of: "<section class=\"total\"")!.lowerBound
        let second = html.range(of: "id=\"policy-2\"")!.lowerBound
        #expect(second < total)
        #expect(!Self.html.contains("<section class=\"total\""))
    }

    /// 26 weeks of 2 mixed instances, to Mon 5 Jul 00:00 BST: bands of 50, labels (`2027-W01`,
    /// about 58 wide) on every other week; the periods table folds away.
    @Test func manyWeeksThinTheirLabelsAndFoldTheirTable() {
        let end = utc(2027, 7, 4, 23)
        let plan = CapacityPlan(
            from: Self.from, to: end,
            segments: [PlanSegment(start: Self.from, end: end, minSize: 2, purchase: .mixed, reasons: [])], warnings: [])
        let html = CostHTMLRenderer().render([Self.report(plan: plan, windows: [])])
        #expect(html.contains("<details>\n<summary>Show all 26 weeks</summary>\n<table class=\"periods\">"))
        #expect(html.contains("</title>2027-W01</text>"))
        #expect(html.contains("</title>2027-W03</text>"))
        #expect(!html.contains("</title>2027-W02</text>"))
        // Still a bar for every week (and the legend's swatch).
        #expect(html.components(separatedBy: "<rect class=\"hit\"").count - 1 == 26)
        #expect(html.components(separatedBy: "<rect class=\"bar-spot\"").count - 1 == 26 + 1)
    }

    /// Stretches with long names are turned to fit, cut to 30 characters; the tooltip has the name whole.
    @Test func longStretchNamesAreTurned() {
        let windows = (0..<6).map { i in
            CalendarWindow(
                category: "reading-week", title: "Departmental open day for prospective students \(i + 1)",
                start: utc(2027, 1, 4 + 2 * i), end: utc(2027, 1, 5 + 2 * i), source: "terms.ics", sourceLine: i + 2)
        }
        let html = CostHTMLRenderer().render([Self.report(windows: windows, by: .window)])
        #expect(html.contains("rotate(-40)\" text-anchor=\"end\">"))
        #expect(
            html.contains(
                "<title>Departmental open day for prospective students 6 · Thu 14 Jan 2027</title>"
                    + "Departmental open day for pro…</text>"))
        #expect(html.contains("<h3>Cost per stretch between calendar window edges</h3>"))
    }

    @Test func isDeterministic() {
        #expect(CostHTMLRenderer().render([Self.report()]) == Self.html)
    }
}
