import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleCore

@Suite struct ActionCompilerTests {
    let dayStart = utc(2027, 1, 12)
    let dayEnd = utc(2027, 1, 13)

    /// A raised 08:15–10:15 at 7; B (500) 12:15–14:15 at 5; C 16:15–18:15 at 7; else 2.
    func threeExamPlan() -> CapacityPlan {
        CapacityPlanner.plan(
            exams: [
                Fixture.exam("A", utc(2027, 1, 12, 9), utc(2027, 1, 12, 10), 1000),
                Fixture.exam("B", utc(2027, 1, 12, 13), utc(2027, 1, 12, 14), 500),
                Fixture.exam("C", utc(2027, 1, 12, 17), utc(2027, 1, 12, 18), 1000),
            ], windows: [], policy: Policy.fixture(), from: dayStart, to: dayEnd)
    }

    func summary(_ s: ActionSchedule) -> [String] {
        s.actions.map { "\($0.name) \(UTCFormat.rfc3339($0.startTime)) \($0.minSize)" }
    }

    /// Every plan segment within `now..<end` is covered at or above its MinSize.
    func expectNeverBelow(_ s: ActionSchedule, _ plan: CapacityPlan, now: Date, end: Date) {
        for segment in plan.segments where segment.end > now && segment.start < end {
            let level = s.actions.last { $0.startTime <= max(segment.start, now) }?.minSize ?? s.currentMinSize
            #expect(level >= segment.minSize, "\(segment) scheduled at \(level)")
        }
    }

