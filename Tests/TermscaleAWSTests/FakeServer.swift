import Foundation
import Testing

/// A real HTTP server on 127.0.0.1 (Fixtures/fake_metadata_server.py) serving canned routes and
/// recording what it received. Stopped by `stop()` or when released.
final class FakeServer: @unchecked Sendable {
    struct Response {
        var status = 200
        var headers: [String: String] = [:]
        var body = ""
        /// Seconds to wait before answering.
        var delay: Double = 0
        /// Drop the connection without answering.
        var close = false
        /// Send no Content-Length: the body ends when the connection closes.
        var omitLength = false
        /// Send `body` this many times over.
        var repeatBody = 1
    }

    struct Route {
        var method: String
        var path: String
        /// Used in turn; the last one repeats.
        var responses: [Response]

        init(_ method: String, _ path: String, _ responses: Response...) {
            self.method = method
            self.path = path
            self.responses = responses
        }

        init(method: String, path: String, responses: [Response]) {
            self.method = method
            self.path = path
            self.responses = responses
        }
    }

    struct ReceivedRequest: Decodable {
        var method: String
        var path: String
        var headers: [[String]]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.first?.caseInsensitiveCompare(name) == .orderedSame }?.last
        }
    }

    let port: Int
    private let process: Process
    /// The server exits when this pipe closes, so it never outlives the test process.
    private let lifeline = Pipe()
    private let directory: URL
    private let logURL: URL

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The self-signed certificate (CN and SAN `localhost`, no IP SAN) a TLS server presents.
    static let certificatePath = fixture("localhost-tls-cert.pem").path

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    /// - Parameters:
    ///   - tls: serve https with `certificatePath` instead of plain http.
    ///   - resetTLSHandshakes: with `tls`, reset this many connections first, during the handshake.
    init(_ routes: [Route], tls: Bool = false, resetTLSHandshakes: Int = 0) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("termscale-fake-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        logURL = directory.appendingPathComponent("requests.jsonl")
        var config: [String: Any] = [
            "log": logURL.path,
            "routes": routes.map { route in
                [
                    "method": route.method, "path": route.path,
                    "responses": route.responses.map {
                        [
                            "status": $0.status, "headers": $0.headers, "body": $0.body, "delay": $0.delay, "close": $0.close,
                            "no_length": $0.omitLength, "repeat": $0.repeatBody,
                        ] as [String: Any]
                    },
                ] as [String: Any]
            },
        ]
        if tls {
            config["tls"] =
                [
                    "cert": Self.certificatePath, "key": Self.fixture("localhost-tls-key.pem").path,
                    "reset_handshakes": resetTLSHandshakes,
                ] as [String: Any]
        }
        let configURL = directory.appendingPathComponent("config.json")
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)

        let script = Self.fixture("fake_metadata_server.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, configURL.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        try process.run()

        var line: [UInt8] = []
        let reader = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            line.append(contentsOf: chunk)
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            process.terminate()
            throw FakeServerError(message: "fake server did not print its port (got \(text.debugDescription))")
        }
        self.port = port
    }

    /// The requests received so far, in order.
    func requests() throws -> [ReceivedRequest] {
        guard let data = FileManager.default.contents(atPath: logURL.path) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map {
            try JSONDecoder().decode(ReceivedRequest.self, from: Data($0))
        }
    }

    func stop() {
        try? lifeline.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}

struct FakeServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
