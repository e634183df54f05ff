import Foundation

/// One row of a benchmark table, as `scripts/bench` collects it: every `bench/` command run with
/// `TERMSCALE_BENCH_RESULTS=FILE` appends its rows to FILE, one JSON object per line, and
/// `termscale-bench summary FILE` prints them all as one table.
struct BenchResult: Codable, Equatable {
    /// The row's name, as its own table prints it (`termscale import: 50,000 events`).
    var figure: String
    var runs: Int
    /// Seconds.
    var best: Double
    var median: Double
    /// The target, in seconds, the median must stay under; nil when the figure has none.
    var target: Double?
    /// For another tool's row (Python icalendar, botocore, boto3): the termscale figure it does
    /// the same work as.
    var comparing: String?

    static let environmentKey = "TERMSCALE_BENCH_RESULTS"

    /// Appends the row to the file named by `TERMSCALE_BENCH_RESULTS`; does nothing when unset.
    func append() {
        guard let path = ProcessInfo.processInfo.environment[Self.environmentKey], !path.isEmpty,
            var line = try? JSONEncoder().encode(self)
        else { return }
        line.append(UInt8(ascii: "\n"))
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: line)
    }

    /// The rows of a results file, in the order they were measured.
    static func read(_ path: String) throws -> [BenchResult] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError.missingInput(path: path, hint: "no results: run scripts/bench")
        }
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(BenchResult.self, from: Data($0)) }
    }
}

/// `termscale-bench summary FILE`: every termscale figure once, with its target, its median, the
/// other tool's median for the same work and the ratio between them. Another tool's rows appear
/// only as comparisons.
enum BenchSummary {
    static func render(_ results: [BenchResult]) -> String {
        let comparisons = Dictionary(
            results.compactMap { row in row.comparing.map { ($0, row) } }, uniquingKeysWith: { _, last in last })
        var rows: [[String]] = [["figure", "target", "measured (median)", "comparison (median)", "ratio"]]
        for row in results where row.comparing == nil {
            let target = row.target.map { "< " + BenchTable.duration($0) } ?? ""
            var measured = BenchTable.duration(row.median)
            if let limit = row.target { measured += row.median < limit ? " ok" : " MISSED" }
            var comparison = ""
            var ratio = ""
            if let other = comparisons[row.figure] {
                let tool = other.figure.split(separator: ":").first.map(String.init) ?? other.figure
                comparison = "\(tool) \(BenchTable.duration(other.median))"
                ratio = String(format: "%.1f× faster", other.median / row.median)
                if other.median < row.median { ratio = String(format: "%.1f× slower", row.median / other.median) }
            } else if let limit = row.target {
                ratio = String(format: "%.0f%% of target", row.median / limit * 100)
            }
            rows.append([row.figure, target, measured, comparison, ratio])
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { cells in
            zip(cells, widths).enumerated().map { index, pair in
                let (text, width) = pair
                let fill = String(repeating: " ", count: max(0, width - text.count))
                return index == 0 || index == 3 ? text + fill : fill + text
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }

    /// The figures that missed their target, for the exit code.
    static func missed(_ results: [BenchResult]) -> [String] {
        results.compactMap { row in
            guard row.comparing == nil, let limit = row.target, !(row.median < limit) else { return nil }
            return "\(row.figure): median \(BenchTable.duration(row.median)), target < \(BenchTable.duration(limit))"
        }
    }
}
