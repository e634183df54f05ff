import Foundation
import TermscaleAWS
import TermscaleCore

/// Issue 8: `termscale push` as cron runs it — the release binary, one process per run, its own
/// database with the sample year — against a local moto_server, beside a straightforward boto3
/// reconcile of the same actions (bench/push_boto3.py, one process per run). Three cases:
/// 1. a push with nothing to change on a group holding 120 scheduled actions (it must make no
///    write call);
/// 2. a full push of 120 actions (termscale's actions deleted before each run, untimed);
/// 3. a push with nothing to change on 200 groups of 120 actions each, in one process, which must
///    finish under `maxSeconds` in every run (the cron interval is 5 minutes).
///
/// Each side is timed launch to exit for termscale, by its own clock for boto3 (start-up in the
/// note), and its API calls are counted twice: as the client reports them (push's JSON `calls`,
/// botocore's calls, where a page is a call) and as moto logged the HTTP requests.
struct PushBenchmarks {
    /// Every push runs at this instant with this horizon: the May 2027 exams, whose 28 days from
    /// here need 148 MinSize changes, merged into the policy's budget of 120 actions.
    static let now = "2027-05-06T00:00:00Z"
    static let horizonDays = 28
    static let actionsPerGroup = 120
    static let script = "bench/push_boto3.py"

    var endpoint: URL
    /// The release termscale binary.
    var termscale: String
    /// A database with the sample year imported.
    var database: String
    /// The sample policy, for cases 1 and 2.
    var policy: String
    /// 200 policies for case 3, one group each.
    var fleet: [String]
    var moto: MotoLog
    var runs = 5
    var fleetRuns = 3
    var maxSeconds = 60.0

    func run(into table: inout BenchTable) throws {
        let folder = try FileManager.default.makeBenchFolder("push")
        defer { try? FileManager.default.removeItem(at: folder) }

        // The first push fills the group (untimed); what it put is the target boto3 reconciles to.
        let first = try push([policy])
        try requireFullPush(first.value, "the first push of \(policy)", &table)
        guard let group = first.value.first?.group else { return }
        let desired = folder.appendingPathComponent("desired-one.json")
        try PushOutput.desiredActions(first.value).write(to: desired)

        // 1. Nothing to change.
        try noChange([policy], groups: 1, label: "no change, 1 group × 120", limit: nil, runs: runs, into: &table)
        try boto3(desired, label: "no change, 1 group × 120", expectPuts: 0, runs: runs, into: &table)

        // 2. A full push: termscale's actions deleted before each run.
        let client = try clearingClient()
        var timings = Timings()
        var counts = Counts(source: "push's JSON")
        for _ in 0..<runs {
            try clear(group: group, client: client)
            let measured = try push([policy])
            try requireFullPush(measured.value, "a full push", &table, only: ["BatchPutScheduledUpdateGroupAction"])
            timings.record(measured.seconds)
            counts.add(calls: measured.value.map(\.calls.count).reduce(0, +), requests: measured.requests)
        }
        table.add(
            "termscale: full push, 120 actions", timings,
            note: "\(counts); 120 put in 3 batches of 50; whole process")
        try boto3(desired, label: "full push, 120 actions", expectPuts: Self.actionsPerGroup, runs: runs, into: &table) {
            try clear(group: group, client: client)
        }
        // boto3 left the group as termscale wants it: termscale sees nothing to change.
        let after = try push([policy])
        if after.value.contains(where: { $0.outcome != "in-sync" || !$0.writeCalls.isEmpty }) {
            table.fail("termscale push after boto3's full push is not in sync: \(after.value.map(\.writeCalls))")
        }

        // 3. 200 groups, nothing to change, one process.
        let fill = try push(fleet)
        try requireFullPush(fill.value, "the first push of the \(fleet.count) groups", &table)
        let fleetDesired = folder.appendingPathComponent("desired-fleet.json")
        try PushOutput.desiredActions(fill.value).write(to: fleetDesired)
        let label = "no change, \(fleet.count) groups × 120"
        try noChange(fleet, groups: fleet.count, label: label, limit: maxSeconds, runs: fleetRuns, into: &table)
        try boto3(fleetDesired, label: label, expectPuts: 0, runs: fleetRuns, into: &table)
    }

    /// `runs` pushes of `policies` that must find nothing to change: every group in sync, no write
    /// call, `actionsPerGroup` actions unchanged in each.
    private func noChange(
        _ policies: [String], groups: Int, label: String, limit: Double?, runs: Int, into table: inout BenchTable
    ) throws {
        var timings = Timings()
        var counts = Counts(source: "push's JSON")
        var problems: Set<String> = []
        for _ in 0..<runs {
            let measured = try push(policies)
            timings.record(measured.seconds)
            counts.add(calls: measured.value.map(\.calls.count).reduce(0, +), requests: measured.requests)
            if measured.value.count != groups { problems.insert("\(measured.value.count) groups reported, expected \(groups)") }
            for output in measured.value {
                if output.outcome != "in-sync" || !output.writeCalls.isEmpty || output.unchanged != Self.actionsPerGroup {
                    problems.insert(
                        "\(output.group): \(output.outcome), writes \(output.writeCalls), \(output.unchanged) unchanged")
                }
            }
        }
        let writes = problems.isEmpty ? "0 writes" : "WRITES OR CHANGES"
        table.add("termscale: \(label)", timings, under: limit, note: "\(counts), \(writes); whole process")
        // A cron deadline holds for every run, not only the best one the table's target looks at.
        if let limit, let slowest = timings.seconds.max(), slowest >= limit {
            table.fail(
                "termscale \(label): the slowest run took \(BenchTable.duration(slowest)), the target is < \(BenchTable.duration(limit))"
            )
        }
        for problem in problems.sorted() { table.fail("termscale \(label): \(problem)") }
    }

