// termscale-bench: every benchmark's repetition, timing and statistics, outside the test suite
// (timing never goes into tests). The bench/ commands prepare the inputs (a generated feed, a
// moto_server) and call it; run it from the repository root, built in release.
//
//   termscale-bench [core|plan|merge|csv] [--runs N]
//   termscale-bench cost [--termscale BIN] [--runs N]
//   termscale-bench simulate --termscale BIN [--runs N]
//   termscale-bench sign [REQUESTS] [--runs N]
//   termscale-bench push ENDPOINT [--runs N]
//   termscale-bench reconcile ENDPOINT --termscale BIN --db PATH --policy FILE --fleet DIR --moto-log FILE
//                   [--runs N] [--fleet-runs N] [--max-seconds S]
//   termscale-bench import FEED --termscale BIN [--events N] [--runs N] [--python-runs N] [--max-seconds S]
//   termscale-bench xlsx WORKBOOK... --csv CSV --termscale BIN [--events N] [--runs N] [--max-seconds S]
//   termscale-bench summary RESULTS   (the rows every run above appended to $TERMSCALE_BENCH_RESULTS)
//
// Prints one table: per benchmark the number of runs, the best and the median, and the target
// where there is one. Exits 1 when a target is missed or a check fails, 2 when a benchmark cannot
// run, 64 on bad arguments.
import Foundation
import TermscaleCore

let usage = """
    usage: termscale-bench [core|plan|merge|csv] [--runs N]
           termscale-bench cost [--termscale BIN] [--runs N]
           termscale-bench simulate --termscale BIN [--runs N]
           termscale-bench sign [REQUESTS] [--runs N]
           termscale-bench push ENDPOINT [--runs N]
           termscale-bench reconcile ENDPOINT --termscale BIN --db PATH --policy FILE --fleet DIR --moto-log FILE
                           [--runs N] [--fleet-runs N] [--max-seconds S]
           termscale-bench import FEED --termscale BIN [--events N] [--runs N] [--python-runs N] [--max-seconds S]
           termscale-bench xlsx WORKBOOK... --csv CSV --termscale BIN [--events N] [--runs N] [--max-seconds S]
           termscale-bench summary RESULTS
    """

/// The command line split into positional words and `--name value` options.
struct Arguments {
    var positional: [String] = []
    var options: [String: String] = [:]

    static let names: Set = [
        "runs", "events", "termscale", "python-runs", "max-seconds", "db", "policy", "fleet", "moto-log", "fleet-runs",
        "csv",
    ]

    init(_ words: [String]) throws {
        var rest = words[...]
        while let word = rest.popFirst() {
            if word.hasPrefix("--") {
                guard let value = rest.popFirst() else { throw BenchError.usage("\(word) needs a value\n\(usage)") }
                let name = String(word.dropFirst(2))
                guard Self.names.contains(name) else { throw BenchError.usage("unknown option \(word)\n\(usage)") }
                options[name] = value
            } else {
                positional.append(word)
            }
        }
    }

    func int(_ name: String, default value: Int) throws -> Int {
        guard let text = options[name] else { return value }
        guard let number = Int(text), number > 0 else { throw BenchError.usage("--\(name) takes a positive integer") }
        return number
    }

    func double(_ name: String, default value: Double) throws -> Double {
        guard let text = options[name] else { return value }
        guard let number = Double(text), number > 0 else { throw BenchError.usage("--\(name) takes a positive number") }
        return number
    }

    func required(_ name: String) throws -> String {
        guard let value = options[name] else { throw BenchError.usage("--\(name) is required\n\(usage)") }
        return value
    }
}

