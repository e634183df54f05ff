/// The scheduled actions that carry a `CapacityPlan` out within AWS's limits.
public struct ActionSchedule: Hashable, Sendable {
    /// The MinSize to be in force at `now` (at least the plan's; higher when the merge raised the
    /// first span).
    public var currentMinSize: Int
    /// In start-time order; never more than `limits.max_scheduled_actions`; each changes MinSize.
    public var actions: [ScheduledAction]
    /// MinSize changes the plan has within the horizon, before any merge.
    public var requiredChanges: Int
    /// Instance-hours scheduled above the plan's MinSize by merging steps (0 when none were needed).
    public var extraInstanceHours: Double

    public init(currentMinSize: Int, actions: [ScheduledAction], requiredChanges: Int, extraInstanceHours: Double) {
        self.currentMinSize = currentMinSize
        self.actions = actions
        self.requiredChanges = requiredChanges
        self.extraInstanceHours = extraInstanceHours
    }

    /// Whether steps had to be merged to fit the budget.
    public var isMerged: Bool { extraInstanceHours > 0 || actions.count < requiredChanges }
}
