import Foundation

/// How instances are bought during a stretch of the plan.
public enum Purchase: String, Sendable, Hashable, CaseIterable {
    /// 100 % on-demand: around exam sessions, so pre-warm capacity cannot be reclaimed.
    case onDemand = "on-demand"
    /// The policy's usual instances distribution (`mix`).
    case mixed
}

/// One stretch of a `CapacityPlan` with constant MinSize and purchase option.
public struct PlanSegment: Hashable, Sendable {
    /// Start instant (UTC), inclusive.
    public var start: Date
    /// End instant (UTC), exclusive.
    public var end: Date
    /// The MinSize the group must have throughout.
    public var minSize: Int
    public var purchase: Purchase
    /// What is behind it: exam codes (titles for exams without one), sorted, then window
    /// categories, sorted. Empty when only `capacity.min` applies.
    public var reasons: [String]

    public init(start: Date, end: Date, minSize: Int, purchase: Purchase, reasons: [String]) {
        self.start = start
        self.end = end
        self.minSize = minSize
        self.purchase = purchase
        self.reasons = reasons
    }
}

/// The MinSize and purchase option the group needs at every instant of a range: a step function.
///
/// Built by `CapacityPlanner.plan(exams:windows:policy:from:to:)`; compiled into AWS scheduled
/// actions by `ActionCompiler`.
public struct CapacityPlan: Hashable, Sendable {
    /// Start of the planned range (UTC), inclusive.
    public var from: Date
    /// End of the planned range (UTC), exclusive.
    public var to: Date
    /// Contiguous, in time order, covering `from..<to`; adjacent segments differ in MinSize or
    /// purchase. Empty only when `from >= to`.
    public var segments: [PlanSegment]
    /// What a person should look at, in a fixed order (see `CapacityPlanner`).
    public var warnings: [String]

    public init(from: Date, to: Date, segments: [PlanSegment], warnings: [String]) {
        self.from = from
        self.to = to
        self.segments = segments
        self.warnings = warnings
    }

    /// The segment in force at `instant`, or nil outside `from..<to`.
    public func segment(at instant: Date) -> PlanSegment? {
        // Binary search: segments are sorted and contiguous.
        var lo = 0
        var hi = segments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if segments[mid].end <= instant { lo = mid + 1 } else { hi = mid }
        }
        guard lo < segments.count, segments[lo].start <= instant else { return nil }
        return segments[lo]
    }

    /// The MinSize at `instant`, or nil outside `from..<to`.
    public func minSize(at instant: Date) -> Int? { segment(at: instant)?.minSize }

    /// The largest MinSize in the plan (0 when it is empty).
    public var peakMinSize: Int { segments.map(\.minSize).max() ?? 0 }
}
