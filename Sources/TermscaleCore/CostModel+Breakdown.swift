import Foundation

/// What the plan costs while one calendar window is open.
public struct WindowCost: Hashable, Sendable {
    /// The window, clipped to the plan's range.
    public var window: CalendarWindow
    /// The policy's floor for its category; nil when the category sets none.
    public var floor: Int?
    /// The plan's floor plus load over the window (exams within it included).
    public var line: CostLine

    public init(window: CalendarWindow, floor: Int?, line: CostLine) {
        self.window = window
        self.floor = floor
        self.line = line
    }
}

/// One exam session's share of what the exams add to the plan.
public struct ExamCostShare: Hashable, Sendable {
    public var exam: ExamSession
    /// The candidates the planner counted (the timetable's, else `exams.default_candidates`, else 0).
    public var candidates: Int
    /// Its share of the instance-seconds above the exam-free plan.
    public var instanceSeconds: Decimal
    /// Its share of the cost above the exam-free plan: the extra instances and the switch of the
    /// floor to on-demand around it.
    public var cost: Money

    public var instanceHours: Decimal { instanceSeconds / 3600 }

    public init(exam: ExamSession, candidates: Int, instanceSeconds: Decimal, cost: Money) {
        self.exam = exam
        self.candidates = candidates
        self.instanceSeconds = instanceSeconds
        self.cost = cost
    }
}

extension CostModel {
    /// Each window overlapping the plan's range, clipped to it, with the plan's cost while it is
    /// open; in start order, then by title.
    public static func windowCosts(
        plan: CapacityPlan, windows: [CalendarWindow], policy: Policy, load: LoadProfile? = nil
    ) -> [WindowCost] {
        windows.compactMap { w -> WindowCost? in
            var clipped = w
            clipped.start = max(w.start, plan.from)
            clipped.end = min(w.end, plan.to)
            guard clipped.start < clipped.end else { return nil }
            let line = cost(of: plan, policy: policy, load: load, in: clipped.start..<clipped.end)
            return WindowCost(window: clipped, floor: policy.windows[w.category], line: line)
        }
        .sorted { ($0.window.start, $0.window.title, $0.window.end) < ($1.window.start, $1.window.title, $1.window.end) }
    }

    /// `from..<to` cut at every window's start and end: each stretch named by the titles of the
    /// windows open throughout it, in start order and joined by ` + `, or `outside any window`.
    static func windowCuts(_ windows: [CalendarWindow], from: Int64, to: Int64) -> [(label: String, start: Int64, end: Int64)] {
        let spans = windows.map { (title: $0.title, start: UTCFormat.seconds($0.start), end: UTCFormat.seconds($0.end)) }
            .filter { $0.start < $0.end }
            .sorted { ($0.start, $0.title) < ($1.start, $1.title) }
        var edges = Set([from, to])
        for span in spans {
            if span.start > from && span.start < to { edges.insert(span.start) }
            if span.end > from && span.end < to { edges.insert(span.end) }
        }
        let sorted = edges.sorted()
        var cuts: [(label: String, start: Int64, end: Int64)] = []
        for (start, end) in zip(sorted, sorted.dropFirst()) {
            let open = spans.filter { $0.start <= start && $0.end >= end }.map(\.title)
            let label = open.isEmpty ? "outside any window" : open.joined(separator: " + ")
            if let last = cuts.last, last.label == label, last.end == start {
                cuts[cuts.count - 1].end = end
            } else {
                cuts.append((label, start, end))
            }
        }
        return cuts
    }

