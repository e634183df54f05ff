/// How one Auto Scaling group follows the exam timetable: the values of a `policies/*.yaml`
/// file, already parsed.
///
/// A plain value: building one checks nothing; `validate()` lists every out-of-range value.
/// Property names mirror the file's keys (`auto_scaling_group` → `autoScalingGroup`).
/// All durations are whole minutes (or seconds where the name says so), prices are per
/// instance-hour.
public struct Policy: Sendable, Equatable {
    /// The policy's own name, for reports.
    public var name: String
    /// The EC2 Auto Scaling group the scheduled actions are for.
    public var autoScalingGroup: String
    /// AWS region of the group (`eu-west-2`).
    public var region: String
    /// IANA zone the university's wall clock runs on: the zone of `plan`'s dates, the reports'
    /// local times and the clock-change warnings.
    public var timezone: IANAZone
    public var capacity: Capacity
    public var exams: Exams
    /// Floor (instances) per calendar-window category (lowercase, as `CalendarWindow.category`).
    /// Windows of other categories set no floor.
    public var windows: [String: Int]
    public var targetTracking: TargetTracking
    public var mix: Mix
    public var instance: Instance
    /// Database connection limits; nil when the policy does not say.
    public var database: Database?
    public var limits: Limits

    public init(
        name: String, autoScalingGroup: String, region: String, timezone: IANAZone = .europeLondon,
        capacity: Capacity, exams: Exams, windows: [String: Int] = [:], targetTracking: TargetTracking,
        mix: Mix, instance: Instance, database: Database? = nil, limits: Limits = Limits()
    ) {
        self.name = name
        self.autoScalingGroup = autoScalingGroup
        self.region = region
        self.timezone = timezone
        self.capacity = capacity
        self.exams = exams
        self.windows = windows
        self.targetTracking = targetTracking
        self.mix = mix
        self.instance = instance
        self.database = database
        self.limits = limits
    }

    /// `capacity`: the group's size bounds and how many candidates one instance carries.
    public struct Capacity: Sendable, Equatable {
        /// Year-round floor (MinSize outside any window or exam).
        public var min: Int
        /// MaxSize; the planner never asks for more (and warns when it would).
        public var max: Int
        /// Candidates one web server carries through an exam start.
        public var studentsPerInstance: Int
        /// Extra capacity on top of the exam demand, in percent (20 → 1.2 × demand).
        public var headroomPercent: Int

        public init(min: Int, max: Int, studentsPerInstance: Int, headroomPercent: Int) {
            self.min = min
            self.max = max
            self.studentsPerInstance = studentsPerInstance
            self.headroomPercent = headroomPercent
        }
    }

    /// `exams`: how long before and after a session capacity is raised.
    public struct Exams: Sendable, Equatable {
        /// Minutes before the start that capacity is raised (30–60).
        public var prewarmMinutes: Int
        /// Minutes after the end (plus extra time) that capacity is held.
        public var holdAfterMinutes: Int
        /// Extra time for access arrangements, in percent of the session's duration.
        public var extraTimePercent: Int
        /// Gaps between raised periods shorter than this are held, not released and re-raised.
        public var mergeGapMinutes: Int
        /// Candidates assumed for sessions whose source gives no count; nil: counted as 0, with a warning.
        public var defaultCandidates: Int?

        public init(
            prewarmMinutes: Int, holdAfterMinutes: Int, extraTimePercent: Int = 0, mergeGapMinutes: Int,
            defaultCandidates: Int? = nil
        ) {
            self.prewarmMinutes = prewarmMinutes
            self.holdAfterMinutes = holdAfterMinutes
            self.extraTimePercent = extraTimePercent
            self.mergeGapMinutes = mergeGapMinutes
            self.defaultCandidates = defaultCandidates
        }
    }

    /// `target_tracking`: the scaling policy that works between MinSize and MaxSize.
    public struct TargetTracking: Sendable, Equatable {
        /// AWS's predefined metric types, spelled as AWS spells them.
        public enum Metric: String, Sendable, Equatable, CaseIterable {
            case asgAverageCPUUtilization = "ASGAverageCPUUtilization"
            case asgAverageNetworkIn = "ASGAverageNetworkIn"
            case asgAverageNetworkOut = "ASGAverageNetworkOut"
            case albRequestCountPerTarget = "ALBRequestCountPerTarget"
        }

        public var metric: Metric
        /// Required for `ALBRequestCountPerTarget` (`app/…/targetgroup/…`), absent otherwise.
        public var resourceLabel: String?
        public var target: Double
        /// AWS's `EstimatedInstanceWarmup`, in seconds.
        public var warmupSeconds: Int
        public var disableScaleIn: Bool

