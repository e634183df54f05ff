import Foundation
import TermscaleAWS
import TermscaleCore

/// Issue 4: termscale's AWS client beside boto3/botocore doing the same work
/// (bench/aws_boto3.py, one process per run, timing the work with its own clock).
enum AWSBenchmarks {
    static let region = "eu-west-2"
    static let group = "moodle-web"
    static let credentials = Credentials(
        accessKeyID: "AKIDBENCHMARKBENCH00", secretAccessKey: "bench-secret-key", source: "bench")
    static let script = "bench/aws_boto3.py"

    /// SigV4-sign `n` DescribeScheduledActions requests, `runs` times, with termscale's signer and
    /// with botocore's.
    static func sign(requests n: Int, runs: Int, into table: inout BenchTable) throws {
        let signer = SigV4Signer(service: "autoscaling", region: region)
        guard let endpoint = URL(string: "https://autoscaling.\(region).amazonaws.com") else { return }
        let request = AWSQueryRequest(
            action: "DescribeScheduledActions", parameters: [("AutoScalingGroupName", group), ("MaxRecords", "100")]
        )
        .httpRequest(endpoint: endpoint)
        let date = Date(timeIntervalSince1970: 1_799_746_200)
        var total = 0
        let timings = Timings.measure(runs: runs) {
            for i in 0..<n {
                let signed = signer.sign(request, credentials: credentials, date: date.addingTimeInterval(Double(i % 60)))
                total &+= signed.headers.count
            }
        }
        let label = n.groupedThousands
        table.add("termscale: sign \(label) requests", timings, note: perRequest(timings, n))

        let botocore = try PythonScript(path: script, arguments: ["sign", String(n)]).run(times: runs)
        table.add(
            "botocore: sign \(label) requests", botocore.timings,
            note: perRequest(botocore.timings, n) + "; " + processNote(botocore), comparing: "termscale: sign \(label) requests")
    }

    /// Put 120 scheduled actions in batches of 50 and read them all back, against `endpoint` (a
    /// local moto_server with the group already created), with termscale's client and with boto3.
    /// Each side first does one untimed round (connections, lazily built models), and deletes the
    /// actions after every round, untimed.
    static func push(endpoint: String, runs: Int, into table: inout BenchTable) throws {
        guard let url = URL(string: endpoint), url.host != nil else {
            throw BenchError.usage("not an endpoint URL: \(endpoint)")
        }
        let client = AutoScalingClient(
            query: AWSQueryClient(
                endpoint: url, service: "autoscaling", region: region, credentials: { credentials },
                transport: CurlTransport()))
        guard let first = UTCFormat.parseRFC3339("2031-01-13T08:45:00Z") else { return }
        let actions = (0..<120).map { i in
            let start = first.addingTimeInterval(Double(i) * 1800)
            return ScheduledActionRequest(
                name: ScheduledAction.name(group: group, startTime: start), startTime: start, minSize: 2 + i % 30)
        }
        func round() throws {
            let failures = try client.putScheduledActions(group: group, actions)
            let stored = try client.describeScheduledActions(group: group).filter { $0.name.hasPrefix("termscale-") }
            guard failures.isEmpty, stored.count == actions.count else {
                throw BenchError.check("push failed: \(failures), \(stored.count) of \(actions.count) actions stored")
            }
        }
        func clean() throws {
            _ = try client.deleteScheduledActions(group: group, names: actions.map(\.name))
        }

        try round()
        try clean()
        var timings = Timings()
        for _ in 0..<runs {
            timings.record(try elapsedSeconds(round))
            try clean()
        }
        table.add("termscale: push 120 + read-back", timings, note: "3 batches of 50, all pages read back")

        let boto3 = try PythonScript(path: script, arguments: ["push", endpoint]).run(times: runs)
        table.add(
            "boto3: push 120 + read-back", boto3.timings, note: processNote(boto3),
            comparing: "termscale: push 120 + read-back")
    }

    private static func perRequest(_ timings: Timings, _ n: Int) -> String {
        String(format: "%.2f µs per request (best)", timings.best / Double(n) * 1e6)
    }
}

/// What a Python row's note says about the processes: the script's clock leaves start-up out.
func processNote(_ result: PythonScript.Result) -> String {
    "script's own clock; whole process median \(BenchTable.duration(result.processTimings.median))"
}