    /// Each session's share of what the exams add: the plan minus the same plan without exams
    /// (windows only), stretch by stretch, split among the sessions whose on-demand period
    /// (`raise − (cron + 5) min` to release) covers the stretch in proportion to their candidates
    /// (equally when none has any). A stretch no session covers (a gap the merge held) goes to the
    /// sessions on either side of it. The shares add up to the whole difference (to `Decimal`'s
    /// 38 digits). Most instance-hours first, then by start; sessions with no share are left out.
    public static func examShares(
        plan: CapacityPlan, exams: [ExamSession], windows: [CalendarWindow], policy: Policy
    ) -> [ExamCostShare] {
        let from = UTCFormat.seconds(plan.from)
        let to = UTCFormat.seconds(plan.to)
        guard from < to, !exams.isEmpty else { return [] }
        let baseline = CapacityPlanner.plan(exams: [], windows: windows, policy: policy, from: plan.from, to: plan.to)
        let sessions = exams.sorted(by: CapacityPlanner.examOrder)
        let spans = sessions.map { ExamSpan($0, policy: policy) }
        let byStart = spans.indices.sorted { (spans[$0].onDemandStart, $0) < (spans[$1].onDemandStart, $1) }
        let prices = Prices(policy)

        // Stretches with something added, grouped by the set of sessions covering them.
        var groups: [(members: [Int], seconds: Int64, cost: Decimal)] = []
        var active: [Int] = []
        var next = 0
        var changed = true
        for piece in differences(plan, baseline, from: from, to: to, policy: policy, prices: prices) {
            while next < byStart.count, spans[byStart[next]].onDemandStart < piece.end {
                active.append(byStart[next])
                next += 1
                changed = true
            }
            let before = active.count
            active.removeAll { spans[$0].release <= piece.start }
            if active.count != before { changed = true }
            if changed || groups.isEmpty {
                groups.append((active.sorted(), 0, 0))
                changed = false
            }
            groups[groups.count - 1].seconds += piece.seconds
            groups[groups.count - 1].cost += piece.cost
        }
        // A held gap goes to the sessions on either side.
        let covered = groups.indices.filter { !groups[$0].members.isEmpty }
        for g in groups.indices where groups[g].members.isEmpty {
            let before = covered.last { $0 < g }.map { groups[$0].members } ?? []
            let after = covered.first { $0 > g }.map { groups[$0].members } ?? []
            groups[g].members = Array(Set(before + after)).sorted()
        }

        var seconds = [Decimal](repeating: 0, count: spans.count)
        var costs = [Decimal](repeating: 0, count: spans.count)
        for group in groups where !group.members.isEmpty && (group.seconds != 0 || group.cost != 0) {
            let total = group.members.reduce(0) { $0 + spans[$1].candidates }
            let weight: (Int) -> Decimal = total > 0 ? { Decimal(spans[$0].candidates) } : { _ in 1 }
            let units = total > 0 ? Decimal(total) : Decimal(group.members.count)
            let secondsPerUnit = Decimal(group.seconds) / units
            let costPerUnit = group.cost / units
            for i in group.members {
                seconds[i] += weight(i) * secondsPerUnit
                costs[i] += weight(i) * costPerUnit
            }
        }
        // Decimal comparisons are slow: sort on the seconds in whole microseconds (ties, which
        // only differ below that, keep session order).
        let keys = seconds.map { NSDecimalNumber(decimal: Decimal.rounded($0 * 1_000_000, scale: 0, .plain)).int64Value }
        return spans.indices.filter { seconds[$0] != 0 || costs[$0] != 0 }
            .sorted { keys[$0] > keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
            .map {
                ExamCostShare(
                    exam: sessions[$0], candidates: spans[$0].candidates, instanceSeconds: seconds[$0],
                    cost: Money(perHourSeconds: costs[$0]))
            }
    }

    /// The stretches of `from..<to` where `plan` has more instances or costs more than
    /// `baseline`: the instance-seconds added and the added cost (as `Money.perHourSeconds`).
    static func differences(
        _ plan: CapacityPlan, _ baseline: CapacityPlan, from: Int64, to: Int64, policy: Policy, prices: Prices
    ) -> [(start: Int64, end: Int64, seconds: Int64, cost: Decimal)] {
        let base = Int64(policy.mix.onDemandBase)
        let percent = Int64(policy.mix.onDemandPercentAboveBase)
        /// `n` instances for one second, in perHourSeconds.
        func rate(_ n: Int64, _ purchase: Purchase) -> Decimal {
            switch purchase {
            case .onDemand: return Decimal(n) * prices.onDemand
            case .mixed:
                let above = max(0, n - base)
                let onDemandHundredths = min(n, base) * 100 + above * percent
                return (Decimal(onDemandHundredths) * prices.onDemand + Decimal(above * (100 - percent)) * prices.spot) / 100
            }
        }
        var out: [(start: Int64, end: Int64, seconds: Int64, cost: Decimal)] = []
        var i = 0
        var j = 0
        var t = from
        let a = plan.segments
        let b = baseline.segments
        while t < to, i < a.count, j < b.count {
            let aEnd = UTCFormat.seconds(a[i].end)
            let bEnd = UTCFormat.seconds(b[j].end)
            let end = min(aEnd, bEnd, to)
            if end > t {
                let n = Int64(a[i].minSize)
                let m = Int64(b[j].minSize)
                let dt = end - t
                let cost = (rate(n, a[i].purchase) - rate(m, b[j].purchase)) * Decimal(dt)
                let seconds = max(0, n - m) * dt
                if seconds > 0 || cost > 0 { out.append((t, end, seconds, max(0, cost))) }
            }
            t = max(t, end)
            if aEnd <= t { i += 1 }
            if bEnd <= t { j += 1 }
        }
        return out
    }
}
