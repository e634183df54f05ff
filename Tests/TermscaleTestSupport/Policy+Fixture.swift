import TermscaleCore

extension Policy {
    /// A valid policy for tests, every field overridable: `moodle-web` in eu-west-2 on London time;
    /// min 2, max 40, 250 candidates per instance, 20 % headroom; pre-warm 45, hold 15, no extra
    /// time, merge gap 30; enrolment floor 8, teaching 4; CPU target 50 %; one on-demand instance
    /// then all Spot; c7g.xlarge booting in 5 minutes at £0.1632 on-demand, £0.06 Spot; no database
    /// limits; 120 actions over 14 days, cron every 5 minutes.
    ///
    /// Pass `windows: [:]` (and the other `Policy` defaults) for a policy with only the required keys.
    public static func fixture(
        name: String = "moodle-web", autoScalingGroup: String = "moodle-web", region: String = "eu-west-2",
        timezone: IANAZone = .europeLondon,
        min: Int = 2, max: Int = 40, studentsPerInstance: Int = 250, headroom: Int = 20,
        prewarm: Int = 45, hold: Int = 15, extraTime: Int = 0, mergeGap: Int = 30, defaultCandidates: Int? = nil,
        windows: [String: Int] = ["enrolment": 8, "teaching": 4],
        targetTracking: TargetTracking = TargetTracking(metric: .asgAverageCPUUtilization, target: 50, warmupSeconds: 300),
        onDemandBase: Int = 1, onDemandPercentAboveBase: Int = 0,
        instanceType: String = "c7g.xlarge", bootMinutes: Int = 5, onDemandPrice: Double = 0.1632, spotPrice: Double = 0.06,
        currency: String = "GBP",
        database: Database? = nil,
        maxActions: Int = 120, horizonDays: Int = 14, cron: Int = 5
    ) -> Policy {
        Policy(
            name: name, autoScalingGroup: autoScalingGroup, region: region, timezone: timezone,
            capacity: Capacity(min: min, max: max, studentsPerInstance: studentsPerInstance, headroomPercent: headroom),
            exams: Exams(
                prewarmMinutes: prewarm, holdAfterMinutes: hold, extraTimePercent: extraTime,
                mergeGapMinutes: mergeGap, defaultCandidates: defaultCandidates),
            windows: windows,
            targetTracking: targetTracking,
            mix: Mix(onDemandBase: onDemandBase, onDemandPercentAboveBase: onDemandPercentAboveBase),
            instance: Instance(
                type: instanceType, bootMinutes: bootMinutes, onDemandPrice: onDemandPrice,
                spotPrice: spotPrice, currency: currency),
            database: database,
            limits: Limits(maxScheduledActions: maxActions, horizonDays: horizonDays, cronIntervalMinutes: cron))
    }
}
