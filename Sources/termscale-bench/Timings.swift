/// The wall-clock seconds of the repeated runs of one benchmark, and the two figures the table
/// shows: the best run (the least disturbed by other work on the machine) and the median.
struct Timings {
    private(set) var seconds: [Double] = []

    var runs: Int { seconds.count }

    /// The fastest run; NaN before any run.
    var best: Double { seconds.min() ?? .nan }

    /// The middle run, or the mean of the two middle runs when the count is even; NaN before any run.
    var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    mutating func record(_ seconds: Double) {
        self.seconds.append(seconds)
    }

    /// Runs `body` `runs` times in this process, timing each run on the monotonic clock.
    static func measure(runs: Int, _ body: () throws -> Void) rethrows -> Timings {
        var timings = Timings()
        for _ in 0..<runs {
            timings.record(try elapsedSeconds(body))
        }
        return timings
    }
}

/// Seconds `body` takes on the monotonic clock.
func elapsedSeconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let duration = start.duration(to: clock.now)
    return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