    /// `runs` runs of bench/push_boto3.py reconciling to `desired`, `before` each run (untimed,
    /// uncounted); each must put `expectPuts` actions per group and delete none.
    private func boto3(
        _ desired: URL, label: String, expectPuts: Int, runs: Int, into table: inout BenchTable,
        before: () throws -> Void = {}
    ) throws {
        let script = PythonScript(path: Self.script, arguments: ["reconcile", endpoint.absoluteString, desired.path])
        var result = PythonScript.Result()
        var counts = Counts(source: "botocore")
        for _ in 0..<runs {
            try before()
            let (one, requests) = try moto.counting { try script.run(times: 1) }
            guard let run = one.lastRun else { continue }
            result.timings.record(one.timings.best)
            result.processTimings.record(one.processTimings.best)
            result.lastRun = run
            counts.add(calls: Self.totalCalls(run.value("calls") ?? ""), requests: requests)
            let groups = Int(run.value("groups") ?? "") ?? 0
            let puts = Int(run.value("puts") ?? "")
            let deletes = Int(run.value("deletes") ?? "")
            if puts != expectPuts * groups || deletes != 0 || groups == 0 {
                table.fail("boto3 \(label): \(groups) groups, \(puts ?? -1) puts, \(deletes ?? -1) deletes")
            }
            if Int(run.value("requests") ?? "") != requests {
                table.fail("boto3 \(label): it counted \(run.value("requests") ?? "?") requests, moto \(requests)")
            }
        }
        table.add(
            "boto3: \(label)", result.timings, note: "\(counts); " + processNote(result), comparing: "termscale: \(label)")
    }

    /// One `termscale push --format json` of `policies`, timed launch to exit; it must exit 0.
    private func push(_ policies: [String]) throws -> (value: [PushOutput], seconds: Double, requests: Int) {
        let command = ExternalCommand(
            executable: termscale,
            arguments: ["push"] + policies.flatMap { ["--policy", $0] } + [
                "--now", Self.now, "--horizon", String(Self.horizonDays), "--db", database, "--endpoint-url",
                endpoint.absoluteString, "--format", "json",
            ])
        let (run, requests) = try moto.counting { try command.runSucceeding() }
        return (try PushOutput.decode(run.stdout), run.seconds, requests)
    }

    /// Every group put `actionsPerGroup` actions, deleted none and failed no call; with `only`,
    /// its write calls were exactly those.
    private func requireFullPush(
        _ outputs: [PushOutput], _ what: String, _ table: inout BenchTable, only: [String]? = nil
    ) throws {
        guard !outputs.isEmpty else { throw BenchError.check("\(what): no group in push's output") }
        for output in outputs {
            let ok =
                output.outcome == "changed" && output.puts.count == Self.actionsPerGroup && output.updates.isEmpty
                && output.deletes.isEmpty && output.errors.isEmpty && output.calls.allSatisfy(\.succeeded)
                && (only.map { output.writeCalls == $0 } ?? true)
            if !ok {
                throw BenchError.check(
                    "\(what): \(output.group) \(output.outcome), \(output.puts.count) puts, \(output.updates.count) updates, "
                        + "\(output.deletes.count) deletes, writes \(output.writeCalls), errors \(output.errors)")
            }
        }
    }

    /// termscale's own AWS client, signing with the key bench/push-bench exported, to delete the
    /// actions between the full-push runs.
    private func clearingClient() throws -> AutoScalingClient {
        let environment = ProcessInfo.processInfo.environment
        guard let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            throw BenchError.usage("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (bench/push-bench sets them)")
        }
        let credentials = Credentials(accessKeyID: key, secretAccessKey: secret, source: "environment")
        return AutoScalingClient(
            query: AWSQueryClient(
                endpoint: endpoint, service: "autoscaling", region: AWSBenchmarks.region, credentials: { credentials },
                transport: CurlTransport()))
    }

    /// Deletes termscale's actions on `group`, which must hold `actionsPerGroup` of them.
    private func clear(group: String, client: AutoScalingClient) throws {
        let prefix = ScheduledAction.namePrefix(group: group)
        let names = try client.describeScheduledActions(group: group).map(\.name).filter { $0.hasPrefix(prefix) }
        let failures = try client.deleteScheduledActions(group: group, names: names)
        guard names.count == Self.actionsPerGroup, failures.isEmpty else {
            throw BenchError.check("clearing \(group): \(names.count) actions found, failures \(failures)")
        }
    }

    /// The sum of push_boto3.py's `calls: Op=N …` line.
    private static func totalCalls(_ line: String) -> Int {
        line.split(separator: " ").compactMap { $0.split(separator: "=").last.flatMap { Int($0) } }.reduce(0, +)
    }
}

/// The API calls and HTTP requests of a benchmark's runs, written as one value when every run
/// made the same number and as a range otherwise. Calls are as the client counts them (`source`):
/// push's JSON has one call per paginated read or batched write, botocore one per page and batch.
private struct Counts: CustomStringConvertible {
    private var source: String
    private var calls: [Int] = []
    private var requests: [Int] = []

    init(source: String) { self.source = source }

    mutating func add(calls: Int, requests: Int) {
        self.calls.append(calls)
        self.requests.append(requests)
    }

    var description: String {
        "\(Self.range(calls)) calls (\(source)), \(Self.range(requests)) HTTP requests (moto)"
    }

    private static func range(_ values: [Int]) -> String {
        guard let low = values.min(), let high = values.max() else { return "-" }
        return low == high ? low.groupedThousands : "\(low.groupedThousands)–\(high.groupedThousands)"
    }
}
