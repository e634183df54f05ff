import Foundation
import TermscaleTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile and broken input, as the binary meets it: every case ends with one clear message, the
/// documented exit code, the database as it was, in bounded memory and time. The README's
/// "Limits" lists each case with the test that proves it (some live in other suites).
@Suite struct HostileInputEndToEndTests {
    static let fixtures = TermscaleBinary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures")
    static let policy = TermscaleBinary.packageRoot.appendingPathComponent("policies/moodle-web.yaml").path

    /// A folder with a database made by a real import of the January timetable.
    struct Setup {
        let tmp: TemporaryFolder
        let db: String
        let before: Data

        init() throws {
            tmp = try TemporaryFolder()
            db = tmp.path("state.sqlite")
            let csv = try tmp.write("jan.csv", ImportEndToEndTests.januaryCSV)
            let result = try TermscaleBinary.run(["import", csv, "--db", db])
            try #require(result.exitCode == 0, "\(result.stderr)")
            before = try Data(contentsOf: URL(fileURLWithPath: db))
        }

        /// Whether the database is byte for byte as the setup left it.
        var isUnchanged: Bool { (try? Data(contentsOf: URL(fileURLWithPath: db))) == before }

        func write(_ name: String, bytes: [UInt8]) throws -> String {
            let path = tmp.path(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    /// Runs `import files --db` and expects exit 65 with exactly `message` and the database unchanged.
    func expectRefused(
        _ setup: Setup, _ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try TermscaleBinary.run(["import"] + arguments + ["--db", setup.db], sourceLocation: sourceLocation)
        #expect(result.exitCode == 65, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr == message + "\n", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(setup.isUnchanged, "the database changed", sourceLocation: sourceLocation)
    }

    /// Runs termscale under Fixtures/peak_rss.py (after `launcher`, if any), returning the run and
    /// its peak resident memory in MiB.
    func runMeasured(_ arguments: [String], launcher: [String] = [], environment: [String: String] = [:]) throws
        -> (TermscaleBinary.Result, Double)
    {
        let tmp = try TemporaryFolder()
        let rss = tmp.path("rss")
        let measure = ["/usr/bin/python3", Self.fixtures.appendingPathComponent("peak_rss.py").path, rss]
        let result = try TermscaleBinary.run(
            arguments, environment: environment, launcher: launcher + measure,
            timeout: 30)
        let kib = try #require(Double(String(contentsOfFile: rss, encoding: .utf8)), "peak_rss.py wrote nothing")
        return (result, kib / 1024)
    }

    // MARK: Size

    @Test(arguments: [(200, "200 MiB"), (1024, "1 GiB")])
    func aCalendarOverSixtyFourMiBIsRefusedUnread(mebibytes: Int, shown: String) throws {
        let setup = try Setup()
        // Sparse: the test writes no data, so a 1 GiB file costs nothing to make.
        let path = setup.tmp.path("huge.ics")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, off_t(mebibytes) << 20) == 0)

        let (result, peak) = try runMeasured(["import", path, "--db", setup.db])
        #expect(result.exitCode == 65, "\(result.stderr)")
        #expect(
            result.stderr
                == "\(path): is \(shown), more than termscale reads from a calendar or timetable (64 MiB); is it the "
                + "right file? Split a larger one, or leave out what termscale does not need\n")
        #expect(setup.isUnchanged)
        // Refused from its size: a read would take at least the file's size in memory.
        #expect(peak < 48, "peak memory \(peak) MiB")
    }

