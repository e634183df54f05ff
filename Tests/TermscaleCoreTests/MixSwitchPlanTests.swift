import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

/// The mix switches a plan needs, their schedule names, and the diff against what AWS lists.
@Suite struct MixSwitchPlanTests {
    static let exam = ExamSession(
        code: "MATH1001", title: "Calculus", location: nil, start: utc(2027, 1, 12, 9), end: utc(2027, 1, 12, 11),
        candidates: 500, source: "exams.csv", sourceLine: 2)

    /// Raised 08:15–11:15; on-demand from 08:05 (cron 5 + 5 minutes earlier) to the release.
    func plan(_ exams: [ExamSession] = [exam]) -> CapacityPlan {
        CapacityPlanner.plan(exams: exams, windows: [], policy: .fixture(), from: utc(2027, 1, 11), to: utc(2027, 1, 14))
    }

    @Test func anExamNeedsASwitchToOnDemandAndOneBack() {
        let switches = MixSwitchPlan.switches(plan: plan(), from: utc(2027, 1, 11), to: utc(2027, 1, 14))
        #expect(
            switches == [
                MixSwitch(kind: .onDemand, at: utc(2027, 1, 12, 8, 5)), MixSwitch(kind: .restore, at: utc(2027, 1, 12, 11, 15)),
            ])
        // Inside the on-demand stretch: only the way back; after it: nothing.
        #expect(
            MixSwitchPlan.switches(plan: plan(), from: utc(2027, 1, 12, 9), to: utc(2027, 1, 14)) == [
                MixSwitch(kind: .restore, at: utc(2027, 1, 12, 11, 15))
            ])
        #expect(MixSwitchPlan.switches(plan: plan(), from: utc(2027, 1, 12, 11, 16), to: utc(2027, 1, 14)).isEmpty)
        // The range's end is exclusive.
        #expect(
            MixSwitchPlan.switches(plan: plan(), from: utc(2027, 1, 11), to: utc(2027, 1, 12, 8, 5)).isEmpty)
    }

    @Test func namesSayWhatTheyDoAndParseBack() throws {
        let s = MixSwitch(kind: .onDemand, at: utc(2027, 1, 12, 8, 5))
        let name = MixSwitchPlan.name(s, inputHash: "1a2b3c4d5e6f7a8b")
        #expect(name == "od-20270112T080500Z-1a2b3c4d")
        #expect(name.count <= 64)
        #expect(MixSwitchPlan.parse(name) == s)
        #expect(MixSwitchPlan.parse("mix-20270112T111500Z-00ff00ff") == MixSwitch(kind: .restore, at: utc(2027, 1, 12, 11, 15)))
        for other in [
            "nightly-backup", "od-20270112T080500Z-1A2B3C4D", "od-20270112T080500Z-1a2b3c", "up-20270112T080500Z-1a2b3c4d",
            "od-20271312T080500Z-1a2b3c4d", "od-20270112T0805Z-1a2b3c4d",
        ] {
            #expect(MixSwitchPlan.parse(other) == nil, "\(other)")
        }
    }

    @Test func theDiffCreatesWhatIsMissingAndDeletesWhatIsNotWanted() {
        let od = MixSwitch(kind: .onDemand, at: utc(2027, 1, 12, 8, 5))
        let back = MixSwitch(kind: .restore, at: utc(2027, 1, 12, 11, 15))
        let soon = MixSwitch(kind: .onDemand, at: utc(2027, 1, 11, 12, 1))
        let wanted = [
            "od-20270112T080500Z-aaaaaaaa": od, "mix-20270112T111500Z-bbbbbbbb": back, "od-20270111T120100Z-aaaaaaaa": soon,
        ]
        let diff = MixSwitchPlan.diff(
            wanted: wanted,
            live: ["mix-20270112T111500Z-bbbbbbbb", "od-20270113T080500Z-aaaaaaaa", "od-20270112T080500Z-cccccccc", "backup"],
            leadEnd: utc(2027, 1, 11, 12, 3))
        #expect(diff.creates == ["od-20270112T080500Z-aaaaaaaa"])
        #expect(diff.unchanged == ["mix-20270112T111500Z-bbbbbbbb"])
        // A moved exam (the 13th) and a changed input (cccccccc) are termscale's: deleted.
        #expect(diff.deletes == ["od-20270112T080500Z-cccccccc", "od-20270113T080500Z-aaaaaaaa"])
        #expect(diff.foreign == ["backup"])
        // Due inside the lead: left to the cron job's mix step.
        #expect(diff.dueNow == [soon])
        // In sync: nothing to do.
        let synced = MixSwitchPlan.diff(
            wanted: ["od-20270112T080500Z-aaaaaaaa": od], live: ["od-20270112T080500Z-aaaaaaaa"], leadEnd: utc(2027, 1, 11))
        #expect(synced.creates.isEmpty && synced.deletes.isEmpty && synced.unchanged.count == 1)
    }
}
