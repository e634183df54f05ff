import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

/// `termscale push` through a proxy that breaks calls (Fixtures/fault_proxy.py) in front of moto
/// with signature checking on: throttling, 5xx, dropped connections and lost answers, and a
/// push killed with -9 between its batches.
@Suite struct PushFaultEndToEndTests {
    /// The proxy, started with `arguments`, listening on a loopback port it chose.
    final class FaultProxy {
        let process = Process()
        let port: Int
        let folder: TemporaryFolder
        var endpoint: String { "http://127.0.0.1:\(port)" }
        var log: String { (try? String(contentsOfFile: folder.path("faults.log"), encoding: .utf8)) ?? "" }
        var markerPath: String { folder.path("hung") }

        init(upstream: URL, _ arguments: [String]) throws {
            folder = try TemporaryFolder()
            let script = TermscaleBinary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Fixtures/fault_proxy.py").path
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments =
                [
                    "python3", script, "--upstream", upstream.absoluteString, "--port-file", folder.path("port"),
                    "--log", folder.path("faults.log"), "--marker", folder.path("hung"),
                ] + arguments
            process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            port = try PortFile.waitForPort(at: folder.path("port"), of: process, server: "fault_proxy.py")
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    static func push(_ group: PushEndToEndTests.Group, endpoint: String, now: String, db: String) throws
        -> (exitCode: Int32, json: [String: Any])
    {
        let run = try TermscaleBinary.run(
            [
                "push", "--policy", PushEndToEndTests.policy, "--now", now, "--db", db, "--format", "json",
                "--endpoint-url", endpoint,
            ], environment: group.env)
        let array = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]], "\(run.stdout)\(run.stderr)")
        return (run.exitCode, try #require(array.first))
    }

    @Test func repeatedPushesThroughThirtyPercentFaultsConvergeToExactlyThePlan() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let group = try PushEndToEndTests.Group()
        let proxy = try FaultProxy(upstream: group.moto.endpoint, ["--fault-rate", "0.3", "--seed", "7"])
        let planned = try PushEndToEndTests.planActions(db: db, now: "2027-01-04T06:00:00Z", before: "2027-01-18T06:00:00Z")

        // Cron's view: a push every 5 minutes until one finds nothing to do.
        var outcomes: [String] = []
        for minute in stride(from: 0, to: 60, by: 5) {
            let run = try Self.push(group, endpoint: proxy.endpoint, now: "2027-01-04T06:\(minute.zeroPadded(to: 2)):00Z", db: db)
            let outcome = run.json["outcome"] as? String ?? "?"
            outcomes.append(outcome)
            #expect([0, 1, 2].contains(run.exitCode))
            if outcome == "in-sync" { break }
        }
        #expect(outcomes.last == "in-sync", "\(outcomes)")
        // Faults of every kind were injected, and none left a trace in the result.
        for kind in ["throttle ", "unavailable ", "drop ", "lose "] {
            #expect(proxy.log.contains(kind), "no \(kind)fault in:\n\(proxy.log)")
        }
        #expect(try group.actions() == planned)
        let status = try group.status()
        #expect(status["min_size"] as? Int == 2)
    }

    @Test func aPushKilledBetweenItsBatchesIsRepairedByTheNext() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let group = try PushEndToEndTests.Group()
        // The 55 actions go in two batches (50 + 5): the proxy holds the second one.
        let proxy = try FaultProxy(upstream: group.moto.endpoint, ["--hang-before", "BatchPutScheduledUpdateGroupAction:2"])
        let push = Process()
        push.executableURL = TermscaleBinary.url
        push.arguments = [
            "push", "--policy", PushEndToEndTests.policy, "--now", "2027-01-04T06:00:00Z", "--db", db, "--endpoint-url",
            proxy.endpoint,
        ]
        push.currentDirectoryURL = TermscaleBinary.packageRoot
        push.environment = group.env.merging(["PATH": "/usr/bin:/bin", "TZ": "UTC"]) { $1 }
        push.standardOutput = FileHandle.nullDevice
        push.standardError = FileHandle.nullDevice
        try push.run()
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: proxy.markerPath) && Date() < deadline && push.isRunning { usleep(20_000) }
        #expect(FileManager.default.fileExists(atPath: proxy.markerPath), "the push never reached its second batch")
        kill(push.processIdentifier, SIGKILL)
        push.waitUntilExit()
        #expect(push.terminationReason == .uncaughtSignal)

        // Half done: the first batch's 50 actions are there, the last 5 are not.
        let planned = try PushEndToEndTests.planActions(db: db, now: "2027-01-04T06:00:00Z", before: "2027-01-18T06:00:00Z")
        let half = try group.actions()
        #expect(half.count == 50)
        #expect(Set(half).isSubset(of: Set(planned)))

        // The next push (its lock free again: the kernel dropped the killed one's) repairs it all.
        let next = try group.push(now: "2027-01-04T06:05:00Z", db: db)
        #expect(next.exitCode == 0, "\(next.json["errors"] ?? "")")
        #expect(next.json["unchanged"] as? Int == 50)
        #expect(PushEndToEndTests.names(next.json["puts"]).count == 5)
        #expect(try group.actions() == planned)
        let again = try group.push(now: "2027-01-04T06:10:00Z", db: db)
        #expect(PushEndToEndTests.writeCalls(again.json).isEmpty)
    }

    @Test func twoPushesAtOnceNeverBothWrite() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let group = try PushEndToEndTests.Group()
        // Two cron runs that overlap: both start together; the lock lets one write, and the
        // other, once it has waited, finds the group in sync.
        let runs: [(Process, Pipe)] = (0..<2).map { _ in
            let p = Process()
            p.executableURL = TermscaleBinary.url
            p.arguments = [
                "push", "--policy", PushEndToEndTests.policy, "--now", "2027-01-04T06:00:00Z", "--db", db, "--format", "json",
                "--endpoint-url", group.moto.endpoint.absoluteString,
            ]
            p.currentDirectoryURL = TermscaleBinary.packageRoot
            p.environment = group.env.merging(["PATH": "/usr/bin:/bin", "TZ": "UTC"]) { $1 }
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            return (p, out)
        }
        for (p, _) in runs { try p.run() }
        let outcomes = try runs.map { p, out -> String in
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            let json = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            return json.first?["outcome"] as? String ?? "?"
        }
        #expect(outcomes.sorted() == ["changed", "in-sync"])
        let planned = try PushEndToEndTests.planActions(db: db, now: "2027-01-04T06:00:00Z", before: "2027-01-18T06:00:00Z")
        #expect(try group.actions() == planned)
    }
}
