import Foundation
import TermscaleCore
import Testing

@testable import TermscaleReaders

/// All-day markers in exam feeds are skipped with one warning (refused with `--strict`), timed
/// events without an end take `--default-duration`, and Moodle's export is explained.
@Suite struct ICalendarAllDayTests {
    static let moodleExport = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ics/moodle-export.ics")

    /// A marker: an all-day event with the given SUMMARY on `date` (YYYYMMDD).
    func marker(_ summary: String, _ date: String, valueDate: Bool = true) -> [String] {
        exam([valueDate ? "DTSTART;VALUE=DATE:\(date)" : "DTSTART:\(date)"], summary: summary)
    }

    /// Two timed sessions around three all-day markers, one of them without VALUE=DATE.
    var feedWithMarkers: [UInt8] {
        calendar(
            marker("Exam period begins", "20270111")
                + exam(["DTSTART;TZID=Europe/London:20270112T093000", "DTEND;TZID=Europe/London:20270112T113000"])
                + exam(["DTSTART:20270113T140000Z", "DURATION:PT90M"], summary: "PHYS1002 Waves")
                + marker("Results published", "20270220")
                + marker("Resit week", "20270301", valueDate: false))
    }

    @Test func markersAreSkippedWithOneWarningThatCountsAndNamesThem() throws {
        let batch = try readICS(feedWithMarkers)
        #expect(batch.exams.map(\.code) == ["MATH1001", "PHYS1002"])
        #expect(spans(batch.exams) == ["2027-01-12T09:30:00Z/2027-01-12T11:30:00Z", "2027-01-13T14:00:00Z/2027-01-13T15:30:00Z"])
        #expect(
            batch.warnings.map(\.description) == [
                "test.ics: skipped 3 all-day events (no time to schedule): 'Exam period begins' 2027-01-11, "
                    + "'Results published' 2027-02-20, 'Resit week' 2027-03-01"
            ])
    }

    @Test func theWarningNamesTheFirstThreeAndCountsTheRest() throws {
        let markers = (1...5).flatMap { marker("Marker \($0)", "2027011\($0)") }
        let batch = try readICS(calendar(markers + [marker("", "20270120")].flatMap { $0 }))
        #expect(batch.exams == [])
        #expect(
            batch.warnings.map(\.description) == [
                "test.ics: skipped 6 all-day events (no time to schedule): 'Marker 1' 2027-01-11, 'Marker 2' "
                    + "2027-01-12, 'Marker 3' 2027-01-13 and 3 more"
            ])
        let untitled = try readICS(calendar(["BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270120", "END:VEVENT"]))
        #expect(
            untitled.warnings.map(\.description) == [
                "test.ics: skipped 1 all-day event (no time to schedule): (no SUMMARY) 2027-01-20"
            ])
    }

    @Test func strictRefusesTheFeedAsBefore() {
        #expect(
            diagnosticsOf(feedWithMarkers, options: ReaderOptions(zone: london, strict: true)) == [
                "test.ics:6: DTSTART: exam sessions need a start time, but DTSTART is the date 2027-01-11; give a "
                    + "date-time such as 20270111T090000",
                "test.ics:23: DTSTART: exam sessions need a start time, but DTSTART is the date 2027-02-20; give a "
                    + "date-time such as 20270220T090000",
                "test.ics:28: DTSTART: exam sessions need a start time, but DTSTART is the date 2027-03-01; give a "
                    + "date-time such as 20270301T090000",
            ])
    }

    @Test func windowsStillTakeAllDayEventsAsWholeDays() throws {
        let batch = try readICS(feedWithMarkers, kind: .window)
        #expect(batch.windows.map(\.title).first == "Exam period begins")
        #expect(spans(batch.windows).first == "2027-01-11T00:00:00Z/2027-01-12T00:00:00Z")
        #expect(batch.windows.count == 5)
        #expect(batch.warnings == [])
    }

    // MARK: No DTEND or DURATION

    var timedWithoutEnd: [UInt8] {
        calendar(
            exam(["DTSTART;TZID=Europe/London:20270601T093000"])
                + exam(["DTSTART:20270602T140000Z", "DTEND:20270602T150000Z"], summary: "PHYS1002 Waves"))
    }

    @Test func aTimedEventWithoutAnEndIsRefusedWithTheHint() {
        #expect(
            diagnosticsOf(timedWithoutEnd) == [
                "test.ics:3: DTEND: the event starting 2027-06-01T09:30:00 has no DTEND or DURATION, so its end is "
                    + "unknown; add one, or pass --default-duration (e.g. --default-duration 2h)"
            ])
    }

    @Test func defaultDurationEndsItAndLeavesGivenEndsAlone() throws {
        // 90 minutes, as `--default-duration 90m` (or `90`, `1:30`) gives; 09:30 BST is 08:30Z.
        let batch = try readICS(timedWithoutEnd, options: ReaderOptions(zone: london, defaultDuration: 5400))
        #expect(spans(batch.exams) == ["2027-06-01T08:30:00Z/2027-06-01T10:00:00Z", "2027-06-02T14:00:00Z/2027-06-02T15:00:00Z"])
        // A recurring one: each occurrence lasts the default.
        let weekly = calendar(exam(["DTSTART:20270601T090000Z", "RRULE:FREQ=WEEKLY;COUNT=2"]))
        #expect(
            spans(try readICS(weekly, options: ReaderOptions(zone: london, defaultDuration: 7200)).exams) == [
                "2027-06-01T09:00:00Z/2027-06-01T11:00:00Z", "2027-06-08T09:00:00Z/2027-06-08T11:00:00Z",
            ])
    }

    // MARK: Moodle

    @Test func moodlesExportImportsItsTimedEventAndExplainsTheLostQuizTimes() throws {
        let bytes = Array(try Data(contentsOf: Self.moodleExport))
        let batch = try ICalendarReader(options: ReaderOptions(zone: london)).read(
            bytes, file: "icalexport.ics", source: "moodle")
        #expect(batch.exams.map(\.title) == ["Physics lab exam"])
        #expect(spans(batch.exams) == ["2027-01-13T09:30:00Z/2027-01-13T11:30:00Z"])
        #expect(
            batch.warnings.map(\.description) == [
                "icalexport.ics: skipped 4 all-day events (no time to schedule): 'Algebra mid-term quiz opens' "
                    + "2027-01-11, 'Algebra mid-term quiz closes' 2027-01-11, 'Statistics essay is due' 2027-01-15 "
                    + "and 1 more; " + Self.moodleText
            ])
    }

    static let moodleText =
        "this is Moodle's calendar export, which writes quiz opens and closes (and other deadlines) as all-day "
        + "dates, so the quiz times are lost before termscale sees them; export the exam timetable from the "
        + "registry as CSV or XLSX instead, or import a feed with timed events"

    @Test func strictRefusesMoodlesExportWithTheExplanationAtThePRODID() throws {
        let bytes = Array(try Data(contentsOf: Self.moodleExport))
        let options = ReaderOptions(zone: london, strict: true)
        #expect(throws: DiagnosticsError.self) {
            try ICalendarReader(options: options).read(bytes, file: "icalexport.ics", source: "moodle")
        }
        let lines = diagnosticsOf(bytes, options: options)
        #expect(lines.count == 5)
        #expect(lines.first?.hasPrefix("test.ics:13: DTSTART: exam sessions need a start time") == true)
        #expect(lines.last == "test.ics:3: PRODID: " + Self.moodleText)
    }

    @Test func moodleIsKnownByItsUIDsWhenThePRODIDSaysNothing() {
        let events = [
            "BEGIN:VEVENT", "UID:48213@moodle.example.ac.uk", "SUMMARY:Quiz 1 opens", "DTSTART;VALUE=DATE:20270111",
            "DTEND;VALUE=DATE:20270112", "CATEGORIES:MATH1001-2026", "END:VEVENT",
            "BEGIN:VEVENT", "UID:48214@localhost/moodle", "SUMMARY:Quiz 1 closes", "DTSTART;VALUE=DATE:20270111",
            "END:VEVENT",
        ]
        let file = calendar(["PRODID:-//Example//Feed//EN"] + events)
        #expect(
            diagnosticsOf(file, options: ReaderOptions(zone: london, strict: true)).last == "test.ics:5: UID: " + Self.moodleText)
        #expect(ICalendarImport.isMoodleUID("1234@moodle.example.ac.uk"))
        #expect(!ICalendarImport.isMoodleUID("abc-1234@example.com"))
        #expect(!ICalendarImport.isMoodleUID("1234@"))
        #expect(!ICalendarImport.isMoodleUID("1234@5678"))
    }

    @Test func otherFeedsAreNotCalledMoodle() throws {
        // Random UIDs (as `exam` writes) and no PRODID: the plain warning.
        #expect(try readICS(feedWithMarkers).warnings.allSatisfy { !$0.message.contains("Moodle") })
        // One UID not shaped like Moodle's is enough to say it is not Moodle's.
        let mixed = calendar(
            ["BEGIN:VEVENT", "UID:1@moodle.example.ac.uk", "SUMMARY:A", "DTSTART;VALUE=DATE:20270111", "END:VEVENT"]
                + ["BEGIN:VEVENT", "UID:holiday-2027@uni.example", "SUMMARY:B", "DTSTART;VALUE=DATE:20270112", "END:VEVENT"])
        #expect(
            try readICS(mixed).warnings.map(\.message) == [
                "skipped 2 all-day events (no time to schedule): 'A' 2027-01-11, 'B' 2027-01-12"
            ])
    }
}
