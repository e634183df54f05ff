import Foundation
import TermscaleCore
import TermscaleReaders
import TermscaleTestSupport
import Testing

/// The shipped sample year under the shipped policy: every daily push horizon stays within the
/// action budget and never schedules less than the plan.
@Suite struct SampleYearBudgetTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }

    static func sampleYear() throws -> (Policy, [ExamSession], [CalendarWindow]) {
        let policy = try PolicyReader.read(bytes("policies/moodle-web.yaml"), file: "policies/moodle-web.yaml")
        var exams: [ExamSession] = []
        let examOptions = ReaderOptions(kind: .exam)
        exams += try CSVTimetableReader(options: examOptions).read(
            bytes("calendars/exams-2027-01.csv"), file: "jan", source: "jan"
        ).exams
        exams += try ICalendarReader(options: examOptions).read(bytes("calendars/exams-2027-05.ics"), file: "may", source: "may")
            .exams
        exams += try ICalendarReader(options: examOptions).read(
            bytes("calendars/class-tests-2026-27.ics"), file: "ct", source: "ct"
        ).exams
        let windows = try ICalendarReader(options: ReaderOptions(kind: .window))
            .read(bytes("calendars/academic-calendar-2026-27.ics"), file: "year", source: "year").windows
        return (policy, exams, windows)
    }

    /// Compiles a push every day of the year at 06:00Z and checks the schedule against the plan.
    func checkEveryHorizon(policy: Policy, plan: CapacityPlan) -> (maxActions: Int, merged: Int) {
        var maxActions = 0
        var merged = 0
        var day = utc("2026-09-01T06:00:00Z")
        let last = utc("2027-08-31T06:00:00Z")
        while day <= last {
            defer { day = day.addingTimeInterval(86_400) }
            let horizonEnd = day.addingTimeInterval(TimeInterval(policy.limits.horizonDays) * 86_400)
            let schedule = ActionCompiler.compile(plan: plan, policy: policy, now: day, horizonEnd: horizonEnd)
            maxActions = max(maxActions, schedule.actions.count)
            if schedule.isMerged { merged += 1 }
            #expect(schedule.actions.count <= policy.limits.maxScheduledActions, "push at \(UTCFormat.rfc3339(day))")
            // Never below the plan: at every segment start in the horizon, the level in force
            // (the last action at or before it) covers the segment's MinSize.
            for segment in plan.segments where segment.end > day && segment.start < horizonEnd {
                let at = max(segment.start, day)
                let level = schedule.actions.last(where: { $0.startTime <= at })?.minSize ?? schedule.currentMinSize
                if level < segment.minSize {
                    Issue.record("push at \(UTCFormat.rfc3339(day)): \(level) < \(segment.minSize) at \(UTCFormat.rfc3339(at))")
                    return (maxActions, merged)
                }
            }
        }
        return (maxActions, merged)
    }

    @Test func shippedPolicyFitsEveryHorizonOfTheYear() throws {
        let (policy, exams, windows) = try Self.sampleYear()
        #expect(exams.count == 298 + 403 + 19)
        let plan = CapacityPlanner.plan(
            exams: exams, windows: windows, policy: policy,
            from: utc("2026-08-01T00:00:00Z"),
            to: utc("2027-10-01T00:00:00Z"))
        let (maxActions, _) = checkEveryHorizon(policy: policy, plan: plan)
        #expect(maxActions > 20, "the exam fortnights should need many actions")
    }

    @Test func aTightBudgetMergesAndStillNeverDropsBelowThePlan() throws {
        var (policy, exams, windows) = try Self.sampleYear()
        policy.limits.maxScheduledActions = 12
        let plan = CapacityPlanner.plan(
            exams: exams, windows: windows, policy: policy,
            from: utc("2026-08-01T00:00:00Z"),
            to: utc("2027-10-01T00:00:00Z"))
        let (maxActions, merged) = checkEveryHorizon(policy: policy, plan: plan)
        #expect(maxActions == 12)
        #expect(merged > 30, "exam fortnights must force merges under a budget of 12")
    }
}
