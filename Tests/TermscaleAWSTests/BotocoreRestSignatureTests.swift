import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleTestSupport
import Testing

/// Signs random EventBridge Scheduler requests (REST-JSON: the name in the path, parameters in the
/// query, a JSON body) with `SigV4Signer` and with botocore, and requires the same Authorization
/// header. Names are drawn with spaces, colons, slashes, `%`, non-ASCII and emoji although AWS's
/// names are only `[0-9a-zA-Z-_.]`: a path segment is encoded once on the wire and once more in
/// the canonical request, as botocore signs it.
@Suite struct BotocoreRestSignatureTests {
    static let count = 200

    static func request(_ action: String, name: String, group: String, token: String) -> AWSRestJSONRequest {
        switch action {
        case "CreateSchedule":
            return AWSRestJSONRequest(
                action: action, method: "POST", path: ["schedules", name],
                body: .object([("GroupName", .string(group)), ("ScheduleExpression", .string("at(2031-01-13T08:00:00)"))]))
        case "ListSchedules":
            return AWSRestJSONRequest(
                action: action, method: "GET", path: ["schedules"],
                query: [("ScheduleGroup", group), ("MaxResults", "100"), ("NextToken", token)])
        case "CreateScheduleGroup":
            return AWSRestJSONRequest(action: action, method: "POST", path: ["schedule-groups", group], body: .object([]))
        default: // GetSchedule, DeleteSchedule
            return AWSRestJSONRequest(
                action: action, method: action == "GetSchedule" ? "GET" : "DELETE", path: ["schedules", name],
                query: [("groupName", group)])
        }
    }

    @Test func signaturesMatchBotocoreForRandomSchedulerRequests() throws {
        // Given random requests from a fixed seed, and one with a space and a colon in its name
        var random = SplitMix64(seed: 0x5C4E_D)
        let actions = ["CreateSchedule", "ListSchedules", "CreateScheduleGroup", "GetSchedule", "DeleteSchedule"]
        var signed: [(HTTPRequest, SigV4Signer)] = []
        var cases: [BotocoreSignatureTests.Case] = []
        for index in 0..<Self.count {
            let region = BotocoreSignatureTests.regions.randomElement(using: &random)!
            let endpoint =
                Bool.random(using: &random)
                ? "http://127.0.0.1:\(Int.random(in: 1024...65535, using: &random))" : "https://scheduler.\(region).amazonaws.com"
            let name =
                index == 0 ? "termscale moodle:web" : random.string(from: BotocoreSignatureTests.nameAlphabet, length: 1...40)
            let group = index == 0 ? "termscale group" : random.string(from: BotocoreSignatureTests.nameAlphabet, length: 1...30)
            let token = random.string(from: BotocoreSignatureTests.secretAlphabet + ["="], length: 20...200)
            let action = index == 0 ? "GetSchedule" : actions.randomElement(using: &random)!
            let request = Self.request(action, name: name, group: group, token: token)
                .httpRequest(endpoint: URL(string: endpoint)!)
            let credentials = Credentials(
                accessKeyID: "AKIA" + random.string(from: BotocoreSignatureTests.keyAlphabet, length: 16...16),
                secretAccessKey: random.string(from: BotocoreSignatureTests.secretAlphabet, length: 40...40),
                sessionToken: Bool.random(using: &random)
                    ? random.string(from: BotocoreSignatureTests.secretAlphabet, length: 100...300) : nil,
                source: "test")
            let date = random.date(in: BotocoreSignatureTests.dates)
            let signer = SigV4Signer(service: "scheduler", region: region)
            signed.append((signer.sign(request, credentials: credentials, date: date), signer))
            cases.append(
                BotocoreSignatureTests.Case(
                    method: request.method, url: request.url.absoluteString,
                    headers: request.headers.map { [$0.name, $0.value] },
                    body: String(decoding: request.body, as: UTF8.self), accessKey: credentials.accessKeyID,
                    secretKey: credentials.secretAccessKey, token: credentials.sessionToken, region: region, service: "scheduler",
                    amzDate: SigV4Signer.amzDate(date)))
        }

        // When botocore signs them too
        let botocore = try BotocoreSignatureTests.runBotocore(cases)
        try #require(botocore.count == signed.count)

        // Then every canonical request and Authorization header is the same
        #expect(cases[0].url.hasSuffix("/schedules/termscale%20moodle%3Aweb?groupName=termscale%20group"))
        #expect(botocore[0].canonicalRequest.split(separator: "\n")[1] == "/schedules/termscale%2520moodle%253Aweb")
        var mismatches = 0
        for (index, (request, signer)) in signed.enumerated()
        where request.header("Authorization") != botocore[index].authorization {
            mismatches += 1
            #expect(signer.canonicalRequest(request) == botocore[index].canonicalRequest, "request \(index): \(cases[index].url)")
        }
        #expect(mismatches == 0)
    }
}
