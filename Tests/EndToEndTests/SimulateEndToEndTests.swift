import Foundation
import TermscaleTestSupport
import Testing

/// Issue 10's acceptance for `termscale simulate`, on the shipped sample year and policy
/// (`mix.switch: scheduler`) and its `cron` twin, seeded: the built binary, its JSON and table.
@Suite struct SimulateEndToEndTests {
    /// The January exam fortnight: the day before the first paper to the Sunday after the last.
    static let january = ["--from", "2027-01-10", "--to", "2027-01-24"]

    static func json(_ stdout: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
    }

    static func list(_ object: [String: Any], _ key: String) -> [[String: Any]] { object[key] as? [[String: Any]] ?? [] }

    /// The sample policy with `boot_minutes` and `prewarm_minutes` replaced, written to `folder`.
    static func policy(boot: Int, prewarm: Int, in folder: TemporaryFolder) throws -> String {
        let text = try String(
            contentsOf: TermscaleBinary.packageRoot.appendingPathComponent("policies/moodle-web.yaml"), encoding: .utf8)
        let changed = text.replacingOccurrences(of: "  boot_minutes: 8\n", with: "  boot_minutes: \(boot)\n")
            .replacingOccurrences(of: "  prewarm_minutes: 45\n", with: "  prewarm_minutes: \(prewarm)\n")
        #expect(changed.contains("boot_minutes: \(boot)\n") && changed.contains("prewarm_minutes: \(prewarm)\n"))
        return try folder.write("boot\(boot)-prewarm\(prewarm).yaml", changed)
    }

    /// The sample policy with `mix.switch: cron` (and no scheduler role), written to `folder`.
    static func cronPolicy(in folder: TemporaryFolder) throws -> String {
        let text = try String(
            contentsOf: TermscaleBinary.packageRoot.appendingPathComponent("policies/moodle-web.yaml"), encoding: .utf8)
        let changed = text.replacingOccurrences(of: "  switch: scheduler\n", with: "  switch: cron\n")
            .replacingOccurrences(
                of: "  scheduler_role_arn: arn:aws:iam::123456789012:role/termscale-scheduler\n", with: "")
        #expect(changed.contains("  switch: cron\n") && !changed.contains("scheduler_role_arn: arn"))
        return try folder.write("moodle-web-cron.yaml", changed)
    }

