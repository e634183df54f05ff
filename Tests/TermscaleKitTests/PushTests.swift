import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleReports
import TermscaleStore
import TermscaleTestSupport
import Testing

@testable import TermscaleKit

/// The push against the in-memory group, which enforces AWS's rules.
///
/// The policy: min 2, max 40, 250 candidates an instance, 20 % headroom, pre-warm 45, hold 15,
/// merge gap 30, no windows; one on-demand instance, then 0 % on-demand above base (all Spot).
/// MGMT1001 (3,800 candidates, 09:30–11:30Z on Tue 12 Jan 2027) needs ⌈3800 × 1.2 / 250⌉ = 19
/// more instances: MinSize 21 from 08:45 to 11:45; PHYS2001 (120, 14:00–15:30Z) needs 1:
/// MinSize 3 from 13:15 to 15:45.
@Suite struct PushTests {
    static let policy = Policy.fixture(windows: [:])
    static let file = PolicyFile(path: "moodle-web.yaml", policy: policy)
    static let defaultMix = MixedInstancesPolicy(
        launchTemplate: .init(id: "lt-0123", version: "$Latest"), overrides: [.init(instanceType: "c7g.xlarge")],
        instancesDistribution: .init(
            onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: "price-capacity-optimized"))

    static func exam(_ code: String, _ start: String, _ end: String, _ candidates: Int, line: Int) -> CalendarEvent {
        CalendarEvent(
            kind: .exam, code: code, title: code, location: nil, start: utc(start), end: utc(end), candidates: candidates,
            category: nil, source: "jan.csv", sourceLine: line)
    }

    static let january = [
        exam("MGMT1001", "2027-01-12T09:30:00Z", "2027-01-12T11:30:00Z", 3800, line: 2),
        exam("PHYS2001", "2027-01-12T14:00:00Z", "2027-01-12T15:30:00Z", 120, line: 3),
    ]

    static func store(_ events: [CalendarEvent] = january) throws -> CalendarStore {
        let store = try CalendarStore.inMemory()
        try importExams(events, into: store)
        return store
    }

    static func importExams(_ events: [CalendarEvent], into store: CalendarStore) throws {
        try store.replaceSources([
            SourceImport(
                name: "jan.csv", kind: .exam, format: .csv, path: "jan.csv", sha256: String(repeating: "0", count: 64),
                importedAt: utc("2027-01-01T00:00:00Z"), events: events)
        ])
    }

    static func group(now: String, minSize: Int = 2) -> InMemoryAutoScalingGroup {
        InMemoryAutoScalingGroup(
            name: "moodle-web", minSize: minSize, maxSize: 40, mixedInstancesPolicy: defaultMix, now: utc(now))
    }

    static func push(_ group: InMemoryAutoScalingGroup, _ store: CalendarStore, now: String, dryRun: Bool = false) throws
        -> PushReport
    {
        try Push(policy: file, group: group, region: "eu-west-2", now: utc(now), dryRun: dryRun).run(store: store)
    }

    static func summary(_ actions: [ScheduledActionDescription]) -> [String] {
        actions.map { "\($0.name) \($0.startTime.map(UTCFormat.rfc3339) ?? "-") \($0.minSize.map(String.init) ?? "-")" }
    }

    static let plannedActions = [
        "termscale-moodle-web-20270112T0845Z 2027-01-12T08:45:00Z 21",
        "termscale-moodle-web-20270112T1145Z 2027-01-12T11:45:00Z 2",
        "termscale-moodle-web-20270112T1315Z 2027-01-12T13:15:00Z 3",
        "termscale-moodle-web-20270112T1545Z 2027-01-12T15:45:00Z 2",
    ]

    @Test func firstPushSchedulesThePlanAndASecondWritesNothing() throws {
        let store = try Self.store()
        let group = Self.group(now: "2027-01-04T12:00:00Z")

        let first = try Self.push(group, store, now: "2027-01-04T12:00:00Z")
        #expect(first.outcome == .changed, "\(first.errors)")
        #expect(Self.summary(group.scheduledActions) == Self.plannedActions)
        #expect(first.puts.count == 4 && first.updates.isEmpty && first.deletes.isEmpty)
        #expect(first.minSizeSet == nil && first.mixSet == nil)
        #expect(first.policySet)
        #expect(group.writeCalls.map(\.operation) == ["BatchPutScheduledUpdateGroupAction", "PutScalingPolicy"])

        let writesBefore = group.writeCalls.count
        let second = try Self.push(group, store, now: "2027-01-04T12:05:00Z")
        #expect(second.outcome == .inSync)
        #expect(second.unchanged == 4 && second.puts.isEmpty && second.updates.isEmpty && second.deletes.isEmpty)
        #expect(group.writeCalls.count == writesBefore, "a push with nothing to change wrote: \(group.writeCalls)")
        #expect(second.calls.map(\.action) == ["DescribeAutoScalingGroups", "DescribeScheduledActions", "DescribePolicies"])
    }

