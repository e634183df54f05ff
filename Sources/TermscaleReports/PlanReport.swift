import Foundation
import TermscaleCore

/// Everything `termscale plan` shows for one range of days: the policy, the capacity plan, the
/// scheduled actions that carry it out, and the sessions and windows behind them.
public struct PlanReport: Sendable {
    public var policy: Policy
    /// The policy file as given on the command line.
    public var policyFile: String
    /// The policy's zone, with abbreviations, for local times.
    public var label: ZoneLabel
    /// Start (inclusive) and end (exclusive) of the range: local midnights as UTC instants.
    public var from: Date
    public var to: Date
    /// The instant the report was made for (`--now`).
    public var now: Date
    public var plan: CapacityPlan
    /// The actions for the range (from `max(now, from)` to `to`), within the action budget.
    public var schedule: ActionSchedule
    /// Exam sessions whose raised period overlaps the range, in start order.
    public var exams: [ExamSession]
    /// Windows overlapping the range, in start order.
    public var windows: [CalendarWindow]
    /// The plan's warnings, then the report's own (e.g. actions beyond the push horizon).
    public var warnings: [String]

    public init(
        policy: Policy, policyFile: String, label: ZoneLabel, from: Date, to: Date, now: Date,
        plan: CapacityPlan, schedule: ActionSchedule, exams: [ExamSession], windows: [CalendarWindow],
        warnings: [String]
    ) {
        self.policy = policy
        self.policyFile = policyFile
        self.label = label
        self.from = from
        self.to = to
        self.now = now
        self.plan = plan
        self.schedule = schedule
        self.exams = exams
        self.windows = windows
        self.warnings = warnings
    }
}