    /// With 5 % of cron runs failing at random, every exam start of the year is covered, and
    /// covered on-demand: the schedules switch the mix inside AWS (and the cron job would too,
    /// 10 minutes before each raise, unless three runs in a row — 1 in 8,000 — failed).
    @Test func fivePercentCronOutagesCoverEveryExamStartOfTheYearOnDemand() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let run = try TermscaleBinary.run([
            "simulate", "--policy", "policies/moodle-web.yaml", "--db", db, "--cron-outage-rate", "0.05", "--seed", "1",
            "--format", "json",
        ])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let r = try Self.json(run.stdout)
        #expect(r["from"] as? String == "2026-09-13T23:00:00Z" && r["to"] as? String == "2027-09-13T23:00:00Z")
        #expect(r["exam_starts"] as? Int == 720)
        #expect(r["covered"] as? Int == 720)
        #expect(r["covered_on_demand"] as? Int == 720)
        #expect(Self.list(r, "shortfalls").isEmpty && Self.list(r, "on_spot").isEmpty)
        #expect(r["runs"] as? Int == 105_120)
        #expect(r["failed_runs"] as? Int == 5_178)
        // The push's reads and writes, with one ListSchedules a run and the schedules' writes.
        #expect(r["api_calls"] as? Int == 400_470)
        #expect(r["instance_hours"] as? Double == 31_990.74)
        #expect(r["cost"] as? Double == 5_450.43)
    }

    /// The cron host dies after a push the day before the January fortnight. With the switches
    /// in EventBridge Scheduler (the sample policy) every exam start is still covered on-demand.
    @Test func withTheCronHostDownForTheJanuaryFortnightTheSchedulerStillSwitchesTheMix() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let run = try TermscaleBinary.run(
            ["simulate", "--policy", "policies/moodle-web.yaml", "--db", db, "--format", "json"] + Self.january
                + ["--cron-down", "2027-01-10T00:01:00Z/2027-01-24T00:00:00Z"])
        #expect(run.exitCode == 0, "\(run.stderr)")
        let r = try Self.json(run.stdout)
        #expect(r["mix_switch"] as? String == "scheduler")
        #expect(r["exam_starts"] as? Int == 298 && r["covered"] as? Int == 298)
        #expect(r["covered_on_demand"] as? Int == 298)
        #expect(r["runs"] as? Int == 1 && r["skipped_runs"] as? Int == 4_031)
        #expect(Self.list(r, "on_spot").isEmpty && Self.list(r, "shortfalls").isEmpty)
    }

    /// The same with `mix.switch: cron`: every raise still runs (scheduled actions), but the mix is
    /// never switched, so every session's exam capacity launches on the policy's mix, mostly Spot,
    /// and the report names each of them.
    @Test func withTheCronHostDownForTheJanuaryFortnightTheReportNamesTheExamsOnSpot() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let arguments =
            ["simulate", "--policy", try Self.cronPolicy(in: tmp), "--db", db] + Self.january
            + ["--cron-down", "2027-01-10T00:01:00Z/2027-01-24T00:00:00Z"]
        let json = try TermscaleBinary.run(arguments + ["--format", "json"])
        #expect(json.exitCode == 0, "\(json.stderr)")
        let r = try Self.json(json.stdout)
        #expect(r["exam_starts"] as? Int == 298)
        #expect(r["covered"] as? Int == 298)
        #expect(r["covered_on_demand"] as? Int == 0)
        #expect(r["runs"] as? Int == 1 && r["skipped_runs"] as? Int == 4_031)
        let onSpot = Self.list(r, "on_spot")
        #expect(onSpot.count == 298)
        let mgmt = try #require(onSpot.first { $0["code"] as? String == "MGMT1001" })
        #expect(mgmt["start"] as? String == "2027-01-12T09:30:00Z")
        #expect(mgmt["planned"] as? Int == 31 && mgmt["in_service"] as? Int == 31)
        // On the policy's mix (2 on-demand + 25 % above): of the 31, 10 on-demand; 20 of the Spot
        // ones launched for the exam (the 21st is part of the floor, launched before).
        #expect(mgmt["on_demand"] as? Int == 10 && mgmt["spot"] as? Int == 20)

        let table = try TermscaleBinary.run(arguments)
        #expect(table.exitCode == 0)
        #expect(table.stdout.contains("Exam starts 298: covered 298 (100.0%), covered on-demand 0 (0.0%)\n"))
        #expect(table.stdout.contains("\n298 covered exam sessions whose exam capacity launched on Spot:\n"))
        #expect(table.stdout.contains("\nCHEM1003  2027-01-11 09:30             18          18          6             11\n"))
        #expect(table.stdout.contains("  … and 278 more (--format json lists them all)\n"))
    }

    /// A paper added 20 minutes before it starts (Sun 17 Jan, 10:00): the push at 09:40 raises
    /// MinSize at once. With the policy's 8-minute boot it is covered; with instances taking 25
    /// minutes it is short by exactly 5.
    @Test func anExamAdded20MinutesBeforeItsStartIsShortByTheMinutesTheFleetLacks() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        _ = try tmp.write(
            "late-exam.csv",
            """
            Exam Date,Start Time,Duration,Module Code,Module Title,Venue,No. of Candidates
            17/01/2027,10:00,2h,LATE1001,Late Added Paper,Great Hall,1200

            """)
        let changes = try tmp.write("late.csv", "at,file,kind\n2027-01-17T09:40:00Z,late-exam.csv,exam\n")
        let arguments =
            ["simulate", "--policy", "policies/moodle-web.yaml", "--db", db, "--late-changes", changes] + Self.january

        let policyBoot = try Self.json(try TermscaleBinary.run(arguments + ["--format", "json"]).stdout)
        #expect(policyBoot["exam_starts"] as? Int == 299 && policyBoot["covered"] as? Int == 299)

        let slow = try TermscaleBinary.run(arguments + ["--boot-minutes", "25", "--format", "json"])
        #expect(slow.exitCode == 0, "\(slow.stderr)")
        let r = try Self.json(slow.stdout)
        #expect(r["exam_starts"] as? Int == 299 && r["covered"] as? Int == 298)
        let shortfalls = Self.list(r, "shortfalls")
        #expect(shortfalls.count == 1)
        #expect(shortfalls.first?["code"] as? String == "LATE1001")
        #expect(shortfalls.first?["start"] as? String == "2027-01-17T10:00:00Z")
        #expect(shortfalls.first?["planned"] as? Int == 10 && shortfalls.first?["in_service"] as? Int == 4)
        #expect(shortfalls.first?["minutes_short"] as? Int == 5)
        // The user's database is as it was: the change went into the simulation's copy.
        let sources = try TermscaleBinary.run(["sources", "--db", db])
        #expect(!sources.stdout.contains("late-exam.csv"))
    }

    /// Instances booting in 15 minutes under a 45-minute pre-warm are in service at every start;
    /// booting in 50 under a 30-minute pre-warm, all but the eight sessions held from an earlier
    /// raise are short by 20 minutes, and the report names them.
    @Test func bootTimeAgainstPrewarmDecidesCoverage() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let quick = try TermscaleBinary.run(
            ["simulate", "--policy", try Self.policy(boot: 15, prewarm: 45, in: tmp), "--db", db, "--format", "json"]
                + Self.january)
        let q = try Self.json(quick.stdout)
        #expect(q["exam_starts"] as? Int == 298 && q["covered"] as? Int == 298 && q["covered_on_demand"] as? Int == 298)

        let slowPolicy = try Self.policy(boot: 50, prewarm: 30, in: tmp)
        let slow = try TermscaleBinary.run(["simulate", "--policy", slowPolicy, "--db", db, "--format", "json"] + Self.january)
        let s = try Self.json(slow.stdout)
        #expect(s["covered"] as? Int == 8)
        let shortfalls = Self.list(s, "shortfalls")
        #expect(shortfalls.count == 290)
        #expect(shortfalls.allSatisfy { $0["minutes_short"] as? Int == 20 })
        let mgmt = try #require(shortfalls.first { $0["code"] as? String == "MGMT1001" })
        #expect(mgmt["planned"] as? Int == 31 && mgmt["in_service"] as? Int == 4)
        let covered = Self.list(s, "sessions").filter { $0["covered"] as? Bool == true }.compactMap { $0["code"] as? String }
        #expect(covered == ["POLI3008", "MGMT2009", "SOCI3007", "GEOG2004", "HIST1004", "MEDI4003", "MUSI3005", "PSYC3005"])

        let table = try TermscaleBinary.run(["simulate", "--policy", slowPolicy, "--db", db] + Self.january)
        #expect(table.stdout.contains("\n290 exam sessions short at their start, the longest first:\n"))
        #expect(table.stdout.contains("\nCHEM1003  2027-01-11 09:30             18           4          3             20\n"))
    }

    @Test func badOptionsAndLateChangeFilesAreNamed() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let base = ["simulate", "--policy", "policies/moodle-web.yaml", "--db", db] + Self.january
        let rate = try TermscaleBinary.run(base + ["--cron-outage-rate", "1.5"])
        #expect(rate.exitCode == 64)
        #expect(rate.stderr.contains("The value '1.5' is invalid for '--cron-outage-rate <P>'"))
        let down = try TermscaleBinary.run(base + ["--cron-down", "2027-01-12T10:00:00Z"])
        #expect(down.exitCode == 64)
        #expect(down.stderr.contains("'--cron-down <FROM/TO>'"))
        let negative = try TermscaleBinary.run(base + ["--action-delay-max", "-5"])
        #expect(negative.exitCode == 64)

        let changes = try tmp.write(
            "late.csv",
            """
            at,file,kind
            2027-01-12 09:10,exams.csv,exam
            2027-01-12T09:10:00Z,missing.csv,exam
            2027-01-12T09:10:00Z,exams.csv,lecture
            2027-03-01T00:00:00Z,exams.csv,exam

            """)
        _ = try tmp.write("exams.csv", "Exam Date,Start Time,Duration,Module Code,Module Title,No. of Candidates\n")
        let bad = try TermscaleBinary.run(base + ["--late-changes", changes])
        #expect(bad.exitCode == 65)
        #expect(
            bad.stderr == """
                \(changes):2: at: '2027-01-12 09:10' is not an RFC 3339 instant with an offset, such as 2027-01-12T09:10:00Z
                \(changes):4: kind: 'lecture' is neither exam nor window

                """)
        let missing = try tmp.write("late2.csv", "2027-01-12T09:10:00Z,missing.csv,exam\n2027-03-01T00:00:00Z,exams.csv,exam\n")
        let out = try TermscaleBinary.run(base + ["--late-changes", missing])
        #expect(out.exitCode == 65)
        #expect(
            out.stderr == """
                \(missing):1: file: \(tmp.path("missing.csv")): no such file (a relative path is read from the late-changes file's folder)
                \(missing):2: at: 2027-03-01T00:00:00Z is outside the simulated range 2027-01-10T00:00:00Z to 2027-01-24T00:00:00Z

                """)
    }

    @Test func theHTMLPageIsSelfContainedAndDrawsEachExamDay() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let html = try TermscaleBinary.run(
            ["simulate", "--policy", try Self.policy(boot: 50, prewarm: 30, in: tmp), "--db", db, "--format", "html"]
                + Self.january)
        #expect(html.exitCode == 0)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        let links = html.stdout.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!links.contains("<script") && !links.contains("http://") && !links.contains("https://"))
        // Eleven exam days (Saturday the 16th too), one panel each, in one period; the short
        // starts marked.
        #expect(html.stdout.components(separatedBy: "<svg class=\"day-chart\"").count - 1 == 11)
        #expect(
            html.stdout.contains(
                "<h4>Mon 11 Jan 2027 – Fri 22 Jan 2027 · 11 exam days, 298 starts, <span class=\"bad\">290 short</span></h4>"))
        #expect(html.stdout.components(separatedBy: "<g class=\"start short\">").count - 1 == 290)
        #expect(html.stdout.contains("<title>MGMT1001 at 09:30: 4 in service of 31 planned: 20 minutes short</title>"))
    }
}
