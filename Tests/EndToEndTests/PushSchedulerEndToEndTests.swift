import Foundation
import TermscaleTestSupport
import Testing

/// `mix.switch: scheduler` (the sample policy's), the built binary against moto with signature
/// checking on: the schedules in EventBridge Scheduler are exactly the plan's switches.
///
/// Two exams alone in their sittings, under the sample policy (pre-warm 45, extra time 25 %, hold
/// 15, cron 5): MGMT1001 09:30–11:30Z on 12 January raises 08:45–12:15, on-demand from 08:35;
/// PHYS2001 14:00–15:30Z on 14 January raises 13:15–16:08 (15:30 + 22.5 + 15 minutes, rounded
/// up), on-demand from 13:05.
@Suite struct PushSchedulerEndToEndTests {
    static let header = "Exam Date,Start Time,Duration,Module Code,Module Title,Venue,No. of Candidates\n"
    static let mgmt = "12/01/2027,09:30,2h,MGMT1001,Introduction to Management,Great Hall,3800\n"
    static func phys(_ day: String) -> String { "\(day)/01/2027,14:00,90 min,PHYS2001,Waves,Great Hall,120\n" }

    static func created(_ json: [String: Any]) -> [String] {
        ((json["schedules"] as? [String: Any])?["created"] as? [[String: Any]] ?? []).map {
            "\(($0["name"] as? String ?? "?").prefix(20)) \($0["at"] as? String ?? "?") \($0["to"] as? String ?? "?")"
        }
    }

    static func deleted(_ json: [String: Any]) -> [String] {
        ((json["schedules"] as? [String: Any])?["deleted"] as? [[String: Any]] ?? []).map {
            "\(($0["name"] as? String ?? "?").prefix(20)) \($0["at"] as? String ?? "?")"
        }
    }

