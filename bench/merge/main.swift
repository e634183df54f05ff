// Times OptimalMerge on a random step function: `scripts/bench-merge [change-points] [budget]`.
// Built by scripts/bench-merge with `swiftc -O` together with Sources/TermscaleCore/OptimalMerge.swift.
import Foundation

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let n = arguments.first ?? 2000
let budget = arguments.dropFirst().first ?? 120

var state: UInt64 = 20_270_112 // SplitMix64, so every run times the same input
func random(_ range: ClosedRange<Int>, _ state: inout UInt64) -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return range.lowerBound + Int(z % UInt64(range.count))
}

var points: [Int64] = [0]
for _ in 0...n { points.append(points.last! + Int64(random(1...180, &state)) * 60) }
var levels: [Int] = []
for _ in 0...n {
    // Alternating floor and exam levels, like a busy exam fortnight.
    var level = levels.count % 2 == 0 ? random(2...8, &state) : random(7...40, &state)
    if level == levels.last { level = level == 40 ? 2 : level + 1 }
    levels.append(level)
}

var best = Double.infinity
var result: OptimalMerge.Result?
for _ in 0..<3 {
    let start = DispatchTime.now().uptimeNanoseconds
    result = OptimalMerge.merge(points: points, levels: levels, budget: budget)
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
print("optimal merge: \(n) change points → \(result!.kept.count) actions (budget \(budget)), "
    + "extra \(Double(result!.extraCost) / 3600) level-hours, best of 3: \(String(format: "%.3f", best)) s")
