import Foundation

/// The planner's working form of the step function: elementary intervals between consecutive
/// change points, from a sentinel far in the past to one far in the future.
struct PlanTimeline {
    static let past = Int64.min / 4
    static let future = Int64.max / 4

    var starts: [Int64] = []
    var ends: [Int64] = []
    /// `min_size` (after `liftDips`, the held level).
    var level: [Int] = []
    /// `floor + exam_instances` before the cap at `capacity.max`.
    var uncapped: [Int] = []
    var onDemand: [Bool] = []
    /// Exams whose raised period contains the interval, ascending.
    var raised: [[Int]] = []
    /// Exams behind the interval (on-demand period overlaps, or held for).
    var examReasons: [Set<Int>] = []
    /// Categories of floor-setting windows behind the interval.
    var categoryReasons: [Set<String>] = []

    init(spans: [ExamSpan], floors: [WindowSpan], policy: Policy) {
        enum Kind { case raise, release, onDemandStart, onDemandEnd, windowStart, windowEnd }
        var events: [(time: Int64, kind: Kind, index: Int)] = []
        events.reserveCapacity(spans.count * 4 + floors.count * 2)
        for (i, s) in spans.enumerated() where s.release > s.raise {
            events.append((s.raise, .raise, i))
            events.append((s.release, .release, i))
            events.append((s.onDemandStart, .onDemandStart, i))
            events.append((s.release, .onDemandEnd, i))
        }
        for (j, w) in floors.enumerated() {
            events.append((w.start, .windowStart, j))
            events.append((w.end, .windowEnd, j))
        }
        events.sort { $0.time < $1.time }

        let capacity = policy.capacity
        let perInstance = Int64(Swift.max(1, capacity.studentsPerInstance)) * 100
        var demand: Int64 = 0
        var floorCounts: [Int: Int] = [:]
        var categoryCounts: [String: Int] = [:]
        var raisedCounts: [Int: Int] = [:]
        var onDemandCounts: [Int: Int] = [:]

        func bump<K: Hashable>(_ d: inout [K: Int], _ key: K, _ by: Int) {
            let v = d[key, default: 0] + by
            d[key] = v == 0 ? nil : v
        }
        func snapshot(start: Int64, end: Int64) {
            let floor = Swift.max(capacity.min, floorCounts.keys.max() ?? capacity.min)
            let need = demand * Int64(100 + capacity.headroomPercent)
            let examInstances = need <= 0 ? 0 : Int((need + perInstance - 1) / perInstance)
            starts.append(start)
            ends.append(end)
            uncapped.append(floor + examInstances)
            level.append(Swift.min(capacity.max, floor + examInstances))
            onDemand.append(!onDemandCounts.isEmpty)
            raised.append(raisedCounts.keys.sorted())
            examReasons.append(Set(onDemandCounts.keys))
            categoryReasons.append(Set(categoryCounts.keys))
        }

        var e = 0
        var previous = PlanTimeline.past
        while e < events.count {
            let t = events[e].time
            snapshot(start: previous, end: t)
            while e < events.count && events[e].time == t {
                let (_, kind, i) = events[e]
                switch kind {
                case .raise:
                    demand += Int64(spans[i].candidates)
                    bump(&raisedCounts, i, 1)
                case .release:
                    demand -= Int64(spans[i].candidates)
                    bump(&raisedCounts, i, -1)
                case .onDemandStart: bump(&onDemandCounts, i, 1)
                case .onDemandEnd: bump(&onDemandCounts, i, -1)
                case .windowStart:
                    bump(&floorCounts, floors[i].floor, 1)
                    bump(&categoryCounts, floors[i].category, 1)
                case .windowEnd:
                    bump(&floorCounts, floors[i].floor, -1)
                    bump(&categoryCounts, floors[i].category, -1)
                }
                e += 1
            }
            previous = t
        }
        snapshot(start: previous, end: PlanTimeline.future)
    }

