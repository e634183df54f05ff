import Foundation
import TermscaleTestSupport
import Testing

/// `termscale plan` and `termscale policy check` on the shipped samples and policy.
@Suite struct PlanEndToEndTests {
    static let policy = "policies/moodle-web.yaml"

    /// `termscale plan` of the January exam week (2027-W02) as of `now`, on the imported sample year.
    static func planExamWeek(now: String = "2027-01-04T06:00:00Z", _ options: [String], db: String) throws
        -> TermscaleBinary.Result
    {
        try TermscaleBinary.run(["plan", "--policy", policy, "--week", "2027-W02", "--now", now, "--db", db] + options)
    }

    @Test func januaryExamWeekMatchesGoldenFiles() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let arguments = ["plan", "--policy", Self.policy, "--week", "2027-W02", "--now", "2027-01-04T06:00:00Z", "--db", db]
        let table = try TermscaleBinary.run(arguments)
        #expect(table.exitCode == 0, "\(table.stderr)")
        try Golden.check(table.stdout, named: "plan-2027-W02.txt")
        for line in table.stdout.split(separator: "\n") {
            #expect(line.count <= 80, "wider than 80 columns: \(line)")
        }
        let json = try TermscaleBinary.run(arguments + ["--format", "json"])
        #expect(json.exitCode == 0)
        try Golden.check(json.stdout, named: "plan-2027-W02.json")
        // MGMT1001's 3,800 candidates start at 09:30 GMT on Tuesday: the pre-warm raise is 45
        // minutes before, at 08:45Z, and the mix turns on-demand 10 minutes before that.
        #expect(json.stdout.contains("\"name\": \"termscale-moodle-web-20270112T0845Z\""))
        #expect(
            json.stdout.contains(
                """
                      "start": "2027-01-12T08:35:00Z",
                      "end": "2027-01-12T08:45:00Z",
                """))
    }

    @Test func htmlIsOneSelfContainedFile() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        let out = tmp.path("week.html")
        let result = try Self.planExamWeek(["--format", "html", "--output", out], db: db)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("MGMT1001"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("href=\"http"))
    }

    @Test func outputToAFileThatCannotBeWrittenIsExit73() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        // A folder where the file should be: nothing can be written there, whoever runs the test.
        let folder = tmp.path("reports")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let result = try Self.planExamWeek(["--output", folder], db: db)
        #expect(result.exitCode == 73)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("\(folder): cannot write the report: "), "\(result.stderr)")
    }

    @Test func jsonToAFileStillSaysItsWarningsOnStderr() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        let out = tmp.path("week.json")
        // From 20 December the exam week is beyond the 14-day push horizon: the report warns.
        let result = try Self.planExamWeek(now: "2026-12-20T12:00:00Z", ["--format", "json", "--output", out], db: db)
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.contains("warning: actions from 2027-01-11T00:00:00Z are beyond the 14-day push horizon"),
            "\(result.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("beyond the 14-day push horizon"))
    }

    @Test func weekAndDatesAreCheckedBeforeAnythingRuns() throws {
        let week = try TermscaleBinary.run(["plan", "--policy", Self.policy, "--week", "2027-W53"])
        #expect(week.exitCode == 64)
        #expect(week.stderr.hasPrefix("Error: The value '2027-W53' is invalid for '--week <YYYY-Www>'\n"), "\(week.stderr)")
        let both = try TermscaleBinary.run(["plan", "--policy", Self.policy, "--week", "2027-W02", "--from", "2027-01-11"])
        #expect(both.exitCode == 64)
        #expect(both.stderr.hasPrefix("Error: give --week or --from/--to, not both\n"), "\(both.stderr)")
        let to = try TermscaleBinary.run(["plan", "--policy", Self.policy, "--to", "2027-01-11"])
        #expect(to.stderr.hasPrefix("Error: --to needs --from\n"), "\(to.stderr)")
        let order = try TermscaleBinary.run(["plan", "--policy", Self.policy, "--from", "2027-01-18", "--to", "2027-01-11"])
        #expect(order.exitCode == 64)
        #expect(
            order.stderr.hasPrefix("Error: --to (2027-01-11) must be after --from (2027-01-18); --to is exclusive\n"),
            "\(order.stderr)")
        let now = try TermscaleBinary.run(["plan", "--policy", Self.policy, "--now", "2027-01-04 12:00"])
        #expect(now.exitCode == 64)
        #expect(now.stderr.hasPrefix("Error: The value '2027-01-04 12:00' is invalid for '--now <RFC3339>'\n"), "\(now.stderr)")
    }

    @Test func policyCheckPrintsTheResolvedPolicy() throws {
        let result = try TermscaleBinary.run(["policy", "check", Self.policy])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("auto_scaling_group"))
        #expect(result.stdout.contains("moodle-web"))
    }

    @Test func badPolicyIsRefusedWithEveryProblem() throws {
        let tmp = try TemporaryFolder()
        let text = try String(
            contentsOfFile: TermscaleBinary.packageRoot.appendingPathComponent(Self.policy).path, encoding: .utf8)
        let bad =
            text
            .replacingOccurrences(of: "prewarm_minutes: 45", with: "prewarm_minutes: 90")
            .replacingOccurrences(of: "students_per_instance: 250", with: "students_per_instance: lots")
        try #require(bad != text)
        let file = try tmp.write("bad.yaml", bad + "\nsurprise_key: 1\n")
        let check = try TermscaleBinary.run(["policy", "check", file])
        #expect(check.exitCode == 65)
        let lines = check.stderr.split(separator: "\n")
        #expect(lines.count == 3, "\(check.stderr)")
        #expect(lines.contains { $0.hasPrefix("\(file):") && $0.contains("exams.prewarm_minutes") })
        #expect(lines.contains { $0.hasPrefix("\(file):") && $0.contains("capacity.students_per_instance") })
        #expect(lines.contains { $0.hasPrefix("\(file):") && $0.contains("surprise_key") })
        let plan = try TermscaleBinary.run(["plan", "--policy", file, "--db", tmp.path("s.sqlite")])
        #expect(plan.exitCode == 65)
    }

    @Test func planOptionsAreChecked() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("s.sqlite")
        #expect(try TermscaleBinary.run(["plan", "--policy", Self.policy, "--week", "2027-W54", "--db", db]).exitCode == 64)
        #expect(
            try TermscaleBinary.run(["plan", "--policy", Self.policy, "--week", "2027-W02", "--from", "2027-01-11", "--db", db])
                .exitCode == 64)
        #expect(try TermscaleBinary.run(["plan", "--policy", Self.policy, "--now", "yesterday", "--db", db]).exitCode == 64)
        #expect(try TermscaleBinary.run(["plan", "--policy", tmp.path("none.yaml"), "--db", db]).exitCode == 66)
    }
}

extension PlanEndToEndTests {
    @Test func scheduleMakesEveryPathAbsolute() throws {
        let run = try TermscaleBinary.run([
            "schedule", "--policy", Self.policy, "--db", "state/termscale.sqlite", "--every", "10",
        ])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let root = TermscaleBinary.packageRoot.standardizedFileURL.path
        let line = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("*/10 * * * * root /") })
        #expect(
            line.contains(
                " push --policy \(root)/policies/moodle-web.yaml --db \(root)/state/termscale.sqlite >> /var/log/termscale/push.log 2>&1"
            ), "\(line)")
        let bad = try TermscaleBinary.run(["schedule", "--policy", Self.policy, "--every", "7"])
        #expect(bad.exitCode == 64)
    }
}
