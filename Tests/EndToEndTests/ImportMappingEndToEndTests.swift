import Foundation
import TermscaleTestSupport
import Testing

/// What `termscale import` says about the columns it used and the events it left out: the
/// mapping on a first import and a dry run, a warning per unused column, all-day markers skipped
/// with one warning (refused with `--strict`), `--default-duration`, and Moodle's export.
@Suite struct ImportMappingEndToEndTests {
    static let registryCSV = """
        courseCode,courseName,examDate,startTime,endTime,location,Invigilator
        ACCT-1010-1,Introductory Financial Accounting,Oct-01-2024,01:30 PM,03:30 PM,Room 242,Dr Smith
        BIO-1310-2,Cell Biology,Nov-04-2024,09:00 AM,12:00 PM,Duffy Science Centre 104,Dr Jones

        """

    static let mapping =
        "  mapping: date ← 'examDate' (column 3), start ← 'startTime' (4), end ← 'endTime' (5), "
        + "code ← 'courseCode' (1), title ← 'courseName' (2), location ← 'location' (6)\n"

    @Test func theMappingIsPrintedOnTheFirstImportAndADryRunAndUnusedColumnsAlways() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("state.sqlite")
        let csv = try tmp.write("fall-2024.csv", Self.registryCSV)
        let warning = "warning: \(csv): column 7 'Invigilator' feeds nothing; map it with --columns or ignore this\n"
        let zone = ["--timezone", "America/Halifax"]