    /// Runs of equal level as index ranges.
    private func runs() -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        var a = 0
        for k in 1...level.count where k == level.count || level[k] != level[a] {
            out.append(a...(k - 1))
            a = k
        }
        return out
    }

    /// Applies the merge-gap rule (see `CapacityPlanner`): lifts every dip shorter than `gap`
    /// seconds to the lower neighbour, all dips of a pass at once, until none is left.
    mutating func liftDips(shorterThan gap: Int64) {
        guard gap > 0 else { return }
        while true {
            let runs = runs()
            guard runs.count >= 3 else { return }
            var dips: [(range: ClosedRange<Int>, level: Int)] = []
            for r in 1..<(runs.count - 1) {
                let run = runs[r]
                let own = level[run.lowerBound]
                let left = level[run.lowerBound - 1]
                let right = level[run.upperBound + 1]
                if own < left && own < right && ends[run.upperBound] - starts[run.lowerBound] < gap {
                    dips.append((run, Swift.min(left, right)))
                }
            }
            if dips.isEmpty { return }
            // Dips are never adjacent, so their neighbours are untouched in this pass.
            for (run, newLevel) in dips {
                let exams = examReasons[run.lowerBound - 1].union(examReasons[run.upperBound + 1])
                let categories = categoryReasons[run.lowerBound - 1].union(categoryReasons[run.upperBound + 1])
                for k in run {
                    level[k] = newLevel
                    examReasons[k].formUnion(exams)
                    categoryReasons[k].formUnion(categories)
                }
            }
        }
    }

    /// Indices of the intervals overlapping `from..<to`.
    private func indices(from: Int64, to: Int64) -> Range<Int> {
        guard to > from else { return 0..<0 }
        var lo = 0
        var hi = ends.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ends[mid] <= from { lo = mid + 1 } else { hi = mid }
        }
        var upper = lo
        while upper < starts.count && starts[upper] < to { upper += 1 }
        return lo..<upper
    }

    /// The plan's segments over `from..<to`: maximal runs of equal level and purchase.
    func segments(from: Int64, to: Int64, labels: [String]) -> [PlanSegment] {
        var out: [(start: Int64, end: Int64, level: Int, purchase: Purchase, exams: Set<Int>, categories: Set<String>)] = []
        for k in indices(from: from, to: to) {
            let s = Swift.max(starts[k], from)
            let e = Swift.min(ends[k], to)
            let purchase: Purchase = onDemand[k] ? .onDemand : .mixed
            if let last = out.last, last.level == level[k], last.purchase == purchase {
                out[out.count - 1].end = e
                out[out.count - 1].exams.formUnion(examReasons[k])
                out[out.count - 1].categories.formUnion(categoryReasons[k])
            } else {
                out.append((s, e, level[k], purchase, examReasons[k], categoryReasons[k]))
            }
        }
        return out.map { seg in
            PlanSegment(
                start: UTCFormat.date(seg.start), end: UTCFormat.date(seg.end), minSize: seg.level,
                purchase: seg.purchase,
                reasons: Set(seg.exams.map { labels[$0] }).sorted() + seg.categories.sorted())
        }
    }

    /// One warning per stretch of `from..<to` where `floor + exam_instances` exceeds `max`.
    func capWarnings(from: Int64, to: Int64, labels: [String], max: Int) -> [String] {
        var warnings: [String] = []
        var k = indices(from: from, to: to).lowerBound
        let end = indices(from: from, to: to).upperBound
        while k < end {
            guard uncapped[k] > max else {
                k += 1
                continue
            }
            var names = Set<String>()
            var categories = Set<String>()
            var needed = 0
            let first = k
            while k < end && uncapped[k] > max {
                names.formUnion(raised[k].map { labels[$0] })
                categories.formUnion(categoryReasons[k])
                needed = Swift.max(needed, uncapped[k])
                k += 1
            }
            let who = names.isEmpty ? categories.sorted() : names.sorted()
            warnings.append(
                CapacityPlanner.Warning.capped(
                    max: max, from: Swift.max(starts[first], from), to: Swift.min(ends[k - 1], to),
                    names: who, needed: needed))
        }
        return warnings
    }
}
