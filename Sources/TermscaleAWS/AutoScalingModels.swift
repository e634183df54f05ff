import Foundation

/// A scheduled action as Auto Scaling describes it.
public struct ScheduledActionDescription: Sendable, Equatable {
    public var name: String
    public var groupName: String
    public var startTime: Date?
    public var endTime: Date?
    public var recurrence: String?
    public var timeZone: String?
    public var minSize: Int?
    public var maxSize: Int?
    public var desiredCapacity: Int?

    public init(
        name: String, groupName: String, startTime: Date? = nil, endTime: Date? = nil, recurrence: String? = nil,
        timeZone: String? = nil, minSize: Int? = nil, maxSize: Int? = nil, desiredCapacity: Int? = nil
    ) {
        self.name = name
        self.groupName = groupName
        self.startTime = startTime
        self.endTime = endTime
        self.recurrence = recurrence
        self.timeZone = timeZone
        self.minSize = minSize
        self.maxSize = maxSize
        self.desiredCapacity = desiredCapacity
    }
}

/// One scheduled action to create or update (`BatchPutScheduledUpdateGroupAction`).
public struct ScheduledActionRequest: Sendable, Equatable {
    public var name: String
    /// UTC; Auto Scaling refuses times in the past.
    public var startTime: Date
    public var minSize: Int?
    public var maxSize: Int?
    public var desiredCapacity: Int?

    public init(name: String, startTime: Date, minSize: Int? = nil, maxSize: Int? = nil, desiredCapacity: Int? = nil) {
        self.name = name
        self.startTime = startTime
        self.minSize = minSize
        self.maxSize = maxSize
        self.desiredCapacity = desiredCapacity
    }
}

/// An item of a batch call that Auto Scaling did not apply (HTTP 200 with failures).
public struct BatchItemFailure: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var code: String?
    public var message: String?

    public init(name: String, code: String?, message: String?) {
        self.name = name
        self.code = code
        self.message = message
    }

    public var description: String { "\(name): \(code ?? "failed")\(message.map { ": \($0)" } ?? "")" }

    /// Whether AWS says the scheduled action is not there: `ValidationError` "Scheduled action name
    /// not found" (what AWS and moto answer for a name they do not have), or a `…NotFound…` code.
    /// For a delete that means done: a retried BatchDeleteScheduledAction whose first answer was
    /// lost reports every item it had already deleted this way. (Not `isNotFound`: that name is
    /// `AutoScalingGroupAPI`'s looser test, which also accepts other "not found" messages.)
    var isScheduledActionNotFound: Bool {
        guard let code else { return false }
        if code.contains("NotFound") { return true }
        let text = (message ?? "").lowercased()
        return code == "ValidationError" && text.contains("scheduled action") && text.contains("not found")
    }
}

/// What `DescribeAutoScalingGroups` says of one group.
public struct AutoScalingGroupDescription: Sendable, Equatable {
    public struct Instance: Sendable, Equatable {
        public var id: String
        public var lifecycleState: String?
        public var healthStatus: String?
        public var instanceType: String?

        public init(id: String, lifecycleState: String?, healthStatus: String?, instanceType: String?) {
            self.id = id
            self.lifecycleState = lifecycleState
            self.healthStatus = healthStatus
            self.instanceType = instanceType
        }
    }

    public var name: String
    public var minSize: Int
    public var maxSize: Int
    public var desiredCapacity: Int
    public var instances: [Instance]
    public var mixedInstancesPolicy: MixedInstancesPolicy?

    public init(
        name: String, minSize: Int, maxSize: Int, desiredCapacity: Int, instances: [Instance],
        mixedInstancesPolicy: MixedInstancesPolicy?
    ) {
        self.name = name
        self.minSize = minSize
        self.maxSize = maxSize
        self.desiredCapacity = desiredCapacity
        self.instances = instances
        self.mixedInstancesPolicy = mixedInstancesPolicy
    }
}

/// A target-tracking scaling policy on a predefined metric: what `putTargetTrackingPolicy` writes.
public struct TargetTrackingPolicy: Sendable, Equatable {
    public var name: String
    /// `ASGAverageCPUUtilization`, `ASGAverageNetworkIn`, `ASGAverageNetworkOut`, `ALBRequestCountPerTarget`.
    public var metricType: String
    /// For `ALBRequestCountPerTarget`: `app/<load-balancer>/<id>/targetgroup/<target-group>/<id>`.
    public var resourceLabel: String?
    public var targetValue: Double
    public var disableScaleIn: Bool
    /// Seconds.
    public var estimatedInstanceWarmup: Int?
    /// A disabled policy stays on the group but does not scale it.
    public var enabled: Bool

    public init(
        name: String, metricType: String, resourceLabel: String? = nil, targetValue: Double,
        disableScaleIn: Bool = false, estimatedInstanceWarmup: Int? = nil, enabled: Bool = true
    ) {
        self.name = name
        self.metricType = metricType
        self.resourceLabel = resourceLabel
        self.targetValue = targetValue
        self.disableScaleIn = disableScaleIn
        self.estimatedInstanceWarmup = estimatedInstanceWarmup
        self.enabled = enabled
    }
}
