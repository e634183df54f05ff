import Foundation

@testable import TermscaleCore

/// Sessions, windows and plan summaries for the planner, compiler and merge tests; the policy is
/// `Policy.fixture` and instants are `utc(…)`, from TermscaleTestSupport.
enum Fixture {
    static func exam(
        _ code: String?, _ start: Date, _ end: Date, _ candidates: Int?, title: String = "Paper",
        line: Int = 1
    ) -> ExamSession {
        ExamSession(
            code: code, title: title, location: nil, start: start, end: end, candidates: candidates,
            source: "exams.csv", sourceLine: line)
    }

    static func window(_ category: String, _ start: Date, _ end: Date) -> CalendarWindow {
        CalendarWindow(
            category: category, title: category.capitalized, start: start, end: end,
            source: "term.ics", sourceLine: 1)
    }

    /// `(start, end, minSize, purchase, reasons)` of each segment, for compact expectations.
    static func summary(_ plan: CapacityPlan) -> [Row] {
        plan.segments.map { Row(UTCFormat.rfc3339($0.start), UTCFormat.rfc3339($0.end), $0.minSize, $0.purchase, $0.reasons) }
    }

    struct Row: Equatable, CustomStringConvertible {
        var start: String, end: String, minSize: Int, purchase: Purchase, reasons: [String]
        init(_ start: String, _ end: String, _ minSize: Int, _ purchase: Purchase, _ reasons: [String] = []) {
            (self.start, self.end, self.minSize, self.purchase, self.reasons) = (start, end, minSize, purchase, reasons)
        }
        var description: String { "\(start)…\(end) \(minSize) \(purchase.rawValue) \(reasons)" }
    }
}
