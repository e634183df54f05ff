import Foundation

extension Policy {
    /// The longest group name whose action names (`termscale-<group>-yyyymmddThhmmZ`) stay
    /// within AWS's 255 characters.
    public static let maxGroupNameLength = 255 - "termscale-".count - "-20270112T0830Z".count
    /// The most instances `capacity.max` and `mix.on_demand_base` may name.
    public static let maxInstances = 10_000
    /// The most candidates one instance may carry (`capacity.students_per_instance`).
    public static let maxStudentsPerInstance = 100_000
    /// The longest any minutes value may be: a day.
    public static let maxMinutes = 1440

    /// Every value out of range or inconsistent with another, in the order of the policy
    /// file's keys; empty when the policy is usable.
    ///
    /// Checks values only: types and unknown keys are the parser's business.
    public func validate() -> [PolicyProblem] {
        var problems: [PolicyProblem] = []
        func check(_ ok: Bool, _ path: String, _ message: @autoclosure () -> String) {
            if !ok { problems.append(PolicyProblem(keyPath: path, message: message())) }
        }

        check(!name.isEmpty, "name", "must not be empty")
        check(!autoScalingGroup.isEmpty, "auto_scaling_group", "must not be empty")
        check(
            autoScalingGroup.count <= Policy.maxGroupNameLength, "auto_scaling_group",
            "must be at most \(Policy.maxGroupNameLength) characters so action names fit AWS's 255")
        check(!region.isEmpty, "region", "must not be empty")

        check(capacity.min >= 0, "capacity.min", "must be at least 0, is \(capacity.min)")
        check(
            (1...Policy.maxInstances).contains(capacity.max), "capacity.max",
            "must be 1–\(Policy.maxInstances), is \(capacity.max)")
        check(
            capacity.min <= capacity.max, "capacity.min",
            "must not exceed capacity.max (\(capacity.min) > \(capacity.max))")
        check(
            (1...Policy.maxStudentsPerInstance).contains(capacity.studentsPerInstance), "capacity.students_per_instance",
            "must be 1–\(Policy.maxStudentsPerInstance), is \(capacity.studentsPerInstance)")
        check(
            (0...1000).contains(capacity.headroomPercent), "capacity.headroom_percent",
            "must be 0–1000, is \(capacity.headroomPercent)")

        check(
            (30...60).contains(exams.prewarmMinutes), "exams.prewarm_minutes",
            "must be 30–60, is \(exams.prewarmMinutes)")
        check(
            (0...Policy.maxMinutes).contains(exams.holdAfterMinutes), "exams.hold_after_minutes",
            "must be 0–\(Policy.maxMinutes), is \(exams.holdAfterMinutes)")
        check(
            (0...100).contains(exams.extraTimePercent), "exams.extra_time_percent",
            "must be 0–100, is \(exams.extraTimePercent)")
        check(
            (0...Policy.maxMinutes).contains(exams.mergeGapMinutes), "exams.merge_gap_minutes",
            "must be 0–\(Policy.maxMinutes), is \(exams.mergeGapMinutes)")
        if let d = exams.defaultCandidates {
            // As many digits as a timetable's candidate count may have.
            check((0...999_999_999).contains(d), "exams.default_candidates", "must be 0–999999999, is \(d)")
        }

        for (category, floor) in windows.sorted(by: { $0.key < $1.key }) {
            let path = "windows.\(category)"
            let normal = CalendarWindow.normalizedCategory(category)
            check(
                normal == category, path,
                "category must be lowercase letters, digits and '-' (\"\(normal)\") to match calendar windows")
            check(floor >= 0, path, "floor must be at least 0, is \(floor)")
            check(floor <= capacity.max, path, "floor \(floor) exceeds capacity.max \(capacity.max)")
        }

        let tt = targetTracking
        check(tt.target > 0 && tt.target.isFinite, "target_tracking.target", "must be greater than 0, is \(tt.target)")
        if tt.metric == .asgAverageCPUUtilization {
            check(tt.target <= 100, "target_tracking.target", "CPU utilisation is a percentage: at most 100, is \(tt.target)")
        }
        check(tt.warmupSeconds >= 0, "target_tracking.warmup_seconds", "must be at least 0, is \(tt.warmupSeconds)")
        if tt.metric == .albRequestCountPerTarget {
            check(
                !(tt.resourceLabel ?? "").isEmpty, "target_tracking.resource_label",
                "is required for ALBRequestCountPerTarget (app/<lb>/<id>/targetgroup/<tg>/<id>)")
        } else {
            check(
                tt.resourceLabel == nil, "target_tracking.resource_label",
                "applies only to ALBRequestCountPerTarget, not \(tt.metric.rawValue)")
        }

        check(
            (0...Policy.maxInstances).contains(mix.onDemandBase), "mix.on_demand_base",
            "must be 0–\(Policy.maxInstances), is \(mix.onDemandBase)")
        check(
            (0...100).contains(mix.onDemandPercentAboveBase), "mix.on_demand_percent_above_base",
            "must be 0–100, is \(mix.onDemandPercentAboveBase)")
        switch mix.switchedBy {
        case .scheduler:
            let arn = mix.schedulerRoleArn ?? ""
            check(
                Self.isRoleArn(arn), "mix.scheduler_role_arn",
                arn.isEmpty
                    ? "is required with switch: scheduler: the IAM role EventBridge Scheduler assumes (arn:aws:iam::123456789012:role/NAME)"
                    : "must be an IAM role ARN (arn:aws:iam::123456789012:role/NAME), is \"\(arn)\"")
        case .cron:
            check(
                mix.schedulerRoleArn == nil, "mix.scheduler_role_arn",
                "applies only to switch: scheduler (the switch is cron)")
        }

        check(!instance.type.isEmpty, "instance.type", "must not be empty")
        check(
            (0...Policy.maxMinutes).contains(instance.bootMinutes), "instance.boot_minutes",
            "must be 0–\(Policy.maxMinutes), is \(instance.bootMinutes)")
        check(
            instance.onDemandPrice >= 0 && instance.onDemandPrice.isFinite, "instance.on_demand_price",
            "must be at least 0, is \(instance.onDemandPrice)")
        check(
            instance.spotPrice >= 0 && instance.spotPrice.isFinite, "instance.spot_price",
            "must be at least 0, is \(instance.spotPrice)")
        check(
            instance.currency.count == 3 && instance.currency.allSatisfy { $0.isASCII && $0.isUppercase },
            "instance.currency", "must be a 3-letter ISO 4217 code such as GBP, is \"\(instance.currency)\"")
        if let r = instance.reservedDiscountPercent {
            check((0...100).contains(r), "instance.reserved_discount_percent", "must be 0–100, is \(r)")
        }

        if let db = database {
            check(db.maxConnections >= 1, "database.max_connections", "must be at least 1, is \(db.maxConnections)")
            check(
                db.connectionsPerInstance >= 1, "database.connections_per_instance",
                "must be at least 1, is \(db.connectionsPerInstance)")
        }

        check(
            (2...ScheduledAction.quotaPerGroup).contains(limits.maxScheduledActions), "limits.max_scheduled_actions",
            "must be 2–\(ScheduledAction.quotaPerGroup) (AWS allows \(ScheduledAction.quotaPerGroup) per group), "
                + "is \(limits.maxScheduledActions)")
        check((1...366).contains(limits.horizonDays), "limits.horizon_days", "must be 1–366, is \(limits.horizonDays)")
        check(
            (1...1440).contains(limits.cronIntervalMinutes), "limits.cron_interval_minutes",
            "must be 1–1440, is \(limits.cronIntervalMinutes)")
        return problems
    }

    /// `arn:aws:iam::123456789012:role/NAME` (also `aws-cn`, `aws-us-gov`; paths allowed).
    static func isRoleArn(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", ["aws", "aws-cn", "aws-us-gov"].contains(parts[1]), parts[2] == "iam",
            parts[3].isEmpty, parts[4].count == 12, parts[4].allSatisfy { $0.isASCII && $0.isNumber },
            parts[5].hasPrefix("role/"),
            parts[5].count > 5
        else { return false }
        return true
    }
}
