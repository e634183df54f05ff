import Foundation
import TermscaleTestSupport
import Testing

/// The shipped sample year (`calendars/`), imported as the README's demo does.
@Suite struct SampleYearEndToEndTests {
    static func importedSampleYear() throws -> (TemporaryFolder, String) {
        let tmp = try TemporaryFolder()
        let db = tmp.path("state.sqlite")
        let windows = try TermscaleBinary.run([
            "import", "calendars/academic-calendar-2026-27.ics", "--kind", "window", "--db", db,
        ])
        #expect(windows.exitCode == 0, "\(windows.stderr)")
        let exams = try TermscaleBinary.run([
            "import", "calendars/exams-2027-01.csv", "calendars/exams-2027-05.ics",
            "calendars/class-tests-2026-27.ics", "--db", db,
        ])
        #expect(exams.exitCode == 0, "\(exams.stderr)")
        #expect(exams.stderr.isEmpty)
        #expect(
            exams.stdout == """
                calendars/exams-2027-01.csv: source 'exams-2027-01.csv' (exam, csv): 298 exam sessions, new source
                  mapping: date ← 'Exam Date' (column 1), start ← 'Start Time' (2), duration ← 'Duration' (3), code ← 'Module Code' (4), title ← 'Module Title' (5), location ← 'Venue' (6), candidates ← 'No. of Candidates' (7)
                calendars/exams-2027-05.ics: source 'exams-2027-05.ics' (exam, ics): 403 exam sessions, new source
                calendars/class-tests-2026-27.ics: source 'class-tests-2026-27.ics' (exam, ics): 19 exam sessions, new source

                """)
        return (tmp, db)
    }

    @Test func firstJanuaryExamDayMatchesGoldenFiles() throws {
        let (tmp, db) = try Self.importedSampleYear()
        defer { _ = tmp }
        let table = try TermscaleBinary.run(["calendar", "--from", "2027-01-12", "--to", "2027-01-13", "--db", db])
        #expect(table.exitCode == 0)
        try Golden.check(table.stdout, named: "calendar-2027-01-12.txt")
        let json = try TermscaleBinary.run([
            "calendar", "--from", "2027-01-12", "--to", "2027-01-13", "--format", "json", "--db", db,
        ])
        try Golden.check(json.stdout, named: "calendar-2027-01-12.json")
        // The largest paper: five room rows summed into one session.
        #expect(
            json.stdout.contains(
                """
                    "code": "MGMT1001",
                    "location": "Online (Moodle), Sports Centre Main Hall, Great Hall, Examination Hall 1, Chemistry Building G.10",
                    "start": "2027-01-12T09:30:00Z",
                    "end": "2027-01-12T11:30:00Z",
                    "candidates": 3800,
                """))
    }

    @Test func summerExamsAreInBritishSummerTime() throws {
        let (tmp, db) = try Self.importedSampleYear()
        defer { _ = tmp }
        let json = try TermscaleBinary.run([
            "calendar", "--from", "2027-05-10", "--to", "2027-06-05", "--kind", "exam",
            "--format", "json", "--db", db,
        ])
        let starts = json.stdout.split(separator: "\n").filter { $0.contains("\"start\"") }
        #expect(starts.count == 403)
        // Every May/June session starts on a whole BST hour or half hour: 08:30Z, 12:00Z…, never 09:30Z.
        #expect(!starts.contains { $0.contains("T09:30:00Z") })
        #expect(starts.contains { $0.contains("T08:30:00Z") })
    }

    @Test func classTestsOnBothSidesOfBothClockChanges() throws {
        let (tmp, db) = try Self.importedSampleYear()
        defer { _ = tmp }
        let autumn = try TermscaleBinary.run([
            "calendar", "--from", "2026-10-23", "--to", "2026-10-27", "--kind", "exam",
            "--format", "json", "--db", db,
        ])
        #expect(autumn.stdout.contains("\"start\": \"2026-10-23T15:00:00Z\"")) // Fri 16:00 BST
        #expect(autumn.stdout.contains("\"start\": \"2026-10-26T09:00:00Z\"")) // Mon 09:00 GMT
        let spring = try TermscaleBinary.run([
            "calendar", "--from", "2027-03-26", "--to", "2027-03-30", "--kind", "exam",
            "--format", "json", "--db", db,
        ])
        #expect(spring.stdout.contains("\"start\": \"2027-03-26T09:00:00Z\"")) // Fri 09:00 GMT
        #expect(spring.stdout.contains("\"start\": \"2027-03-28T09:00:00Z\"")) // Sun 10:00 BST, the change day
        #expect(spring.stdout.contains("\"start\": \"2027-03-29T08:00:00Z\"")) // Mon 09:00 BST
    }

    @Test func sourcesListsTheYear() throws {
        let (tmp, db) = try Self.importedSampleYear()
        defer { _ = tmp }
        let sources = try TermscaleBinary.run(["sources", "--db", db])
        let lines = sources.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(
            lines[1].hasPrefix(
                "academic-calendar-2026-27.ics  window  ics         12  2026-09-13T23:00:00Z  2027-09-12T23:00:00Z  "))
        #expect(
            lines[3].hasPrefix(
                "exams-2027-01.csv              exam    csv        298  2027-01-11T09:30:00Z  2027-01-22T17:00:00Z  "))
    }
}
