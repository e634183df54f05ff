import Foundation
import TermscaleTestSupport
import Testing

/// `termscale push`, the built binary, against moto_server with signature checking on.
@Suite struct PushEndToEndTests {
    static let policy = "policies/moodle-web.yaml"

    /// A moto group `moodle-web` (MinSize 2, MaxSize 60, on-demand base 2 + 25 %) and the
    /// environment that signs with its IAM user's key; `extraUnchecked` more calls may be made
    /// unsigned (to add other tools' actions).
    struct Group {
        let moto: MotoServer
        let env: [String: String]

        init(extraUnchecked: Int = 0) throws {
            moto = try MotoServer(unauthenticatedRequests: MotoServer.autoScalingSetupRequests + extraUnchecked)
            let key = try moto.setUpAutoScalingGroup("moodle-web", region: "eu-west-2")
            env = [
                "AWS_ACCESS_KEY_ID": key.accessKeyID, "AWS_SECRET_ACCESS_KEY": key.secretAccessKey,
                "AWS_EC2_METADATA_DISABLED": "true", "HOME": NSTemporaryDirectory(),
            ]
        }

        func termscale(_ arguments: [String]) throws -> TermscaleBinary.Result {
            try TermscaleBinary.run(arguments + ["--endpoint-url", moto.endpoint.absoluteString], environment: env)
        }