func runBenchmarks(_ arguments: Arguments) throws -> [String] {
    let mode = arguments.positional.first ?? "core"
    switch mode {
    case "core", "all", "plan", "merge", "csv":
        let runs = try arguments.int("runs", default: 5)
        var table = BenchTable("core, in process (release)")
        if ["core", "all", "plan"].contains(mode) { try CoreBenchmarks.plan(runs: runs, into: &table) }
        if ["core", "all", "merge"].contains(mode) {
            CoreBenchmarks.merge(runs: try arguments.int("runs", default: 3), into: &table)
        }
        if ["core", "all", "csv"].contains(mode) { try CoreBenchmarks.csv(runs: runs, into: &table) }
        return table.problems
    case "cost":
        var table = BenchTable("cost report (release)")
        try CostBenchmarks.run(
            runs: try arguments.int("runs", default: 5), termscale: arguments.options["termscale"], into: &table)
        return table.problems
    case "simulate":
        var table = BenchTable("termscale simulate (release)")
        try SimulateBenchmarks.run(
            runs: try arguments.int("runs", default: 3), termscale: try arguments.required("termscale"), into: &table)
        return table.problems
    case "sign":
        let requests = try arguments.positional.dropFirst().first.map {
            guard let n = Int($0), n > 0 else { throw BenchError.usage("REQUESTS must be a positive integer") }
            return n
        }
        var table = BenchTable("SigV4 signing")
        try AWSBenchmarks.sign(
            requests: requests ?? 100_000, runs: try arguments.int("runs", default: 3), into: &table)
        return table.problems
    case "push":
        guard let endpoint = arguments.positional.dropFirst().first else { throw BenchError.usage(usage) }
        var table = BenchTable("push against \(endpoint)")
        try AWSBenchmarks.push(endpoint: endpoint, runs: try arguments.int("runs", default: 3), into: &table)
        return table.problems
    case "reconcile":
        guard let endpoint = arguments.positional.dropFirst().first.flatMap(URL.init(string:)), endpoint.host != nil else {
            throw BenchError.usage(usage)
        }
        let directory = try arguments.required("fleet")
        let fleet = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { "\(directory)/\($0)" }
        guard !fleet.isEmpty else {
            throw BenchError.missingInput(path: directory, hint: "no .yaml policy in it; bench/push-bench generates them")
        }
        let benchmark = PushBenchmarks(
            endpoint: endpoint, termscale: try arguments.required("termscale"), database: try arguments.required("db"),
            policy: try arguments.required("policy"), fleet: fleet, moto: MotoLog(path: try arguments.required("moto-log")),
            runs: try arguments.int("runs", default: 5), fleetRuns: try arguments.int("fleet-runs", default: 3),
            maxSeconds: try arguments.double("max-seconds", default: 60))
        var table = BenchTable(
            "termscale push (release binary, a process per run) against moto_server at \(endpoint.absoluteString), "
                + "now \(PushBenchmarks.now), horizon \(PushBenchmarks.horizonDays) days")
        try benchmark.run(into: &table)
        return table.problems
    case "import":
        guard let feed = arguments.positional.dropFirst().first else { throw BenchError.usage(usage) }
        guard FileManager.default.fileExists(atPath: feed) else {
            throw BenchError.missingInput(path: feed, hint: "generate it first (bench/import-bench does)")
        }
        let events = try arguments.int("events", default: 50_000)
        let benchmark = ImportBenchmark(
            feed: feed, events: events, termscale: try arguments.required("termscale"),
            runs: try arguments.int("runs", default: 5), pythonRuns: try arguments.int("python-runs", default: 3),
            maxSeconds: try arguments.double("max-seconds", default: 1.0))
        let size = (try? FileManager.default.attributesOfItem(atPath: feed)[.size] as? Int) ?? 0
        var table = BenchTable("import \(feed) (\(size.groupedThousands) bytes, \(events.groupedThousands) events)")
        try benchmark.run(into: &table)
        return table.problems
    case "xlsx":
        let workbooks = Array(arguments.positional.dropFirst())
        let csv = try arguments.required("csv")
        guard !workbooks.isEmpty else { throw BenchError.usage(usage) }
        for file in workbooks + [csv] where !FileManager.default.fileExists(atPath: file) {
            throw BenchError.missingInput(path: file, hint: "generate it first (bench/xlsx-bench does)")
        }
        let events = try arguments.int("events", default: 50_000)
        let benchmark = XLSXBenchmark(
            workbooks: workbooks, csv: csv, events: events, termscale: try arguments.required("termscale"),
            runs: try arguments.int("runs", default: 5), maxSeconds: try arguments.double("max-seconds", default: 2.0))
        var table = BenchTable("import \(events.groupedThousands) exam rows: XLSX beside CSV (release)")
        try benchmark.run(into: &table)
        return table.problems
    case "summary":
        guard let path = arguments.positional.dropFirst().first else { throw BenchError.usage(usage) }
        let results = try BenchResult.read(path)
        print(BenchSummary.render(results))
        return BenchSummary.missed(results)
    default:
        throw BenchError.usage(usage)
    }
}

do {
    let problems = try runBenchmarks(try Arguments(Array(CommandLine.arguments.dropFirst())))
    if !problems.isEmpty {
        print("MISSED: \(problems.joined(separator: "; "))")
        exit(1)
    }
} catch BenchError.usage(let message) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(64)
} catch {
    FileHandle.standardError.write(Data("error: \(error.localizedDescription)\n".utf8))
    exit(2)
}
