import Foundation
import Logging
import TermscaleAWS

/// A transport that gives every request the same answer: the fuzzer's bytes as the body.
public struct FuzzAnswer: HTTPTransport {
    public let response: HTTPResponse

    public func send(_ request: HTTPRequest) throws -> HTTPResponse { response }

    static let credentials = Credentials(
        accessKeyID: "AKIDFUZZFUZZFUZZFUZZ", secretAccessKey: "fuzz-secret", source: "fuzz")
    static let endpoint = URL(string: "https://fuzz.eu-west-2.amazonaws.com")!
    /// One attempt: a retryable answer is not asked for again, and nothing sleeps.
    static let retry = RetryStrategy(maxAttempts: 1, sleep: { _ in }, random: { 0 })
    static let logger = Logger(label: "termscale.fuzz", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A Query client (`autoscaling`, `ec2`) whose every call is answered with `status` and `body`.
    public static func queryClient(status: Int, body: [UInt8], service: String) -> AWSQueryClient {
        AWSQueryClient(
            endpoint: endpoint, service: service, region: "eu-west-2", credentials: { credentials },
            transport: FuzzAnswer(response: HTTPResponse(status: status, headers: [("Content-Type", "text/xml")], body: body)),
            retry: retry, logger: logger)
    }

    /// A REST-JSON client (`scheduler`) whose every call is answered with `status` and `body`.
    public static func restClient(status: Int, body: [UInt8]) -> AWSRestJSONClient {
        AWSRestJSONClient(
            endpoint: endpoint, service: "scheduler", region: "eu-west-2", credentials: { credentials },
            transport: FuzzAnswer(
                response: HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: body)),
            retry: retry, logger: logger)
    }
}
