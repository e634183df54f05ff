import Foundation
import Testing
import TermscaleCore
@testable import TermscaleAWS

/// `termscale status`, the built binary, against moto with signature checking on: the whole
/// path from the command line (policy region, --endpoint-url, environment credentials, --verbose).
@Suite(.serialized) struct StatusCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Run { var status: Int32; var stdout: String; var stderr: String }

    static func termscale(_ arguments: [String], environment: [String: String]) throws -> Run {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder = folder.deletingLastPathComponent() }
        let process = Process()
        process.executableURL = folder.appendingPathComponent("termscale")
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func statusReadsTheGroupSignedWithEnvironmentCredentials() throws {
        let f = try MotoIntegrationTests.setup()
        let first = UTCFormat.parseRFC3339("2031-01-13T08:45:00Z")!
        _ = try f.client().putScheduledActions(group: "moodle-web", [
            ScheduledActionRequest(name: ScheduledAction.name(group: "moodle-web", startTime: first), startTime: first, minSize: 31),
            ScheduledActionRequest(name: "other-tool-nightly", startTime: first.addingTimeInterval(3600), minSize: 2),
        ])
        let env = ["AWS_ACCESS_KEY_ID": f.key.accessKeyID, "AWS_SECRET_ACCESS_KEY": f.key.secretAccessKey,
                   "AWS_EC2_METADATA_DISABLED": "true", "HOME": NSTemporaryDirectory()]
        let run = try Self.termscale(["status", "--policy", "policies/moodle-web.yaml", "--endpoint-url",
                                      f.moto.endpoint.absoluteString, "--verbose"], environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "group moodle-web · region eu-west-2 (the policy) · endpoint \(f.moto.endpoint.absoluteString)/ (--endpoint-url)")
        #expect(lines[1].hasPrefix("MinSize 2 · MaxSize 60 · DesiredCapacity 2 · instances 2"))
        #expect(lines[2] == "mix: on-demand base 2, 25% on-demand above base, spot price-capacity-optimized")
        #expect(lines[3] == "scheduled actions: 2 (1 termscale's, 1 others'); 123 of AWS's 125 left")
        #expect(lines[4] == "  next: 2031-01-13T08:45:00Z  MinSize 31  termscale-moodle-web-20310113T0845Z")
        // --verbose traced the calls on stderr, without the secret.
        #expect(run.stderr.contains("DescribeAutoScalingGroups → HTTP 200"))
        #expect(!run.stderr.contains(f.key.secretAccessKey) && !run.stdout.contains(f.key.secretAccessKey))

        let wrong = try Self.termscale(["status", "--policy", "policies/moodle-web.yaml", "--endpoint-url", f.moto.endpoint.absoluteString],
                                       environment: env.merging(["AWS_SECRET_ACCESS_KEY": "wrong-secret-value-123"]) { $1 })
        #expect(wrong.status == 69)
        #expect(wrong.stderr.contains("check your credentials"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("wrong-secret-value-123"))
    }

    @Test func noCredentialsAnywhereIsAConfigurationError() throws {
        let run = try Self.termscale(["status", "--policy", "policies/moodle-web.yaml", "--endpoint-url", "http://127.0.0.1:9"],
                                     environment: ["AWS_EC2_METADATA_DISABLED": "true", "HOME": NSTemporaryDirectory()])
        #expect(run.status == 78, "\(run.stderr)")
    }

    @Test func plainHTTPToARemoteHostIsRefusedBeforeConnecting() throws {
        let run = try Self.termscale(["status", "--policy", "policies/moodle-web.yaml", "--endpoint-url", "http://192.0.2.1"],
                                     environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
                                                   "AWS_EC2_METADATA_DISABLED": "true"])
        #expect(run.status == 69)
        #expect(run.stderr.contains("plain http:// is only allowed to loopback addresses"), "\(run.stderr)")
    }
}
