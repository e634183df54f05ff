import Foundation
import TermscaleCore
import TermscaleReaders

/// Europe/London, the zone most tests read floating times in.
let london = IANAZone(identifier: "Europe/London")!

/// An iCalendar file with CRLF line endings: `BEGIN:VCALENDAR` on line 1, `lines` from line 2,
/// then `END:VCALENDAR`.
func calendar(_ lines: [String]) -> [UInt8] {
    Array((["BEGIN:VCALENDAR", "VERSION:2.0"] + lines + ["END:VCALENDAR"]).joined(separator: "\r\n").utf8) + [13, 10]
}

/// Reads `bytes` as `test.ics`.
func readICS(_ bytes: [UInt8], kind: EventKind = .exam, zone: any ZoneRules = london, category: String? = nil) throws
    -> ImportBatch
{
    try ICalendarReader(options: ReaderOptions(kind: kind, zone: zone, category: category)).read(
        bytes, file: "test.ics", source: "test")
}

/// Reads `bytes` as `test.ics` with `options`.
func readICS(_ bytes: [UInt8], options: ReaderOptions) throws -> ImportBatch {
    try ICalendarReader(options: options).read(bytes, file: "test.ics", source: "test")
}

/// The diagnostics `readICS` throws, as `file:line: field: message` lines; empty if it does not throw.
func diagnosticsOf(_ bytes: [UInt8], kind: EventKind = .exam, zone: any ZoneRules = london) -> [String] {
    diagnosticsOf(bytes, options: ReaderOptions(kind: kind, zone: zone))
}

func diagnosticsOf(_ bytes: [UInt8], options: ReaderOptions) -> [String] {
    do {
        _ = try readICS(bytes, options: options)
        return []
    } catch let error as DiagnosticsError {
        return error.diagnostics.map(\.description)
    } catch {
        return ["unexpected error \(error)"]
    }
}

/// `start–end` of each exam in UTC, RFC 3339.
func spans(_ exams: [ExamSession]) -> [String] {
    exams.map { UTCFormat.rfc3339($0.start) + "/" + UTCFormat.rfc3339($0.end) }
}

func spans(_ windows: [CalendarWindow]) -> [String] {
    windows.map { UTCFormat.rfc3339($0.start) + "/" + UTCFormat.rfc3339($0.end) }
}

/// A VEVENT exam with the given extra lines.
func exam(_ lines: [String], summary: String = "MATH1001 Algebra") -> [String] {
    ["BEGIN:VEVENT", "UID:\(UUID().uuidString)", "SUMMARY:\(summary)"] + lines + ["END:VEVENT"]
}

/// Outlook's VTIMEZONE for `GMT Standard Time` (UK rules).
let outlookGMTStandardTime = [
    "BEGIN:VTIMEZONE",
    "TZID:GMT Standard Time",
    "BEGIN:STANDARD",
    "DTSTART:16010101T020000",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010101T010000",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]
