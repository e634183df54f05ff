import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleCore

/// The prepared plan gives exactly what the planner gives, on any range, and says when a push's
/// window of events would plan differently.
@Suite struct SimulationPlannerTests {
    /// 700 seeded sessions over nine weeks around the spring clock change, overlapping often,
    /// some without a count, some large enough to hit `capacity.max`; teaching and enrolment floors
    /// and a window without one. Database limits low enough to be warned about.
    static let policy = Policy.fixture(
        max: 40, extraTime: 25, windows: ["enrolment": 8, "teaching": 4, "vacation": 2],
        database: .init(maxConnections: 1000, connectionsPerInstance: 40))

    static func calendar(seed: UInt64 = 2027) -> (exams: [ExamSession], windows: [CalendarWindow]) {
        var rng = SplitMix64(seed: seed)
        let first = utc("2027-03-01T00:00:00Z")
        var exams: [ExamSession] = []
        for i in 0..<700 {
            let day = Double(rng.below(63))
            let minute = Double(7 * 60 + rng.below(13 * 12) * 5)
            let start = first.addingTimeInterval(day * 86_400 + minute * 60 + (i % 17 == 0 ? 37 : 0))
            let duration = Double([30, 60, 90, 120, 180, 240][rng.below(6)]) * 60
            let candidates: Int? = i % 23 == 0 ? nil : rng.below(10) == 0 ? 1_000 + rng.below(4_000) : 5 + rng.below(400)
            exams.append(
                Fixture.exam(
                    i % 11 == 0 ? nil : "MOD\(i % 250)", start, start.addingTimeInterval(duration), candidates,
                    title: "Paper \(i)", line: i + 2))
        }
        let windows = [
            Fixture.window("enrolment", utc("2027-02-20T00:00:00Z"), utc("2027-03-06T00:00:00Z")),
            Fixture.window("teaching", utc("2027-03-06T00:00:00Z"), utc("2027-03-27T00:00:00Z")),
            Fixture.window("vacation", utc("2027-03-27T00:00:00Z"), utc("2027-04-12T00:00:00Z")),
            Fixture.window("teaching", utc("2027-04-12T00:00:00Z"), utc("2027-05-10T12:00:30Z")),
            Fixture.window("open-day", utc("2027-03-10T00:00:00Z"), utc("2027-03-11T00:00:00Z")),
        ]
        return (exams, windows)
    }

    @Test func everyCutIsThePlannersPlan() {
        let (exams, windows) = Self.calendar()
        let prepared = SimulationPlanner(exams: exams, windows: windows, policy: Self.policy)
        var rng = SplitMix64(seed: 7)
        var warned = 0
        for _ in 0..<120 {
            let from = rng.date(in: utc("2027-02-25T00:00:00Z")...utc("2027-05-01T00:00:00Z"))
            let to = from.addingTimeInterval(Double(1 + rng.below(20 * 86_400)))
            let expected = CapacityPlanner.plan(exams: exams, windows: windows, policy: Self.policy, from: from, to: to)
            let cut = prepared.plan(from: from, to: to)
            #expect(cut == expected, "\(UTCFormat.rfc3339(from))..<\(UTCFormat.rfc3339(to))")
            if cut != expected { return }
            warned += expected.warnings.count
            #expect(prepared.minSize(at: from) == expected.segments.first?.minSize)
        }
        #expect(warned > 500, "the ranges carry every kind of warning")
    }

