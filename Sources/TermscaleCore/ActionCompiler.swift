import Foundation

/// Turns a `CapacityPlan` into AWS scheduled actions: one per change of MinSize, merged optimally
/// when there are more than the policy allows.
public enum ActionCompiler {
    /// The actions for the changes of MinSize strictly inside `now..<horizonEnd` (a change at
    /// `now` is the current level, not an action).
    ///
    /// The plan is read as a step function of MinSize alone (the purchase option is not a
    /// scheduled action). Before `plan.from` it is taken to have its first level, from `plan.to`
    /// its last; an empty plan means `capacity.min`. The plan's change points must be whole
    /// minutes, as `CapacityPlanner` makes them.
    ///
    /// When there are more changes than `policy.limits.maxScheduledActions`, `OptimalMerge` keeps
    /// the subset that never schedules less than the plan at any instant and adds the fewest
    /// instance-hours; the level in force at `now` may then rise too (`currentMinSize`). A push
    /// passes a smaller `budget` when other tools' actions leave less of AWS's quota of 125.
    public static func compile(
        plan: CapacityPlan, policy: Policy, now: Date, horizonEnd: Date, budget: Int? = nil
    ) -> ActionSchedule {
        let start = UTCFormat.seconds(now)
        let end = UTCFormat.seconds(horizonEnd)

        // The step function of MinSize: (start, level) with adjacent levels distinct.
        var steps: [(start: Int64, level: Int)] = []
        for segment in plan.segments where steps.last?.level != segment.minSize {
            steps.append((UTCFormat.seconds(segment.start), segment.minSize))
        }
        guard !steps.isEmpty else {
            return ActionSchedule(
                currentMinSize: policy.capacity.min, actions: [], requiredChanges: 0,
                extraInstanceHours: 0)
        }
        var currentIndex = 0
        while currentIndex + 1 < steps.count && steps[currentIndex + 1].start <= start { currentIndex += 1 }
        let changes = steps[(currentIndex + 1)...].filter { $0.start < end }

        let points = [start] + changes.map(\.start) + [Swift.max(end, start)]
        let levels = [steps[currentIndex].level] + changes.map(\.level)
        let merged = OptimalMerge.merge(points: points, levels: levels, budget: budget ?? policy.limits.maxScheduledActions)

        let actions = zip(merged.kept, merged.levels.dropFirst()).map { index, level in
            let time = UTCFormat.date(points[index])
            return ScheduledAction(
                name: ScheduledAction.name(group: policy.autoScalingGroup, startTime: time),
                startTime: time, minSize: level)
        }
        return ActionSchedule(
            currentMinSize: merged.levels[0], actions: actions, requiredChanges: changes.count,
            extraInstanceHours: Double(merged.extraCost) / 3600)
    }
}
