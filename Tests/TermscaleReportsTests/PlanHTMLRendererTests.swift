import Foundation
import TermscaleCore
import TermscaleReports
import TermscaleTestSupport
import Testing

/// One exam day, Tue 12 Jan 2027 (GMT, so local = UTC), planned for the whole day:
/// MATH1001 (300) and LAW2001 (200) from 09:30, PHYS1002 (600) at 14:00, an `exams` window with
/// floor 4 all day; min 2, max 10, 250 per instance, 20 % headroom, pre-warm 45, hold 15.
///
/// The plan (levels = 4 + ⌈candidates × 1.2 / 250⌉):
/// 00:00 4 · 08:45 7 (500 cand.) · 11:45 6 (300) · 12:45 4 · 13:15 7 (600) · 16:15 4 · to 24:00.
/// On-demand from 10 minutes before each raise: 08:35–12:45 and 13:05–16:15.
@Suite struct PlanHTMLRendererTests {
    static func at(_ h: Int, _ m: Int = 0, day: Int = 12) -> Date { utc(2027, 1, day, h, m) }

    static let policy = Policy.fixture(name: "Moodle <web> & exams", max: 10, windows: ["exams": 4])

    static func exam(
        _ code: String, _ title: String, _ start: Date, _ end: Date, _ candidates: Int?,
        line: Int
    ) -> ExamSession {
        ExamSession(
            code: code, title: title, location: "Online", start: start, end: end, candidates: candidates,
            source: "exams.csv", sourceLine: line)
    }

    static let exams = [
        exam("MATH1001", "Calculus I", at(9, 30), at(12, 30), 300, line: 2),
        exam("LAW2001", "Law, Ethics & Society", at(9, 30), at(11, 30), 200, line: 3),
        exam("PHYS1002", "Newton's \"Principia\" <revisited>", at(14), at(16), 600, line: 4),
    ]

    static let windows = [
        CalendarWindow(
            category: "exams", title: "January exams", start: at(0), end: at(0, day: 13),
            source: "term.ics", sourceLine: 7)
    ]

