import Foundation
import TermscaleTestSupport
import Testing

/// The least-privilege IAM policy of the README's "AWS set-up" (docs/iam-policy.json, which the
/// README shows verbatim and scripts/demo gives its IAM user) is exactly what push and verify
/// call. moto checks the action of every signed request against the user's policy (not its
/// Resource or Condition): a call the code makes and the policy lacks fails the push, and an
/// Auto Scaling action the policy grants but no push calls fails the comparison.
@Suite struct DemoPolicyEndToEndTests {
    static let policyFile = "docs/iam-policy.json"
    static let policy = "policies/moodle-web.yaml"

    static func policyDocument() throws -> String {
        try String(contentsOf: TermscaleBinary.packageRoot.appendingPathComponent(policyFile), encoding: .utf8)
    }

    /// The `autoscaling:` actions `document` grants, without the prefix.
    static func autoScalingActions(_ document: String) throws -> Set<String> {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let statements = try #require(json["Statement"] as? [[String: Any]])
        let actions = statements.flatMap { ($0["Action"] as? [String]) ?? [$0["Action"] as? String].compactMap { $0 } }
        return Set(actions.filter { $0.hasPrefix("autoscaling:") }.map { String($0.dropFirst("autoscaling:".count)) })
    }

    /// `document` without `action` (e.g. `autoscaling:DescribePolicies`) in any statement.
    static func document(_ document: String, without action: String) throws -> String {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let statements = try #require(json["Statement"] as? [[String: Any]])
        json["Statement"] = statements.map { statement in
            var s = statement
            if let list = s["Action"] as? [String] { s["Action"] = list.filter { $0 != action } }
            return s
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
    }

    /// moto with the group `moodle-web` tagged managed-by=termscale, as the README sets it up,
    /// whose IAM user has `userPolicy` as its only policy; `termscale` signs with its key.
    struct Account {
        let moto: MotoServer
        let env: [String: String]

        init(userPolicy: String) throws {
            moto = try MotoServer(unauthenticatedRequests: MotoServer.autoScalingSetupRequests)
            // moto matches a statement's Resource against "*" only: widened, the actions are what it checks.
            let key = try moto.setUpAutoScalingGroup(
                "moodle-web", region: "eu-west-2", userPolicy: try MotoServer.widenedToEveryResource(userPolicy),
                tags: ["managed-by": "termscale"])
            env = [
                "AWS_ACCESS_KEY_ID": key.accessKeyID, "AWS_SECRET_ACCESS_KEY": key.secretAccessKey,
                "AWS_EC2_METADATA_DISABLED": "true", "HOME": NSTemporaryDirectory(),
            ]
        }

        func termscale(_ arguments: [String]) throws -> TermscaleBinary.Result {
            try TermscaleBinary.run(arguments + ["--endpoint-url", moto.endpoint.absoluteString], environment: env)
        }

        /// `push --format json` of the sample policy at `now`: the exit code and the group's object.
        func push(now: String, db: String) throws -> (exitCode: Int32, json: [String: Any]) {
            let run = try termscale([
                "push", "--policy", DemoPolicyEndToEndTests.policy, "--now", now, "--db", db, "--format", "json",
            ])
            let array = try #require(
                try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]], "\(run.stderr)")
            return (run.exitCode, try #require(array.first))
        }
    }

    /// Each call of a push report as `Action ok` or `Action FAILED: detail`; a run of the same
    /// call as `Action ok ×N`.
    static func calls(_ json: [String: Any]) -> [String] {
        let each = (json["calls"] as? [[String: Any]] ?? []).map {
            let action = $0["action"] as? String ?? "?"
            return $0["succeeded"] as? Bool == true ? "\(action) ok" : "\(action) FAILED: \($0["detail"] ?? "")"
        }
        var out: [(String, Int)] = []
        for call in each {
            if let last = out.last, last.0 == call { out[out.count - 1].1 += 1 } else { out.append((call, 1)) }
        }
        return out.map { $0.1 == 1 ? $0.0 : "\($0.0) ×\($0.1)" }
    }

    /// The EventBridge Scheduler calls a push makes (`mix.switch: scheduler`).
    static let schedulerCalls: Set = ["ListSchedules", "CreateScheduleGroup", "CreateSchedule", "DeleteSchedule"]

    @Test func theREADMEPolicyAllowsEveryCallOfPushAndVerifyAndNoOther() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let document = try Self.policyDocument()
        let account = try Account(userPolicy: document)

        // A week before the exams: the actions, the schedule group with the mix switches of the
        // seven exam days in the horizon, and the target-tracking policy are written.
        let first = try account.push(now: "2027-01-04T06:00:00Z", db: db)
        #expect(first.exitCode == 0, "\(first.json["errors"] ?? "")")
        #expect(
            Self.calls(first.json) == [
                "DescribeAutoScalingGroups ok", "DescribeScheduledActions ok", "DescribePolicies ok", "ListSchedules ok",
                "BatchPutScheduledUpdateGroupAction ok", "CreateScheduleGroup ok", "CreateSchedule ok ×14",
                "PutScalingPolicy ok",
            ])

        // 09:00 on Tue 12 Jan (moto ran none of the actions, which AWS would have): MinSize and the
        // mix are set at once, the actions already due are left to AWS, and the next days' are put.
        let second = try account.push(now: "2027-01-12T09:00:00Z", db: db)
        #expect(second.exitCode == 0, "\(second.json["errors"] ?? "")")
        #expect((second.json["min_size_set"] as? [String: Int]) == ["from": 2, "to": 31])
        // moto never fires a schedule, which AWS would have done and deleted: the three due by now
        // are deleted by the push, and the days the horizon now reaches are scheduled.
        #expect(
            Self.calls(second.json) == [
                "DescribeAutoScalingGroups ok", "DescribeScheduledActions ok", "DescribePolicies ok", "ListSchedules ok",
                "UpdateAutoScalingGroup ok", "BatchPutScheduledUpdateGroupAction ok", "CreateSchedule ok ×10",
                "DeleteSchedule ok ×3",
            ])

        // Every paper of Fri 15 Jan cancelled: that day's pushed actions are deleted.
        let csv = try String(
            contentsOfFile: TermscaleBinary.packageRoot.appendingPathComponent("calendars/exams-2027-01.csv").path,
            encoding: .utf8)
        let cancelled = csv.components(separatedBy: "\r\n").filter { !$0.hasPrefix("15/01/2027,") }.joined(separator: "\r\n")
        let reimport = try TermscaleBinary.run(["import", try tmp.write("exams-2027-01.csv", cancelled), "--db", db])
        #expect(reimport.exitCode == 0, "\(reimport.stderr)")
        let third = try account.push(now: "2027-01-12T09:05:00Z", db: db)
        #expect(third.exitCode == 0, "\(third.json["errors"] ?? "")")
        #expect(Self.calls(third.json).contains("BatchDeleteScheduledAction ok"), "\(Self.calls(third.json))")

        // Every Auto Scaling action the policy grants was called, and nothing else.
        let called = Set(
            (Self.calls(first.json) + Self.calls(second.json) + Self.calls(third.json)).map {
                String($0.split(separator: " ")[0])
            })
        #expect(try Self.autoScalingActions(document) == called.subtracting(Self.schedulerCalls))
        #expect(called.isSuperset(of: Self.schedulerCalls))

        let verify = try account.termscale(["verify", "--policy", Self.policy, "--now", "2027-01-12T09:00:00Z", "--db", db])
        #expect(verify.exitCode == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("moodle-web (eu-west-2) at 2027-01-12T09:00:00Z: ready\n"), "\(verify.stdout)")
        let status = try account.termscale(["status", "--policy", Self.policy])
        #expect(status.exitCode == 0, "\(status.stderr)")
        #expect(status.stdout.contains("MinSize 31 · MaxSize 60 · DesiredCapacity 31"), "\(status.stdout)")
    }

    /// Without this, the test above could pass because moto stopped checking policies.
    @Test func aCallThePolicyDoesNotGrantIsRefusedAndFailsThePush() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let account = try Account(
            userPolicy: try Self.document(try Self.policyDocument(), without: "autoscaling:DescribePolicies"))

        let push = try account.push(now: "2027-01-04T06:00:00Z", db: db)
        #expect(push.exitCode == 1)
        #expect(push.json["outcome"] as? String == "failed")
        let calls = Self.calls(push.json)
        #expect(calls.count == 3)
        #expect(calls.prefix(2) == ["DescribeAutoScalingGroups ok", "DescribeScheduledActions ok"])
        #expect(calls.last?.hasPrefix("DescribePolicies FAILED: ") == true, "\(calls)")
        let errors = try #require(push.json["errors"] as? [String])
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("DescribePolicies failed: AccessDenied (HTTP 403)") == true, "\(errors)")
        #expect(errors.first?.contains("not authorized to perform: autoscaling:DescribePolicies") == true, "\(errors)")
    }

    @Test func theREADMEShowsThePolicyFileVerbatim() throws {
        let readme = try String(contentsOf: TermscaleBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let document = try Self.policyDocument()
        let shown = readme.contains("```json\n\(document)```\n")
        #expect(shown, "README.md must show \(Self.policyFile) as it is, in a json block")
    }
}
