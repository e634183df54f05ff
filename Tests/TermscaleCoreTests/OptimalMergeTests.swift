import Testing

@testable import TermscaleCore

@Suite struct OptimalMergeTests {
    /// Least cost over every subset of the change points, for each budget `0...n`: every subset
    /// is costed once, segment by segment, and the best of each size carried up to larger budgets.
    static func bruteForce(points: [Int64], levels: [Int]) -> [Int64] {
        let n = levels.count - 1
        var bestOfSize = [Int64](repeating: .max, count: n + 1)
        for mask in 0..<(1 << n) {
            var cost: Int64 = 0
            var spanStart = 0
            while spanStart <= n {
                var spanEnd = spanStart + 1 // point spanEnd is kept (bit spanEnd − 1) or the end
                while spanEnd <= n && mask & (1 << (spanEnd - 1)) == 0 { spanEnd += 1 }
                var top = Int.min
                for i in spanStart..<spanEnd { top = max(top, levels[i]) }
                for i in spanStart..<spanEnd { cost += Int64(top - levels[i]) * (points[i + 1] - points[i]) }
                spanStart = spanEnd
            }
            let size = mask.nonzeroBitCount
            bestOfSize[size] = min(bestOfSize[size], cost)
        }
        for size in stride(from: 1, through: n, by: 1) { bestOfSize[size] = min(bestOfSize[size], bestOfSize[size - 1]) }
        return bestOfSize
    }

    /// Checks `result` is a valid schedule for the step function and returns its recomputed cost.
    static func verify(_ result: OptimalMerge.Result, points: [Int64], levels: [Int], budget: Int) -> Int64 {
        #expect(result.kept.count <= budget)
        #expect(result.kept == result.kept.sorted() && Set(result.kept).count == result.kept.count)
        #expect(result.kept.allSatisfy { (1..<levels.count).contains($0) })
        #expect(result.levels.count == result.kept.count + 1)
        for (a, b) in zip(result.levels, result.levels.dropFirst()) { #expect(a != b) }
        // The scheduled step function, read from the result itself.
        var level = result.levels[0]
        var next = 0
        var extra: Int64 = 0
        for i in levels.indices {
            if next < result.kept.count && result.kept[next] == i {
                level = result.levels[next + 1]
                next += 1
            }
            #expect(level >= levels[i], "scheduled \(level) below required \(levels[i]) on segment \(i)")
            extra += Int64(level - levels[i]) * (points[i + 1] - points[i])
        }
        #expect(extra == result.extraCost)
        return extra
    }

    static func randomStepFunction(n: Int, using rng: inout SplitMix64) -> (points: [Int64], levels: [Int]) {
        var points: [Int64] = [Int64(Int.random(in: 0...1000, using: &rng)) * 60]
        for _ in 0...n { points.append(points.last! + Int64(Int.random(in: 1...180, using: &rng)) * 60) }
        var levels: [Int] = []
        for _ in 0...n {
            var l = Int.random(in: 0...12, using: &rng)
            if let last = levels.last, l == last, Int.random(in: 0..<4, using: &rng) != 0 { l = (l + 1) % 13 }
            levels.append(l)
        }
        return (points, levels)
    }

    @Test func matchesBruteForceOnRandomSmallCalendars() {
        var rng = SplitMix64(seed: 20_270_112)
        var checked = 0
        for _ in 0..<400 {
            let n = Int.random(in: 0...12, using: &rng)
            let (points, levels) = Self.randomStepFunction(n: n, using: &rng)
            let best = Self.bruteForce(points: points, levels: levels)
            for budget in 0...n {
                let result = OptimalMerge.merge(points: points, levels: levels, budget: budget)
                let cost = Self.verify(result, points: points, levels: levels, budget: budget)
                #expect(cost == best[budget], "n \(n) budget \(budget) levels \(levels) points \(points)")
                if cost != best[budget] { return }
                checked += 1
            }
        }
        #expect(checked > 2000)
    }

    @Test func handWorkedExample() {
        // Levels 2 | 7 | 2 | 9 | 2, an hour each. With two actions the best is to raise to 9
        // at the first change and release at the last: extra (2 + 7) × 1 h = 9 instance-hours.
        let points: [Int64] = [0, 3600, 7200, 10800, 14400, 18000]
        let levels = [2, 7, 2, 9, 2]
        let two = OptimalMerge.merge(points: points, levels: levels, budget: 2)
        #expect(two == OptimalMerge.Result(kept: [1, 4], levels: [2, 9, 2], extraCost: 9 * 3600))
        let none = OptimalMerge.merge(points: points, levels: levels, budget: 0)
        #expect(none == OptimalMerge.Result(kept: [], levels: [9], extraCost: (7 + 2 + 7 + 0 + 7) * 3600))
        let all = OptimalMerge.merge(points: points, levels: levels, budget: 4)
        #expect(all == OptimalMerge.Result(kept: [1, 2, 3, 4], levels: levels, extraCost: 0))
        #expect(OptimalMerge.merge(points: points, levels: levels, budget: 99) == all)
    }

    @Test func keptPointsThatChangeNothingAreDropped() {
        // Budget 3 can do no better than budget 2 here; the result never schedules an action
        // that repeats the level already in force.
        let points: [Int64] = [0, 600, 1200, 1800, 2400]
        let levels = [1, 5, 1, 5]
        for budget in 0...3 {
            let r = OptimalMerge.merge(points: points, levels: levels, budget: budget)
            _ = Self.verify(r, points: points, levels: levels, budget: budget)
        }
        #expect(
            OptimalMerge.merge(points: points, levels: levels, budget: 2)
                == OptimalMerge.Result(kept: [1], levels: [1, 5], extraCost: 4 * 600))
    }

