import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// The in-memory EventBridge Scheduler refuses what AWS refuses and fires what AWS would fire,
/// into the in-memory Auto Scaling group.
@Suite struct InMemorySchedulerTests {
    static let role = "arn:aws:iam::111122223333:role/termscale-scheduler"
    static let start = utc("2031-01-12T06:00:00Z")
    static let spot = MixedInstancesPolicy(
        launchTemplate: .init(id: "lt-1", version: "$Latest"), overrides: [.init(instanceType: "c6i.xlarge")],
        instancesDistribution: .init(onDemandBaseCapacity: 2, onDemandPercentageAboveBaseCapacity: 25))

    static func onDemand() -> MixedInstancesPolicy {
        var policy = spot
        policy.instancesDistribution.onDemandPercentageAboveBaseCapacity = 100
        return policy
    }

    static func schedule(_ name: String, at: Date, _ policy: MixedInstancesPolicy, group: String = "moodle-web") throws
        -> MixSwitchSchedule
    {
        MixSwitchSchedule(
            name: name, at: at, input: try MixSwitchInput(groupName: group, mixedInstancesPolicy: policy).json(), roleArn: role)
    }

    /// A scheduler whose target is `group`'s UpdateAutoScalingGroup, as the simulation connects them.
    static func scheduler(into group: InMemoryAutoScalingGroup) -> InMemoryScheduler {
        InMemoryScheduler(now: start) { input in
            try group.updateGroup(minSize: nil, mixedInstancesPolicy: input.mixedInstancesPolicy)
        }
    }

    static func awsError(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch let error as AWSServiceError {
            return "\(error.code) (\(error.httpStatus)): \(error.message)"
        } catch {
            return "\(error)"
        }
    }

    @Test func dueSchedulesFireIntoTheGroupInOrderAndAreDeleted() throws {
        // Given the start and end switch of an exam morning
        let asg = InMemoryAutoScalingGroup(
            name: "moodle-web", minSize: 2, maxSize: 60, mixedInstancesPolicy: Self.spot, now: Self.start)
        let scheduler = Self.scheduler(into: asg)
        let group = scheduler.group(named: "termscale-moodle-web")
        try group.createGroupIfMissing()
        let on = try Self.schedule("on", at: utc("2031-01-12T08:00:00Z"), Self.onDemand())
        let off = try Self.schedule("off", at: utc("2031-01-12T12:00:00Z"), Self.spot)
        try group.createSchedule(off)
        try group.createSchedule(on)

        // When the clock passes the first, AWS being 45 s late
        scheduler.advance(to: utc("2031-01-12T08:00:44Z"), delay: 45)
        #expect(scheduler.firedSchedules.isEmpty)
        #expect(asg.mixedInstancesPolicy == Self.spot)
        scheduler.advance(to: utc("2031-01-12T08:00:45Z"), delay: 45)

        // Then the group is on-demand, the schedule is gone and recorded as fired
        #expect(asg.mixedInstancesPolicy == Self.onDemand())
        #expect(
            scheduler.firedSchedules == [
                .init(group: "termscale-moodle-web", schedule: on, firedAt: utc("2031-01-12T08:00:45Z"), targetError: nil)
            ])
        #expect(try group.listSchedules() == [ScheduleSummary(name: "off", targetArn: MixSwitchSchedule.targetArn)])
        #expect(try group.getSchedule(name: "on") == nil)
        #expect(asg.writeCalls.map(\.detail) == ["MixedInstancesPolicy"])

