import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleReports
import TermscaleTestSupport
import Testing

@testable import TermscaleKit

/// `verify` against the in-memory group: the policy and calendar of `PushTests`.
@Suite struct VerifyTests {
    static func verify(_ group: InMemoryAutoScalingGroup, now: String) throws -> VerifyReport {
        try Verify.check(
            Push(policy: PushTests.file, group: group, region: "eu-west-2", now: utc(now)), store: PushTests.store())
    }

    static func failed(_ report: VerifyReport) -> [String] { report.checks.filter { !$0.passed }.map(\.name) }

    @Test func aReconciledGroupIsReadyAndVerifyWritesNothing() throws {
        // With the mix switches in AWS (switch: scheduler): everything passes.
        let store = try PushTests.store()
        let (group, scheduler) = PushSchedulerTests.fleet(now: "2027-01-12T08:00:00Z")
        _ = try PushSchedulerTests.push(group, scheduler, store, now: "2027-01-12T08:00:00Z")
        let writes = group.writeCalls.count + scheduler.writeCalls.count
        let report = try Verify.check(
            Push(
                policy: PushSchedulerTests.file, group: group, region: "eu-west-2", now: utc("2027-01-12T08:00:00Z"),
                scheduler: scheduler.group(named: "termscale-moodle-web")), store: store)
        #expect(report.passed, "\(report.checks)")
        #expect(
            report.checks.map(\.name) == [
                "min-size", "in-service", "mix", "next-raise", "actions", "covered-until", "target-tracking",
            ])
        #expect(group.writeCalls.count + scheduler.writeCalls.count == writes)

        // With switch: cron the same group is not ready for the exam day: only covered-until fails.
        let cron = try Self.verify(group, now: "2027-01-12T08:00:00Z")
        #expect(Self.failed(cron) == ["covered-until"])
    }

    @Test func aMissingRaiseAndAHandLoweredMinSizeAreNamed() throws {
        let store = try PushTests.store()
        let group = PushTests.group(now: "2027-01-12T08:00:00Z")
        _ = try PushTests.push(group, store, now: "2027-01-12T08:00:00Z")
        _ = try group.deleteScheduledActions(names: ["termscale-moodle-web-20270112T0845Z"])
        let missingRaise = try Self.verify(group, now: "2027-01-12T08:00:00Z")
        #expect(Self.failed(missingRaise) == ["next-raise", "actions", "covered-until"])
        #expect(missingRaise.checks[3].detail == "the raise to MinSize 21 at 2027-01-12T08:45:00Z is not scheduled as planned")

        // During the exam, MinSize lowered by hand: below the plan, and the mix is not on-demand.
        _ = try PushTests.push(group, store, now: "2027-01-12T09:00:00Z")
        group.setMinSizeByHand(2)
        try group.updateGroup(minSize: nil, mixedInstancesPolicy: PushTests.defaultMix)
        let lowered = try Self.verify(group, now: "2027-01-12T09:05:00Z")
        #expect(Self.failed(lowered) == ["min-size", "mix", "covered-until"])
        #expect(lowered.checks[0].detail == "MinSize 2, the plan needs 21 now")
        let text = VerifyTextRenderer().render([lowered])
        #expect(
            text.hasPrefix(
                "moodle-web (eu-west-2) at 2027-01-12T09:05:00Z: NOT READY\n  ✘ min-size        MinSize 2, the plan needs 21 now\n"
            ))
    }
}
