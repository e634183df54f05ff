import Foundation

/// A scaling policy of a group as `DescribePolicies` describes it, of any type: enough for the push
/// to tell its own target-tracking policy from a disabled, changed or hand-made one.
public struct ScalingPolicy: Sendable, Equatable {
    public var name: String
    public var arn: String?
    /// `TargetTrackingScaling`, `StepScaling`, `SimpleScaling` or `PredictiveScaling`.
    public var policyType: String
    /// False for a disabled policy. AWS's default, and what a description without `Enabled` reads
    /// as (moto never returns it), is true.
    public var enabled: Bool
    /// Seconds.
    public var estimatedInstanceWarmup: Int?
    /// The target-tracking configuration; nil for the other policy types.
    public var targetTracking: TargetTracking?

    public struct TargetTracking: Sendable, Equatable {
        public var metric: Metric
        /// Nil when not described or not a number.
        public var targetValue: Double?
        public var disableScaleIn: Bool

        public init(metric: Metric, targetValue: Double?, disableScaleIn: Bool = false) {
            self.metric = metric
            self.targetValue = targetValue
            self.disableScaleIn = disableScaleIn
        }
    }

    /// What a target-tracking policy tracks.
    public enum Metric: Sendable, Equatable {
        /// `PredefinedMetricSpecification`: `ASGAverageCPUUtilization`…, with the `ResourceLabel` of
        /// `ALBRequestCountPerTarget`.
        case predefined(type: String, resourceLabel: String?)
        /// `CustomizedMetricSpecification`: a CloudWatch metric or metric math chosen by hand,
        /// which termscale never writes.
        case customized(CustomizedMetric)
        /// The configuration names neither.
        case unspecified
    }

    /// A `CustomizedMetricSpecification`, kept so the push can name the hand-made policy.
    public struct CustomizedMetric: Sendable, Equatable, CustomStringConvertible {
        public struct Dimension: Sendable, Equatable {
            public var name: String
            public var value: String

            public init(name: String, value: String) {
                self.name = name
                self.value = value
            }
        }

        public var metricName: String?
        public var namespace: String?
        /// `Average`, `Sum`, `Maximum`…
        public var statistic: String?
        public var unit: String?
        public var dimensions: [Dimension]
        /// The ids of the metric math queries (`Metrics`), empty for a single metric.
        public var metricQueryIDs: [String]

        public init(
            metricName: String? = nil, namespace: String? = nil, statistic: String? = nil, unit: String? = nil,
            dimensions: [Dimension] = [], metricQueryIDs: [String] = []
        ) {
            self.metricName = metricName
            self.namespace = namespace
            self.statistic = statistic
            self.unit = unit
            self.dimensions = dimensions
            self.metricQueryIDs = metricQueryIDs
        }

        /// `Moodle/ActiveSessions (Average)`, or `metric math (m1, e1)`.
        public var description: String {
            if !metricQueryIDs.isEmpty { return "metric math (\(metricQueryIDs.joined(separator: ", ")))" }
            let metric = [namespace, metricName].compactMap { $0 }.joined(separator: "/")
            return statistic.map { "\(metric) (\($0))" } ?? metric
        }
    }

    public init(
        name: String, arn: String? = nil, policyType: String, enabled: Bool = true, estimatedInstanceWarmup: Int? = nil,
        targetTracking: TargetTracking? = nil
    ) {
        self.name = name
        self.arn = arn
        self.policyType = policyType
        self.enabled = enabled
        self.estimatedInstanceWarmup = estimatedInstanceWarmup
        self.targetTracking = targetTracking
    }

    /// This policy as `putTargetTrackingPolicy` would have written it: nil unless it is target
    /// tracking on a predefined metric with a target value. Compare it with the wanted policy.
    public var targetTrackingPolicy: TargetTrackingPolicy? {
        guard policyType == "TargetTrackingScaling", let tracking = targetTracking,
            case .predefined(let type, let label) = tracking.metric, let target = tracking.targetValue
        else { return nil }
        return TargetTrackingPolicy(
            name: name, metricType: type, resourceLabel: label, targetValue: target,
            disableScaleIn: tracking.disableScaleIn, estimatedInstanceWarmup: estimatedInstanceWarmup, enabled: enabled)
    }

    /// Whether this is a target-tracking policy on a customized metric (made by hand: termscale only
    /// writes predefined ones).
    public var hasCustomizedMetric: Bool {
        if case .customized = targetTracking?.metric { return true }
        return false
    }
}

extension ScalingPolicy {
    /// The policy a `DescribePolicies` `ScalingPolicies/member` element describes.
    init(described m: XMLTree) {
        let tracking = m.path("TargetTrackingConfiguration").map { t -> TargetTracking in
            let metric: Metric
            if let predefined = t.path("PredefinedMetricSpecification") {
                metric = .predefined(
                    type: predefined.text("PredefinedMetricType") ?? "", resourceLabel: predefined.text("ResourceLabel"))
            } else if let customized = t.path("CustomizedMetricSpecification") {
                metric = .customized(
                    CustomizedMetric(
                        metricName: customized.text("MetricName"), namespace: customized.text("Namespace"),
                        statistic: customized.text("Statistic"), unit: customized.text("Unit"),
                        dimensions: customized.all("Dimensions/member").map {
                            .init(name: $0.text("Name") ?? "", value: $0.text("Value") ?? "")
                        },
                        metricQueryIDs: customized.all("Metrics/member").map { $0.text("Id") ?? "" }))
            } else {
                metric = .unspecified
            }
            return TargetTracking(
                metric: metric, targetValue: t.text("TargetValue").flatMap(Double.init),
                disableScaleIn: t.text("DisableScaleIn") == "true")
        }
        self.init(
            name: m.text("PolicyName") ?? "", arn: m.text("PolicyARN"), policyType: m.text("PolicyType") ?? "",
            enabled: m.text("Enabled") != "false", estimatedInstanceWarmup: m.text("EstimatedInstanceWarmup").flatMap(Int.init),
            targetTracking: tracking)
    }
}
