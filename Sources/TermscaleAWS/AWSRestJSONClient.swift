import Foundation
import Logging

/// One REST-JSON call: a method, a path of segments, query parameters and a JSON body.
public struct AWSRestJSONRequest: Sendable, Equatable {
    /// The operation, for logs, errors and permission advice (`CreateSchedule`).
    public var action: String
    public var method: String
    /// The path's segments, unencoded (`["schedules", "termscale-moodle-web-…"]`): each is
    /// percent-encoded once on the wire (RFC 3986 unreserved characters stay literal).
    public var path: [String]
    /// Query parameters in the order sent, unencoded.
    public var query: [(String, String)]
    /// The body; nil sends none (GET, DELETE).
    public var body: AWSJSON?

    public init(action: String, method: String, path: [String], query: [(String, String)] = [], body: AWSJSON? = nil) {
        self.action = action
        self.method = method
        self.path = path
        self.query = query
        self.body = body
    }

    public static let contentType = "application/json"

    /// The unsigned HTTP request: the endpoint's path (without its trailing `/`) followed by the
    /// encoded segments, the encoded query, `Host`, and with a body `Content-Type: application/json`.
    public func httpRequest(endpoint: URL) -> HTTPRequest {
        var path = endpoint.path(percentEncoded: true)
        while path.hasSuffix("/") { path.removeLast() }
        for segment in self.path { path += "/" + PercentEncoding.encode(segment) }
        var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.percentEncodedPath = path.isEmpty ? "/" : path
        components.percentEncodedQuery =
            query.isEmpty
            ? nil : query.map { "\(PercentEncoding.encode($0))=\(PercentEncoding.encode($1))" }.joined(separator: "&")
        components.fragment = nil
        var headers = [(name: "Host", value: endpoint.hostHeaderValue)]
        var bytes: [UInt8] = []
        if let body {
            headers.append((name: "Content-Type", value: Self.contentType))
            body.write(to: &bytes)
        }
        return HTTPRequest(method: method, url: components.url ?? endpoint, headers: headers, body: bytes)
    }

    public static func == (lhs: AWSRestJSONRequest, rhs: AWSRestJSONRequest) -> Bool {
        lhs.action == rhs.action && lhs.method == rhs.method && lhs.path == rhs.path && lhs.body == rhs.body
            && lhs.query.map { [$0.0, $0.1] } == rhs.query.map { [$0.0, $0.1] }
    }
}

/// Sends AWS REST-JSON calls (EventBridge Scheduler) to one endpoint, exactly as `AWSQueryClient`
/// sends Query calls: the same transport, SigV4 signing afresh for every attempt, credentials,
/// standard-mode retries (`ThrottlingException`, `InternalServerException`, HTTP 5xx, connection
/// failures) and logging. Errors are read from the `x-amzn-ErrorType` header and the JSON body
/// (`AWSServiceError.init(restJSONResponse:action:service:)`).
public final class AWSRestJSONClient: Sendable {
    public let endpoint: URL
    let sender: AWSRequestSender
    public var signer: SigV4Signer { sender.signer }

    /// - Parameters:
    ///   - service: the signing name (`scheduler`).
    ///   - credentials: asked before every attempt, so refreshed credentials are picked up.
    public init(
        endpoint: URL, service: String, region: String, credentials: @escaping @Sendable () throws -> Credentials,
        transport: any HTTPTransport, retry: RetryStrategy = RetryStrategy(), now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger = Logger(label: "termscale.aws")
    ) {
        self.endpoint = endpoint
        self.sender = AWSRequestSender(
            service: service, region: region, credentials: credentials, transport: transport,
            retry: retry, now: now, logger: logger)
    }

    /// Sends `request` and returns the answer's JSON document (an empty object for an empty body).
    /// - Throws: `AWSServiceError` for a non-retryable error (at once), `AWSRetriesExhausted` when
    ///   every attempt failed with a retryable one, `TransportError` for a non-retryable transport
    ///   problem, `AWSJSON.ParseError` for a success body that is not JSON, or the credential
    ///   provider's error.
    public func call(_ request: AWSRestJSONRequest) throws -> AWSJSON {
        let service = signer.service
        let response = try sender.send(request.httpRequest(endpoint: endpoint), action: request.action) {
            AWSServiceError(restJSONResponse: $0, action: request.action, service: service)
        }
        if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) { return .object([]) }
        return try AWSJSON.parse(response.body)
    }
}