        let dry = try TermscaleBinary.run(["import", csv, "--db", db, "--dry-run"] + zone)
        #expect(dry.exitCode == 0)
        #expect(
            dry.stdout == "\(csv): source 'fall-2024.csv' (exam, csv): 2 exam sessions, new source\n" + Self.mapping
                + "Dry run: nothing was stored.\n")
        #expect(dry.stderr == warning)

        let first = try TermscaleBinary.run(["import", csv, "--db", db] + zone)
        #expect(first.exitCode == 0)
        #expect(first.stdout == "\(csv): source 'fall-2024.csv' (exam, csv): 2 exam sessions, new source\n" + Self.mapping)
        #expect(first.stderr == warning)

        let listing = try TermscaleBinary.run(["calendar", "--db", db, "--format", "json"])
        #expect(listing.stdout.contains("\"title\": \"Introductory Financial Accounting\""))
        #expect(listing.stdout.contains("\"start\": \"2024-11-04T13:00:00Z\""))

        // The source is known now: no mapping, but the unused column is still named.
        let again = try TermscaleBinary.run(["import", csv, "--db", db] + zone)
        #expect(again.stdout == "\(csv): source 'fall-2024.csv' (exam, csv): 2 exam sessions, no changes\n")
        #expect(again.stderr == warning)

        // A dry run of a known source shows the mapping beside what would change.
        let dryAgain = try TermscaleBinary.run(["import", csv, "--db", db, "--dry-run"] + zone)
        #expect(
            dryAgain.stdout == "\(csv): source 'fall-2024.csv' (exam, csv): 2 exam sessions, no changes\n" + Self.mapping
                + "Dry run: nothing was stored.\n")

        // Mapped with --columns, the column feeds a field; the one it displaced is named instead.
        let mapped = try TermscaleBinary.run(
            ["import", csv, "--db", tmp.path("other.sqlite"), "--columns", "location=Invigilator"] + zone)
        #expect(
            mapped.stderr == "warning: \(csv): column 6 'location' feeds nothing; map it with --columns or ignore this\n")
        #expect(mapped.stdout.contains("location ← 'Invigilator' (7)\n"))
    }

    static let feedWithMarkers = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//Registry//Exam Timetable//EN\r
        BEGIN:VEVENT\r
        UID:period-begins@registry.example\r
        SUMMARY:Exam period begins\r
        DTSTART;VALUE=DATE:20270111\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:math1001@registry.example\r
        SUMMARY:MATH1001 Linear Algebra\r
        DTSTART;TZID=Europe/London:20270112T093000\r
        DTEND;TZID=Europe/London:20270112T113000\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:results@registry.example\r
        SUMMARY:Results published\r
        DTSTART;VALUE=DATE:20270220\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    @Test func allDayMarkersAreSkippedWithAWarningAndStrictRefusesThem() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("state.sqlite")
        let ics = try tmp.write("exams.ics", Self.feedWithMarkers)
        let result = try TermscaleBinary.run(["import", ics, "--db", db])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "\(ics): source 'exams.ics' (exam, ics): 1 exam session, new source\n")
        #expect(
            result.stderr
                == "warning: \(ics): skipped 2 all-day events (no time to schedule): 'Exam period begins' 2027-01-11, "
                + "'Results published' 2027-02-20\n")

        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let strict = try TermscaleBinary.run(["import", ics, "--db", db, "--strict"])
        #expect(strict.exitCode == 65)
        #expect(strict.stdout == "")
        #expect(
            strict.stderr == """
                \(ics):7: DTSTART: exam sessions need a start time, but DTSTART is the date 2027-01-11; give a date-time such as 20270111T090000
                \(ics):18: DTSTART: exam sessions need a start time, but DTSTART is the date 2027-02-20; give a date-time such as 20270220T090000

                """)
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }

    @Test func aTimedEventWithoutAnEndNeedsDefaultDuration() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("state.sqlite")
        let ics = try tmp.write(
            "open.ics",
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@x\r\nSUMMARY:MATH1001 Linear Algebra\r\n"
                + "DTSTART:20270112T093000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        let refused = try TermscaleBinary.run(["import", ics, "--db", db])
        #expect(refused.exitCode == 65)
        #expect(
            refused.stderr
                == "\(ics):3: DTEND: the event starting 2027-01-12T09:30:00 has no DTEND or DURATION, so its end is "
                + "unknown; add one, or pass --default-duration (e.g. --default-duration 2h)\n")
        #expect(!FileManager.default.fileExists(atPath: db))

        for (value, end) in [("2h", "2027-01-12T11:30:00Z"), ("90m", "2027-01-12T11:00:00Z"), ("120", "2027-01-12T11:30:00Z")] {
            let dbN = tmp.path("state-\(value).sqlite")
            let result = try TermscaleBinary.run(["import", ics, "--db", dbN, "--default-duration", value])
            #expect(result.exitCode == 0, "\(value): \(result.stderr)")
            let listing = try TermscaleBinary.run(["calendar", "--db", dbN, "--format", "json"])
            #expect(listing.stdout.contains("\"end\": \"\(end)\""), "\(value): \(listing.stdout)")
        }

        let bad = try TermscaleBinary.run(["import", ics, "--db", db, "--default-duration", "soon"])
        #expect(bad.exitCode == 64)
        #expect(
            bad.stderr.hasPrefix(
                "Error: The value 'soon' is invalid for '--default-duration <duration>': 'soon' is not a duration"))
    }

    @Test func moodlesExportIsExplained() throws {
        let tmp = try TemporaryFolder()
        let fixture = TermscaleBinary.packageRoot.appendingPathComponent(
            "Tests/TermscaleReadersTests/Fixtures/ics/moodle-export.ics")
        let ics = tmp.path("icalexport.ics")
        try FileManager.default.copyItem(at: fixture, to: URL(fileURLWithPath: ics))
        let explanation =
            "this is Moodle's calendar export, which writes quiz opens and closes (and other deadlines) as all-day "
            + "dates, so the quiz times are lost before termscale sees them; export the exam timetable from the "
            + "registry as CSV or XLSX instead, or import a feed with timed events"

        let result = try TermscaleBinary.run(["import", ics, "--db", tmp.path("state.sqlite")])
        #expect(result.exitCode == 0)
        #expect(result.stdout == "\(ics): source 'icalexport.ics' (exam, ics): 1 exam session, new source\n")
        #expect(
            result.stderr
                == "warning: \(ics): skipped 4 all-day events (no time to schedule): 'Algebra mid-term quiz opens' "
                + "2027-01-11, 'Algebra mid-term quiz closes' 2027-01-11, 'Statistics essay is due' 2027-01-15 and 1 "
                + "more; \(explanation)\n")

        let strict = try TermscaleBinary.run(["import", ics, "--db", tmp.path("strict.sqlite"), "--strict"])
        #expect(strict.exitCode == 65)
        let lines = strict.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.last == "\(ics):3: PRODID: \(explanation)")
    }
}