    @Test func anEndlessStreamIsReadOnlyToTheLimit() throws {
        let setup = try Setup()
        // `yes` never stops: termscale must stop reading at 64 MiB and one byte.
        let (result, peak) = try runMeasured(
            ["import", "/dev/stdin", "--format", "ics", "--db", setup.db],
            launcher: ["/bin/sh", "-c", "yes BEGIN:VCALENDAR | \"$0\" \"$@\""])
        #expect(result.exitCode == 65, "\(result.stderr)")
        #expect(
            result.stderr
                == "/dev/stdin: goes on past 64 MiB, more than termscale reads from a calendar or timetable (64 MiB); "
                + "is it the right file? Split a larger one, or leave out what termscale does not need\n")
        #expect(setup.isUnchanged)
        // Bounded: the limit plus the process's own memory (about 35 MiB), though `yes` never ends.
        #expect(peak < 128, "peak memory \(peak) MiB")
    }

    @Test func aPolicyOverOneMiBIsRefusedUnread() throws {
        let tmp = try TemporaryFolder()
        let path = tmp.path("huge.yaml")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        #expect(truncate(path, 2 << 20) == 0)
        let result = try TermscaleBinary.run(["policy", "check", path])
        #expect(result.exitCode == 65)
        #expect(
            result.stderr
                == "\(path): is 2 MiB, more than termscale reads from a policy (1 MiB); is it the right file? "
                + "Split a larger one, or leave out what termscale does not need\n")
    }

    // MARK: Lines and bytes

    @Test func aTenMiBLineIsRefusedAtItsLine() throws {
        let setup = try Setup()
        let line = String(repeating: "x", count: 10 << 20)
        let csv = try setup.tmp.write("long.csv", StorageFailureEndToEndTests.examsCSV(count: 2, prefix: "L") + line + "\n")
        try expectRefused(
            setup, [csv],
            "\(csv):4: the line is 10,485,760 bytes long, more than the 1 MiB (1,048,576 bytes) termscale reads in one "
                + "line: the file is damaged, or not a timetable or calendar")
        let ics = try setup.tmp.write(
            "long.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:" + line + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        try expectRefused(
            setup, [ics],
            "\(ics):3: the line is 10,485,768 bytes long, more than the 1 MiB (1,048,576 bytes) termscale reads in one "
                + "line: the file is damaged, or not a timetable or calendar")
        // Folded into short lines, it is still one content line once unfolded.
        let folded = (0..<(2 << 20) / 64).map { _ in " " + String(repeating: "y", count: 63) }.joined(separator: "\r\n")
        let foldedICS = try setup.tmp.write(
            "folded.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\n" + folded + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        try expectRefused(
            setup, [foldedICS],
            "\(foldedICS):3: the content line is 2,064,393 bytes long once unfolded, more than the 1 MiB termscale reads "
                + "in one line: the file is damaged, or not a calendar")
    }

    @Test func nulBytesAreRefusedAtTheirLine() throws {
        let setup = try Setup()
        var csv = Array(StorageFailureEndToEndTests.examsCSV(count: 3, prefix: "N").utf8)
        csv.insert(0, at: csv.firstIndex(of: UInt8(ascii: "M"))!) // in the header's "Module Code"
        let csvPath = try setup.write("nul.csv", bytes: csv)
        let message =
            "contains a NUL byte (0x00), which no text timetable, calendar or CSV has: the file is binary or damaged; "
            + "check it is the file meant, and export it again"
        try expectRefused(setup, [csvPath], "\(csvPath):1: " + message)
        let ics = Array("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Maths\u{0}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
        let icsPath = try setup.write("nul.ics", bytes: ics)
        try expectRefused(setup, [icsPath], "\(icsPath):3: " + message)
    }

    @Test func invalidUTF8IsReadAsWindows1252InCSVAndRefusedInICalendarAndPolicies() throws {
        let setup = try Setup()
        // "Café" in Windows-1252 (é is 0xE9), as older Excel saves CSV.
        var csv = Array(StorageFailureEndToEndTests.examsCSV(count: 1, prefix: "W").utf8)
        csv.replaceSubrange(csv.count - 1..<csv.count, with: [0x2C, 0x43, 0x61, 0x66, 0xE9, 0x0A])
        csv.replaceSubrange(csv.firstIndex(of: 0x0A)!..<csv.firstIndex(of: 0x0A)! + 1, with: Array(",Note\n".utf8))
        let csvPath = try setup.write("latin.csv", bytes: csv)
        let imported = try TermscaleBinary.run(["import", csvPath, "--db", setup.db, "--dry-run"])
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        #expect(
            imported.stderr.contains(
                "warning: \(csvPath): the file is not UTF-8, so it was read as Windows-1252 (older Excel's CSV); if "
                    + "accents or symbols look wrong, save it as CSV UTF-8 and import it again"), "\(imported.stderr)")

        let ics =
            Array("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Caf".utf8) + [0xE9]
            + Array("\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
        let icsPath = try setup.write("latin.ics", bytes: ics)
        try expectRefused(setup, [icsPath], "\(icsPath):3: SUMMARY: value is not valid UTF-8; save the file as UTF-8")

        let policy = try String(contentsOfFile: Self.policy, encoding: .utf8)
        let policyPath = try setup.write("latin.yaml", bytes: Array(policy.utf8) + Array("# Caf".utf8) + [0xE9, 0x0A])
        let checked = try TermscaleBinary.run(["policy", "check", policyPath])
        #expect(checked.exitCode == 65)
        let lines = policy.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(checked.stderr == "\(policyPath):\(lines): is not UTF-8 text; save the file as UTF-8\n")
    }

    // MARK: iCalendar structure

    @Test func aHundredThousandNestedBeginsAreOneProblem() throws {
        let setup = try Setup()
        let depth = 100_000
        let text =
            "BEGIN:VCALENDAR\r\n" + String(repeating: "BEGIN:VEVENT\r\n", count: depth)
            + String(repeating: "END:VEVENT\r\n", count: depth) + "END:VCALENDAR\r\n"
        let ics = try setup.tmp.write("nested.ics", text)
        try expectRefused(
            setup, [ics],
            "\(ics):65: BEGIN: components nested more than 64 deep (a calendar nests 3: VCALENDAR, VEVENT, VALARM); "
                + "the file is damaged")
        // Never closed: still the one problem, not one per open component.
        let open = try setup.tmp.write("open.ics", "BEGIN:VCALENDAR\r\n" + String(repeating: "BEGIN:VEVENT\r\n", count: depth))
        try expectRefused(
            setup, [open],
            "\(open):65: BEGIN: components nested more than 64 deep (a calendar nests 3: VCALENDAR, VEVENT, VALARM); "
                + "the file is damaged")
    }

    static func event(_ uid: Int, _ rule: String) -> String {
        "BEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTART:20270104T090000Z\r\nDURATION:PT2H\r\nSUMMARY:Exam \(uid)\r\n"
            + "RRULE:\(rule)\r\nEND:VEVENT\r\n"
    }

    @Test func aRuleThatNeverEndsStopsAtTheHorizonAndEveryOtherBound() throws {
        let setup = try Setup()
        let endless = try setup.tmp.write(
            "endless.ics", "BEGIN:VCALENDAR\r\n" + Self.event(1, "FREQ=DAILY") + "END:VCALENDAR\r\n")
        let imported = try TermscaleBinary.run(["import", endless, "--db", setup.db, "--dry-run"])
        #expect(imported.exitCode == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("(exam, ics): 730 exam sessions, new source"), "\(imported.stdout)")
        #expect(
            imported.stderr.contains(
                "warning: \(endless):7: RRULE: the rule has neither COUNT nor UNTIL; only occurrences before 2029-01-03 "
                    + "(730 days after DTSTART) were imported; add COUNT or UNTIL to import a fixed set"), "\(imported.stderr)")

        let count = try setup.tmp.write(
            "count.ics", "BEGIN:VCALENDAR\r\n" + Self.event(1, "FREQ=DAILY;COUNT=1000000") + "END:VCALENDAR\r\n")
        try expectRefused(
            setup, [count], "\(count):7: RRULE: malformed RRULE: COUNT must be a whole number from 1 to 999999; fix the rule")

        // 30 February never comes: without a bound the rule would be scanned to year 9999.
        let never = try setup.tmp.write(
            "never.ics", "BEGIN:VCALENDAR\r\n" + Self.event(1, "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=2") + "END:VCALENDAR\r\n"
        )
        try expectRefused(
            setup, [never],
            "\(never):7: RRULE: the rule runs on more than 200 years past DTSTART (its COUNT or UNTIL is not reached by "
                + "then); give an earlier UNTIL or a smaller COUNT")

        // Five rules of 49,999 occurrences each, all within the 50,000 per event: the file is too many.
        let many = try setup.tmp.write(
            "many.ics",
            "BEGIN:VCALENDAR\r\n" + (1...5).map { Self.event($0, "FREQ=DAILY;COUNT=49999") }.joined() + "END:VCALENDAR\r\n")
        try expectRefused(
            setup, [many],
            "\(many):30: VEVENT: the file gives more than 200,000 events (recurrences expanded) by this one, more than "
                + "termscale imports from one file; split it, or give its rules an earlier UNTIL")
    }

    @Test func rulesThatLookAtTooManyDaysInAllAreRefusedInBoundedTime() throws {
        let setup = try Setup()
        // 29 February, 40 times from 2027: each rule ends (in 2184) but looks at 57,400 days to do it,
        // so the 175th such event takes the file past 10,000,000 days. 175 × 40 occurrences stay
        // far below the 200,000 events a file may give.
        let rule = "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=40"
        let ics = try setup.tmp.write(
            "leap.ics", "BEGIN:VCALENDAR\r\n" + (1...200).map { Self.event($0, rule) }.joined() + "END:VCALENDAR\r\n")
        try expectRefused(
            setup, [ics],
            "\(ics):1220: VEVENT: the file's recurrence rules look at more than 10,000,000 days in all by this event, "
                + "more than termscale expands for one file; split it, or give its rules an earlier UNTIL")
    }

    // MARK: Policies

    @Test func aYAMLBombIsRefusedBeforeItIsParsed() throws {
        let tmp = try TemporaryFolder()
        let laughs = (0..<9).map { level in
            let name = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level)))
            let item = level == 0 ? "\"lol\"" : "*" + String(UnicodeScalar(UInt8(ascii: "a") + UInt8(level - 1)))
            return "\(name): &\(name) [" + Array(repeating: item, count: 9).joined(separator: ",") + "]\n"
        }.joined()
        let bomb = try tmp.write("bomb.yaml", try String(contentsOfFile: Self.policy, encoding: .utf8) + laughs)
        // The policy ends with a newline, so its last (empty) piece is the bomb's first line.
        let line = try String(contentsOfFile: Self.policy, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).count
        let result = try TermscaleBinary.run(["policy", "check", bomb], timeout: 10)
        #expect(result.exitCode == 65)
        #expect(
            result.stderr
                == "\(bomb):\(line): '&a' is an anchor: YAML anchors and aliases (&name, *name, <<: *name) are not "
                + "allowed in a policy, since a few lines of them can expand to billions of values; write the values out\n")

        let deep = try tmp.write("deep.yaml", "name: " + String(repeating: "[", count: 500_000) + "\n")
        let nested = try TermscaleBinary.run(["policy", "check", deep], timeout: 10)
        #expect(nested.exitCode == 65)
        #expect(
            nested.stderr == "\(deep):1: lists or mappings nested more than 64 deep (a policy nests 2); the file is damaged\n")
    }

    @Test func aMillionInstancesIsOutOfRangeAtItsLine() throws {
        let tmp = try TemporaryFolder()
        let lines = try String(contentsOfFile: Self.policy, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let maxLine = try #require(lines.firstIndex { $0.hasPrefix("  max: ") })
        var edited = lines
        edited[maxLine] = "  max: 1000000"
        let path = try tmp.write("million.yaml", edited.joined(separator: "\n"))
        let result = try TermscaleBinary.run(["policy", "check", path])
        #expect(result.exitCode == 65)
        #expect(result.stderr == "\(path):\(maxLine + 1): capacity.max: must be 1–10000, is 1000000\n")
    }

    // MARK: Storage

    @Test(.enabled(if: geteuid() == 0, "mounting a tmpfs needs root"))
    func aFullDiskDuringImportLeavesTheDatabaseAsItWas() throws {
        let tmp = try TemporaryFolder()
        let disk = tmp.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        let mounted = "size=1m,mode=0700".withCString { mount("tmpfs", disk, "tmpfs", 0, $0) }
        try #require(mounted == 0, "mount: \(String(cString: strerror(errno)))")
        defer { umount2(disk, Int32(MNT_DETACH)) }

        let db = disk + "/state.sqlite"
        let jan = try tmp.write("jan.csv", ImportEndToEndTests.januaryCSV)
        let first = try TermscaleBinary.run(["import", jan, "--db", db])
        try #require(first.exitCode == 0, "\(first.stderr)")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        // Fill the rest of the disk, leaving less than 1,500 sessions need.
        #expect(FileManager.default.createFile(atPath: disk + "/filler", contents: nil))
        let filler = try #require(FileHandle(forWritingAtPath: disk + "/filler"))
        let block = Data(repeating: 0xAB, count: 4096)
        while (try? filler.write(contentsOf: block)) != nil {}
        try? filler.close()

        let big = try tmp.write("big.csv", StorageFailureEndToEndTests.examsCSV(count: 1500, prefix: "BIG"))
        let result = try TermscaleBinary.run(["import", big, "--db", db])
        #expect(result.exitCode == 74, "\(result.stderr)")
        #expect(
            result.stderr
                == "database \(db): cannot write: no space left (the disk is full, or a quota or file-size limit was "
                + "reached); free some space and run again\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(!FileManager.default.fileExists(atPath: db + "-journal"))
        let sources = try TermscaleBinary.run(["sources", "--db", db, "--format", "json"])
        #expect(sources.exitCode == 0)
        #expect(sources.stdout.contains("\"name\": \"jan.csv\"") && !sources.stdout.contains("big.csv"))
    }

    // MARK: AWS endpoints

    /// Fixtures/garbage_server.py on a loopback port, stopped when the value is released.
    final class GarbageServer {
        let process = Process()
        let folder: TemporaryFolder
        let port: Int
        var log: String { (try? String(contentsOfFile: folder.path("log"), encoding: .utf8)) ?? "" }

        init(silent: Bool) throws {
            folder = try TemporaryFolder()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments =
                [
                    HostileInputEndToEndTests.fixtures.appendingPathComponent("garbage_server.py").path, "--port-file",
                    folder.path("port"),
                    "--log", folder.path("log"),
                ] + (silent ? ["--silent"] : [])
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            port = try PortFile.waitForPort(at: folder.path("port"), of: process, server: "garbage_server.py")
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    @Test func anEndpointAnsweringAHundredMiBOfGarbageIsCutOffAtTenMiB() throws {
        let server = try GarbageServer(silent: false)
        let endpoint = "http://127.0.0.1:\(server.port)/"
        let (result, peak) = try runMeasured(
            ["status", "--policy", Self.policy, "--endpoint-url", endpoint],
            environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "not-a-secret"])
        #expect(result.exitCode == 69, "\(result.stderr)")
        #expect(
            result.stderr
                == "\(endpoint): the answer is larger than 10485760 bytes, far more than any answer termscale expects: "
                + "check that the endpoint is the AWS service (--endpoint-url, the proxy variables)\n")
        // Asked once (too large is not retried), and hung up on well before the 100 MiB. The server
        // logs once it notices the hang-up.
        let deadline = Date().addingTimeInterval(10)
        while server.log.isEmpty && Date() < deadline { usleep(20_000) }
        let sent = server.log.split(separator: "\n").compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
        #expect(sent.count == 1 && sent.allSatisfy { $0 < 100 << 20 }, "\(server.log)")
        #expect(peak < 80, "peak memory \(peak) MiB")
    }

    @Test func aMetadataEndpointThatNeverAnswersIsAConfigurationErrorInSeconds() throws {
        let server = try GarbageServer(silent: true)
        let url = "http://127.0.0.1:\(server.port)/creds"
        let result = try TermscaleBinary.run(
            ["status", "--policy", Self.policy],
            // Three attempts of 2 s and the backoff between them: well within the runner's 15 s.
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url, "AWS_EC2_METADATA_DISABLED": "true"], timeout: 15)
        #expect(result.exitCode == 78, "\(result.stderr)")
        #expect(result.stderr.contains("\(url): no response within 2.0 s (3 attempts)"), "\(result.stderr)")
    }
}