    /// A push plans only the events from two days before now to three after its horizon; the
    /// prepared cut stands in for that whenever it says it can, and it can almost always.
    @Test func aPushsWindowPlansTheSameWheneverTheCutSaysSo() {
        let (exams, windows) = Self.calendar(seed: 11)
        let prepared = SimulationPlanner(exams: exams, windows: windows, policy: Self.policy)
        var rng = SplitMix64(seed: 8)
        var answered = 0
        for _ in 0..<150 {
            let now = rng.date(in: utc("2027-02-25T00:00:00Z")...utc("2027-05-05T00:00:00Z"))
            let (eventsFrom, eventsTo) = (now.addingTimeInterval(-2 * 86_400), now.addingTimeInterval(17 * 86_400))
            let (from, to) = (now.addingTimeInterval(-86_400), now.addingTimeInterval(15 * 86_400))
            let near = exams.filter { $0.end > eventsFrom && $0.start < eventsTo }
            let nearWindows = windows.filter { $0.end > eventsFrom && $0.start < eventsTo }
            guard let cut = prepared.plan(from: from, to: to, eventsFrom: eventsFrom, eventsTo: eventsTo) else { continue }
            answered += 1
            let expected = CapacityPlanner.plan(exams: near, windows: nearWindows, policy: Self.policy, from: from, to: to)
            #expect(cut == expected, "now \(UTCFormat.rfc3339(now))")
            if cut != expected { return }

            let horizonEnd = now.addingTimeInterval(14 * 86_400)
            let releases = near.map { CapacityPlanner.raisedPeriod(of: $0, policy: Self.policy) }
                .filter { $0.lowerBound < horizonEnd }.map(\.upperBound)
            #expect(
                prepared.latestRelease(eventsFrom: eventsFrom, eventsTo: eventsTo, raisedBefore: horizonEnd) == releases.max())
        }
        #expect(answered >= 140)
    }

    /// A ten-day session ending just before the push's window still holds capacity (its extra
    /// time and hold) into the range the push plans: the cut is not the window's plan, and says so.
    @Test func aSessionLeftOutThatStillReachesTheRangeIsNotCutFor() {
        let now = utc("2027-03-20T12:00:00Z")
        let (eventsFrom, eventsTo) = (now.addingTimeInterval(-2 * 86_400), now.addingTimeInterval(17 * 86_400))
        let long = Fixture.exam(
            "LONG1", eventsFrom.addingTimeInterval(-10 * 86_400), eventsFrom.addingTimeInterval(-60), 2_000)
        let short = Fixture.exam("MATH1", now.addingTimeInterval(3600), now.addingTimeInterval(3 * 3600), 600)
        let prepared = SimulationPlanner(exams: [long, short], windows: [], policy: Self.policy)
        let (from, to) = (now.addingTimeInterval(-86_400), now.addingTimeInterval(15 * 86_400))
        #expect(prepared.plan(from: from, to: to, eventsFrom: eventsFrom, eventsTo: eventsTo) == nil)
        let windowed = CapacityPlanner.plan(exams: [short], windows: [], policy: Self.policy, from: from, to: to)
        #expect(prepared.plan(from: from, to: to) != windowed, "the long session's extra time reaches the range")
        // Without it, the same question is answered.
        let alone = SimulationPlanner(exams: [short], windows: [], policy: Self.policy)
        #expect(alone.plan(from: from, to: to, eventsFrom: eventsFrom, eventsTo: eventsTo) == windowed)
    }

    @Test func theOnDemandStretchOfAnInstantStartsBeforeItsFirstRaise() {
        let a = Fixture.exam("A", utc("2027-03-02T09:00:00Z"), utc("2027-03-02T11:00:00Z"), 500)
        let b = Fixture.exam("B", utc("2027-03-02T12:00:00Z"), utc("2027-03-02T13:00:00Z"), 500)
        let prepared = SimulationPlanner(exams: [a, b], windows: [], policy: Policy.fixture(windows: [:]))
        // A's raise at 08:15, on-demand 10 minutes before; B's on-demand period overlaps A's hold.
        #expect(prepared.onDemandSince(utc("2027-03-02T12:00:00Z")) == utc("2027-03-02T08:05:00Z"))
        #expect(prepared.onDemandSince(utc("2027-03-02T08:04:59Z")) == nil)
        #expect(prepared.minSize(at: utc("2027-03-02T12:00:00Z")) == 5)
    }
}