        /// `push --format json` of the sample policy at `now`: the one group's object.
        func push(now: String, db: String, _ extra: [String] = []) throws -> (exitCode: Int32, json: [String: Any]) {
            let run = try termscale(
                ["push", "--policy", PushEndToEndTests.policy, "--now", now, "--db", db, "--format", "json"] + extra)
            let array = try #require(
                try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]], "\(run.stderr)")
            return (run.exitCode, try #require(array.first))
        }

        /// The group as `status --format json` shows it.
        func status() throws -> [String: Any] {
            let run = try termscale(["status", "--policy", PushEndToEndTests.policy, "--format", "json"])
            #expect(run.exitCode == 0, "\(run.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        }

        /// Every scheduled action on the group as `name start_time min_size`, in start order.
        func actions() throws -> [String] {
            let list = try #require(try status()["scheduled_actions"] as? [[String: Any]])
            return list.map {
                "\($0["name"] as? String ?? "?") \($0["start_time"] as? String ?? "-") \($0["min_size"] as? Int ?? -1)"
            }
        }
    }

    /// The actions `termscale plan` shows for the days around a push at `now`, up to `before`.
    static func planActions(db: String, now: String, before: String) throws -> [String] {
        let run = try TermscaleBinary.run([
            "plan", "--policy", policy, "--from", String(now.prefix(10)), "--to", "2027-01-19", "--now", now,
            "--format", "json", "--db", db,
        ])
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let actions = try #require(plan["actions"] as? [[String: Any]])
        return actions.filter { ($0["start_time"] as? String ?? "") < before }
            .map { "\($0["name"] as? String ?? "?") \($0["start_time"] as? String ?? "-") \($0["min_size"] as? Int ?? -1)" }
    }

    static func names(_ list: Any?) -> [String] {
        (list as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    static func writeCalls(_ json: [String: Any]) -> [String] {
        (json["calls"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }.filter {
            !$0.hasPrefix("Describe") && !$0.hasPrefix("List") && !$0.hasPrefix("Get")
        }
    }

    @Test func theSampleYearIsPushedExactlyThenKeptInSync() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        let group = try Group()

        // A week before the January exams, with the 14-day horizon: the actions in AWS are the
        // plan's, to the minute and instance.
        let first = try group.push(now: "2027-01-04T06:00:00Z", db: db)
        #expect(first.exitCode == 0)
        #expect(first.json["outcome"] as? String == "changed", "\(first.json["errors"] ?? "")")
        let planned = try Self.planActions(db: db, now: "2027-01-04T06:00:00Z", before: "2027-01-18T06:00:00Z")
        #expect(planned.count == 55)
        #expect(try group.actions() == planned)
        // The mix switches of the seven exam days in the horizon go to EventBridge Scheduler (switch: scheduler).
        #expect(
            Self.writeCalls(first.json)
                == ["BatchPutScheduledUpdateGroupAction", "CreateScheduleGroup"]
                + Array(repeating: "CreateSchedule", count: 14) + ["PutScalingPolicy"])

        // Again five minutes later: nothing to change, no write call at all.
        let second = try group.push(now: "2027-01-04T06:05:00Z", db: db)
        #expect(second.exitCode == 0)
        #expect(second.json["outcome"] as? String == "in-sync")
        #expect(second.json["unchanged"] as? Int == 55)
        #expect(Self.writeCalls(second.json).isEmpty)

        // MGMT1001 cancelled (its five room rows removed) and re-imported: exactly the actions the
        // plan no longer has go, exactly its new ones come.
        let csv = try String(
            contentsOfFile: TermscaleBinary.packageRoot.appendingPathComponent("calendars/exams-2027-01.csv").path,
            encoding: .utf8)
        // The registry's export ends its lines with CR LF, as Excel writes them.
        let cancelled = csv.components(separatedBy: "\r\n").filter { !$0.contains(",MGMT1001,") }.joined(separator: "\r\n")
        #expect(cancelled.count < csv.count)
        let changed = try tmp.write("exams-2027-01.csv", cancelled)
        let reimport = try TermscaleBinary.run(["import", changed, "--db", db])
        #expect(reimport.exitCode == 0, "\(reimport.stderr)")
        let replanned = try Self.planActions(db: db, now: "2027-01-04T06:10:00Z", before: "2027-01-18T06:10:00Z")
        let third = try group.push(now: "2027-01-04T06:10:00Z", db: db)
        #expect(third.exitCode == 0)
        let gone = Set(planned).subtracting(replanned).map { String($0.split(separator: " ")[0]) }.sorted()
        let added = Set(replanned).subtracting(planned).map { String($0.split(separator: " ")[0]) }.sorted()
        #expect(!gone.isEmpty)
        #expect(Self.names(third.json["deletes"]).sorted() == gone.filter { !added.contains($0) })
        #expect((Self.names(third.json["puts"]) + Self.names(third.json["updates"])).sorted() == added)
        #expect(try group.actions() == replanned)
        _ = tmp
    }

    @Test func insideAPrewarmMinSizeIsSetAtOnceAndTheMixFollowsThePlan() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let group = try Group()

        // 09:00 on Tue 12 Jan: MGMT1001 and others are raised (MinSize 31 from 08:45), the group is at 2.
        let during = try group.push(now: "2027-01-12T09:00:00Z", db: db)
        #expect(during.exitCode == 0, "\(during.json["errors"] ?? "")")
        #expect((during.json["min_size_set"] as? [String: Int]) == ["from": 2, "to": 31])
        let status = try group.status()
        #expect(status["min_size"] as? Int == 31)
        let mix = try #require(status["mix"] as? [String: Any])
        #expect(mix["on_demand_base"] as? Int == 2)
        #expect(mix["on_demand_percent_above_base"] as? Int == 100)

        // Late on Saturday evening no exam is near: the policy's mix (25 % above base) is back.
        let after = try group.push(now: "2027-01-16T21:00:00Z", db: db)
        #expect(after.exitCode == 0, "\(after.json["errors"] ?? "")")
        let backMix = try #require(try group.status()["mix"] as? [String: Any])
        #expect(backMix["on_demand_percent_above_base"] as? Int == 25)
    }

    @Test func othersActionsSurviveAndTheirStartTimesAreNotReused() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let group = try Group(extraUnchecked: 1)
        // Another tool's action at 08:45 on Tue 12 Jan, where the plan raises MinSize to 31.
        try group.moto.uncheckedCall(
            service: "autoscaling", region: "eu-west-2", action: "PutScheduledUpdateGroupAction", version: "2011-01-01",
            [
                ("AutoScalingGroupName", "moodle-web"), ("ScheduledActionName", "other-tool-warmup"),
                ("StartTime", "2027-01-12T08:45:00Z"), ("MinSize", "5"),
            ])

        let first = try group.push(now: "2027-01-04T06:00:00Z", db: db)
        #expect(first.exitCode == 0, "\(first.json["errors"] ?? "")")
        let actions = try group.actions()
        #expect(actions.contains("other-tool-warmup 2027-01-12T08:45:00Z 5"))
        #expect(actions.contains("termscale-moodle-web-20270112T0844Z 2027-01-12T08:44:00Z 31"))
        #expect(!actions.contains { $0.hasPrefix("termscale-moodle-web-20270112T0845Z") })
        #expect(
            (first.json["warnings"] as? [String] ?? []).contains {
                $0.hasPrefix("raise at 2027-01-12T08:45:00Z moved to 2027-01-12T08:44:00Z")
            })

        let second = try group.push(now: "2027-01-04T06:05:00Z", db: db)
        #expect(Self.writeCalls(second.json).isEmpty)
        #expect(try group.actions().contains("other-tool-warmup 2027-01-12T08:45:00Z 5"))
    }
}

extension PushEndToEndTests {
    @Test func verifyPassesOnAReconciledGroupAndNamesTheCheckAHandChangeBreaks() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let group = try Group()
        let now = "2027-01-12T09:00:00Z"
        let push = try group.push(now: now, db: db)
        #expect(push.exitCode == 0, "\(push.json["errors"] ?? "")")

