import Foundation

/// A stretch of the academic year with a capacity floor of its own: enrolment, teaching,
/// vacation, exams…
public struct CalendarWindow: Hashable, Sendable {
    /// Lowercase word naming the kind of window (`enrolment`, `teaching`, `vacation`, `exams`);
    /// policies key their floors on it. See `CalendarWindow.normalizedCategory(_:)`.
    public var category: String
    public var title: String
    /// Start instant (UTC), inclusive.
    public var start: Date
    /// End instant (UTC), exclusive.
    public var end: Date
    public var source: String
    public var sourceLine: Int

    public init(category: String, title: String, start: Date, end: Date, source: String, sourceLine: Int) {
        self.category = category
        self.title = title
        self.start = start
        self.end = end
        self.source = source
        self.sourceLine = sourceLine
    }

    /// The category key for free text: lowercased, each run of characters other than letters
    /// and digits replaced by one `-`, trimmed of `-`. `"Reading Week"` → `reading-week`.
    public static func normalizedCategory(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                if pendingDash && !out.isEmpty { out.append("-") }
                pendingDash = false
                out.append(ch)
            } else {
                pendingDash = true
            }
        }
        return out
    }
}
