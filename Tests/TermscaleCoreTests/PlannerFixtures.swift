import Foundation
@testable import TermscaleCore

/// Shared values for the planner, compiler and merge tests.
enum Fixture {
    /// min 2, max 40, 250 students per instance, 20 % headroom, pre-warm 45, hold 15,
    /// merge gap 30, cron every 5 minutes (on-demand 10 minutes before a raise).
    static func policy(
        prewarm: Int = 45, hold: Int = 15, extraTime: Int = 0, mergeGap: Int = 30, defaultCandidates: Int? = nil,
        windows: [String: Int] = ["enrolment": 8, "teaching": 4], bootMinutes: Int = 5,
        database: Policy.Database? = nil, maxActions: Int = 120, cron: Int = 5
    ) -> Policy {
        Policy(
            name: "moodle-web", autoScalingGroup: "moodle-web", region: "eu-west-2", timezone: .europeLondon,
            capacity: .init(min: 2, max: 40, studentsPerInstance: 250, headroomPercent: 20),
            exams: .init(prewarmMinutes: prewarm, holdAfterMinutes: hold, extraTimePercent: extraTime,
                         mergeGapMinutes: mergeGap, defaultCandidates: defaultCandidates),
            windows: windows,
            targetTracking: .init(metric: .asgAverageCPUUtilization, target: 50, warmupSeconds: 300),
            mix: .init(onDemandBase: 1, onDemandPercentAboveBase: 0),
            instance: .init(type: "c7g.xlarge", bootMinutes: bootMinutes, onDemandPrice: 0.1632, spotPrice: 0.06,
                            currency: "GBP"),
            database: database,
            limits: .init(maxScheduledActions: maxActions, horizonDays: 14, cronIntervalMinutes: cron))
    }

    /// The UTC instant of a wall time read as UTC.
    static func at(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Date {
        UTCFormat.date(LocalDateTime(y, mo, d, h, mi, s).secondsAsIfUTC)
    }

    static func exam(_ code: String?, _ start: Date, _ end: Date, _ candidates: Int?, title: String = "Paper",
                     line: Int = 1) -> ExamSession {
        ExamSession(code: code, title: title, location: nil, start: start, end: end, candidates: candidates,
                    source: "exams.csv", sourceLine: line)
    }

    static func window(_ category: String, _ start: Date, _ end: Date) -> CalendarWindow {
        CalendarWindow(category: category, title: category.capitalized, start: start, end: end,
                       source: "term.ics", sourceLine: 1)
    }

    /// `(start, end, minSize, purchase, reasons)` of each segment, for compact expectations.
    static func summary(_ plan: CapacityPlan) -> [Row] {
        plan.segments.map { Row(UTCFormat.rfc3339($0.start), UTCFormat.rfc3339($0.end), $0.minSize, $0.purchase, $0.reasons) }
    }

    struct Row: Equatable, CustomStringConvertible {
        var start: String, end: String, minSize: Int, purchase: Purchase, reasons: [String]
        init(_ start: String, _ end: String, _ minSize: Int, _ purchase: Purchase, _ reasons: [String] = []) {
            (self.start, self.end, self.minSize, self.purchase, self.reasons) = (start, end, minSize, purchase, reasons)
        }
        var description: String { "\(start)…\(end) \(minSize) \(purchase.rawValue) \(reasons)" }
    }
}