    static func report(
        warnings extra: [String] = ["2 actions are beyond the push horizon & <not> pushed"],
        policy: Policy = policy, exams: [ExamSession] = exams
    ) -> PlanReport {
        let from = at(0)
        let to = at(0, day: 13)
        let now = at(6)
        let plan = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from, to: to)
        let schedule = ActionCompiler.compile(plan: plan, policy: policy, now: now, horizonEnd: to)
        let label = ZoneLabel(
            zone: IANAZone(identifier: "Europe/London")!,
            abbreviation: { $0 == 0 ? "GMT" : $0 == 3600 ? "BST" : nil })
        return PlanReport(
            policy: policy, policyFile: "policies/moodle-web.yaml", label: label, from: from, to: to,
            now: now, plan: plan, schedule: schedule, exams: exams, windows: windows,
            warnings: plan.warnings + extra)
    }

    static let html = PlanHTMLRenderer().render(report())

    @Test func isOneSelfContainedPage() {
        let html = Self.html
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("<svg "))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains(" src="))
        #expect(!html.contains("url("))
        #expect(!html.contains("@import"))
        let links = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!links.contains("http://"))
        #expect(!links.contains("https://"))
    }

    /// The plot spans x 44…1388 (56 units an hour for one day) and y 364 (0) … 84 (10), 28 a step.
    @Test func stepLineFollowsThePlan() {
        #expect(
            Self.html.contains(
                "<path class=\"step\" d=\"M44 252 H534 V168 H702 V196 H758 V252 H786 V168 H954 V252 H1388\"/>"))
    }

    @Test func onDemandPeriodsAreShaded() {
        // 08:35–12:45 and 13:05–16:15.
        #expect(Self.html.contains("<rect class=\"on-demand-band\" x=\"524.7\" y=\"84\" width=\"233.3\" height=\"280\"/>"))
        #expect(Self.html.contains("<rect class=\"on-demand-band\" x=\"776.7\" y=\"84\" width=\"177.3\" height=\"280\"/>"))
    }

    @Test func actionsAreMarkersOnTheLineAndRowsOfTheTable() {
        let html = Self.html
        let expected: [(name: String, local: String, utc: String, x: String, y: String, minSize: Int, change: String)] = [
            ("20270112T0845Z", "Tue 12 Jan 2027 08:45 GMT", "2027-01-12T08:45:00Z", "534", "168", 7, "+3"),
            ("20270112T1145Z", "Tue 12 Jan 2027 11:45 GMT", "2027-01-12T11:45:00Z", "702", "196", 6, "−1"),
            ("20270112T1245Z", "Tue 12 Jan 2027 12:45 GMT", "2027-01-12T12:45:00Z", "758", "252", 4, "−2"),
            ("20270112T1315Z", "Tue 12 Jan 2027 13:15 GMT", "2027-01-12T13:15:00Z", "786", "168", 7, "+3"),
            ("20270112T1615Z", "Tue 12 Jan 2027 16:15 GMT", "2027-01-12T16:15:00Z", "954", "252", 4, "−3"),
        ]
        for a in expected {
            #expect(
                html.contains(
                    "<circle class=\"action\" cx=\"\(a.x)\" cy=\"\(a.y)\" r=\"4.5\">"
                        + "<title>termscale-moodle-web-\(a.name)\n"), "marker \(a.name)")
            #expect(
                html.contains(
                    "<tr><td><code>termscale-moodle-web-\(a.name)</code></td><td>\(a.local)</td>"
                        + "<td><code>\(a.utc)</code></td><td class=\"num\">\(a.minSize)</td>"), "row \(a.name)")
            #expect(html.contains(">\(a.change)</td></tr>"), "change \(a.name)")
        }
        #expect(html.contains("<h2>Scheduled actions (5)</h2>"))
        #expect(html.contains("<dt>Current MinSize</dt><dd>4</dd>"))
        #expect(html.contains("<dt>Now</dt><dd>Tue 12 Jan 2027 06:00 GMT</dd>"))
        #expect(html.contains("<dt>Range</dt><dd>Tue 12 Jan 2027</dd>"))
    }

    @Test func everythingFromTheCalendarIsEscaped() {
        let html = Self.html
        #expect(html.contains("<td>Law, Ethics &amp; Society</td>"))
        #expect(html.contains("<td>Newton&#39;s &quot;Principia&quot; &lt;revisited&gt;</td>"))
        #expect(html.contains("<h1>Capacity plan: Moodle &lt;web&gt; &amp; exams</h1>"))
        #expect(!html.contains("Law, Ethics & Society"))
        #expect(!html.contains("<revisited>"))
        #expect(!html.contains("<web>"))
        // Tooltips carry the titles too, escaped.
        #expect(html.contains("LAW2001 Law, Ethics &amp; Society — 200 cand., 09:30–11:30 GMT"))
    }

    @Test func sessionsStartingTogetherShareOneLabel() {
        let html = Self.html
        #expect(html.contains(">09:30 · 2 papers · 500 cand.</text>"))
        #expect(html.contains(">MATH1001, LAW2001</text>"))
        #expect(html.contains(">PHYS1002 · 600 cand.</text>"))
        #expect(html.contains(">14:00–16:00 GMT</text>"))
    }

    @Test func examsAreListedPerLocalDay() {
        let html = Self.html
        #expect(html.contains("<h3>Tue 12 Jan 2027 · 3 sessions · 1,100 candidates</h3>"))
        #expect(html.contains("<tr><td>09:30–12:30 GMT</td><td>MATH1001</td><td>Calculus I</td><td class=\"num\">300</td>"))
    }

    @Test func windowsAreShownWithTheirFloor() {
        let html = Self.html
        #expect(
            html.contains(
                "<tr><td>exams</td><td>January exams</td><td>Tue 12 Jan 2027 00:00 GMT</td>"
                    + "<td>Wed 13 Jan 2027 00:00 GMT</td><td class=\"num\">4</td></tr>"))
        #expect(html.contains(">January exams (exams) · floor 4</text>"))
    }

    @Test func warningsAreHighlighted() {
        let html = Self.html
        #expect(
            html.contains(
                "<section class=\"warnings\" role=\"alert\">\n<h2>Warnings (1)</h2>\n<ul>\n"
                    + "<li>2 actions are beyond the push horizon &amp; &lt;not&gt; pushed</li>\n</ul>"))
        let quiet = PlanHTMLRenderer().render(Self.report(warnings: []))
        #expect(quiet.contains("<p>No warnings.</p>"))
        #expect(!quiet.contains("class=\"warnings\""))
    }

    /// With a budget of 2 actions the compiler raises to 7 at 08:45 and holds it until 16:15:
    /// 1 instance for an hour from 11:45 and 3 for half an hour from 12:45 above the plan.
    @Test func mergedStepsShowTheirCostAndTheScheduledLine() {
        var tight = Self.policy
        tight.limits.maxScheduledActions = 2
        let html = PlanHTMLRenderer().render(Self.report(policy: tight))
        #expect(html.contains("<dt>Extra instance-hours</dt><dd>2.50 (steps merged to fit the budget)</dd>"))
        #expect(html.contains("5 changes merged into 2 actions (2.50 extra instance-hours)."))
        #expect(html.contains("<path class=\"scheduled\" d=\"M380 252 H534 V168 H954 V252 H1388\">"))
        #expect(!Self.html.contains("Extra instance-hours"))
        #expect(!Self.html.contains("class=\"scheduled\""))
    }

    @Test func aDayWithoutExamsSaysSo() {
        let html = PlanHTMLRenderer().render(Self.report(warnings: [], exams: []))
        #expect(html.contains("<path class=\"step\" d=\"M44 252 H1388\"/>"))
        #expect(html.contains("No exam sessions in this range."))
        #expect(html.contains("No changes of MinSize in this range: it stays at 4."))
        #expect(!html.contains("Exam sessions: code · candidates"))
        #expect(!html.contains("class=\"on-demand-band\""))
    }

    @Test func isDeterministic() {
        #expect(PlanHTMLRenderer().render(Self.report()) == PlanHTMLRenderer().render(Self.report()))
    }
}
