import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleCrypto
import TermscaleReports
import TermscaleStore
import TermscaleTestSupport
import Testing

@testable import TermscaleKit

/// `mix.switch: scheduler`: push keeps the mix switches as EventBridge Scheduler schedules, against
/// the in-memory group and scheduler; the calendar and policy of `PushTests` otherwise.
///
/// MGMT1001 raises 08:45–11:45 and PHYS2001 13:15–15:45 on 12 January 2027; each on-demand
/// stretch starts cron 5 + 5 = 10 minutes before its raise: to on-demand at 08:35 and 13:05, back
/// to the mix at 11:45 and 15:45.
@Suite struct PushSchedulerTests {
    static let role = "arn:aws:iam::123456789012:role/termscale-scheduler"
    static var policy: Policy {
        var p = PushTests.policy
        p.mix.switchedBy = .scheduler
        p.mix.schedulerRoleArn = role
        return p
    }
    static let file = PolicyFile(path: "moodle-web.yaml", policy: policy)

    /// A group and a scheduler whose fired schedules update that group, as AWS does.
    static func fleet(now: String) -> (InMemoryAutoScalingGroup, InMemoryScheduler) {
        let group = PushTests.group(now: now)
        let scheduler = InMemoryScheduler(now: utc(now)) { input in
            try group.updateGroup(minSize: nil, mixedInstancesPolicy: input.mixedInstancesPolicy)
        }
        return (group, scheduler)
    }

    static func push(
        _ group: InMemoryAutoScalingGroup, _ scheduler: InMemoryScheduler, _ store: CalendarStore, now: String,
        dryRun: Bool = false, file: PolicyFile = file
    ) throws -> PushReport {
        try Push(
            policy: file, group: group, region: "eu-west-2", now: utc(now), dryRun: dryRun,
            scheduler: scheduler.group(named: "termscale-moodle-web")
        ).run(store: store)
    }

    /// The policy's mix as sent to Auto Scaling, with `percent` on-demand above base.
    static func input(percent: Int) throws -> String {
        var mix = PushTests.defaultMix
        mix.instancesDistribution.onDemandPercentageAboveBaseCapacity = percent
        return try MixSwitchInput(groupName: "moodle-web", mixedInstancesPolicy: mix).json()
    }

    static func name(_ kind: String, _ at: String, percent: Int) throws -> String {
        "\(kind)-\(at)-" + Digest.hex(Digest.sha256(Array(try input(percent: percent).utf8))).prefix(8)
    }

    static func expected() throws -> [String] {
        [
            try name("od", "20270112T083500Z", percent: 100), try name("mix", "20270112T114500Z", percent: 0),
            try name("od", "20270112T130500Z", percent: 100), try name("mix", "20270112T154500Z", percent: 0),
        ]
    }

    static func held(_ scheduler: InMemoryScheduler) -> [String] {
        scheduler.schedules(inGroup: "termscale-moodle-web").sorted { ($0.at, $0.name) < ($1.at, $1.name) }.map(\.name)
    }