    @Test func actionNamesCarryGroupAndMinute() {
        #expect(
            ScheduledAction.name(group: "moodle-web", startTime: utc(2027, 1, 12, 8, 30))
                == "termscale-moodle-web-20270112T0830Z")
        #expect(
            ScheduledAction.name(group: "g", startTime: utc(2027, 10, 3, 23, 5))
                == "termscale-g-20271003T2305Z")
    }

    @Test func oneActionPerChangeOfMinSizeAndNoneForTheMix() {
        let plan = CapacityPlanner.plan(
            exams: [Fixture.exam("MATH1001", utc(2027, 1, 12, 9), utc(2027, 1, 12, 11), 1000)],
            windows: [], policy: Policy.fixture(), from: dayStart, to: dayEnd)
        let s = ActionCompiler.compile(plan: plan, policy: Policy.fixture(), now: dayStart, horizonEnd: dayEnd)
        #expect(
            summary(s) == [
                "termscale-moodle-web-20270112T0815Z 2027-01-12T08:15:00Z 7",
                "termscale-moodle-web-20270112T1115Z 2027-01-12T11:15:00Z 2",
            ])
        #expect(s.currentMinSize == 2)
        #expect(s.requiredChanges == 2)
        #expect(s.extraInstanceHours == 0)
        #expect(!s.isMerged)
    }

    @Test func changesAtNowAndAtHorizonEndAreNotActions() {
        let plan = threeExamPlan()
        let policy = Policy.fixture()
        let atRaise = ActionCompiler.compile(
            plan: plan, policy: policy, now: utc(2027, 1, 12, 8, 15),
            horizonEnd: utc(2027, 1, 12, 12, 15))
        #expect(atRaise.currentMinSize == 7)
        #expect(summary(atRaise) == ["termscale-moodle-web-20270112T1015Z 2027-01-12T10:15:00Z 2"])
        let inside = ActionCompiler.compile(
            plan: plan, policy: policy, now: utc(2027, 1, 12, 9, 0, 30),
            horizonEnd: utc(2027, 1, 12, 12, 16))
        #expect(inside.currentMinSize == 7)
        #expect(inside.actions.map(\.minSize) == [2, 5])
        let empty = ActionCompiler.compile(plan: plan, policy: policy, now: dayEnd, horizonEnd: dayStart)
        #expect(empty.actions.isEmpty && empty.currentMinSize == 2)
    }

    @Test func beyondThePlanItsEndLevelsHold() {
        let plan = threeExamPlan()
        let s = ActionCompiler.compile(
            plan: plan, policy: Policy.fixture(), now: utc(2027, 1, 11),
            horizonEnd: utc(2027, 1, 14))
        #expect(s.currentMinSize == 2)
        #expect(s.actions.count == 6)
    }

    @Test func overBudgetMergesAtLeastExtraCapacity() {
        let plan = threeExamPlan()
        func compile(_ budget: Int) -> ActionSchedule {
            ActionCompiler.compile(plan: plan, policy: Policy.fixture(maxActions: budget), now: dayStart, horizonEnd: dayEnd)
        }
        #expect(compile(6).actions.map(\.minSize) == [7, 2, 5, 2, 7, 2])
        #expect(compile(6).extraInstanceHours == 0)
        // Two actions: hold 7 from A's raise to C's release; extra 5×2 + 2×2 + 5×2 = 24.
        let two = compile(2)
        #expect(
            summary(two) == [
                "termscale-moodle-web-20270112T0815Z 2027-01-12T08:15:00Z 7",
                "termscale-moodle-web-20270112T1815Z 2027-01-12T18:15:00Z 2",
            ])
        #expect(two.extraInstanceHours == 24)
        #expect(two.requiredChanges == 6 && two.isMerged)
        // A third action cannot help; a fourth holds 5 between A and C: 3×2 + 0 + 3×2 = 12.
        #expect(compile(3).extraInstanceHours == 24)
        #expect(compile(3).actions.count == 2)
        let four = compile(4)
        #expect(four.actions.map(\.minSize) == [7, 5, 7, 2])
        #expect(
            four.actions.map { UTCFormat.rfc3339($0.startTime) }
                == ["2027-01-12T08:15:00Z", "2027-01-12T10:15:00Z", "2027-01-12T16:15:00Z", "2027-01-12T18:15:00Z"])
        #expect(four.extraInstanceHours == 12)
        #expect(compile(5).extraInstanceHours == 6)
        for budget in 0...6 { expectNeverBelow(compile(budget), plan, now: dayStart, end: dayEnd) }
    }

    @Test func mergeMayRaiseTheLevelInForceNow() {
        // 2 now, 7 from 00:10, 2 from 01:00; one action: raising now costs 5 × 10 min, keeping
        // the raise and never releasing would cost 5 × 23 h.
        let plan = CapacityPlan(
            from: dayStart, to: dayEnd,
            segments: [
                PlanSegment(start: dayStart, end: utc(2027, 1, 12, 0, 10), minSize: 2, purchase: .mixed, reasons: []),
                PlanSegment(
                    start: utc(2027, 1, 12, 0, 10), end: utc(2027, 1, 12, 1), minSize: 7,
                    purchase: .onDemand, reasons: ["A"]),
                PlanSegment(start: utc(2027, 1, 12, 1), end: dayEnd, minSize: 2, purchase: .mixed, reasons: []),
            ], warnings: [])
        let s = ActionCompiler.compile(plan: plan, policy: Policy.fixture(maxActions: 1), now: dayStart, horizonEnd: dayEnd)
        #expect(s.currentMinSize == 7)
        #expect(summary(s) == ["termscale-moodle-web-20270112T0100Z 2027-01-12T01:00:00Z 2"])
        #expect(abs(s.extraInstanceHours - 50.0 / 60) < 1e-12)
    }

    @Test func busyFortnightFitsTheBudgetWithWholeMinuteUniqueActions() {
        var rng = SplitMix64(seed: 42)
        var exams: [ExamSession] = []
        let from = utc(2027, 1, 11)
        let to = utc(2027, 1, 25)
        for i in 0..<400 {
            let slot = Int.random(in: 0..<(14 * 24 * 4), using: &rng)
            let start = from.addingTimeInterval(TimeInterval(slot * 900 + Int.random(in: 0..<60, using: &rng)))
            let end = start.addingTimeInterval(TimeInterval(Int.random(in: 1...12, using: &rng) * 900))
            exams.append(Fixture.exam("E\(i)", start, end, Int.random(in: 10...4000, using: &rng)))
        }
        let policy = Policy.fixture(mergeGap: 5)
        let windows = [Fixture.window("teaching", from, utc(2027, 1, 18))]
        let plan = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from, to: to)
        let now = utc(2027, 1, 11, 6, 3, 17)
        let s = ActionCompiler.compile(plan: plan, policy: policy, now: now, horizonEnd: to)
        #expect(s.requiredChanges > 120)
        #expect(s.actions.count <= 120)
        #expect(s.extraInstanceHours > 0)
        #expect(Set(s.actions.map(\.name)).count == s.actions.count)
        for (a, b) in zip(s.actions, s.actions.dropFirst()) {
            #expect(a.startTime < b.startTime && a.minSize != b.minSize)
        }
        #expect(s.actions.allSatisfy { UTCFormat.seconds($0.startTime) % 60 == 0 && $0.startTime > now && $0.startTime < to })
        expectNeverBelow(s, plan, now: now, end: to)
        #expect(ActionCompiler.compile(plan: plan, policy: policy, now: now, horizonEnd: to) == s)
    }
}
