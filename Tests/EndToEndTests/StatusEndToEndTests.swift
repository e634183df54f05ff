import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

/// `termscale status`, the built binary, against moto with signature checking on: the whole
/// path from the command line (policy region, --endpoint-url, environment credentials, --verbose).
@Suite(.serialized) struct StatusEndToEndTests {
    @Test func statusReadsTheGroupSignedWithEnvironmentCredentials() throws {
        // Given the group, an IAM user's key, and two scheduled actions (one of them termscale's),
        // all made before moto starts checking signatures
        let moto = try MotoServer(unauthenticatedRequests: MotoServer.autoScalingSetupRequests + 1)
        let key = try moto.setUpAutoScalingGroup("moodle-web", region: "eu-west-2")
        let first = utc("2031-01-13T08:45:00Z")
        try moto.uncheckedCall(
            service: "autoscaling", region: "eu-west-2", action: "BatchPutScheduledUpdateGroupAction",
            version: "2011-01-01",
            [
                ("AutoScalingGroupName", "moodle-web"),
                (
                    "ScheduledUpdateGroupActions.member.1.ScheduledActionName",
                    ScheduledAction.name(group: "moodle-web", startTime: first)
                ),
                ("ScheduledUpdateGroupActions.member.1.StartTime", UTCFormat.rfc3339(first)),
                ("ScheduledUpdateGroupActions.member.1.MinSize", "31"),
                ("ScheduledUpdateGroupActions.member.2.ScheduledActionName", "other-tool-nightly"),
                ("ScheduledUpdateGroupActions.member.2.StartTime", UTCFormat.rfc3339(first.addingTimeInterval(3600))),
                ("ScheduledUpdateGroupActions.member.2.MinSize", "2"),
            ])
        let env = [
            "AWS_ACCESS_KEY_ID": key.accessKeyID, "AWS_SECRET_ACCESS_KEY": key.secretAccessKey,
            "AWS_EC2_METADATA_DISABLED": "true", "HOME": NSTemporaryDirectory(),
        ]

        // When status reads it, signed with that key
        let run = try TermscaleBinary.run(
            [
                "status", "--policy", "policies/moodle-web.yaml", "--endpoint-url",
                moto.endpoint.absoluteString, "--verbose",
            ], environment: env)

        // Then
        #expect(run.exitCode == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count >= 5, "\(run.stdout)")
        #expect(
            lines[0]
                == "group moodle-web · region eu-west-2 (the policy) · endpoint \(moto.endpoint.absoluteString)/ (--endpoint-url)"
        )
        #expect(lines[1].hasPrefix("MinSize 2 · MaxSize 60 · DesiredCapacity 2 · instances 2"))
        #expect(lines[2] == "mix: on-demand base 2, 25% on-demand above base, spot price-capacity-optimized")
        #expect(lines[3] == "scheduled actions: 2 (1 termscale's, 1 others'); 123 of AWS's 125 left")
        #expect(lines[4] == "  next: 2031-01-13T08:45:00Z  MinSize 31  termscale-moodle-web-20310113T0845Z")
        // --verbose traced the calls on stderr, without the secret.
        #expect(run.stderr.contains("DescribeAutoScalingGroups → HTTP 200"))
        #expect(!run.stderr.contains(key.secretAccessKey) && !run.stdout.contains(key.secretAccessKey))

        // The same read as JSON: every action, others' marked as not termscale's.
        let json = try TermscaleBinary.run(
            [
                "status", "--policy", "policies/moodle-web.yaml", "--endpoint-url",
                moto.endpoint.absoluteString, "--format", "json",
            ], environment: env)
        #expect(json.exitCode == 0, "\(json.stderr)")
        #expect(
            json.stdout.contains(
                """
                  "action_quota": 125,
                  "action_slots_left": 123,
                  "scheduled_actions": [
                    {
                      "name": "termscale-moodle-web-20310113T0845Z",
                      "start_time": "2031-01-13T08:45:00Z",
                      "min_size": 31,
                      "termscale": true
                    },
                    {
                      "name": "other-tool-nightly",
                      "start_time": "2031-01-13T09:45:00Z",
                      "min_size": 2,
                      "termscale": false
                    }
                  ]
                }
                """), "\(json.stdout)")
        #expect(json.stdout.contains("\"mix\": {\n    \"on_demand_base\": 2,\n    \"on_demand_percent_above_base\": 25,"))

        let wrong = try TermscaleBinary.run(
            ["status", "--policy", "policies/moodle-web.yaml", "--endpoint-url", moto.endpoint.absoluteString],
            environment: env.merging(["AWS_SECRET_ACCESS_KEY": "wrong-secret-value-123"]) { $1 })
        #expect(wrong.exitCode == 69)
        #expect(wrong.stderr.contains("check your credentials"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("wrong-secret-value-123"))
    }

    @Test func noCredentialsAnywhereIsAConfigurationError() throws {
        let run = try TermscaleBinary.run(
            ["status", "--policy", "policies/moodle-web.yaml", "--endpoint-url", "http://127.0.0.1:9"],
            environment: ["AWS_EC2_METADATA_DISABLED": "true", "HOME": NSTemporaryDirectory()])
        #expect(run.exitCode == 78, "\(run.stderr)")
    }

    @Test func plainHTTPToARemoteHostIsRefusedBeforeConnecting() throws {
        let run = try TermscaleBinary.run(
            ["status", "--policy", "policies/moodle-web.yaml", "--endpoint-url", "http://192.0.2.1"],
            environment: [
                "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
                "AWS_EC2_METADATA_DISABLED": "true",
            ])
        #expect(run.exitCode == 69)
        #expect(run.stderr.contains("plain http:// is only allowed to loopback addresses"), "\(run.stderr)")
    }
}
