import Foundation
import TermscaleCore
import TermscaleReports
import TermscaleTestSupport
import Testing

@Suite struct HistoryRendererTests {
    static let records = [
        PushRecord(
            id: 3, startedAt: utc("2027-01-12T08:50:00Z"), endedAt: utc("2027-01-12T08:50:00Z").addingTimeInterval(1.25),
            policyFile: "policies/moodle-web.yaml", group: "moodle-web", region: "eu-west-2", outcome: .partlyApplied,
            changes: [
                "+ put termscale-moodle-web-20270112T0845Z 2027-01-12T08:45:00Z MinSize 31",
                "- delete termscale-moodle-web-20270111T1800Z",
            ],
            calls: [
                .init(action: "DescribeAutoScalingGroups", succeeded: true, detail: "1 group"),
                .init(action: "BatchPutScheduledUpdateGroupAction", succeeded: true, detail: "1 action"),
                .init(
                    action: "UpdateAutoScalingGroup", succeeded: false,
                    detail: "ScalingActivityInProgress: Scaling activity 5f1c is in progress"),
            ],
            warnings: ["exam MATH1001 moved inside its pre-warm lead"],
            errors: [
                "UpdateAutoScalingGroup: ScalingActivityInProgress: Scaling activity "
                    + "5f1c2d3e-aaaa-bbbb-cccc-0123456789ab is in progress; the next push sets MinSize 31"
            ]),
        PushRecord(
            id: 2, startedAt: utc("2027-01-12T08:45:00Z"), endedAt: utc("2027-01-12T08:45:00Z").addingTimeInterval(0.4),
            policyFile: "policies/moodle-web.yaml", group: "moodle-web", region: "eu-west-2", outcome: .inSync,
            calls: [
                .init(action: "DescribeAutoScalingGroups", succeeded: true, detail: "1 group"),
                .init(action: "DescribeScheduledActions", succeeded: true, detail: "14 actions"),
                .init(action: "DescribePolicies", succeeded: true, detail: "1 policy"),
            ]),
        PushRecord(
            id: 1, startedAt: utc("2027-01-11T23:55:00Z"), endedAt: utc("2027-01-11T23:55:12Z"),
            policyFile: "/etc/termscale/proxy.yaml", group: "exam-proxy-eu-west-2-production", region: "eu-west-2",
            outcome: .dryRun, changes: ["~ mix on-demand 25% → 100% above base"]),
    ]

