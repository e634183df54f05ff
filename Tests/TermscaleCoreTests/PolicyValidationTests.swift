import TermscaleTestSupport
import Testing

@testable import TermscaleCore

@Suite struct PolicyValidationTests {
    @Test func samplePolicyIsValid() {
        #expect(Policy.fixture().validate() == [])
        #expect(Policy.fixture(prewarm: 30).validate() == [])
        #expect(Policy.fixture(prewarm: 60, maxActions: 125).validate() == [])
        #expect(Policy.fixture(maxActions: 2).validate() == [])
    }

    @Test func defaultsAreThoseTheIssueNames() {
        let limits = Policy.Limits()
        #expect(limits.maxScheduledActions == 120 && limits.horizonDays == 14 && limits.cronIntervalMinutes == 5)
        let exams = Policy.Exams(prewarmMinutes: 45, holdAfterMinutes: 15, mergeGapMinutes: 30)
        #expect(exams.extraTimePercent == 0 && exams.defaultCandidates == nil)
        #expect(Policy.fixture().timezone.identifier == "Europe/London")
    }

    @Test func prewarmOutside30To60IsAProblem() {
        #expect(
            Policy.fixture(prewarm: 29).validate()
                == [PolicyProblem(keyPath: "exams.prewarm_minutes", message: "must be 30–60, is 29")])
        #expect(Policy.fixture(prewarm: 61).validate().map(\.description) == ["exams.prewarm_minutes: must be 30–60, is 61"])
    }

    @Test func actionBudgetMustFitAWSQuota() {
        #expect(Policy.fixture(maxActions: 126).validate().map(\.keyPath) == ["limits.max_scheduled_actions"])
        #expect(Policy.fixture(maxActions: 1).validate().map(\.keyPath) == ["limits.max_scheduled_actions"])
    }

    @Test func everyProblemIsReportedInKeyOrder() {
        var p = Policy.fixture(windows: ["Reading Week": 3, "enrolment": 50])
        p.capacity = .init(min: 5, max: 4, studentsPerInstance: 0, headroomPercent: -1)
        p.exams.holdAfterMinutes = -1
        p.exams.defaultCandidates = -3
        p.targetTracking = .init(metric: .albRequestCountPerTarget, target: 0, warmupSeconds: -1)
        p.mix = .init(onDemandBase: -1, onDemandPercentAboveBase: 101)
        p.instance.currency = "gbp"
        p.instance.reservedDiscountPercent = 101
        p.database = .init(maxConnections: 0, connectionsPerInstance: 0)
        p.limits = .init(maxScheduledActions: 120, horizonDays: 0, cronIntervalMinutes: 0)
        #expect(
            p.validate().map(\.description) == [
                "capacity.min: must not exceed capacity.max (5 > 4)",
                "capacity.students_per_instance: must be 1–100000, is 0",
                "capacity.headroom_percent: must be 0–1000, is -1",
                "exams.hold_after_minutes: must be 0–1440, is -1",
                "exams.default_candidates: must be 0–999999999, is -3",
                "windows.Reading Week: category must be lowercase letters, digits and '-' (\"reading-week\") to match calendar windows",
                "windows.enrolment: floor 50 exceeds capacity.max 4",
                "target_tracking.target: must be greater than 0, is 0.0",
                "target_tracking.warmup_seconds: must be at least 0, is -1",
                "target_tracking.resource_label: is required for ALBRequestCountPerTarget (app/<lb>/<id>/targetgroup/<tg>/<id>)",
                "mix.on_demand_base: must be 0–10000, is -1",
                "mix.on_demand_percent_above_base: must be 0–100, is 101",
                "instance.currency: must be a 3-letter ISO 4217 code such as GBP, is \"gbp\"",
                "instance.reserved_discount_percent: must be 0–100, is 101",
                "database.max_connections: must be at least 1, is 0",
                "database.connections_per_instance: must be at least 1, is 0",
                "limits.horizon_days: must be 1–366, is 0",
                "limits.cron_interval_minutes: must be 1–1440, is 0",
            ])
    }

    /// Upper bounds: values past them are typing mistakes (`max: 1000000`), and would overflow
    /// the planner's arithmetic (minutes × 60, candidates × headroom) if let through.
    @Test func valuesAboveTheirUpperBoundsAreProblems() {
        var p = Policy.fixture()
        p.capacity = .init(min: 2, max: 1_000_000, studentsPerInstance: 100_001, headroomPercent: 1001)
        p.exams.holdAfterMinutes = 1441
        p.exams.mergeGapMinutes = Int.max
        p.exams.defaultCandidates = 1_000_000_000
        p.mix.onDemandBase = 10_001
        p.instance.bootMinutes = 1441
        #expect(
            p.validate().map(\.description) == [
                "capacity.max: must be 1–10000, is 1000000",
                "capacity.students_per_instance: must be 1–100000, is 100001",
                "capacity.headroom_percent: must be 0–1000, is 1001",
                "exams.hold_after_minutes: must be 0–1440, is 1441",
                "exams.merge_gap_minutes: must be 0–1440, is 9223372036854775807",
                "exams.default_candidates: must be 0–999999999, is 1000000000",
                "mix.on_demand_base: must be 0–10000, is 10001",
                "instance.boot_minutes: must be 0–1440, is 1441",
            ])
        p.capacity = .init(min: 2, max: 10_000, studentsPerInstance: 100_000, headroomPercent: 1000)
        p.exams.holdAfterMinutes = 1440
        p.exams.mergeGapMinutes = 1440
        p.exams.defaultCandidates = 999_999_999
        p.mix.onDemandBase = 10_000
        p.instance.bootMinutes = 1440
        #expect(p.validate() == [])
    }

    @Test func resourceLabelOnlyWithALBMetricAndCPUTargetIsAPercentage() {
        var p = Policy.fixture()
        p.targetTracking = .init(metric: .asgAverageCPUUtilization, resourceLabel: "app/x", target: 120, warmupSeconds: 0)
        #expect(p.validate().map(\.keyPath) == ["target_tracking.target", "target_tracking.resource_label"])
        p.targetTracking = .init(
            metric: .albRequestCountPerTarget, resourceLabel: "app/lb/1/targetgroup/tg/2",
            target: 1000, warmupSeconds: 300)
        #expect(p.validate() == [])
    }

    @Test func groupNameMustLeaveRoomForTheActionName() {
        var p = Policy.fixture()
        p.autoScalingGroup = String(repeating: "g", count: Policy.maxGroupNameLength)
        #expect(p.validate() == [])
        #expect(ScheduledAction.name(group: p.autoScalingGroup, startTime: utc(2027, 1, 12)).count == 255)
        p.autoScalingGroup += "g"
        #expect(p.validate().map(\.keyPath) == ["auto_scaling_group"])
    }

    @Test func metricAndStrategyNamesAreAWSs() {
        #expect(
            Policy.TargetTracking.Metric.allCases.map(\.rawValue)
                == ["ASGAverageCPUUtilization", "ASGAverageNetworkIn", "ASGAverageNetworkOut", "ALBRequestCountPerTarget"])
        #expect(
            Policy.Mix.SpotAllocationStrategy.allCases.map(\.rawValue)
                == ["price-capacity-optimized", "capacity-optimized", "capacity-optimized-prioritized", "lowest-price"])
    }
}
