import Foundation
import TermscaleTestSupport
import Testing

/// `termscale import`, `calendar` and `sources` run as a user runs them.
@Suite struct ImportEndToEndTests {
    static let januaryCSV = """
        Exam Date,Start Time,Duration,Module Code,Module Title,Venue,No. of Candidates
        12/01/2027,09:30,2h,MGMT1001,Introduction to Management,Sports Hall,2000
        12/01/2027,09:30,2h,MGMT1001,Introduction to Management,Great Hall,1800
        12/01/2027,14:00,1.5 Hours,PHYS2001,"Electromagnetism, Waves and Optics",Room 101,120
        13/01/2027,09:30,3h,LAWS3004,Jurisprudence,Online,45

        """

    static let calendarICS = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//termscale tests//EN\r
        BEGIN:VEVENT\r
        UID:jan-exams@test\r
        DTSTART;VALUE=DATE:20270111\r
        DTEND;VALUE=DATE:20270123\r
        SUMMARY:January exam period\r
        CATEGORIES:exams\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:spring@test\r
        DTSTART;VALUE=DATE:20270325\r
        DTEND;VALUE=DATE:20270401\r
        SUMMARY:Spring vacation\r
        CATEGORIES:Vacation\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    @Test func importsAndListsExactInstantsAsJSON() throws {
        let tmp = try TemporaryFolder()
        let csv = try tmp.write("jan.csv", Self.januaryCSV)
        let db = tmp.path("state.sqlite")
        let result = try TermscaleBinary.run(["import", csv, "--db", db])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("source 'jan.csv' (exam, csv): 3 exam sessions, new source"))

