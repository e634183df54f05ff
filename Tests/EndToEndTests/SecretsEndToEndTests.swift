import Foundation
import TermscaleTestSupport
import Testing

/// The secret key and the session token never appear in any output, log, error or file: the
/// whole main job — import, plan, push, verify, status, cost with AWS prices, history — run with
/// `--verbose` against moto (signature-checked), then again with a session token, which moto
/// refuses, so the failure paths are searched too.
@Suite struct SecretsEndToEndTests {
    static let token = "FwoGZXIvYXdzTOKEN/must+never+appear=="

    @Test func neitherTheSecretNorTheTokenAppearsInAnyOutputOrFile() throws {
        let tmp = try TemporaryFolder()
        let db = tmp.path("state.sqlite")
        let group = try PushEndToEndTests.Group()
        let secret = try #require(group.env["AWS_SECRET_ACCESS_KEY"])
        var outputs: [String] = []
        func run(_ arguments: [String], token: Bool = false, expect codes: Set<Int32> = [0]) throws {
            var env = group.env
            if token { env["AWS_SESSION_TOKEN"] = Self.token }
            let r = try TermscaleBinary.run(arguments, environment: env)
            #expect(codes.contains(r.exitCode), "\(arguments.prefix(2)): \(r.exitCode) \(r.stderr)")
            outputs += [r.stdout, r.stderr]
        }
        let aws = ["--endpoint-url", group.moto.endpoint.absoluteString, "--verbose"]
        let policy = ["--policy", PushEndToEndTests.policy, "--db", db]
        try run(["import", "calendars/academic-calendar-2026-27.ics", "--kind", "window", "--db", db])
        try run(["import", "calendars/exams-2027-01.csv", "--db", db])
        try run(["plan", "--week", "2027-W02", "--now", "2027-01-04T06:00:00Z"] + policy)
        try run(["push", "--now", "2027-01-04T06:00:00Z"] + policy + aws)
        try run(["verify", "--now", "2027-01-04T06:00:00Z"] + policy + aws, expect: [0, 1])
        try run(["status", "--policy", PushEndToEndTests.policy] + aws)
        // The user may not read Spot prices: AWS's refusal, exit 69.
        try run(["cost", "--spot-price", "aws", "--now", "2027-01-04T06:00:00Z"] + policy + aws, expect: [69])
        try run(["history", "--db", db, "--format", "json"])
        // With a session token (moto refuses it): every call fails, and says why.
        try run(["push", "--now", "2027-01-04T06:05:00Z"] + policy + aws, token: true, expect: [1])
        try run(["verify", "--now", "2027-01-04T06:05:00Z"] + policy + aws, token: true, expect: [1])
        try run(["status", "--policy", PushEndToEndTests.policy] + aws, token: true, expect: [69])
        // The verbose log is there to search: every call of the push is in it.
        #expect(outputs.contains { $0.contains("DescribeAutoScalingGroups → HTTP 200") })
        #expect(outputs.contains { $0.contains("InvalidClientTokenId") })

        for text in outputs {
            #expect(!text.contains(secret), "the secret key in: \(text.prefix(300))")
            #expect(!text.contains(Self.token), "the session token in: \(text.prefix(300))")
        }
        // Nor in any file termscale wrote: the database, its journal, the push lock.
        let files = try FileManager.default.contentsOfDirectory(atPath: tmp.url.path)
        #expect(files.contains("state.sqlite") && files.contains("state.sqlite.push-lock"))
        for name in files {
            let path = tmp.path(name)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "the secret key in \(name)")
            #expect(bytes.range(of: Data(Self.token.utf8)) == nil, "the session token in \(name)")
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(name) is readable by others: \(String(mode, radix: 8))")
        }
    }
}