        // And a jump over both fires the rest in time order
        scheduler.advance(to: utc("2031-01-13T00:00:00Z"))
        #expect(scheduler.firedSchedules.map(\.schedule.name) == ["on", "off"])
        #expect(asg.mixedInstancesPolicy == Self.spot)
        #expect(try group.listSchedules() == [])
        #expect(scheduler.now == utc("2031-01-13T00:00:00Z"))
    }

    @Test func aFailingTargetIsRecordedAndTheScheduleStillDeleted() throws {
        let asg = InMemoryAutoScalingGroup(
            name: "moodle-web", minSize: 2, maxSize: 60, mixedInstancesPolicy: Self.spot, now: Self.start)
        asg.inject(
            .fail(
                AWSServiceError(
                    code: "ScalingActivityInProgress", message: "busy", httpStatus: 400, action: "UpdateAutoScalingGroup")),
            into: "UpdateAutoScalingGroup")
        let scheduler = Self.scheduler(into: asg)
        let group = scheduler.group(named: "g")
        try group.createGroupIfMissing()
        try group.createSchedule(try Self.schedule("on", at: utc("2031-01-12T08:00:00Z"), Self.onDemand()))
        scheduler.advance(to: utc("2031-01-12T09:00:00Z"))
        #expect(
            scheduler.firedSchedules.map(\.targetError) == [
                "UpdateAutoScalingGroup failed: ScalingActivityInProgress (HTTP 400): the group is busy with a scaling activity or another change, and nothing was changed: try again on the next run. AWS said: busy"
            ])
        #expect(asg.mixedInstancesPolicy == Self.spot)
        #expect(scheduler.schedules(inGroup: "g") == [])
    }

    @Test func whatAWSRefusesIsRefused() throws {
        let scheduler = InMemoryScheduler(now: Self.start) { _ in }
        let group = scheduler.group(named: "termscale-moodle-web")
        let ok = try Self.schedule("termscale-ok", at: Self.start.addingTimeInterval(3600), Self.onDemand())
        #expect(
            Self.awsError { try group.createSchedule(ok) }
                == "ResourceNotFoundException (404): Schedule group termscale-moodle-web does not exist.")
        try group.createGroupIfMissing()
        try group.createGroupIfMissing()
        #expect(scheduler.groupNames == ["termscale-moodle-web"])
        try group.createSchedule(ok)

        func refusal(_ change: (inout MixSwitchSchedule) -> Void) -> String {
            var schedule = ok
            schedule.name = "termscale-other"
            change(&schedule)
            return Self.awsError { try group.createSchedule(schedule) }
        }
        #expect(refusal { $0.name = "termscale-ok" } == "ConflictException (409): Schedule termscale-ok already exists.")
        #expect(
            refusal { $0.name = "termscale moodle" }
                == "ValidationException (400): The schedule name 'termscale moodle' must be 1 to 64 characters of [0-9a-zA-Z-_.]."
        )
        #expect(refusal { $0.name = String(repeating: "n", count: 65) }.hasPrefix("ValidationException (400): The schedule name"))
        #expect(refusal { $0.name = String(repeating: "n", count: 64) } == "no error")
        #expect(
            refusal { $0.at = Self.start.addingTimeInterval(-1) }
                == "ValidationException (400): The schedule expression at(2031-01-12T05:59:59) is in the past (it is 2031-01-12T06:00:00Z)."
        )
        #expect(
            refusal {
                $0.at = Self.start
                $0.name = "termscale-now"
            } == "no error")
        #expect(refusal { $0.roleArn = "" } == "ValidationException (400): Target.RoleArn is required.")
        #expect(
            refusal { $0.roleArn = "arn:aws:iam::1111:role/x" }
                == "ValidationException (400): Target.RoleArn arn:aws:iam::1111:role/x is not an IAM role ARN.")
        #expect(
            refusal { $0.roleArn = "arn:aws:iam::111122223333:user/x" }.hasPrefix("ValidationException (400): Target.RoleArn"))
        #expect(
            refusal {
                $0.roleArn = "arn:aws-cn:iam::111122223333:role/svc/termscale_1"
                $0.name = "cn"
            } == "no error")
        #expect(
            refusal { $0.input = "{\"AutoScalingGroupName\":" } == "ValidationException (400): Target.Input is not valid JSON.")
        #expect(
            refusal { $0.description = String(repeating: "d", count: 513) }
                == "ValidationException (400): Description is longer than 512 characters.")
        #expect(
            Self.awsError { try scheduler.group(named: "termscale/moodle").createGroupIfMissing() }
                == "ValidationException (400): The schedule group name 'termscale/moodle' must be 1 to 64 characters of [0-9a-zA-Z-_.]."
        )
        #expect(
            try group.listSchedules()?.map(\.name) == ["cn", String(repeating: "n", count: 64), "termscale-now", "termscale-ok"])
    }

    @Test func readsOfWhatIsNotThereAreNilAndDeletesOfItDone() throws {
        let scheduler = InMemoryScheduler(now: Self.start) { _ in }
        let group = scheduler.group(named: "termscale-g")
        #expect(try group.listSchedules() == nil)
        #expect(try group.getSchedule(name: "x") == nil)
        try group.deleteSchedule(name: "x")
        try group.createGroupIfMissing()
        #expect(try group.listSchedules() == [])
        let schedule = try Self.schedule("x", at: Self.start.addingTimeInterval(90.75), Self.spot)
        try group.createSchedule(schedule)
        // AWS keeps whole seconds.
        var stored = schedule
        stored.at = Self.start.addingTimeInterval(90)
        #expect(try group.getSchedule(name: "x") == stored)
        try group.deleteSchedule(name: "x")
        try group.deleteSchedule(name: "x")
        #expect(try group.listSchedules() == [])
        #expect(
            scheduler.calls.map { "\($0.operation) \($0.detail)\($0.isWrite ? " (write)" : "")" } == [
                "ListSchedules termscale-g", "GetSchedule x", "DeleteSchedule x (write)",
                "CreateScheduleGroup termscale-g (write)", "ListSchedules termscale-g",
                "CreateSchedule x at(2031-01-12T06:01:30) (write)", "GetSchedule x", "DeleteSchedule x (write)",
                "DeleteSchedule x (write)", "ListSchedules termscale-g",
            ])
        #expect(scheduler.writeCalls.count == 5)
    }

    @Test func injectedFaultsFailOrLoseTheAnswerOfTheNextCall() throws {
        let scheduler = InMemoryScheduler(now: Self.start) { _ in }
        let group = scheduler.group(named: "g")
        try group.createGroupIfMissing()
        let schedule = try Self.schedule("x", at: Self.start.addingTimeInterval(3600), Self.spot)
        scheduler.inject(
            .fail(AWSServiceError(code: "ThrottlingException", message: "slow down", httpStatus: 429)), into: "CreateSchedule")
        scheduler.inject(.loseAnswer, into: "CreateSchedule")
        #expect(Self.awsError { try group.createSchedule(schedule) } == "ThrottlingException (429): slow down")
        #expect(try group.listSchedules() == [])
        #expect(throws: TransportError.self) { try group.createSchedule(schedule) }
        #expect(try group.getSchedule(name: "x") == schedule)
        // The retry of a create whose answer was lost meets the schedule it made.
        #expect(Self.awsError { try group.createSchedule(schedule) } == "ConflictException (409): Schedule x already exists.")
    }

    @Test func nothingDueIsCheapAndChangesOnlyTheClock() throws {
        let scheduler = InMemoryScheduler(now: Self.start) { _ in Issue.record("nothing should fire") }
        let group = scheduler.group(named: "g")
        try group.createGroupIfMissing()
        try group.createSchedule(try Self.schedule("later", at: Self.start.addingTimeInterval(86_400), Self.spot))
        for minute in 1...10_000 {
            scheduler.advance(to: Self.start.addingTimeInterval(Double(minute) * 60 / 8), delay: 120)
        }
        #expect(scheduler.firedSchedules.isEmpty)
        #expect(scheduler.schedules(inGroup: "g").map(\.name) == ["later"])
        #expect(scheduler.now == Self.start.addingTimeInterval(75_000))
        // Only API calls are recorded, not clock moves.
        #expect(scheduler.calls.count == 2)
    }
}