    /// A schedule as EventBridge Scheduler holds it, read back through botocore.
    static func schedule(_ group: PushEndToEndTests.Group, _ name: String) throws -> [String: Any] {
        let run = try TermscaleBinary.run(
            [
                """
                import boto3, json
                s = boto3.client("scheduler", region_name="eu-west-2", endpoint_url="\(group.moto.endpoint.absoluteString)")\
                .get_schedule(Name="\(name)", GroupName="termscale-moodle-web")
                print(json.dumps({"expression": s["ScheduleExpression"], "zone": s.get("ScheduleExpressionTimezone"),
                    "window": s["FlexibleTimeWindow"]["Mode"], "after": s.get("ActionAfterCompletion"),
                    "arn": s["Target"]["Arn"], "role": s["Target"]["RoleArn"], "input": json.loads(s["Target"]["Input"])}))
                """
            ], environment: group.env.merging(["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]) { $1 },
            launcher: ["/bin/sh", "-c", #"exec python3 -c "$1""#])
        #expect(run.exitCode == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func theSchedulesAreThePlansSwitchesAndFollowAMovedAndACancelledExam() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("state.sqlite")
        let csv = try tmp.write("exams.csv", Self.header + Self.mgmt + Self.phys("14"))
        #expect(try TermscaleBinary.run(["import", csv, "--db", db]).exitCode == 0)
        let group = try PushEndToEndTests.Group()

        let first = try group.push(now: "2027-01-04T06:00:00Z", db: db)
        #expect(first.exitCode == 0, "\(first.json["errors"] ?? "")")
        #expect(
            Self.created(first.json) == [
                "od-20270112T083500Z- 2027-01-12T08:35:00Z on-demand", "mix-20270112T121500Z 2027-01-12T12:15:00Z mix",
                "od-20270114T130500Z- 2027-01-14T13:05:00Z on-demand", "mix-20270114T160800Z 2027-01-14T16:08:00Z mix",
            ])
        #expect(
            PushEndToEndTests.writeCalls(first.json).filter {
                $0 != "BatchPutScheduledUpdateGroupAction" && $0 != "PutScalingPolicy"
            } == [
                "CreateScheduleGroup", "CreateSchedule", "CreateSchedule", "CreateSchedule", "CreateSchedule",
            ])

        // What AWS will run: the whole MixedInstancesPolicy as the group has it, the distribution switched.
        let names = ((first.json["schedules"] as? [String: Any])?["created"] as? [[String: Any]] ?? []).compactMap {
            $0["name"] as? String
        }
        let od = try Self.schedule(group, names[0])
        #expect(od["expression"] as? String == "at(2027-01-12T08:35:00)" && od["zone"] as? String == "UTC")
        #expect(od["window"] as? String == "OFF" && od["after"] as? String == "DELETE")
        #expect(od["arn"] as? String == "arn:aws:scheduler:::aws-sdk:autoscaling:updateAutoScalingGroup")
        #expect(od["role"] as? String == "arn:aws:iam::123456789012:role/termscale-scheduler")
        let input = try #require(od["input"] as? [String: Any])
        #expect(input["AutoScalingGroupName"] as? String == "moodle-web")
        let mixed = try #require(input["MixedInstancesPolicy"] as? [String: Any])
        let distribution = try #require(mixed["InstancesDistribution"] as? [String: Any])
        #expect(distribution["OnDemandBaseCapacity"] as? Int == 2)
        #expect(distribution["OnDemandPercentageAboveBaseCapacity"] as? Int == 100)
        #expect(distribution["SpotAllocationStrategy"] as? String == "price-capacity-optimized")
        let overrides = try #require((mixed["LaunchTemplate"] as? [String: Any])?["Overrides"] as? [[String: Any]])
        #expect(overrides.compactMap { $0["InstanceType"] as? String } == ["c6i.xlarge", "c5.xlarge"])
        let back = try #require(try Self.schedule(group, names[1])["input"] as? [String: Any])
        #expect(
            ((back["MixedInstancesPolicy"] as? [String: Any])?["InstancesDistribution"] as? [String: Any])?[
                "OnDemandPercentageAboveBaseCapacity"] as? Int == 25)

        // In sync: nothing written.
        let second = try group.push(now: "2027-01-04T06:05:00Z", db: db)
        #expect(second.json["outcome"] as? String == "in-sync", "\(second.json["calls"] ?? "")")
        #expect(PushEndToEndTests.writeCalls(second.json).isEmpty)

        // PHYS2001 moves a day: exactly its two schedules move.
        _ = try tmp.write("exams.csv", Self.header + Self.mgmt + Self.phys("15"))
        #expect(try TermscaleBinary.run(["import", csv, "--db", db]).exitCode == 0)
        let moved = try group.push(now: "2027-01-04T06:10:00Z", db: db)
        #expect(
            Self.deleted(moved.json) == [
                "od-20270114T130500Z- 2027-01-14T13:05:00Z", "mix-20270114T160800Z 2027-01-14T16:08:00Z",
            ])
        #expect(
            Self.created(moved.json) == [
                "od-20270115T130500Z- 2027-01-15T13:05:00Z on-demand", "mix-20270115T160800Z 2027-01-15T16:08:00Z mix",
            ])
        #expect((moved.json["schedules"] as? [String: Any])?["unchanged"] as? Int == 2)

        // Cancelled: its schedules go, MGMT1001's stay.
        _ = try tmp.write("exams.csv", Self.header + Self.mgmt)
        #expect(try TermscaleBinary.run(["import", csv, "--db", db]).exitCode == 0)
        let cancelled = try group.push(now: "2027-01-04T06:15:00Z", db: db)
        #expect(
            Self.deleted(cancelled.json) == [
                "od-20270115T130500Z- 2027-01-15T13:05:00Z", "mix-20270115T160800Z 2027-01-15T16:08:00Z",
            ])
        #expect(Self.created(cancelled.json).isEmpty)
        #expect(
            PushEndToEndTests.writeCalls(cancelled.json).filter { $0.hasSuffix("Schedule") } == [
                "DeleteSchedule", "DeleteSchedule",
            ])

        // verify: everything is in AWS up to the end of what push schedules.
        let verify = try group.termscale([
            "verify", "--policy", PushEndToEndTests.policy, "--now", "2027-01-12T08:00:00Z", "--db", db,
        ])
        #expect(
            verify.stdout.contains(
                "  ✔ covered-until   covered until 2027-01-26T08:00:00Z; the next exam starts 2027-01-12T09:30:00Z\n"),
            "\(verify.stdout)")
    }
}
