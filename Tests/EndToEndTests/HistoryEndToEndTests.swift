import Foundation
import TermscaleCore
import TermscaleStore
import TermscaleTestSupport
import Testing

/// `termscale history`, the built binary, on a database whose runs are recorded through the store
/// exactly as a push records them.
@Suite struct HistoryEndToEndTests {
    /// Three runs: two of moodle-web (the later one partly applied) and one dry run of exam-proxy.
    func recordRuns(in database: String) throws {
        let store = try CalendarStore.open(path: database)
        try store.recordPush(
            PushRecord(
                startedAt: utc("2027-01-11T23:55:00Z"), endedAt: utc("2027-01-11T23:55:02Z"),
                policyFile: "policies/exam-proxy.yaml", group: "exam-proxy", region: "eu-west-1", outcome: .dryRun,
                changes: ["+ put termscale-exam-proxy-20270112T0800Z 2027-01-12T08:00:00Z MinSize 4"]))
        try store.recordPush(
            PushRecord(
                startedAt: utc("2027-01-12T08:40:00Z"), endedAt: utc("2027-01-12T08:40:00Z").addingTimeInterval(0.6),
                policyFile: "policies/moodle-web.yaml", group: "moodle-web", region: "eu-west-2", outcome: .inSync,
                calls: [
                    .init(action: "DescribeAutoScalingGroups", succeeded: true, detail: "1 group"),
                    .init(action: "DescribeScheduledActions", succeeded: true, detail: "1 action"),
                ]))
        try store.recordPush(
            PushRecord(
                startedAt: utc("2027-01-12T08:45:00Z"), endedAt: utc("2027-01-12T08:45:03Z"),
                policyFile: "policies/moodle-web.yaml", group: "moodle-web", region: "eu-west-2",
                outcome: .partlyApplied,
                changes: [
                    "+ put termscale-moodle-web-20270112T1245Z 2027-01-12T12:45:00Z MinSize 12",
                    "~ MinSize now 2 → 31",
                ],
                calls: [
                    .init(action: "BatchPutScheduledUpdateGroupAction", succeeded: true, detail: "1 action"),
                    .init(
                        action: "UpdateAutoScalingGroup", succeeded: false,
                        detail: "ScalingActivityInProgress: an activity is in progress"),
                ],
                errors: ["UpdateAutoScalingGroup: ScalingActivityInProgress; the next push sets MinSize 31"]))
    }

    @Test func anEmptyHistorySaysSoAndCreatesNoDatabase() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("state/termscale.sqlite")

        let table = try TermscaleBinary.run(["history", "--db", db])
        #expect(table.exitCode == 0, "\(table.stderr)")
        #expect(table.stdout == "No pushes recorded yet.\n")
        #expect(table.stderr == "")

        let json = try TermscaleBinary.run(["history", "--db", db, "--format", "json"])
        #expect(json.exitCode == 0, "\(json.stderr)")
        #expect(json.stdout == "[]\n")
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func historyListsRunsNewestFirstWithTheirChangesAndErrors() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("termscale.sqlite")
        try recordRuns(in: db)

        let run = try TermscaleBinary.run(["history", "--db", db])

        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stderr == "")
        #expect(
            run.stdout == """
                Start (UTC)           Group       Outcome         Changes  Calls ok/failed  Duration
                2027-01-12T08:45:00Z  moodle-web  partly-applied        2              1/1     3.0 s
                  + put termscale-moodle-web-20270112T1245Z 2027-01-12T12:45:00Z MinSize 12
                  ~ MinSize now 2 → 31
                  error: UpdateAutoScalingGroup: ScalingActivityInProgress; the next push sets MinSize 31
                2027-01-12T08:40:00Z  moodle-web  in-sync               0              2/0     0.6 s
                2027-01-11T23:55:00Z  exam-proxy  dry-run               1              0/0     2.0 s
                  + put termscale-exam-proxy-20270112T0800Z 2027-01-12T08:00:00Z MinSize 4

                """)
    }

    @Test func groupAndLimitChooseTheRuns() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("termscale.sqlite")
        try recordRuns(in: db)

        let latest = try TermscaleBinary.run(["history", "--db", db, "--group", "moodle-web", "--limit", "1"])
        #expect(latest.exitCode == 0, "\(latest.stderr)")
        #expect(
            latest.stdout == """
                Start (UTC)           Group       Outcome         Changes  Calls ok/failed  Duration
                2027-01-12T08:45:00Z  moodle-web  partly-applied        2              1/1     3.0 s
                  + put termscale-moodle-web-20270112T1245Z 2027-01-12T12:45:00Z MinSize 12
                  ~ MinSize now 2 → 31
                  error: UpdateAutoScalingGroup: ScalingActivityInProgress; the next push sets MinSize 31

                """)

        let proxy = try TermscaleBinary.run(["history", "--db", db, "--group", "exam-proxy"])
        #expect(
            proxy.stdout == """
                Start (UTC)           Group       Outcome  Changes  Calls ok/failed  Duration
                2027-01-11T23:55:00Z  exam-proxy  dry-run        1              0/0     2.0 s
                  + put termscale-exam-proxy-20270112T0800Z 2027-01-12T08:00:00Z MinSize 4

                """)

        let none = try TermscaleBinary.run(["history", "--db", db, "--group", "moodle"])
        #expect(none.exitCode == 0, "\(none.stderr)")
        #expect(none.stdout == "No pushes recorded yet.\n")
    }

    @Test func jsonGoesToTheOutputFile() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("termscale.sqlite")
        try recordRuns(in: db)
        let file = tmp.path("history.json")

        let run = try TermscaleBinary.run(
            ["history", "--db", db, "--group", "exam-proxy", "--format", "json", "--output", file])

        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stdout == "")
        #expect(
            try String(contentsOfFile: file, encoding: .utf8) == """
                [
                  {
                    "id": 1,
                    "started_at": "2027-01-11T23:55:00Z",
                    "ended_at": "2027-01-11T23:55:02Z",
                    "policy_file": "policies/exam-proxy.yaml",
                    "group": "exam-proxy",
                    "region": "eu-west-1",
                    "outcome": "dry-run",
                    "changes": [
                      "+ put termscale-exam-proxy-20270112T0800Z 2027-01-12T08:00:00Z MinSize 4"
                    ],
                    "calls": [],
                    "warnings": [],
                    "errors": []
                  }
                ]

                """)
    }

    @Test func aLimitBelowOneIsAUsageError() throws {
        let run = try TermscaleBinary.run(["history", "--db", "/nonexistent/termscale.sqlite", "--limit", "0"])
        #expect(run.exitCode == 64)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("Error: --limit must be at least 1, the number of pushes to show.\n"), "\(run.stderr)")
    }

    @Test func helpDocumentsExit75() throws {
        let run = try TermscaleBinary.run(["--help"])
        #expect(run.exitCode == 0)
        #expect(run.stdout.contains("75 another push holds the push lock"), "\(run.stdout)")
        #expect(run.stdout.contains("history"))
    }
}