    /// The same step function, described differently, gets the same answer: moved in time, with
    /// every level raised, with every duration doubled, or read backwards in time (the least cost
    /// is the same both ways; which of equal-cost subsets is kept may differ). Each would fail if
    /// the merge depended on absolute times or levels, or treated the start and end unevenly.
    @Test func sameInputGivesSameResult() {
        var rng = SplitMix64(seed: 99)
        let (points, levels) = Self.randomStepFunction(n: 300, using: &rng)
        let a = OptimalMerge.merge(points: points, levels: levels, budget: 40)
        #expect(a.kept.count <= 40)
        _ = Self.verify(a, points: points, levels: levels, budget: 40)
        // More budget never costs more.
        let c = OptimalMerge.merge(points: points, levels: levels, budget: 41)
        #expect(c.extraCost <= a.extraCost)

        let end = points.last!
        for budget in [0, 1, 7, 40] {
            let result = OptimalMerge.merge(points: points, levels: levels, budget: budget)
            #expect(result.extraCost > 0, "budget \(budget) is below the 300 changes, so something is held")
            let weekLater = OptimalMerge.merge(points: points.map { $0 + 7 * 86_400 }, levels: levels, budget: budget)
            #expect(weekLater == result, "moved a week later, budget \(budget)")
            let raised = OptimalMerge.merge(points: points, levels: levels.map { $0 + 5 }, budget: budget)
            #expect(
                raised
                    == OptimalMerge.Result(
                        kept: result.kept, levels: result.levels.map { $0 + 5 },
                        extraCost: result.extraCost), "levels + 5, budget \(budget)")
            let slower = OptimalMerge.merge(points: points.map { 2 * $0 }, levels: levels, budget: budget)
            #expect(
                slower == OptimalMerge.Result(kept: result.kept, levels: result.levels, extraCost: 2 * result.extraCost),
                "durations doubled, budget \(budget)")
            let backwards = OptimalMerge.merge(
                points: points.reversed().map { end - $0 }, levels: levels.reversed(),
                budget: budget)
            #expect(
                Self.verify(
                    backwards, points: points.reversed().map { end - $0 }, levels: levels.reversed(),
                    budget: budget) == result.extraCost, "read backwards, budget \(budget)")
        }
    }

    /// The dynamic programme exactly as `OptimalMerge` documents it, with every `i` walked (no
    /// early stop): the same scan order and the same ties, so the results must be identical.
    static func unpruned(points: [Int64], levels: [Int], budget: Int) -> OptimalMerge.Result {
        let n = levels.count - 1
        let budget = max(0, min(budget, n))
        if budget == n { return OptimalMerge.result(points: points, levels: levels, kept: n >= 1 ? Array(1...n) : []) }
        func cost(_ i: Int, _ j: Int) -> Int64 {
            let top = levels[i..<j].max()!
            return (i..<j).reduce(Int64(0)) { $0 + Int64(top - levels[$1]) * (points[$1 + 1] - points[$1]) }
        }
        let infinity = Int64.max / 4
        var f = [[Int64]](repeating: [Int64](repeating: infinity, count: n + 1), count: budget + 1)
        var parent = [[Int]](repeating: [Int](repeating: -1, count: n + 1), count: budget + 1)
        var best = (cost: cost(0, n + 1), layer: 0, last: 0)
        for k in 1...max(1, budget) where budget >= 1 {
            for j in k...n {
                if k == 1 {
                    f[1][j] = cost(0, j)
                    continue
                }
                for i in stride(from: j - 1, through: k - 1, by: -1) where f[k - 1][i] < infinity {
                    let c = f[k - 1][i] + cost(i, j)
                    if c < f[k][j] { (f[k][j], parent[k][j]) = (c, i) }
                }
            }
            for j in k...n where f[k][j] < infinity && f[k][j] + cost(j, n + 1) < best.cost {
                best = (f[k][j] + cost(j, n + 1), k, j)
            }
        }
        var kept: [Int] = []
        var (k, j) = (best.layer, best.last)
        while k >= 1 {
            kept.append(j)
            j = parent[k][j]
            k -= 1
        }
        return OptimalMerge.result(points: points, levels: levels, kept: kept.reversed())
    }

    /// The early stop changes nothing, ties included: on step functions full of equal costs
    /// (levels 0–3, durations of one or two minutes) and on calendar-like ones, every budget
    /// gives exactly the result of the programme that walks every `i`.
    @Test func theEarlyStopKeepsTheExactResultTiesIncluded() {
        var rng = SplitMix64(seed: 2027)
        var compared = 0
        for round in 0..<200 {
            let n = Int.random(in: 1...28, using: &rng)
            var points: [Int64] = [0]
            var levels: [Int] = []
            for _ in 0...n {
                points.append(
                    points.last!
                        + (round % 2 == 0
                            ? Int64(Int.random(in: 1...2, using: &rng)) * 60 : Int64(Int.random(in: 1...180, using: &rng)) * 60))
                levels.append(round % 2 == 0 ? Int.random(in: 0...3, using: &rng) : Int.random(in: 2...40, using: &rng))
            }
            for budget in Set([0, 1, 2, n / 3, n / 2, n - 2, n - 1].filter { $0 >= 0 }) {
                let fast = OptimalMerge.merge(points: points, levels: levels, budget: budget)
                let reference = Self.unpruned(points: points, levels: levels, budget: budget)
                #expect(fast == reference, "n \(n) budget \(budget) levels \(levels) points \(points)")
                if fast != reference { return }
                compared += 1
            }
        }
        #expect(compared > 1000)
    }
}