    @Test func theFirstPushCreatesTheGroupAndExactlyTheSwitchesAndASecondWritesNothing() throws {
        let store = try PushTests.store()
        let (group, scheduler) = Self.fleet(now: "2027-01-04T12:00:00Z")
        let first = try Self.push(group, scheduler, store, now: "2027-01-04T12:00:00Z")
        #expect(first.outcome == .changed, "\(first.errors)")
        #expect(scheduler.groupNames == ["termscale-moodle-web"])
        #expect(Self.held(scheduler) == (try Self.expected()))
        // Each schedule: its time, the whole MixedInstancesPolicy with the distribution switched, the role.
        let schedules = scheduler.schedules(inGroup: "termscale-moodle-web").sorted { $0.at < $1.at }
        #expect(
            schedules.map(\.at) == [
                utc(2027, 1, 12, 8, 35), utc(2027, 1, 12, 11, 45), utc(2027, 1, 12, 13, 5), utc(2027, 1, 12, 15, 45),
            ])
        #expect(
            schedules.map(\.input) == [
                try Self.input(percent: 100), try Self.input(percent: 0), try Self.input(percent: 100),
                try Self.input(percent: 0),
            ])
        #expect(schedules.allSatisfy { $0.roleArn == Self.role })
        #expect(schedules[0].description == "termscale: group moodle-web to 100% on-demand for MGMT1001")
        #expect(
            scheduler.writeCalls.map(\.operation) == ["CreateScheduleGroup"] + Array(repeating: "CreateSchedule", count: 4))
        #expect(first.changeLines.filter { $0.hasPrefix("+ schedule") }.count == 4)
        #expect(
            first.changeLines.contains(
                "+ schedule \(try Self.expected()[0])  2027-01-12T08:35:00Z  to 100% on-demand  for MGMT1001"))

        let groupWrites = group.writeCalls.count
        let schedulerWrites = scheduler.writeCalls.count
        let second = try Self.push(group, scheduler, store, now: "2027-01-04T12:05:00Z")
        #expect(second.outcome == .inSync, "\(second.calls)")
        #expect(second.switchesUnchanged == 4 && second.switchCreates.isEmpty && second.switchDeletes.isEmpty)
        #expect(group.writeCalls.count == groupWrites && scheduler.writeCalls.count == schedulerWrites)
    }

    @Test func aMovedExamMovesExactlyItsTwoSchedulesAndACancelledOneDeletesThem() throws {
        let store = try PushTests.store()
        let (group, scheduler) = Self.fleet(now: "2027-01-04T12:00:00Z")
        _ = try Self.push(group, scheduler, store, now: "2027-01-04T12:00:00Z")
        let before = scheduler.writeCalls.count

        // PHYS2001 moves an hour later: raise 14:15–16:45, on-demand from 14:05.
        try PushTests.importExams(
            [PushTests.january[0], PushTests.exam("PHYS2001", "2027-01-12T15:00:00Z", "2027-01-12T16:30:00Z", 120, line: 3)],
            into: store)
        let moved = try Self.push(group, scheduler, store, now: "2027-01-05T12:00:00Z")
        let expected = try Self.expected()
        #expect(moved.switchDeletes.map(\.name) == [expected[2], expected[3]])
        #expect(
            moved.switchCreates.map(\.name) == [
                try Self.name("od", "20270112T140500Z", percent: 100), try Self.name("mix", "20270112T164500Z", percent: 0),
            ])
        #expect(moved.switchesUnchanged == 2)
        #expect(
            scheduler.writeCalls.dropFirst(before).map(\.operation) == [
                "CreateSchedule", "CreateSchedule", "DeleteSchedule", "DeleteSchedule",
            ])
        #expect(
            moved.warnings.contains {
                $0.hasPrefix("the mix switch \(expected[2]) (to 100% on-demand at 2027-01-12T13:05:00Z) is no longer in the plan")
            })

        // Cancelled: its two schedules go, nothing else changes.
        try PushTests.importExams([PushTests.january[0]], into: store)
        let cancelled = try Self.push(group, scheduler, store, now: "2027-01-05T12:05:00Z")
        #expect(cancelled.switchCreates.isEmpty && cancelled.switchDeletes.count == 2)
        #expect(Self.held(scheduler) == [expected[0], expected[1]])
    }

    @Test func theSwitchesHappenInsideAWSWithNoPushAfterTheFirst() throws {
        let store = try PushTests.store()
        let (group, scheduler) = Self.fleet(now: "2027-01-11T09:00:00Z")
        _ = try Self.push(group, scheduler, store, now: "2027-01-11T09:00:00Z")
        // The cron host dies. AWS fires the actions and the schedules (a minute late).
        group.advance(to: utc(2027, 1, 12, 8, 36))
        scheduler.advance(to: utc(2027, 1, 12, 8, 36), delay: 60)
        #expect(group.mixedInstancesPolicy?.instancesDistribution.onDemandPercentageAboveBaseCapacity == 100)
        group.advance(to: utc(2027, 1, 12, 9, 30))
        #expect(group.minSize == 21)
        scheduler.advance(to: utc(2027, 1, 12, 11, 47), delay: 60)
        #expect(group.mixedInstancesPolicy?.instancesDistribution.onDemandPercentageAboveBaseCapacity == 0)
        #expect(group.mixedInstancesPolicy == PushTests.defaultMix)
        #expect(scheduler.firedSchedules.map(\.schedule.name) == Array(try Self.expected().prefix(2)))
        #expect(scheduler.firedSchedules.allSatisfy { $0.targetError == nil })
    }

    @Test func verifyPrintsCoveredUntilAndFailsWhenTheSwitchIsTheCronJobsAlone() throws {
        let store = try PushTests.store()
        let (group, scheduler) = Self.fleet(now: "2027-01-12T08:00:00Z")
        _ = try Self.push(group, scheduler, store, now: "2027-01-12T08:00:00Z")
        let ready = try Verify.check(
            Push(
                policy: Self.file, group: group, region: "eu-west-2", now: utc("2027-01-12T08:00:00Z"),
                scheduler: scheduler.group(named: "termscale-moodle-web")), store: store)
        #expect(ready.passed, "\(ready.checks)")
        let covered = try #require(ready.checks.first { $0.name == "covered-until" })
        // Everything is in AWS to the end of what push schedules: the 14-day horizon.
        #expect(covered.detail == "covered until 2027-01-26T08:00:00Z; the next exam starts 2027-01-12T09:30:00Z")

        // The same group under switch: cron: the 08:35 switch is the cron job's alone.
        let cron = try Verify.check(
            Push(policy: PushTests.file, group: group, region: "eu-west-2", now: utc("2027-01-12T08:00:00Z")), store: store)
        let gap = try #require(cron.checks.first { $0.name == "covered-until" })
        #expect(!gap.passed)
        #expect(
            gap.detail
                == "covered until 2027-01-12T08:35:00Z; the next exam starts 2027-01-12T09:30:00Z: from then on the switch to "
                + "on-demand is made by the cron job alone (mix.switch: cron), so if the admin instance dies exam capacity "
                + "launches on Spot; use mix.switch: scheduler")

        // A switch deleted from AWS: covered only until it.
        try scheduler.group(named: "termscale-moodle-web").deleteSchedule(name: try Self.expected()[2])
        let missing = try Verify.check(
            Push(
                policy: Self.file, group: group, region: "eu-west-2", now: utc("2027-01-12T08:00:00Z"),
                scheduler: scheduler.group(named: "termscale-moodle-web")), store: store)
        let short = try #require(missing.checks.first { $0.name == "covered-until" })
        #expect(!short.passed)
        #expect(
            short.detail.hasPrefix(
                "covered until 2027-01-12T13:05:00Z; the next exam starts 2027-01-12T09:30:00Z: a raise or a mix switch before 2027-01-13T09:30:00Z is not in AWS"
            ))
        #expect(!missing.checks.contains { $0.name != "covered-until" && !$0.passed })
    }

    @Test func aFailedCreateIsRepairedByTheNextPush() throws {
        let store = try PushTests.store()
        let (group, scheduler) = Self.fleet(now: "2027-01-04T12:00:00Z")
        scheduler.inject(
            .fail(AWSServiceError(code: "InternalServerException", message: "boom", httpStatus: 500, service: "scheduler")),
            into: "CreateSchedule")
        let first = try Self.push(group, scheduler, store, now: "2027-01-04T12:00:00Z")
        #expect(first.outcome == .partlyApplied)
        #expect(Self.held(scheduler).count == 3)
        let second = try Self.push(group, scheduler, store, now: "2027-01-04T12:05:00Z")
        #expect(second.outcome == .changed && second.switchCreates.count == 1)
        #expect(Self.held(scheduler) == (try Self.expected()))
    }
}
