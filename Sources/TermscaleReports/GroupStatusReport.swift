import Foundation
import TermscaleCore

/// `termscale status`: an Auto Scaling group as AWS has it now, and where each setting used to
/// reach it came from.
public struct GroupStatusReport: Sendable, Equatable {
    /// The group's instances distribution (`MixedInstancesPolicy`).
    public struct Mix: Sendable, Equatable {
        public var onDemandBase: Int
        public var onDemandPercentAboveBase: Int
        public var spotAllocationStrategy: String?

        public init(onDemandBase: Int, onDemandPercentAboveBase: Int, spotAllocationStrategy: String?) {
            self.onDemandBase = onDemandBase
            self.onDemandPercentAboveBase = onDemandPercentAboveBase
            self.spotAllocationStrategy = spotAllocationStrategy
        }
    }

    /// One scheduled action on the group, termscale's or anybody else's.
    public struct Action: Sendable, Equatable {
        public var name: String
        public var startTime: Date?
        public var minSize: Int?
        /// Whether the name carries termscale's prefix for this group.
        public var isTermscales: Bool

        public init(name: String, startTime: Date?, minSize: Int?, isTermscales: Bool) {
            self.name = name
            self.startTime = startTime
            self.minSize = minSize
            self.isTermscales = isTermscales
        }
    }

    /// AWS's hard quota of scheduled actions per group.
    public static var actionQuota: Int { ScheduledAction.quotaPerGroup }

    public var group: String
    public var region: String
    /// Where the region came from (`--region`, `the policy`, `AWS_REGION`, …).
    public var regionSource: String
    public var endpoint: String
    public var endpointSource: String
    public var minSize: Int
    public var maxSize: Int
    public var desiredCapacity: Int
    public var instances: Int
    public var instancesInService: Int
    /// Nil when the group has no mixed instances policy (on-demand only).
    public var mix: Mix?
    public var scheduledActions: [Action]
    /// The instant the group was read at: "upcoming" actions start after it.
    public var now: Date

    public init(
        group: String, region: String, regionSource: String, endpoint: String, endpointSource: String,
        minSize: Int, maxSize: Int, desiredCapacity: Int, instances: Int, instancesInService: Int,
        mix: Mix?, scheduledActions: [Action], now: Date
    ) {
        self.group = group
        self.region = region
        self.regionSource = regionSource
        self.endpoint = endpoint
        self.endpointSource = endpointSource
        self.minSize = minSize
        self.maxSize = maxSize
        self.desiredCapacity = desiredCapacity
        self.instances = instances
        self.instancesInService = instancesInService
        self.mix = mix
        self.scheduledActions = scheduledActions
        self.now = now
    }

    /// How many of AWS's 125 action slots are still free.
    public var actionSlotsLeft: Int { max(0, Self.actionQuota - scheduledActions.count) }

    /// termscale's actions that start after `now`, in start order.
    public var upcomingActions: [Action] {
        scheduledActions.filter { $0.isTermscales && ($0.startTime ?? .distantPast) > now }
            .sorted { ($0.startTime ?? .distantPast, $0.name) < ($1.startTime ?? .distantPast, $1.name) }
    }
}

extension OutputFormat {
    /// The renderer of `termscale status` for this format.
    public var statusRenderer: any ReportRenderer<GroupStatusReport> {
        switch self {
        case .table: GroupStatusTextRenderer()
        case .json: GroupStatusJSONRenderer()
        }
    }
}

/// A few lines for a terminal: sizes, mix, the action quota and the next five of termscale's actions.
public struct GroupStatusTextRenderer: ReportRenderer {
    public init() {}

    public func render(_ s: GroupStatusReport) -> String {
        var out = "group \(s.group) · region \(s.region) (\(s.regionSource)) · endpoint \(s.endpoint) (\(s.endpointSource))\n"
        out +=
            "MinSize \(s.minSize) · MaxSize \(s.maxSize) · DesiredCapacity \(s.desiredCapacity) · "
            + "instances \(s.instances) (\(s.instancesInService) InService)\n"
        if let mix = s.mix {
            out +=
                "mix: on-demand base \(mix.onDemandBase), \(mix.onDemandPercentAboveBase)% on-demand above base"
                + (mix.spotAllocationStrategy.map { ", spot \($0)" } ?? "") + "\n"
        } else {
            out += "mix: no mixed instances policy (on-demand only)\n"
        }
        let own = s.scheduledActions.filter(\.isTermscales).count
        out +=
            "scheduled actions: \(s.scheduledActions.count) (\(own) termscale's, \(s.scheduledActions.count - own) others'); "
            + "\(s.actionSlotsLeft) of AWS's \(GroupStatusReport.actionQuota) left\n"
        for a in s.upcomingActions.prefix(5) {
            out +=
                "  next: \(a.startTime.map(UTCFormat.rfc3339) ?? "?")  MinSize \(a.minSize.map(String.init) ?? "-")  \(a.name)\n"
        }
        return out
    }
}

/// One JSON object: `group`, `region`, `region_source`, `endpoint`, `endpoint_source`, `min_size`,
/// `max_size`, `desired_capacity`, `instances`, `instances_in_service`, `mix` (null when the group
/// has none), `action_quota`, `action_slots_left` and `scheduled_actions` (`name`, `start_time`,
/// `min_size`, `termscale`), in start order. Instants are UTC RFC 3339.
public struct GroupStatusJSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ s: GroupStatusReport) -> String {
        let actions = s.scheduledActions.sorted {
            ($0.startTime ?? .distantPast, $0.name) < ($1.startTime ?? .distantPast, $1.name)
        }
        return JSONValue.object([
            ("group", .string(s.group)),
            ("region", .string(s.region)), ("region_source", .string(s.regionSource)),
            ("endpoint", .string(s.endpoint)), ("endpoint_source", .string(s.endpointSource)),
            ("now", .string(UTCFormat.rfc3339(s.now))),
            ("min_size", .int(s.minSize)), ("max_size", .int(s.maxSize)), ("desired_capacity", .int(s.desiredCapacity)),
            ("instances", .int(s.instances)), ("instances_in_service", .int(s.instancesInService)),
            (
                "mix",
                s.mix.map { m in
                    .object([
                        ("on_demand_base", .int(m.onDemandBase)),
                        ("on_demand_percent_above_base", .int(m.onDemandPercentAboveBase)),
                        ("spot_allocation_strategy", .optional(m.spotAllocationStrategy)),
                    ])
                } ?? .null
            ),
            ("action_quota", .int(GroupStatusReport.actionQuota)),
            ("action_slots_left", .int(s.actionSlotsLeft)),
            (
                "scheduled_actions",
                .array(
                    actions.map { a in
                        .object([
                            ("name", .string(a.name)),
                            ("start_time", .optional(a.startTime.map(UTCFormat.rfc3339))),
                            ("min_size", .optional(a.minSize)),
                            ("termscale", .bool(a.isTermscales)),
                        ])
                    })
            ),
        ]).serialized()
    }
}
