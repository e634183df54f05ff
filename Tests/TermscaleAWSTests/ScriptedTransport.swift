import Foundation
import Logging
import Testing

@testable import TermscaleAWS

/// A transport that answers from a script and records every request: the fault injector of
/// the retry tests and the metadata service, container agent and STS of the credential provider
/// tests. Wraps another transport for the steps marked `.passThrough`; a request past the end of
/// a script with nothing to pass it to fails the test.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    enum Step {
        case respond(HTTPResponse)
        case fail(TransportError)
        case passThrough
    }

    private let lock = NSLock()
    private var steps: [Step]
    private(set) var requests: [HTTPRequest] = []
    let inner: (any HTTPTransport)?

    init(_ steps: [Step], inner: (any HTTPTransport)? = nil) {
        self.steps = steps
        self.inner = inner
    }

    func send(_ request: HTTPRequest) throws -> HTTPResponse {
        lock.lock()
        requests.append(request)
        let step = steps.isEmpty ? nil : steps.removeFirst()
        lock.unlock()
        switch step {
        case .respond(let response): return response
        case .fail(let error): throw error
        case .passThrough, .none:
            guard let inner else {
                // An unscripted request is a test failure, not a crash of the whole run.
                Issue.record("unscripted request \(request.method) \(request.url.absoluteString)")
                throw TransportError.connectionFailed(url: request.url.absoluteString, reason: "not in the test's script")
            }
            return try inner.send(request)
        }
    }

    var bodies: [String] { lock.withLock { requests.map { String(decoding: $0.body, as: UTF8.self) } } }

    /// Each request as `METHOD URL | name: value | …`, headers in the order sent, for exact expectations.
    var sent: [String] {
        lock.withLock {
            requests.map { ["\($0.method) \($0.url.absoluteString)"] + $0.headers.map { "\($0.name): \($0.value)" } }
                .map { $0.joined(separator: " | ") }
        }
    }
}

extension ScriptedTransport.Step {
    /// An answer with `body` as text (a metadata value, a JSON document) and no headers.
    static func text(_ status: Int, _ body: String = "") -> ScriptedTransport.Step {
        .respond(HTTPResponse(status: status, body: Array(body.utf8)))
    }

    static func xml(_ status: Int, _ body: String) -> ScriptedTransport.Step {
        .respond(HTTPResponse(status: status, headers: [("Content-Type", "text/xml")], body: Array(body.utf8)))
    }

    static func error(_ status: Int, code: String, message: String = "message") -> ScriptedTransport.Step {
        xml(
            status,
            """
            <ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type>\
            <Code>\(code)</Code><Message>\(message)</Message></Error><RequestId>req-\(code)</RequestId></ErrorResponse>
            """)
    }
}

/// Records the delays a retry strategy asks for instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var _delays: [Double] = []
    var delays: [Double] { lock.withLock { _delays } }
    func record(_ seconds: Double) { lock.withLock { _delays.append(seconds) } }
}

/// A swift-log handler that keeps every line, metadata included, for inspection.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var _lines: [String] = []
    var lines: [String] { lock.withLock { _lines } }
    func append(_ line: String) { lock.withLock { _lines.append(line) } }

    var logger: Logger {
        var logger = Logger(label: "termscale.aws.test") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            capture.append("\(event.level) \(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })")
        }
    }
}
