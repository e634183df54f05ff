import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleCore

@Suite struct CapacityPlannerTests {
    typealias Row = Fixture.Row
    let dayStart = utc(2027, 1, 12)
    let dayEnd = utc(2027, 1, 13)

    func plan(
        _ exams: [ExamSession], windows: [CalendarWindow] = [], policy: Policy = Policy.fixture(),
        from: Date? = nil, to: Date? = nil
    ) -> CapacityPlan {
        CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from ?? dayStart, to: to ?? dayEnd)
    }

    @Test func singleExamRaisesFromPrewarmToHoldAndSwitchesMixTenMinutesEarlier() {
        // 1000 × 120 / 25000 = 4.8 → 5 instances on top of the floor of 2.
        let p = plan([Fixture.exam("MATH1001", utc(2027, 1, 12, 9), utc(2027, 1, 12, 11), 1000)])
        #expect(
            Fixture.summary(p) == [
                Row("2027-01-12T00:00:00Z", "2027-01-12T08:05:00Z", 2, .mixed),
                Row("2027-01-12T08:05:00Z", "2027-01-12T08:15:00Z", 2, .onDemand, ["MATH1001"]),
                Row("2027-01-12T08:15:00Z", "2027-01-12T11:15:00Z", 7, .onDemand, ["MATH1001"]),
                Row("2027-01-12T11:15:00Z", "2027-01-13T00:00:00Z", 2, .mixed),
            ])
        #expect(p.warnings.isEmpty)
        #expect(p.minSize(at: utc(2027, 1, 12, 8, 14, 59)) == 2)
        #expect(p.minSize(at: utc(2027, 1, 12, 8, 15)) == 7)
        #expect(p.minSize(at: utc(2027, 1, 12, 11, 14, 59)) == 7)
        #expect(p.minSize(at: utc(2027, 1, 12, 11, 15)) == 2)
    }

    @Test func overlappingExamsSumCandidatesBeforeRounding() {
        // 1000 + 260 = 1260 → ⌈1260 × 120 / 25000⌉ = ⌈6.048⌉ = 7.
        let p = plan([
            Fixture.exam("MATH1001", utc(2027, 1, 12, 9), utc(2027, 1, 12, 11), 1000),
            Fixture.exam("PHYS1002", utc(2027, 1, 12, 10), utc(2027, 1, 12, 12), 260),
        ])
        #expect(
            Fixture.summary(p)
                == [
                    Row("2027-01-12T00:00:00Z", "2027-01-12T08:05:00Z", 2, .mixed),
                    Row("2027-01-12T08:05:00Z", "2027-01-12T08:15:00Z", 2, .onDemand, ["MATH1001"]),
                    Row("2027-01-12T08:15:00Z", "2027-01-12T09:05:00Z", 7, .onDemand, ["MATH1001"]),
                    Row("2027-01-12T09:05:00Z", "2027-01-12T09:15:00Z", 7, .onDemand, ["MATH1001", "PHYS1002"]),
                    Row("2027-01-12T09:15:00Z", "2027-01-12T11:15:00Z", 9, .onDemand, ["MATH1001", "PHYS1002"]),
                    Row("2027-01-12T11:15:00Z", "2027-01-12T12:15:00Z", 4, .onDemand, ["PHYS1002"]),
                    Row("2027-01-12T12:15:00Z", "2027-01-13T00:00:00Z", 2, .mixed),
                ].reducedToEqualNeighbours())
    }

    @Test func roundingSeparatelyWouldOverProvision() {
        // 875 → 4.2 and 125 → 0.6: rounded apart 5 + 1 = 6, summed first ⌈4.8⌉ = 5.
        let p = plan([
            Fixture.exam("A", utc(2027, 1, 12, 9), utc(2027, 1, 12, 10), 875),
            Fixture.exam("B", utc(2027, 1, 12, 9), utc(2027, 1, 12, 10), 125),
        ])
        #expect(p.minSize(at: utc(2027, 1, 12, 9)) == 7)
        #expect(p.peakMinSize == 7)
    }

    @Test func shortGapBetweenRaisedPeriodsIsHeldAtTheLowerNeighbour() {
        // A raised 08:15–10:15 at 7; B (500 → 2.4 → 3) raised 10:35–12:35 at 5; gap 20 min < 30.
        let p = plan([
            Fixture.exam("A", utc(2027, 1, 12, 9), utc(2027, 1, 12, 10), 1000),
            Fixture.exam("B", utc(2027, 1, 12, 11, 20), utc(2027, 1, 12, 12, 20), 500),
        ])
        #expect(
            Fixture.summary(p) == [
                Row("2027-01-12T00:00:00Z", "2027-01-12T08:05:00Z", 2, .mixed),
                Row("2027-01-12T08:05:00Z", "2027-01-12T08:15:00Z", 2, .onDemand, ["A"]),
                Row("2027-01-12T08:15:00Z", "2027-01-12T10:15:00Z", 7, .onDemand, ["A"]),
                // The mix rule is literal: between A's release and B's on-demand lead-in it is mixed.
                Row("2027-01-12T10:15:00Z", "2027-01-12T10:25:00Z", 5, .mixed, ["A", "B"]),
                Row("2027-01-12T10:25:00Z", "2027-01-12T12:35:00Z", 5, .onDemand, ["A", "B"]),
                Row("2027-01-12T12:35:00Z", "2027-01-13T00:00:00Z", 2, .mixed),
            ])
    }

    @Test func gapOfExactlyMergeGapIsReleased() {
        // B raised from 10:45: the gap 10:15–10:45 is 30 min, not shorter than 30.
        let exams = [
            Fixture.exam("A", utc(2027, 1, 12, 9), utc(2027, 1, 12, 10), 1000),
            Fixture.exam("B", utc(2027, 1, 12, 11, 30), utc(2027, 1, 12, 12, 30), 1000),
        ]
        #expect(plan(exams).minSize(at: utc(2027, 1, 12, 10, 30)) == 2)
        #expect(plan(exams, policy: Policy.fixture(mergeGap: 31)).minSize(at: utc(2027, 1, 12, 10, 30)) == 7)
        #expect(plan(exams, policy: Policy.fixture(mergeGap: 0)).minSize(at: utc(2027, 1, 12, 10, 30)) == 2)
    }

    @Test func liftingRepeatsUntilNoShortDipIsLeft() {
        // Levels 7 | 2 (10 min) | 5 (70 min) | 2 (10 min) | 7: first pass lifts both gaps to 5,
        // leaving a 90 min run of 5 between two 7s, which the second pass lifts to 7.
        let exams = [
            Fixture.exam("A", utc(2027, 1, 12, 9), utc(2027, 1, 12, 10), 1000),
            Fixture.exam("B", utc(2027, 1, 12, 11, 10), utc(2027, 1, 12, 11, 20), 500),
            Fixture.exam("C", utc(2027, 1, 12, 12, 30), utc(2027, 1, 12, 13, 30), 1000),
        ]
        let held = plan(exams, policy: Policy.fixture(mergeGap: 100))
        #expect(held.segments.filter { $0.minSize > 2 }.map(\.minSize) == [7]) // on-demand throughout, too
        #expect(held.minSize(at: utc(2027, 1, 12, 8, 15)) == 7)
        #expect(held.minSize(at: utc(2027, 1, 12, 13, 44)) == 7)
        #expect(held.minSize(at: utc(2027, 1, 12, 13, 45)) == 2)
        let once = plan(exams, policy: Policy.fixture(mergeGap: 90))
        #expect(once.minSize(at: utc(2027, 1, 12, 10, 20)) == 5)
        #expect(once.minSize(at: utc(2027, 1, 12, 11, 0)) == 5)
        #expect(once.minSize(at: utc(2027, 1, 12, 11, 40)) == 5)
    }

    @Test func extraTimeLengthensTheRaisedPeriodAndInstantsRoundOutward() {
        // 09:07:30–10:07:30 with 25 % extra time: release 10:07:30 + 15 + 15 = 10:37:30 → 10:38;
        // raise 08:22:30 → 08:22.
        let p = plan(
            [Fixture.exam("A", utc(2027, 1, 12, 9, 7, 30), utc(2027, 1, 12, 10, 7, 30), 1000)],
            policy: Policy.fixture(extraTime: 25))
        #expect(
            Fixture.summary(p).filter { $0.minSize == 7 } == [
                Row("2027-01-12T08:22:00Z", "2027-01-12T10:38:00Z", 7, .onDemand, ["A"])
            ])
        #expect(Fixture.summary(p)[1].start == "2027-01-12T08:12:00Z")
        // 2 h paper, 25 %: 30 min extra → release 11:45.
        let long = plan(
            [Fixture.exam("A", utc(2027, 1, 12, 9), utc(2027, 1, 12, 11), 1000)],
            policy: Policy.fixture(extraTime: 25))
        #expect(long.minSize(at: utc(2027, 1, 12, 11, 44)) == 7)
        #expect(long.minSize(at: utc(2027, 1, 12, 11, 45)) == 2)
    }

    @Test func capAtMaxWarnsWithExamsAndShortfall() {
        // 10000 × 120 / 25000 = 48, + 2 = 50 > 40.
        let p = plan([
            Fixture.exam("BIG1001", utc(2027, 1, 12, 9), utc(2027, 1, 12, 11), 9000),
            Fixture.exam("BIG1002", utc(2027, 1, 12, 9), utc(2027, 1, 12, 10), 1000),
        ])
        #expect(p.peakMinSize == 40)
        #expect(p.minSize(at: utc(2027, 1, 12, 10, 30)) == 40) // 9000 → 43.2 → 44, + 2 = 46 → 40
        #expect(
            p.warnings == [
                "capped at capacity.max 40 from 2027-01-12T08:15:00Z to 2027-01-12T11:15:00Z: up to 50 instances needed (10 short) for BIG1001, BIG1002"
            ])
    }

    @Test func eachCappedStretchIsOneWarningInTimeOrderClippedToTheRange() {
        let exams = [
            Fixture.exam("LATE", utc(2027, 1, 12, 15), utc(2027, 1, 12, 16), 9500),
            Fixture.exam("EARLY", utc(2027, 1, 12, 9), utc(2027, 1, 12, 10), 9500),
        ]
        // 9500 → 45.6 → 46, + 2 = 48.
        let p = plan(exams, from: utc(2027, 1, 12, 9), to: utc(2027, 1, 12, 15, 30))
        #expect(
            p.warnings == [
                "capped at capacity.max 40 from 2027-01-12T09:00:00Z to 2027-01-12T10:15:00Z: up to 48 instances needed (8 short) for EARLY",
                "capped at capacity.max 40 from 2027-01-12T14:15:00Z to 2027-01-12T15:30:00Z: up to 48 instances needed (8 short) for LATE",
            ])
    }

    @Test func windowFloorSitsUnderExamInstances() {
        // Enrolment floor 8 + 5 exam instances; teaching (4) overlaps and is lower; a window of
        // category "exams" has no floor and does not switch the mix.
        let p = plan(
            [Fixture.exam("MATH1001", utc(2027, 1, 12, 9), utc(2027, 1, 12, 11), 1000)],
            windows: [
                Fixture.window("enrolment", utc(2027, 1, 11), utc(2027, 1, 16)),
                Fixture.window("teaching", utc(2027, 1, 12, 6), utc(2027, 1, 12, 18)),
                Fixture.window("exams", utc(2027, 1, 10), utc(2027, 1, 20)),
            ])
        #expect(
            Fixture.summary(p) == [
                Row("2027-01-12T00:00:00Z", "2027-01-12T08:05:00Z", 8, .mixed, ["enrolment", "teaching"]),
                Row("2027-01-12T08:05:00Z", "2027-01-12T08:15:00Z", 8, .onDemand, ["MATH1001", "enrolment", "teaching"]),
                Row("2027-01-12T08:15:00Z", "2027-01-12T11:15:00Z", 13, .onDemand, ["MATH1001", "enrolment", "teaching"]),
                Row("2027-01-12T11:15:00Z", "2027-01-13T00:00:00Z", 8, .mixed, ["enrolment", "teaching"]),
            ])
    }

    @Test func teachingFloorAloneAndWindowEdgesRoundOutward() {
        let p = plan([], windows: [Fixture.window("teaching", utc(2027, 1, 12, 6, 0, 30), utc(2027, 1, 12, 18, 0, 1))])
        #expect(
            Fixture.summary(p) == [
                Row("2027-01-12T00:00:00Z", "2027-01-12T06:00:00Z", 2, .mixed),
                Row("2027-01-12T06:00:00Z", "2027-01-12T18:01:00Z", 4, .mixed, ["teaching"]),
                Row("2027-01-12T18:01:00Z", "2027-01-13T00:00:00Z", 2, .mixed),
            ])
    }

    @Test func examOnSpringForwardDayRaisesExactlyPrewarmBeforeInUTC() {
        // 2027-03-28 10:00 BST = 09:00Z; London changed at 01:00Z that morning, 8 h earlier.
        let p = plan(
            [Fixture.exam("MATH2001", utc(2027, 3, 28, 9), utc(2027, 3, 28, 11), 1000)],
            from: utc(2027, 3, 28), to: utc(2027, 3, 29))
        #expect(Fixture.summary(p)[2] == Row("2027-03-28T08:15:00Z", "2027-03-28T11:15:00Z", 7, .onDemand, ["MATH2001"]))
        #expect(Fixture.summary(p)[1].start == "2027-03-28T08:05:00Z")
        #expect(p.warnings.isEmpty)
    }

    @Test func examOnFallBackDayRaisesExactlyPrewarmBeforeInUTC() {
        // 2027-10-31 09:00 GMT = 09:00Z.
        let p = plan(
            [Fixture.exam("MATH2001", utc(2027, 10, 31, 9), utc(2027, 10, 31, 11), 1000)],
            from: utc(2027, 10, 31), to: utc(2027, 11, 1))
        #expect(Fixture.summary(p)[2] == Row("2027-10-31T08:15:00Z", "2027-10-31T11:15:00Z", 7, .onDemand, ["MATH2001"]))
        #expect(p.warnings.isEmpty)
    }

    @Test func examsWithinAnHourOfAClockChangeAreWarnedAbout() {
        // Changes: 2027-03-28T01:00Z and 2027-10-31T01:00Z. Window [change − 1 h, change + 1 h).
        let exams = [
            Fixture.exam("EARLY", utc(2027, 3, 27, 23, 59), utc(2027, 3, 28, 1), 10, line: 1),
            Fixture.exam("SPRING", utc(2027, 3, 28, 0), utc(2027, 3, 28, 1), 10, line: 2),
            Fixture.exam("LATE", utc(2027, 3, 28, 1, 59), utc(2027, 3, 28, 3), 10, line: 3),
            Fixture.exam("AFTER", utc(2027, 3, 28, 2), utc(2027, 3, 28, 3), 10, line: 4),
            Fixture.exam("AUTUMN", utc(2027, 10, 31, 1, 30), utc(2027, 10, 31, 3), 10, line: 5),
        ]
        let spring = plan(exams, from: utc(2027, 3, 27), to: utc(2027, 3, 29))
        #expect(
            spring.warnings == [
                "SPRING (exams.csv:2) starts at 2027-03-28T00:00:00Z, within an hour of the Europe/London clock change at 2027-03-28T01:00:00Z: check its time",
                "LATE (exams.csv:3) starts at 2027-03-28T01:59:00Z, within an hour of the Europe/London clock change at 2027-03-28T01:00:00Z: check its time",
            ])
        let autumn = plan(exams, from: utc(2027, 10, 31), to: utc(2027, 11, 1))
        #expect(
            autumn.warnings == [
                "AUTUMN (exams.csv:5) starts at 2027-10-31T01:30:00Z, within an hour of the Europe/London clock change at 2027-10-31T01:00:00Z: check its time"
            ])
    }

    @Test func onDemandLeadGrowsWithTheCronInterval() {
        // cron 15 → on-demand 20 minutes before the 08:15 raise.
        let p = plan(
            [Fixture.exam("A", utc(2027, 1, 12, 9), utc(2027, 1, 12, 11), 1000)],
            policy: Policy.fixture(cron: 15))
        #expect(Fixture.summary(p)[1] == Row("2027-01-12T07:55:00Z", "2027-01-12T08:15:00Z", 2, .onDemand, ["A"]))
        #expect(Fixture.summary(p)[3].start == "2027-01-12T11:15:00Z")
        #expect(Fixture.summary(p)[3].purchase == .mixed)
    }

    @Test func unknownCandidatesWithoutDefaultCountAsZeroAndAreNamed() {
        let exams = [
            Fixture.exam("MATH1001", utc(2027, 1, 12, 9), utc(2027, 1, 12, 11), nil, line: 4),
            Fixture.exam(nil, utc(2027, 1, 12, 14), utc(2027, 1, 12, 15), nil, title: "Viva", line: 9),
        ]
        let p = plan(exams)
        #expect(p.peakMinSize == 2)
        #expect(p.segments.contains { $0.purchase == .onDemand && $0.reasons == ["MATH1001"] })
        #expect(
            p.warnings == [
                "MATH1001 (exams.csv:4) at 2027-01-12T09:00:00Z has no candidate count and exams.default_candidates is not set: planned with 0 candidates",
                "Viva (exams.csv:9) at 2027-01-12T14:00:00Z has no candidate count and exams.default_candidates is not set: planned with 0 candidates",
            ])
    }

    @Test func unknownCandidatesUseTheDefault() {
        // 500 → 2.4 → 3, + 2 = 5.
        let p = plan(
            [Fixture.exam("MATH1001", utc(2027, 1, 12, 9), utc(2027, 1, 12, 11), nil, line: 4)],
            policy: Policy.fixture(defaultCandidates: 500))
        #expect(p.minSize(at: utc(2027, 1, 12, 9)) == 5)
        #expect(
            p.warnings == [
                "MATH1001 (exams.csv:4) at 2027-01-12T09:00:00Z has no candidate count: planned with exams.default_candidates 500"
            ])
    }

    @Test func warningsComeInTheDocumentedOrder() {
        let exams = [
            Fixture.exam("BIG", utc(2027, 1, 12, 9), utc(2027, 1, 12, 10), 10000),
            Fixture.exam("ODD", utc(2027, 1, 12, 15), utc(2027, 1, 12, 16), nil, line: 7),
        ]
        let p = plan(
            exams,
            policy: Policy.fixture(
                prewarm: 30, bootMinutes: 25,
                database: .init(maxConnections: 800, connectionsPerInstance: 25)))
        #expect(
            p.warnings == [
                "capped at capacity.max 40 from 2027-01-12T08:30:00Z to 2027-01-12T10:15:00Z: up to 50 instances needed (10 short) for BIG",
                "exams.prewarm_minutes 30 is less than instance.boot_minutes 25 + 10: instances may not be in service when candidates start",
                "database: 40 instances × 25 connections = 1000 exceeds max_connections 800 (first at 2027-01-12T08:30:00Z)",
                "ODD (exams.csv:7) at 2027-01-12T15:00:00Z has no candidate count and exams.default_candidates is not set: planned with 0 candidates",
            ])
        // Within limits: no database warning.
        let fine = plan([exams[0]], policy: Policy.fixture(database: .init(maxConnections: 1000, connectionsPerInstance: 25)))
        #expect(!fine.warnings.contains { $0.hasPrefix("database") })
    }

    @Test func examsOutsideTheRangeAreNotWarnedAboutButStillShapeIt() {
        let exams = [Fixture.exam("NEXTDAY", utc(2027, 1, 13, 0, 30), utc(2027, 1, 13, 2), nil)]
        // Raised from 2027-01-12T23:45Z, on-demand from 23:35Z: inside the range.
        let p = plan(exams, policy: Policy.fixture(defaultCandidates: 250))
        #expect(Fixture.summary(p).last == Row("2027-01-12T23:45:00Z", "2027-01-13T00:00:00Z", 4, .onDemand, ["NEXTDAY"]))
        #expect(p.warnings.count == 1)
        let before = plan(exams, from: utc(2027, 1, 11), to: utc(2027, 1, 12, 23, 35))
        #expect(before.warnings.isEmpty)
        #expect(before.segments.count == 1)
    }

    @Test func sameInputInAnyOrderGivesTheSamePlan() {
        var rng = SplitMix64(seed: 7)
        var exams: [ExamSession] = []
        for i in 0..<60 {
            let start = utc(2027, 1, 11).addingTimeInterval(TimeInterval(Int.random(in: 0..<(5 * 96), using: &rng) * 900))
            exams.append(
                Fixture.exam(
                    "E\(i)", start, start.addingTimeInterval(TimeInterval(Int.random(in: 2...12, using: &rng) * 900)),
                    Int.random(in: 0...3000, using: &rng)))
        }
        let windows = [Fixture.window("enrolment", utc(2027, 1, 11), utc(2027, 1, 13))]
        let a = CapacityPlanner.plan(
            exams: exams, windows: windows, policy: Policy.fixture(),
            from: utc(2027, 1, 11), to: utc(2027, 1, 18))
        let b = CapacityPlanner.plan(
            exams: exams.shuffled(using: &rng), windows: windows, policy: Policy.fixture(),
            from: utc(2027, 1, 11), to: utc(2027, 1, 18))
        #expect(a == b)
        // Segments are contiguous, cover the range and adjacent ones differ.
        #expect(a.segments.first?.start == a.from && a.segments.last?.end == a.to)
        for (x, y) in zip(a.segments, a.segments.dropFirst()) {
            #expect(x.end == y.start)
            #expect(x.minSize != y.minSize || x.purchase != y.purchase)
            #expect(UTCFormat.seconds(y.start) % 60 == 0)
        }
    }

    @Test func emptyRangeHasNoSegments() {
        let p = plan([], from: dayEnd, to: dayStart)
        #expect(p.segments.isEmpty)
        #expect(p.minSize(at: dayStart) == nil)
    }
}

extension Array where Element == Fixture.Row {
    /// Rows as the planner reports them: neighbours with equal level and purchase merged.
    func reducedToEqualNeighbours() -> [Fixture.Row] {
        var out: [Fixture.Row] = []
        for row in self {
            if var last = out.last, last.minSize == row.minSize, last.purchase == row.purchase {
                last.end = row.end
                last.reasons = Set(last.reasons + row.reasons).sorted()
                out[out.count - 1] = last
            } else {
                out.append(row)
            }
        }
        return out
    }
}