        let listing = try TermscaleBinary.run(["calendar", "--db", db, "--format", "json"])
        #expect(listing.exitCode == 0)
        #expect(
            listing.stdout == """
                [
                  {
                    "kind": "exam",
                    "title": "Introduction to Management",
                    "code": "MGMT1001",
                    "location": "Sports Hall, Great Hall",
                    "start": "2027-01-12T09:30:00Z",
                    "end": "2027-01-12T11:30:00Z",
                    "candidates": 3800,
                    "source": "jan.csv",
                    "line": 2
                  },
                  {
                    "kind": "exam",
                    "title": "Electromagnetism, Waves and Optics",
                    "code": "PHYS2001",
                    "location": "Room 101",
                    "start": "2027-01-12T14:00:00Z",
                    "end": "2027-01-12T15:30:00Z",
                    "candidates": 120,
                    "source": "jan.csv",
                    "line": 4
                  },
                  {
                    "kind": "exam",
                    "title": "Jurisprudence",
                    "code": "LAWS3004",
                    "location": "Online",
                    "start": "2027-01-13T09:30:00Z",
                    "end": "2027-01-13T12:30:00Z",
                    "candidates": 45,
                    "source": "jan.csv",
                    "line": 5
                  }
                ]

                """)
    }

    @Test func windowsAcrossTheSpringForwardAndTheTable() throws {
        let tmp = try TemporaryFolder()
        let ics = try tmp.write("year.ics", Self.calendarICS)
        let db = tmp.path("state.sqlite")
        #expect(try TermscaleBinary.run(["import", ics, "--kind", "window", "--db", db]).exitCode == 0)
        let json = try TermscaleBinary.run(["calendar", "--db", db, "--format", "json", "--from", "2027-03-01"])
        // 25 March is GMT; 1 April midnight is BST (23:00Z the day before).
        #expect(
            json.stdout.contains(
                """
                    "category": "vacation",
                    "start": "2027-03-25T00:00:00Z",
                    "end": "2027-03-31T23:00:00Z",
                """))
        #expect(!json.stdout.contains("exam period"))
        let table = try TermscaleBinary.run(["calendar", "--db", db])
        #expect(table.stdout.contains("Mon 11 Jan 2027 00:00 GMT"))
        #expect(table.stdout.contains("Thu 25 Mar 2027 00:00 GMT  Thu 01 Apr 2027 00:00 BST  2027-03-25T00:00:00Z  window"))
    }

    @Test func reimportPrintsWhatChanged() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("state.sqlite")
        let csv = try tmp.write("jan.csv", Self.januaryCSV)
        #expect(try TermscaleBinary.run(["import", csv, "--db", db]).exitCode == 0)
        let changed =
            Self.januaryCSV
            .replacingOccurrences(of: "13/01/2027,09:30,3h,LAWS3004", with: "14/01/2027,09:30,3h,LAWS3004")
            .replacingOccurrences(of: "Room 101,120", with: "Room 101,140")
            + "14/01/2027,14:00,2h,HIST1002,Early Modern Europe,Online,300\n"
        try tmp.write("jan.csv", changed)
        let dry = try TermscaleBinary.run(["import", csv, "--db", db, "--dry-run"])
        #expect(dry.exitCode == 0)
        #expect(dry.stdout.contains("4 exam sessions: 1 added, 1 moved, 1 candidates changed"))
        #expect(dry.stdout.contains("Dry run: nothing was stored."))
        #expect(try TermscaleBinary.run(["calendar", "--db", db, "--format", "json"]).stdout.contains("2027-01-13T09:30:00Z"))

        let real = try TermscaleBinary.run(["import", csv, "--db", db])
        #expect(
            real.stdout == """
                \(csv): source 'jan.csv' (exam, csv): 4 exam sessions: 1 added, 1 moved, 1 candidates changed
                  ~ candidates PHYS2001 Electromagnetism, Waves and Optics at Tue 12 Jan 2027 14:00 GMT (2027-01-12T14:00:00Z): 120 → 140
                  ~ moved    LAWS3004 Jurisprudence from Wed 13 Jan 2027 09:30 GMT (2027-01-13T09:30:00Z) to Thu 14 Jan 2027 09:30 GMT (2027-01-14T09:30:00Z)
                  + added    HIST1002 Early Modern Europe at Thu 14 Jan 2027 14:00 GMT (2027-01-14T14:00:00Z), 300 candidates

                """)
        let again = try TermscaleBinary.run(["import", csv, "--db", db])
        #expect(again.stdout.contains("4 exam sessions, no changes"))
    }

    @Test func badFileStoresNothingAndLeavesTheDatabaseByteForByte() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("state.sqlite")
        let good = try tmp.write("jan.csv", Self.januaryCSV)
        #expect(try TermscaleBinary.run(["import", good, "--db", db]).exitCode == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))

        let bad = try tmp.write(
            "bad.csv",
            """
            Exam Date,Start Time,Duration,Module Code,Module Title,Venue,No. of Candidates
            31/02/2027,09:30,2h,MATH1001,Calculus,Online,100
            15/01/2027,09:30,2h,MATH1002,Algebra,Online,-4
            15/01/2027,14:00,0,MATH1003,Geometry,Online,10

            """)
        let changedGood = try tmp.write("jan2.csv", Self.januaryCSV.replacingOccurrences(of: ",45", with: ",46"))
        let result = try TermscaleBinary.run(["import", changedGood, bad, "--db", db])
        #expect(result.exitCode == 65)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.stderr)")
        #expect(lines.allSatisfy { $0.hasPrefix(bad + ":") })
        #expect(lines[0].hasPrefix("\(bad):2: date: "))
        #expect(lines[1].hasPrefix("\(bad):3: candidates: "))
        #expect(lines[2].hasPrefix("\(bad):4: duration: "))
        #expect(result.stdout.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(!FileManager.default.fileExists(atPath: db + "-journal"))
    }

    @Test func badFileDoesNotCreateADatabase() throws {
        let tmp = try TemporaryFolder()
        let bad = try tmp.write(
            "bad.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2027011\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        let result = try TermscaleBinary.run(["import", bad, "--db", tmp.path("new/state.sqlite")])
        #expect(result.exitCode == 65)
        #expect(result.stderr.hasPrefix("\(bad):3: DTSTART: "))
        #expect(!FileManager.default.fileExists(atPath: tmp.path("new")))
    }

    @Test func ambiguousLocalTimeIsRefusedWithItsLine() throws {
        let tmp = try TemporaryFolder()
        let csv = try tmp.write(
            "autumn.csv",
            """
            Date,Start,Duration,Code,Title,Candidates
            2027-10-29,09:00,1h,ECON1001,Microeconomics,900
            2027-10-31,01:30,1h,ECON1002,Macroeconomics,900
            2027-11-01,09:00,1h,ECON1003,Econometrics,900

            """)
        let result = try TermscaleBinary.run(["import", csv, "--db", tmp.path("s.sqlite")])
        #expect(result.exitCode == 65)
        #expect(result.stderr.hasPrefix("\(csv):3: start: "), "\(result.stderr)")
        #expect(result.stderr.contains("Europe/London"))
    }

    @Test func usageErrorsAndMissingFiles() throws {
        let tmp = try TemporaryFolder()
        let missing = try TermscaleBinary.run(["import", tmp.path("nope.csv"), "--db", tmp.path("s.sqlite")])
        #expect(missing.exitCode == 66)
        #expect(missing.stderr == "\(tmp.path("nope.csv")): cannot read: no such file\n")
        let zone = try TermscaleBinary.run([
            "import", tmp.path("nope.csv"), "--timezone", "Mars/Olympus", "--db", tmp.path("s.sqlite"),
        ])
        #expect(zone.exitCode == 64)
        #expect(
            zone.stderr.hasPrefix(
                """
                Error: The value 'Mars/Olympus' is invalid for '--timezone <zone>'
                Help:  --timezone <zone>  IANA zone for wall-clock times without their own zone.
                """), "\(zone.stderr)")
        let range = try TermscaleBinary.run([
            "calendar", "--from", "2027-01-12", "--to", "2027-01-12", "--db", tmp.path("s.sqlite"),
        ])
        #expect(range.exitCode == 64)
        #expect(
            range.stderr.hasPrefix("Error: --to (2027-01-12) must be after --from (2027-01-12); --to is exclusive\n"),
            "\(range.stderr)")
        let date = try TermscaleBinary.run(["calendar", "--from", "2027-02-30", "--db", tmp.path("s.sqlite")])
        #expect(date.exitCode == 64)
        #expect(date.stderr.hasPrefix("Error: The value '2027-02-30' is invalid for '--from <YYYY-MM-DD>'\n"), "\(date.stderr)")
        let source = try TermscaleBinary.run(["import", "a.csv", "b.csv", "--source", "jan", "--db", tmp.path("s.sqlite")])
        #expect(source.exitCode == 64)
        #expect(
            source.stderr.hasPrefix("Error: --source names one source: give it with one file at a time\n"), "\(source.stderr)")
        let category = try TermscaleBinary.run([
            "import", "a.ics", "--kind", "window", "--category", " - ", "--db", tmp.path("s.sqlite"),
        ])
        #expect(category.exitCode == 64)
        #expect(
            category.stderr.hasPrefix(
                "Error: The value ' - ' is invalid for '--category <category>': it has no letters or digits\n"),
            "\(category.stderr)")
        let columns = try TermscaleBinary.run(["import", tmp.path("x.csv"), "--columns", "when=3", "--db", tmp.path("s.sqlite")])
        #expect(columns.exitCode == 64)
        #expect(columns.stderr.contains("unknown field 'when'"))
    }

    @Test func readingCommandsNeverCreateADatabase() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("none/state.sqlite")
        let sources = try TermscaleBinary.run(["sources", "--db", db])
        #expect(sources.exitCode == 0)
        #expect(sources.stdout == "No sources imported yet.\n")
        #expect(try TermscaleBinary.run(["calendar", "--db", db, "--format", "json"]).stdout == "[]\n")
        #expect(!FileManager.default.fileExists(atPath: tmp.path("none")))
    }

    @Test func databaseFromEnvironment() throws {
        let tmp = try TemporaryFolder()
        let csv = try tmp.write("jan.csv", Self.januaryCSV)
        let env = ["TERMSCALE_DB": tmp.path("env.sqlite")]
        #expect(try TermscaleBinary.run(["import", csv], environment: env).exitCode == 0)
        let xdg = ["XDG_STATE_HOME": tmp.path("xdg")]
        #expect(try TermscaleBinary.run(["import", csv], environment: xdg).exitCode == 0)
        #expect(FileManager.default.fileExists(atPath: tmp.path("env.sqlite")))
        #expect(FileManager.default.fileExists(atPath: tmp.path("xdg/termscale/termscale.sqlite")))
        let sources = try TermscaleBinary.run(["sources", "--format", "json"], environment: env)
        #expect(sources.stdout.contains("\"events\": 3"))
    }
}
