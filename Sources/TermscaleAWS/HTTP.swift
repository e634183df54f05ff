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
    /// DNS, refused or reset connection, or a connection closed mid-response.
    case connectionFailed(url: String, reason: String)
    /// The connect or total timeout passed.
    case timedOut(url: String, seconds: Double)
    /// The peer's certificate or host name did not verify.
    case tlsFailed(url: String, reason: String)
    /// Plain `http://` to a host that is not a loopback address, without `--allow-insecure-endpoint`.
    case insecureEndpoint(url: String)
    /// The URL cannot be used (unsupported scheme, no host).
    case invalidURL(String)

    public var description: String {
        switch self {
        case .connectionFailed(let url, let reason): return "\(url): connection failed: \(reason)"
        case .timedOut(let url, let seconds): return "\(url): no response within \(seconds) s"
        case .tlsFailed(let url, let reason):
            return "\(url): TLS verification failed: \(reason) (set AWS_CA_BUNDLE for a private CA)"
        case .insecureEndpoint(let url):
            return "\(url): plain http:// is only allowed to loopback addresses; use https:// or --allow-insecure-endpoint"
        case .invalidURL(let url): return "\(url): not an http(s) URL"
        }
    }

    /// Whether a retry may succeed (connection problems and timeouts).
    public var isRetryable: Bool {
        switch self {
        case .connectionFailed, .timedOut: true
        case .tlsFailed, .insecureEndpoint, .invalidURL: false
        }
    }
}

/// Sends HTTP requests. The live value is `CurlTransport`; tests wrap it or replace it.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status.
    /// - Throws: `TransportError` when there is no response.
    func send(_ request: HTTPRequest) throws -> HTTPResponse
}
