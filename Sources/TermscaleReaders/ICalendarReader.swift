import TermscaleCore

/// Reads exam sessions or calendar windows from an iCalendar (RFC 5545) file.
///
/// Every VEVENT of every VCALENDAR becomes one or more events (recurrences expanded, EXDATEs
/// removed, RECURRENCE-ID overrides applied, cancelled ones dropped). Times are resolved to UTC:
/// `Z` times as they are; `TZID` times in the file's VTIMEZONE of that name (RFC 5545 rules for
/// gaps and repeated hours), else in the IANA or Windows zone it names (gaps and repeated hours
/// refused); floating times in `ReaderOptions.zone` (refused likewise).
public struct ICalendarReader: EventReader {
    public var options: ReaderOptions

    /// One event may expand to at most this many occurrences.
    public static let maxOccurrencesPerEvent = 50_000
    /// A rule with neither COUNT nor UNTIL is expanded this many days past DTSTART (with a warning).
    public static let unboundedHorizonDays = 730
    /// A rule with COUNT or UNTIL must have ended this many years after DTSTART.
    public static let maxRuleYears = 200
    /// One file may give at most this many events, recurrences expanded (a year's exams of a
    /// large university: about 5,000).
    public static let maxEventsPerFile = 200_000

    public init(options: ReaderOptions) { self.options = options }

    /// The events of the file, in file order (recurrences in time order within their event).
    /// - Throws: `DiagnosticsError` listing every problem, each with file, line and property.
    public func read(_ bytes: [UInt8], file: String, source: String) throws -> ImportBatch {
        try InputDamage.refuse(bytes, file: file)
        let roots = try ICalendarParser.parse(bytes, file: file)
        var run = ICalendarImport(options: options, file: file, source: source)
        run.read(roots)
        if !run.diagnostics.isEmpty { throw DiagnosticsError(run.diagnostics) }
        return run.batch
    }
}