    @Test func aMovedExamChangesExactlyItsActionsAndACancelledOneIsRemoved() throws {
        let store = try Self.store()
        let group = Self.group(now: "2027-01-04T12:00:00Z")
        try store.recordPush(try Self.push(group, store, now: "2027-01-04T12:00:00Z").record)

        // PHYS2001 moves an hour later: its raise and release move, MGMT1001's stay.
        var moved = Self.january
        moved[1].start = utc("2027-01-12T15:00:00Z")
        moved[1].end = utc("2027-01-12T16:30:00Z")
        try Self.importExams(moved, into: store)
        let afterMove = try Self.push(group, store, now: "2027-01-05T12:00:00Z")
        #expect(afterMove.puts.map(\.name) == ["termscale-moodle-web-20270112T1415Z", "termscale-moodle-web-20270112T1645Z"])
        #expect(afterMove.deletes.map(\.name) == ["termscale-moodle-web-20270112T1315Z", "termscale-moodle-web-20270112T1545Z"])
        #expect(afterMove.unchanged == 2)
        // The history says what the deleted actions were pushed for.
        #expect(
            afterMove.warnings.contains(
                "the pushed action termscale-moodle-web-20270112T1315Z (MinSize 3, for PHYS2001) is no longer in the plan: "
                    + "an exam was moved or cancelled, or actions were merged"))
        #expect(afterMove.reasons["termscale-moodle-web-20270112T1415Z"] == ["PHYS2001"])

