import Foundation

/// The one output format of every benchmark: a table with a row per measured thing (its run count,
/// best and median, the target when it has one) and a free note. Rows are printed as they are
/// added, so a long run shows progress; targets missed and checks failed are kept for the exit code.
struct BenchTable {
    private(set) var problems: [String] = []

    private static let columns = (name: 40, runs: 5, time: 11, target: 18)

    init(_ title: String) {
        print("== \(title)")
        print(Self.line("benchmark", "runs", "best", "median", "target", "note"))
        flush()
    }

    /// One row. With `limit`, the row passes when the median run is under it and is reported as
    /// missed otherwise. A row that measures another tool doing the same work names the row it
    /// is `comparing` (termscale's), so that `scripts/bench`'s summary can put them side by side.
    /// With `TERMSCALE_BENCH_RESULTS` set, the row is also appended there (see `BenchResult`).
    mutating func add(
        _ name: String, _ timings: Timings, under limit: Double? = nil, note: String = "", comparing figure: String? = nil
    ) {
        var target = ""
        if let limit {
            let met = timings.median < limit
            target = "< \(Self.duration(limit)) \(met ? "ok" : "MISSED")"
            if !met {
                problems.append("\(name): median \(Self.duration(timings.median)), target < \(Self.duration(limit))")
            }
        }
        BenchResult(
            figure: name, runs: timings.runs, best: timings.best, median: timings.median, target: limit,
            comparing: figure
        ).append()
        print(
            Self.line(
                name, String(timings.runs), Self.duration(timings.best), Self.duration(timings.median), target, note))
        flush()
    }

    /// A check that is not a timing (a count the benchmark verified) failed.
    mutating func fail(_ problem: String) {
        print("FAILED: \(problem)")
        problems.append(problem)
    }

    /// A duration the way every row writes it: milliseconds under a second (two decimals under 10 ms),
    /// seconds from there.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "-" }
        if seconds < 0.01 { return String(format: "%.2f ms", seconds * 1000) }
        return seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.3f s", seconds)
    }

    private static func line(
        _ name: String, _ runs: String, _ best: String, _ median: String, _ target: String, _ note: String
    ) -> String {
        let text =
            pad(name, columns.name) + " " + pad(runs, columns.runs, right: true) + pad(best, columns.time, right: true)
            + pad(median, columns.time, right: true) + "  " + pad(target, columns.target) + " " + note
        return text.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }

    private func flush() {
        fflush(nil) // every C stream; naming stdout is not concurrency-safe in Swift 6
    }
}