        let ready = try group.termscale(["verify", "--policy", Self.policy, "--now", now, "--db", db])
        #expect(ready.exitCode == 0, "\(ready.stdout)\(ready.stderr)")
        #expect(ready.stdout.hasPrefix("moodle-web (eu-west-2) at 2027-01-12T09:00:00Z: ready\n"), "\(ready.stdout)")
        #expect(ready.stdout.contains("  ✔ min-size        MinSize 31, the plan needs 31 now\n"))
        #expect(ready.stdout.contains("  ✔ mix             100% on-demand above base, as the plan needs now\n"))

        // Someone lowers MinSize in the console (signed with the same key, through botocore).
        let key = group.env
        let lowered = try TermscaleBinary.run(
            [
                """
                import boto3
                boto3.client("autoscaling", region_name="eu-west-2", endpoint_url="\(group.moto.endpoint.absoluteString)")\
                .update_auto_scaling_group(AutoScalingGroupName="moodle-web", MinSize=2, DesiredCapacity=2)
                """
            ], environment: key.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { $1 },
            // sh gets the termscale binary as $0 and ignores it; $1 is the Python program.
            launcher: ["/bin/sh", "-c", #"exec python3 -c "$1""#])
        #expect(lowered.exitCode == 0, "\(lowered.stderr)")

        let broken = try group.termscale(["verify", "--policy", Self.policy, "--now", now, "--db", db])
        #expect(broken.exitCode == 1)
        #expect(broken.stdout.contains("NOT READY"))
        #expect(broken.stdout.contains("  ✘ min-size        MinSize 2, the plan needs 31 now\n"), "\(broken.stdout)")
    }
}

extension PushEndToEndTests {
    @Test func everyPushIsInTheHistoryAndASecondPushWaitsForTheLockThenExits75() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let group = try Group()
        #expect(try group.push(now: "2027-01-04T06:00:00Z", db: db).exitCode == 0)
        #expect(try group.push(now: "2027-01-04T06:05:00Z", db: db).exitCode == 0)
        // A dry run is not a change: it is not recorded.
        #expect(try group.push(now: "2027-01-04T06:07:00Z", db: db, ["--dry-run"]).exitCode == 0)

        let history = try TermscaleBinary.run(["history", "--format", "json", "--db", db])
        #expect(history.exitCode == 0, "\(history.stderr)")
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(runs.map { $0["outcome"] as? String } == ["in-sync", "changed"])
        #expect(runs.map { $0["group"] as? String } == ["moodle-web", "moodle-web"])
        let changes = try #require(runs[1]["changes"] as? [String])
        // 55 actions, 14 mix switches, the target-tracking policy.
        #expect(changes.count == 70)
        #expect(
            changes.first == "+ put    termscale-moodle-web-20270111T0000Z  2027-01-11T00:00:00Z  MinSize 4  for exams")
        #expect(changes.last == "~ target-tracking policy written")
        #expect((runs[0]["changes"] as? [String]) == [])

        // Another push holds the lock (a python flock, as a running push holds it).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = [
            "-c",
            #"exec python3 -c 'import fcntl,sys,time; f=open(sys.argv[1],"a"); fcntl.flock(f, fcntl.LOCK_EX); print("locked", flush=True); time.sleep(60)' "$0""#,
            db + ".push-lock",
        ]
        holder.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("\n") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        #expect(String(decoding: seen, as: UTF8.self) == "locked\n")
        let blocked = try group.termscale([
            "push", "--policy", Self.policy, "--now", "2027-01-04T06:10:00Z", "--db", db, "--lock-timeout", "1",
        ])
        #expect(blocked.exitCode == 75, "\(blocked.stderr)")
        #expect(blocked.stderr.contains(db + ".push-lock"), "\(blocked.stderr)")
        #expect(blocked.stdout.isEmpty)
        // The holder killed with -9, as a push killed mid-run would be: the kernel drops its lock,
        // and the next push runs at once.
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(try group.push(now: "2027-01-04T06:15:00Z", db: db).exitCode == 0)
    }
}

extension PushEndToEndTests {
    @Test func noCredentialsAnywhereStopsPushAndVerifyWithExit78() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        for command in ["push", "verify"] {
            let run = try TermscaleBinary.run(
                [command, "--policy", Self.policy, "--db", db, "--endpoint-url", "http://127.0.0.1:9"],
                environment: ["AWS_EC2_METADATA_DISABLED": "true", "HOME": NSTemporaryDirectory()])
            #expect(run.exitCode == 78, "\(command): \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }
}