        // PHYS2001 cancelled: its actions go, nothing else changes.
        try Self.importExams([Self.january[0]], into: store)
        let afterCancel = try Self.push(group, store, now: "2027-01-05T12:05:00Z")
        #expect(afterCancel.puts.isEmpty && afterCancel.updates.isEmpty)
        #expect(
            afterCancel.deletes.map(\.name) == ["termscale-moodle-web-20270112T1415Z", "termscale-moodle-web-20270112T1645Z"])
        #expect(Self.summary(group.scheduledActions) == Array(Self.plannedActions.prefix(2)))
    }

    @Test func insideThePrewarmMinSizeIsSetAtOnceAndTheMixGoesOnDemandThenBack() throws {
        let store = try Self.store()
        // 09:00 on exam day: MGMT1001's raised period (08:45–11:45) is on, but the group is at 2
        // (a first push mid-exam, or an action that never ran).
        let group = Self.group(now: "2027-01-12T09:00:00Z")
        let during = try Self.push(group, store, now: "2027-01-12T09:00:00Z")
        #expect(during.outcome == .changed, "\(during.errors)")
        #expect(during.minSizeSet == .init(from: 2, to: 21))
        #expect(group.minSize == 21)
        #expect(during.mixSet?.to == .init(onDemandBase: 1, onDemandPercentAboveBase: 100))
        #expect(group.mixedInstancesPolicy?.instancesDistribution.onDemandPercentageAboveBaseCapacity == 100)
        // The launch template and overrides go back as they were read.
        #expect(group.mixedInstancesPolicy?.launchTemplate == Self.defaultMix.launchTemplate)
        #expect(group.mixedInstancesPolicy?.overrides == Self.defaultMix.overrides)
        #expect(during.warnings.contains { $0.hasPrefix("MinSize is 2 but the plan needs 21 now (MGMT1001)") })
        // The release and PHYS2001's actions are still scheduled.
        #expect(Self.summary(group.scheduledActions) == Array(Self.plannedActions.dropFirst()))

        // After the release fires and PHYS2001 is over, the default mix comes back.
        group.advance(to: utc("2027-01-12T16:00:00Z"))
        #expect(group.minSize == 2)
        let after = try Self.push(group, store, now: "2027-01-12T16:00:00Z")
        #expect(after.minSizeSet == nil)
        #expect(after.mixSet?.to == .init(onDemandBase: 1, onDemandPercentAboveBase: 0))
        #expect(group.mixedInstancesPolicy?.instancesDistribution.onDemandPercentageAboveBaseCapacity == 0)
    }

    @Test func theMixSwitchesBeforeThePrewarmRaise() throws {
        // cron 5 + 5 minutes ahead of the 08:45 raise the plan is on-demand from 08:35: a push at
        // 08:30 sees it within its window and switches; one at 08:20 does not yet.
        let store = try Self.store()
        let group = Self.group(now: "2027-01-12T08:20:00Z")
        #expect(try Self.push(group, store, now: "2027-01-12T08:20:00Z").mixSet == nil)
        #expect(try Self.push(group, store, now: "2027-01-12T08:30:00Z").mixSet?.to.onDemandPercentAboveBase == 100)
        #expect(group.minSize == 2, "the raise itself is a scheduled action, not a catch-up")
    }

    @Test func aChangeInsideTheLeadTimeIsAppliedNowNotScheduled() throws {
        // 08:43: the 08:45 raise is 2 minutes away, inside the 3-minute lead: MinSize is set now.
        let store = try Self.store()
        let group = Self.group(now: "2027-01-12T08:43:00Z")
        let report = try Self.push(group, store, now: "2027-01-12T08:43:00Z")
        #expect(report.minSizeSet == .init(from: 2, to: 21))
        #expect(!group.scheduledActions.contains { $0.name == "termscale-moodle-web-20270112T0845Z" })
        #expect(group.scheduledActions.allSatisfy { $0.startTime! >= utc("2027-01-12T08:46:00Z") })
    }

    @Test func othersActionsSurviveCountAgainstTheQuotaAndKeepTheirStartTimes() throws {
        let store = try Self.store()
        let group = Self.group(now: "2027-01-04T12:00:00Z")
        // Another tool's action at 08:45 on exam day, and 121 more: 3 of AWS's 125 are left.
        group.addForeignAction(
            .init(name: "nightly-warmup", groupName: "moodle-web", startTime: utc("2027-01-12T08:45:00Z"), minSize: 5))
        for i in 0..<121 {
            group.addForeignAction(
                .init(
                    name: "other-\(i)", groupName: "moodle-web",
                    startTime: utc("2027-02-01T00:00:00Z").addingTimeInterval(Double(i) * 3600), minSize: 2))
        }
        let report = try Self.push(group, store, now: "2027-01-04T12:00:00Z")
        #expect(report.outcome == .changed, "\(report.errors)")
        let own = group.scheduledActions.filter { $0.name.hasPrefix("termscale-") }
        #expect(own.count == 3)
        #expect(group.scheduledActions.count == 125)
        #expect(group.scheduledActions.contains { $0.name == "nightly-warmup" && $0.minSize == 5 })
        // Never below the plan: three actions cover four changes by holding MinSize 21 through
        // the lunchtime gap; the raise moved a minute earlier, off the other tool's 08:45.
        #expect(
            Self.summary(own) == [
                "termscale-moodle-web-20270112T0844Z 2027-01-12T08:44:00Z 21",
                "termscale-moodle-web-20270112T1145Z 2027-01-12T11:45:00Z 3",
                "termscale-moodle-web-20270112T1545Z 2027-01-12T15:45:00Z 2",
            ])
        #expect(
            report.warnings.contains(
                "122 scheduled actions of other tools leave 3 of AWS's 125 for termscale (limits.max_scheduled_actions 120)"))
        #expect(report.warnings.contains { $0.hasPrefix("raise at 2027-01-12T08:45:00Z moved to 2027-01-12T08:44:00Z") })
    }

    @Test func aFailedBatchIsRepairedByTheNextPush() throws {
        let store = try Self.store()
        let group = Self.group(now: "2027-01-04T12:00:00Z")
        group.inject(
            .fail(AWSServiceError(code: "Throttling", message: "Rate exceeded", httpStatus: 400, type: .sender)),
            into: "BatchPutScheduledUpdateGroupAction")
        let failed = try Self.push(group, store, now: "2027-01-04T12:00:00Z")
        #expect(failed.outcome == .partlyApplied)
        #expect(failed.errors.first?.hasPrefix("BatchPutScheduledUpdateGroupAction (4 actions) failed: ") == true)
        #expect(group.scheduledActions.isEmpty)
        #expect(Push.exitCode([failed]) == 2)

        let repaired = try Self.push(group, store, now: "2027-01-04T12:05:00Z")
        #expect(repaired.outcome == .changed)
        #expect(Self.summary(group.scheduledActions) == Self.plannedActions)
    }

    @Test func aDeleteWhoseAnswerWasLostIsDoneNotFailed() throws {
        let store = try Self.store()
        let group = Self.group(now: "2027-01-04T12:00:00Z")
        _ = try Self.push(group, store, now: "2027-01-04T12:00:00Z")
        try Self.importExams([Self.january[0]], into: store)
        group.inject(.loseAnswer, into: "BatchDeleteScheduledAction")
        let lost = try Self.push(group, store, now: "2027-01-04T12:05:00Z")
        #expect(lost.outcome == .failed, "its one write looked failed")
        // The deletes were applied; the next push finds nothing to do.
        let next = try Self.push(group, store, now: "2027-01-04T12:10:00Z")
        #expect(next.outcome == .inSync, "\(next.errors)")
        #expect(Self.summary(group.scheduledActions) == Array(Self.plannedActions.prefix(2)))
    }

    @Test func dryRunReadsAndWritesNothing() throws {
        let store = try Self.store()
        let group = Self.group(now: "2027-01-12T09:00:00Z")
        let report = try Self.push(group, store, now: "2027-01-12T09:00:00Z", dryRun: true)
        #expect(report.outcome == .dryRun)
        #expect(report.minSizeSet == .init(from: 2, to: 21))
        #expect(report.puts.count == 3)
        #expect(group.writeCalls.isEmpty)
        #expect(group.minSize == 2)
        let text = PushTextRenderer().render([report])
        #expect(
            text.hasPrefix(
                """
                moodle-web (eu-west-2, moodle-web.yaml): dry-run, nothing written
                  + put    termscale-moodle-web-20270112T1145Z  2027-01-12T11:45:00Z  MinSize 2  for MGMT1001
                  + put    termscale-moodle-web-20270112T1315Z  2027-01-12T13:15:00Z  MinSize 3  for PHYS2001
                  + put    termscale-moodle-web-20270112T1545Z  2027-01-12T15:45:00Z  MinSize 2  for PHYS2001
                  = unchanged 0
                  ! MinSize now: 2 → 21 (the plan at 2027-01-12T09:00:00Z; would set it at once)
                  ~ mix: on-demand base 1 + 0% above → on-demand base 1 + 100% above
                  ~ target tracking: would write the policy

                """), "\(text)")
    }

    @Test func aDisabledPolicyIsEnabledAgainAndAHandMadeOneIsNamed() throws {
        let store = try Self.store()
        let group = Self.group(now: "2027-01-04T12:00:00Z")
        _ = try Self.push(group, store, now: "2027-01-04T12:00:00Z")
        group.addPolicyByHand(
            ScalingPolicy(
                name: "termscale-moodle-web-target-tracking", policyType: "TargetTrackingScaling", enabled: false,
                estimatedInstanceWarmup: 300,
                targetTracking: .init(metric: .predefined(type: "ASGAverageCPUUtilization", resourceLabel: nil), targetValue: 50))
        )
        group.addPolicyByHand(
            ScalingPolicy(
                name: "queue-depth", policyType: "TargetTrackingScaling",
                targetTracking: .init(
                    metric: .customized(.init(metricName: "QueueDepth", namespace: "Moodle", statistic: "Average")),
                    targetValue: 100)))
        let report = try Self.push(group, store, now: "2027-01-04T12:05:00Z")
        #expect(report.policySet)
        #expect(group.writeCalls.last?.operation == "PutScalingPolicy")
        #expect(report.warnings.contains("termscale's target-tracking policy was disabled: it is enabled again"))
        #expect(
            report.warnings.contains(
                "'queue-depth' is a hand-made target-tracking policy on a customized metric that is not termscale's: it also scales the group"
            ))
        #expect(try Self.push(group, store, now: "2027-01-04T12:10:00Z").policySet == false)
    }

    @Test func aMixWithFieldsTermscaleDoesNotUnderstandIsNeverRewrittenButMinSizeIsStillSet() throws {
        let store = try Self.store()
        var odd = Self.defaultMix
        odd.unknownFields = ["LaunchTemplate.Overrides.member.1.FutureField"]
        let group = InMemoryAutoScalingGroup(
            name: "moodle-web", minSize: 2, maxSize: 40, mixedInstancesPolicy: odd, now: utc("2027-01-12T09:00:00Z"))
        let report = try Self.push(group, store, now: "2027-01-12T09:00:00Z")
        #expect(group.minSize == 21)
        #expect(group.mixedInstancesPolicy == odd)
        #expect(report.mixSet == nil)
        #expect(report.outcome == .partlyApplied)
        #expect(
            report.errors.first?.hasPrefix(
                "the group's MixedInstancesPolicy holds fields termscale does not understand (LaunchTemplate.Overrides.member.1.FutureField)"
            ) == true)
        #expect(group.writeCalls.first?.detail == "MinSize 21")
    }

    @Test func manyGroupsAreReconciledTogetherAndReportedInTheirOrder() throws {
        let store = try Self.store()
        let names = (0..<30).map { "moodle-\($0)" }
        let groups = Dictionary(
            uniqueKeysWithValues: names.map {
                (
                    $0,
                    InMemoryAutoScalingGroup(
                        name: $0, minSize: 2, maxSize: 40, mixedInstancesPolicy: Self.defaultMix, now: utc("2027-01-04T12:00:00Z")
                    )
                )
            })
        let files = names.map { PolicyFile(path: "\($0).yaml", policy: Policy.fixture(autoScalingGroup: $0, windows: [:])) }
        let reports = try Push.runAll(files, store: store, now: utc("2027-01-04T12:00:00Z"), horizonDays: nil, dryRun: false) {
            GroupConnection(group: groups[$0.autoScalingGroup]!, region: "eu-west-2")
        }
        #expect(reports.map(\.group) == names)
        #expect(reports.allSatisfy { $0.outcome == .changed && $0.puts.count == 4 })
        #expect(groups.values.allSatisfy { $0.scheduledActions.count == 4 })
    }

    @Test func anEmptyDatabaseIsRefusedRatherThanDeletingEveryAction() throws {
        let store = try Self.store()
        let group = Self.group(now: "2027-01-04T12:00:00Z")
        _ = try Self.push(group, store, now: "2027-01-04T12:00:00Z")
        let writes = group.writeCalls.count
        let empty = try CalendarStore.inMemory()
        let report = try Self.push(group, empty, now: "2027-01-04T12:05:00Z")
        #expect(report.outcome == .failed)
        #expect(report.errors.first?.hasPrefix("no calendar is imported in this database: nothing pushed") == true)
        #expect(group.writeCalls.count == writes)
        #expect(group.scheduledActions.count == 4)
    }

    @Test func aFailedUpdateIsNotReportedAsDone() throws {
        let store = try Self.store()
        let group = Self.group(now: "2027-01-12T09:00:00Z")
        group.inject(
            .fail(AWSServiceError(code: "AccessDenied", message: "not authorized", httpStatus: 403, type: .sender)),
            into: "UpdateAutoScalingGroup")
        let report = try Self.push(group, store, now: "2027-01-12T09:00:00Z")
        #expect(report.outcome == .partlyApplied)
        let text = PushTextRenderer().render([report])
        #expect(
            text.contains("  ! MinSize now: 2 → 21 (the plan at 2027-01-12T09:00:00Z; setting it FAILED, see the errors)\n"),
            "\(text)")
        #expect(text.contains(" (FAILED, see the errors)\n"))
        #expect(group.minSize == 2)
    }

    @Test func aGroupThatDoesNotExistFailsAloneAndOthersGoOn() throws {
        let store = try Self.store()
        let good = Self.group(now: "2027-01-04T12:00:00Z")
        let missingPolicy = PolicyFile(path: "gone.yaml", policy: Policy.fixture(autoScalingGroup: "gone", windows: [:]))
        let connect: (Policy) -> GroupConnection = { policy in
            let group: any AutoScalingGroupAPI = policy.autoScalingGroup == "gone" ? EmptyRegion() : good
            return GroupConnection(group: group, region: "eu-west-2")
        }
        let reports: [PushReport] = try Push.runAll(
            [missingPolicy, Self.file], store: store, now: utc("2027-01-04T12:00:00Z"), horizonDays: nil, dryRun: false,
            connect: connect)
        #expect(reports.map(\.outcome) == [.failed, .changed])
        #expect(
            reports[0].errors == [
                "Auto Scaling group 'gone' not found in eu-west-2; check auto_scaling_group and region in gone.yaml"
            ])
        #expect(Push.exitCode(reports) == 2)
        #expect(Push.exitCode([reports[0]]) == 1)
        #expect(Push.exitCode([reports[1]]) == 0)
    }
}

/// A region where the group does not exist.
private struct EmptyRegion: AutoScalingGroupAPI {
    var groupName: String { "gone" }
    func describeGroup() throws -> AutoScalingGroupDescription? { nil }
    func describeScheduledActions() throws -> [ScheduledActionDescription] { [] }
    func putScheduledActions(_ actions: [ScheduledActionRequest]) throws -> [BatchItemFailure] { [] }
    func deleteScheduledActions(names: [String]) throws -> [BatchItemFailure] { [] }
    func updateGroup(minSize: Int?, mixedInstancesPolicy: MixedInstancesPolicy?) throws {}
    func describePolicies() throws -> [ScalingPolicy] { [] }
    func putTargetTrackingPolicy(_ policy: TargetTrackingPolicy) throws {}
}