    @Test func tableHasARowARunWithItsLinesUnderItInOneHundredColumns() {
        let table = HistoryTableRenderer().render(Self.records)
        #expect(
            table == """
                Start (UTC)           Group                       Outcome         Changes  Calls ok/failed  Duration
                2027-01-12T08:50:00Z  moodle-web                  partly-applied        2              2/1     1.3 s
                  + put termscale-moodle-web-20270112T0845Z 2027-01-12T08:45:00Z MinSize 31
                  - delete termscale-moodle-web-20270111T1800Z
                  warning: exam MATH1001 moved inside its pre-warm lead
                  error: UpdateAutoScalingGroup: ScalingActivityInProgress: Scaling activity
                    5f1c2d3e-aaaa-bbbb-cccc-0123456789ab is in progress; the next push sets MinSize 31
                2027-01-12T08:45:00Z  moodle-web                  in-sync               0              3/0     0.4 s
                2027-01-11T23:55:00Z  exam-proxy-eu-west-2-prod…  dry-run               1              0/0    12.0 s
                  ~ mix on-demand 25% → 100% above base

                """)
        #expect(table.split(separator: "\n").map(\.count).max() == 100)
    }

    @Test func tableSaysWhenNothingIsRecorded() {
        #expect(HistoryTableRenderer().render([]) == "No pushes recorded yet.\n")
    }

    @Test func tableKeepsALineThatFitsAsItIsSpacesIncluded() {
        var record = Self.records[2]
        record.changes = ["=  unchanged  14"]
        #expect(
            HistoryTableRenderer().render([record]) == """
                Start (UTC)           Group                       Outcome  Changes  Calls ok/failed  Duration
                2027-01-11T23:55:00Z  exam-proxy-eu-west-2-prod…  dry-run        1              0/0    12.0 s
                  =  unchanged  14

                """)
    }

    @Test func jsonHasEveryFieldWithSnakeCaseKeys() {
        let json = HistoryJSONRenderer().render([Self.records[0], Self.records[2]])
        #expect(
            json == """
                [
                  {
                    "id": 3,
                    "started_at": "2027-01-12T08:50:00Z",
                    "ended_at": "2027-01-12T08:50:01Z",
                    "policy_file": "policies/moodle-web.yaml",
                    "group": "moodle-web",
                    "region": "eu-west-2",
                    "outcome": "partly-applied",
                    "changes": [
                      "+ put termscale-moodle-web-20270112T0845Z 2027-01-12T08:45:00Z MinSize 31",
                      "- delete termscale-moodle-web-20270111T1800Z"
                    ],
                    "calls": [
                      {
                        "action": "DescribeAutoScalingGroups",
                        "succeeded": true,
                        "detail": "1 group"
                      },
                      {
                        "action": "BatchPutScheduledUpdateGroupAction",
                        "succeeded": true,
                        "detail": "1 action"
                      },
                      {
                        "action": "UpdateAutoScalingGroup",
                        "succeeded": false,
                        "detail": "ScalingActivityInProgress: Scaling activity 5f1c is in progress"
                      }
                    ],
                    "warnings": [
                      "exam MATH1001 moved inside its pre-warm lead"
                    ],
                    "errors": [
                      "UpdateAutoScalingGroup: ScalingActivityInProgress: Scaling activity 5f1c2d3e-aaaa-bbbb-cccc-0123456789ab is in progress; the next push sets MinSize 31"
                    ]
                  },
                  {
                    "id": 1,
                    "started_at": "2027-01-11T23:55:00Z",
                    "ended_at": "2027-01-11T23:55:12Z",
                    "policy_file": "/etc/termscale/proxy.yaml",
                    "group": "exam-proxy-eu-west-2-production",
                    "region": "eu-west-2",
                    "outcome": "dry-run",
                    "changes": [
                      "~ mix on-demand 25% → 100% above base"
                    ],
                    "calls": [],
                    "warnings": [],
                    "errors": []
                  }
                ]

                """)
    }

    @Test func jsonOfNothingIsAnEmptyArrayAndAnUnrecordedRunHasANullID() {
        #expect(HistoryJSONRenderer().render([]) == "[]\n")
        var unrecorded = Self.records[1]
        unrecorded.id = nil
        #expect(HistoryJSONRenderer().render([unrecorded]).hasPrefix("[\n  {\n    \"id\": null,\n    \"started_at\""))
    }

    @Test func eachFormatHasItsRenderer() {
        #expect(OutputFormat.table.historyRenderer.render([]) == "No pushes recorded yet.\n")
        #expect(OutputFormat.json.historyRenderer.render([]) == "[]\n")
    }

    @Test func durationIsInTenthsOfASecond() {
        let starts = utc("2027-01-12T08:50:00Z")
        let cases: [(TimeInterval, String)] = [
            (0, "0.0 s"), (0.04, "0.0 s"), (0.06, "0.1 s"), (59.96, "60.0 s"), (283.4, "283.4 s"),
        ]
        for (seconds, text) in cases {
            let record = PushRecord(
                startedAt: starts, endedAt: starts.addingTimeInterval(seconds), policyFile: "p.yaml", group: "g",
                region: "r", outcome: .inSync)
            #expect(HistoryTableRenderer().render([record]).split(separator: "\n")[1].hasSuffix("  " + text), "\(seconds)")
        }
    }
}