        public init(
            metric: Metric, resourceLabel: String? = nil, target: Double, warmupSeconds: Int,
            disableScaleIn: Bool = false
        ) {
            self.metric = metric
            self.resourceLabel = resourceLabel
            self.target = target
            self.warmupSeconds = warmupSeconds
            self.disableScaleIn = disableScaleIn
        }
    }

    /// `mix`: the group's usual instances distribution (outside exam periods, which run on-demand).
    public struct Mix: Sendable, Equatable {
        /// AWS's `SpotAllocationStrategy` values.
        public enum SpotAllocationStrategy: String, Sendable, Equatable, CaseIterable {
            case priceCapacityOptimized = "price-capacity-optimized"
            case capacityOptimized = "capacity-optimized"
            case capacityOptimizedPrioritized = "capacity-optimized-prioritized"
            case lowestPrice = "lowest-price"
        }

        /// `mix.switch`: who switches the group to 100 % on-demand around exams and back.
        public enum Switch: String, Sendable, Equatable, CaseIterable {
            /// The push cron job, when it runs (`cron_interval_minutes + 5` early).
            case cron
            /// EventBridge Scheduler one-time schedules that push keeps in AWS, so the switch
            /// happens even when the cron host is down; the cron job still repairs a missed one.
            case scheduler
        }

        /// `OnDemandBaseCapacity`: instances always on-demand.
        public var onDemandBase: Int
        /// `OnDemandPercentageAboveBaseCapacity`, 0–100.
        public var onDemandPercentAboveBase: Int
        public var spotAllocationStrategy: SpotAllocationStrategy
        /// `mix.switch`.
        public var switchedBy: Switch
        /// `mix.scheduler_role_arn`: the IAM role EventBridge Scheduler assumes to call
        /// `autoscaling:UpdateAutoScalingGroup` on the group; required with `switch: scheduler`.
        public var schedulerRoleArn: String?

        public init(
            onDemandBase: Int = 0, onDemandPercentAboveBase: Int,
            spotAllocationStrategy: SpotAllocationStrategy = .priceCapacityOptimized, switchedBy: Switch = .cron,
            schedulerRoleArn: String? = nil
        ) {
            self.onDemandBase = onDemandBase
            self.onDemandPercentAboveBase = onDemandPercentAboveBase
            self.spotAllocationStrategy = spotAllocationStrategy
            self.switchedBy = switchedBy
            self.schedulerRoleArn = schedulerRoleArn
        }
    }

    /// `instance`: what one web server is and costs.
    public struct Instance: Sendable, Equatable {
        /// EC2 instance type (`c7g.xlarge`).
        public var type: String
        /// Minutes from launch to passing health checks.
        public var bootMinutes: Int
        /// Price per instance-hour on-demand, in `currency`.
        public var onDemandPrice: Double
        /// Typical price per instance-hour as Spot, in `currency`.
        public var spotPrice: Double
        /// ISO 4217 code (`GBP`, `USD`).
        public var currency: String
        /// Discount of reserved instances (or a savings plan) on the on-demand price, in percent
        /// (0–100); nil when the policy does not say, and then cost reports leave out the
        /// `static-peak-reserved` alternative.
        public var reservedDiscountPercent: Int?

        public init(
            type: String, bootMinutes: Int, onDemandPrice: Double, spotPrice: Double, currency: String,
            reservedDiscountPercent: Int? = nil
        ) {
            self.type = type
            self.bootMinutes = bootMinutes
            self.onDemandPrice = onDemandPrice
            self.spotPrice = spotPrice
            self.currency = currency
            self.reservedDiscountPercent = reservedDiscountPercent
        }
    }

    /// `database`: connection limits the web servers share.
    public struct Database: Sendable, Equatable {
        public var maxConnections: Int
        /// Connections one web server may hold open (its PHP-FPM pool size).
        public var connectionsPerInstance: Int

        public init(maxConnections: Int, connectionsPerInstance: Int) {
            self.maxConnections = maxConnections
            self.connectionsPerInstance = connectionsPerInstance
        }
    }

    /// `limits`: how much of AWS's scheduled-action quota termscale may use, and how far ahead.
    public struct Limits: Sendable, Equatable {
        /// Scheduled actions termscale may keep on the group (AWS allows 125 a group, shared).
        public var maxScheduledActions: Int
        /// Days ahead a push schedules.
        public var horizonDays: Int
        /// How often the push cron job runs, in minutes; the mix switches this much (+ 5) early.
        public var cronIntervalMinutes: Int

        public init(maxScheduledActions: Int = 120, horizonDays: Int = 14, cronIntervalMinutes: Int = 5) {
            self.maxScheduledActions = maxScheduledActions
            self.horizonDays = horizonDays
            self.cronIntervalMinutes = cronIntervalMinutes
        }
    }
}
