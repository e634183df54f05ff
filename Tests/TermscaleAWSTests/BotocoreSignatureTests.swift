import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleTestSupport
import Testing

/// Signs randomly generated Auto Scaling Query requests with `SigV4Signer` and with Python's
/// botocore (`Fixtures/botocore_sign.py`, run with `python3` from PATH) and requires the same
/// Authorization header for every one. botocore is what the AWS CLI and boto3 sign with.
@Suite struct BotocoreSignatureTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/botocore_sign.py")
    static let count = 250

    struct Case: Encodable {
        var method: String
        var url: String
        var headers: [[String]]
        var body: String
        var accessKey: String
        var secretKey: String
        var token: String?
        var region: String
        var service: String
        var amzDate: String
    }

    struct Signed: Decodable {
        var authorization: String
        var canonicalRequest: String
    }

    @Test func signaturesMatchBotocoreForRandomAutoScalingRequests() throws {
        // Given random requests from a fixed seed, each with its credentials, region and time
        var random = SplitMix64(seed: 0x7E53_5CA1E)
        var requests: [(HTTPRequest, Credentials, SigV4Signer, Date)] = []
        var cases: [Case] = []
        for _ in 0..<Self.count {
            let (request, credentials, region, date) = Self.randomRequest(&random)
            let signer = SigV4Signer(service: "autoscaling", region: region)
            requests.append((request, credentials, signer, date))
            cases.append(
                Case(
                    method: request.method, url: request.url.absoluteString,
                    headers: request.headers.map { [$0.name, $0.value] },
                    body: String(decoding: request.body, as: UTF8.self),
                    accessKey: credentials.accessKeyID, secretKey: credentials.secretAccessKey,
                    token: credentials.sessionToken, region: region, service: "autoscaling",
                    amzDate: SigV4Signer.amzDate(date)))
        }

        // When botocore signs them too
        let botocore = try Self.runBotocore(cases)
        try #require(botocore.count == requests.count)

        // Then every Authorization header (and so every canonical request) is the same
        var mismatches = 0
        for (index, (request, credentials, signer, date)) in requests.enumerated() {
            let signed = signer.sign(request, credentials: credentials, date: date)
            if signed.header("Authorization") != botocore[index].authorization {
                mismatches += 1
                #expect(
                    signer.canonicalRequest(signed) == botocore[index].canonicalRequest,
                    "request \(index): \(cases[index].body)")
                #expect(signed.header("Authorization") == botocore[index].authorization, "request \(index)")
            }
        }
        #expect(mismatches == 0)
    }

    // MARK: - Random requests

    static let actions = [
        "DescribeScheduledActions", "BatchPutScheduledUpdateGroupAction", "BatchDeleteScheduledAction",
        "PutScheduledUpdateGroupAction", "DeleteScheduledAction", "DescribeAutoScalingGroups",
        "UpdateAutoScalingGroup", "PutScalingPolicy", "DescribePolicies",
    ]
    static let regions = [
        "us-east-1", "eu-west-2", "eu-central-1", "ap-southeast-2", "sa-east-1", "cn-north-1",
        "cn-northwest-1", "us-gov-west-1", "me-central-1",
    ]
    /// Letters plus what must be escaped: space, `+/=&%`, quotes, tabs, non-ASCII, emoji.
    static let nameAlphabet = Array("abcXYZ019-_.~ +/=&%?#:;,'\"*()[]@!$\tüéßÅ日本語😀")
    static let keyAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    static let secretAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/")

    /// 2015-01-01 to 2035-12-31, whole seconds (the signer signs whole seconds, as botocore).
    static let dates = utc("2015-01-01T00:00:00Z")...utc("2035-12-31T23:59:59Z")

    static func randomRequest(_ random: inout SplitMix64) -> (HTTPRequest, Credentials, String, Date) {
        let action = actions.randomElement(using: &random)!
        let group = random.string(from: nameAlphabet, length: 1...40)
        var parameters = AWSQueryParameters()
        parameters.add("AutoScalingGroupName", group)
        switch action {
        case "BatchPutScheduledUpdateGroupAction":
            let count = Int.random(in: 1...50, using: &random)
            parameters.addList("ScheduledUpdateGroupActions", 0..<count) { item, index in
                item.add("ScheduledActionName", "\(group)-\(index)-" + random.string(from: nameAlphabet, length: 0...12))
                item.add("StartTime", random.date(in: dates))
                if Bool.random(using: &random) { item.add("EndTime", random.date(in: dates)) }
                if Bool.random(using: &random) { item.add("Recurrence", "30 8 * * 1-5") }
                if Bool.random(using: &random) { item.add("TimeZone", "Europe/London") }
                item.add("MinSize", Int.random(in: 0...20, using: &random))
                if Bool.random(using: &random) { item.add("MaxSize", Int.random(in: 20...200, using: &random)) }
                if Bool.random(using: &random) { item.add("DesiredCapacity", Int.random(in: 0...50, using: &random)) }
            }
        case "BatchDeleteScheduledAction":
            parameters.addList(
                "ScheduledActionNames",
                (0..<Int.random(in: 1...50, using: &random)).map { _ in
                    random.string(from: nameAlphabet, length: 1...30)
                })
        case "PutScheduledUpdateGroupAction":
            parameters.add("ScheduledActionName", random.string(from: nameAlphabet, length: 1...60))
            parameters.add("StartTime", random.date(in: dates))
            parameters.add("DesiredCapacity", Int.random(in: 0...50, using: &random))
        case "DeleteScheduledAction":
            parameters.add("ScheduledActionName", random.string(from: nameAlphabet, length: 1...60))
        case "DescribeScheduledActions", "DescribePolicies":
            parameters.add("MaxRecords", 100)
            if Bool.random(using: &random) {
                parameters.add("NextToken", random.string(from: secretAlphabet + ["="], length: 20...200))
            }
        case "UpdateAutoScalingGroup":
            parameters.add("MinSize", Int.random(in: 0...10, using: &random))
            parameters.addStructure("MixedInstancesPolicy") { policy in
                policy.addStructure("LaunchTemplate") { template in
                    template.addStructure("LaunchTemplateSpecification") { spec in
                        spec.add("LaunchTemplateName", random.string(from: nameAlphabet, length: 3...20))
                        spec.add("Version", "$Latest")
                    }
                    template.addList("Overrides", ["m6i.large", "m5.large", "c6i.xlarge"]) { item, type in
                        item.add("InstanceType", type)
                    }
                }
                policy.addStructure("InstancesDistribution") { distribution in
                    distribution.add("OnDemandBaseCapacity", Int.random(in: 0...4, using: &random))
                    distribution.add("OnDemandPercentageAboveBaseCapacity", Int.random(in: 0...100, using: &random))
                    distribution.add("SpotAllocationStrategy", "price-capacity-optimized")
                }
            }
        default: // PutScalingPolicy, DescribeAutoScalingGroups
            parameters.add("PolicyName", random.string(from: nameAlphabet, length: 1...40))
            parameters.add("PolicyType", "TargetTrackingScaling")
            parameters.addStructure("TargetTrackingConfiguration") { config in
                config.addStructure("PredefinedMetricSpecification") { metric in
                    metric.add("PredefinedMetricType", "ASGAverageCPUUtilization")
                }
                config.add("TargetValue", Double(Int.random(in: 10...90, using: &random)) + 0.5)
                config.add("DisableScaleIn", Bool.random(using: &random))
            }
        }

        let region = regions.randomElement(using: &random)!
        let endpoint: String
        switch Int.random(in: 0..<4, using: &random) {
        case 0: endpoint = "http://127.0.0.1:\(Int.random(in: 1024...65535, using: &random))"
        case 1: endpoint = "https://autoscaling.\(region).amazonaws.com:8443"
        default: endpoint = "https://autoscaling.\(region).amazonaws.com\(region.hasPrefix("cn-") ? ".cn" : "")"
        }
        var request = AWSQueryRequest(action: action, parameters: parameters).httpRequest(endpoint: URL(string: endpoint)!)
        if Bool.random(using: &random) { request.headers.append((name: "User-Agent", value: "termscale/1.0 (linux)")) }
        if Bool.random(using: &random) {
            request.headers.append((name: "X-Termscale-Run", value: "  run  \(Int.random(in: 0...999, using: &random))   id "))
        }
        let credentials = Credentials(
            accessKeyID: (Bool.random(using: &random) ? "AKIA" : "ASIA") + random.string(from: keyAlphabet, length: 16...16),
            secretAccessKey: random.string(from: secretAlphabet, length: 40...40),
            sessionToken: Bool.random(using: &random) ? random.string(from: secretAlphabet + ["="], length: 100...400) : nil,
            source: "test")
        return (request, credentials, region, random.date(in: dates))
    }

    // MARK: - botocore

    /// Runs the botocore script over `cases`. Fails (never skips) when python3 or botocore is missing.
    static func runBotocore(_ cases: [Case]) throws -> [Signed] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw BotocoreUnavailable(
                reason: "cannot run /usr/bin/env python3 (\(error)): install Python 3 and "
                    + "botocore (pip install botocore)")
        }
        // botocore_sign.py reads and writes snake_case keys (access_key, amz_date, canonical_request).
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let json = try encoder.encode(cases)
        // Read stdout and stderr concurrently with writing stdin, so no pipe fills up.
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { out = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = errors.fileHandleForReading.readDataToEndOfFile() }
        input.fileHandleForWriting.write(json)
        try input.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        let stderr = String(decoding: err, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let reason =
                process.terminationStatus == 127
                ? "python3 is not on PATH: install Python 3 and botocore (pip install botocore)"
                : "botocore_sign.py exited with status \(process.terminationStatus): \(stderr)"
            throw BotocoreUnavailable(reason: reason)
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode([Signed].self, from: out)
    }

    struct BotocoreUnavailable: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }
}
