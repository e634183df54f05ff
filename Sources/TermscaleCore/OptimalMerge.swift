/// Fits a step function into a budget of steps at the least extra capacity.
///
/// The input is a step function: `points[0] < points[1] < … < points[n + 1]` (seconds) and
/// `levels[i]`, the level required on `points[i]..<points[i + 1]`. `points[1...n]` are its *change
/// points*. Keeping a subset of them (at most `budget`) gives a coarser step function: each kept
/// point, and `points[0]`, which is always in force, starts a span that runs to the next kept point
/// (or `points[n + 1]`) at the *maximum* required level over that span — so the result is never
/// below the requirement at any instant. Its cost is the extra level-seconds,
/// `Σ (scheduled − required) × duration`; `merge` finds a subset of least cost, exactly.
///
/// Algorithm: dynamic programming over change points. `f[k][j]` = least cost of everything before
/// `points[j]` when `j` is the `k`-th kept point; `f[k][j] = min over i < j of f[k−1][i] + cost(i, j)`,
/// where `cost(i, j) = max(levels[i..<j]) × (points[j] − points[i]) − (W[j] − W[i])` with `W` the
/// prefix sums of `level × duration`. For each `j` the inner loop walks `i` downwards keeping a
/// running maximum, so each `cost` is O(1): O(budget · n²) time, O(budget · n) memory for the
/// back-pointers, all in `Int64` (exact). The walk stops early, without changing the result, once
/// no smaller `i` can win: a span's cost is superadditive (`cost(i′, j) ≥ cost(i′, i) + cost(i, j)`),
/// so every `i′ < i` costs at least `f[k][i] + cost(i, j)`; that makes a push's busiest horizons
/// (150–190 changes into 120 actions) about six times faster, which a simulated year of pushes
/// needs. Ties go to fewer kept points, then to the first minimum
/// found in the fixed scan order (`j` ascending, `i` descending), so the result is deterministic.
/// Kept points whose span level equals the previous span's are dropped afterwards (cost unchanged).
public enum OptimalMerge {
    /// The points kept and the level of each span.
    public struct Result: Equatable, Sendable {
        /// Indices into `points` (within `1...n`) of the kept change points, ascending.
        public var kept: [Int]
        /// `levels[0]` is in force from `points[0]`; `levels[m]` from `points[kept[m − 1]]`.
        /// Adjacent levels differ.
        public var levels: [Int]
        /// Extra level-seconds over the requirement: `Σ (scheduled − required) × duration`.
        public var extraCost: Int64

        public init(kept: [Int], levels: [Int], extraCost: Int64) {
            self.kept = kept
            self.levels = levels
            self.extraCost = extraCost
        }
    }

    /// The least-cost way to keep at most `budget` of the change points `1...n`.
    ///
    /// - Precondition: `points.count == levels.count + 1`, `points` strictly increasing.
    public static func merge(points: [Int64], levels: [Int], budget: Int) -> Result {
        precondition(points.count == levels.count + 1 && !levels.isEmpty, "points must bound every level")
        let n = levels.count - 1
        let budget = Swift.max(0, Swift.min(budget, n))
        if budget == n {
            return result(points: points, levels: levels, kept: n >= 1 ? Array(1...n) : [])
        }

        let level = levels.map(Int64.init)
        var prefix = [Int64](repeating: 0, count: n + 2) // W
        for i in 0...n { prefix[i + 1] = prefix[i] + level[i] * (points[i + 1] - points[i]) }
        let infinity = Int64.max / 4

        // Cost of the last span, from kept point j to the end.
        var tail = [Int64](repeating: 0, count: n + 1)
        var suffixMax = Int64.min
        for j in stride(from: n, through: 0, by: -1) {
            suffixMax = Swift.max(suffixMax, level[j])
            tail[j] = suffixMax * (points[n + 1] - points[j]) - (prefix[n + 1] - prefix[j])
        }

        // Layer 1: the first kept point is j; the span before it starts at points[0].
        var previous = [Int64](repeating: infinity, count: n + 1)
        var runningMax = Int64.min
        for j in 1...n { // n ≥ 1: budget < n here
            runningMax = Swift.max(runningMax, level[j - 1])
            previous[j] = runningMax * (points[j] - points[0]) - prefix[j]
        }
        var bestCost = tail[0]
        var bestLayer = 0
        var bestLast = 0
        func consider(layer k: Int, _ f: [Int64]) {
            for j in k...n where f[j] < infinity {
                let total = f[j] + tail[j]
                if total < bestCost { (bestCost, bestLayer, bestLast) = (total, k, j) }
            }
        }
        if budget >= 1 { consider(layer: 1, previous) }

        // parents[k][j]: the kept point before j when j is the k-th kept point (k ≥ 2).
        var parents = [[Int32]](repeating: [], count: budget + 1)
        var current = [Int64](repeating: infinity, count: n + 1)
        if budget >= 2 {
            for k in 2...budget {
                var parent = [Int32](repeating: -1, count: n + 1)
                points.withUnsafeBufferPointer { p in
                    prefix.withUnsafeBufferPointer { w in
                        level.withUnsafeBufferPointer { l in
                            previous.withUnsafeBufferPointer { f in
                                current.withUnsafeMutableBufferPointer { g in
                                    parent.withUnsafeMutableBufferPointer { par in
                                        for j in 0..<k { g[j] = infinity }
                                        for j in k...n {
                                            let pj = p[j]
                                            let wj = w[j]
                                            var m = Int64.min
                                            var best = infinity
                                            var arg = -1
                                            var i = j - 1
                                            while i >= k - 1 {
                                                let li = l[i]
                                                if li > m { m = li }
                                                let extra = m &* (pj &- p[i]) &- (wj &- w[i])
                                                let c = f[i] &+ extra
                                                if c < best {
                                                    best = c
                                                    arg = i
                                                }
                                                // Every i' < i costs at least g[i] + extra: the path to
                                                // i' then to i costs at least g[i], and the span i'..<j
                                                // at least the spans i'..<i and i..<j apart. Once that
                                                // reaches best, no earlier i' is strictly better (ties
                                                // keep the first found).
                                                if g[i] &+ extra >= best { break }
                                                i -= 1
                                            }
                                            g[j] = best
                                            par[j] = Int32(arg)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                parents[k] = parent
                consider(layer: k, current)
                swap(&previous, &current)
            }
        }

        var kept: [Int] = []
        var j = bestLast
        var k = bestLayer
        while k >= 1 {
            kept.append(j)
            if k >= 2 { j = Int(parents[k][j]) }
            k -= 1
        }
        let merged = result(points: points, levels: levels, kept: kept.reversed())
        assert(merged.extraCost == bestCost, "reconstruction must reproduce the optimum")
        return merged
    }

    /// The spans, levels and cost of keeping `kept` (indices within `1...n`, ascending); spans
    /// whose level equals the previous one are merged into it.
    public static func result(points: [Int64], levels: [Int], kept: [Int]) -> Result {
        let n = levels.count - 1
        let bounds = [0] + kept + [n + 1]
        var outKept: [Int] = []
        var outLevels: [Int] = []
        var cost: Int64 = 0
        for s in 0..<(bounds.count - 1) {
            let span = bounds[s]..<bounds[s + 1]
            let top = span.map { levels[$0] }.max()!
            for i in span { cost += Int64(top - levels[i]) * (points[i + 1] - points[i]) }
            if s == 0 {
                outLevels.append(top)
            } else if top != outLevels.last! {
                outKept.append(span.lowerBound)
                outLevels.append(top)
            }
        }
        return Result(kept: outKept, levels: outLevels, extraCost: cost)
    }
}
