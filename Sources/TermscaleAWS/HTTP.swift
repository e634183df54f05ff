import Foundation

/// One HTTP request as sent on the wire.
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    /// Absolute URL, e.g. `https://autoscaling.eu-west-2.amazonaws.com/`.
    public var url: URL
    /// Header fields in order; names as sent.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }
}

/// One HTTP response.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }

    public static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name):\($0.value)" } == rhs.headers.map { "\($0.name):\($0.value)" }
    }
}

/// Why a request got no HTTP response at all.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// DNS, refused or reset connection, a connection closed mid-response, or a TLS handshake
    /// broken off by the network (curl 35, `CURLE_SSL_CONNECT_ERROR`).
    case connectionFailed(url: String, reason: String)
    /// The connect or total timeout passed; `whileConnecting` when no connection was made (nothing
    /// listens there), false when the peer took the connection but did not answer in time.
    case timedOut(url: String, seconds: Double, whileConnecting: Bool = false)
    /// The peer's certificate or host name did not verify, or the TLS set-up itself is wrong (a
    /// missing CA bundle): final, a retry gets the same answer.
    case tlsFailed(url: String, reason: String)
    /// The answer's body passed `limit` bytes; the transfer was cut off there.
    case responseTooLarge(url: String, limit: Int)
    /// Plain `http://` to a host that is not a loopback address, without `--allow-insecure-endpoint`.
    case insecureEndpoint(url: String)
    /// The URL cannot be used (unsupported scheme, no host).
    case invalidURL(String)

    public var description: String {
        switch self {
        case .connectionFailed(let url, let reason): return "\(url): connection failed: \(reason)"
        case .timedOut(let url, let seconds, let whileConnecting):
            return whileConnecting ? "\(url): no connection within \(seconds) s" : "\(url): no response within \(seconds) s"
        case .tlsFailed(let url, let reason):
            return "\(url): TLS verification failed: \(reason) (set AWS_CA_BUNDLE for a private CA)"
        case .insecureEndpoint(let url):
            return "\(url): plain http:// is only allowed to loopback addresses; use https:// or --allow-insecure-endpoint"
        case .invalidURL(let url): return "\(url): not an http(s) URL"
        case .responseTooLarge(let url, let limit):
            return "\(url): the answer is larger than \(limit) bytes, far more than any answer termscale "
                + "expects: check that the endpoint is the AWS service (--endpoint-url, the proxy variables)"
        }
    }

    /// Whether a retry may succeed (connection problems, TLS handshake resets and timeouts).
    public var isRetryable: Bool {
        switch self {
        case .connectionFailed, .timedOut: true
        case .tlsFailed, .insecureEndpoint, .invalidURL, .responseTooLarge: false
        }
    }

    /// A timeout, connecting or waiting for the answer: standard mode's retry quota charges these more.
    public var isTimeout: Bool {
        if case .timedOut = self { return true }
        return false
    }
}

/// Sends HTTP requests. The live value is `CurlTransport`; tests wrap it or replace it.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    /// - Throws: `TransportError` when there is no response.
    func send(_ request: HTTPRequest) throws -> HTTPResponse
}
