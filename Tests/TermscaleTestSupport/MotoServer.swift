import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A real moto_server on a free loopback port, with signature checking on after the first
/// `unauthenticatedRequests` requests (moto's `INITIAL_NO_AUTH_ACTION_COUNT`). Stopped on deinit.
///
/// It runs the repository's `scripts/moto-server` (moto_server with the fix that lets moto check
/// the signature of a GET or DELETE with a query string, which every EventBridge Scheduler read
/// and delete is) with the repository's `.venv/bin/python3` when scripts/install-deps made that
/// virtualenv, else `python3` from PATH; `MOTO_SERVER` names another launcher.
///
/// If moto is not installed the tests that need it fail with a message saying how to install
/// it: CI installs it (scripts/install-deps), and a skipped integration test would hide a
/// broken push.
public final class MotoServer: @unchecked Sendable {
    let process = Process()
    public let port: Int
    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }
    private let log: URL

    public init(unauthenticatedRequests: Int) throws {
        guard let launcher = MotoServer.launcher() else {
            throw MotoError.notInstalled
        }
        port = closedLoopbackPort()
        log = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: launcher.executable)
        process.arguments = launcher.arguments + ["-H", "127.0.0.1", "-p", String(port)]
        var env = ProcessInfo.processInfo.environment
        env["INITIAL_NO_AUTH_ACTION_COUNT"] = String(unauthenticatedRequests)
        // moto must not pick up real credentials or regions from the developer's environment.
        for key in env.keys where key.hasPrefix("AWS_") { env[key] = nil }
        process.environment = env
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try waitUntilListening(timeout: 30)
    }

    deinit {
        if process.isRunning {
            // moto_server (werkzeug) does not always exit on SIGTERM: give it a moment, then kill.
            process.terminate()
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: log)
    }

    /// What moto printed, for failure messages.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The repository's root (this file is `Tests/TermscaleTestSupport/MotoServer.swift`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// The launcher with the signature fix, `scripts/moto-server`.
    public static let launcherScript = repositoryRoot.appendingPathComponent("scripts/moto-server")

    /// How to start moto: `MOTO_SERVER` when it names an executable, else the Python that has
    /// moto (`.venv/bin/python3` of the repository when it exists, else `python3` from PATH)
    /// running `scripts/moto-server`; nil when there is no such Python.
    public static func launcher() -> (executable: String, arguments: [String])? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["MOTO_SERVER"], FileManager.default.isExecutableFile(atPath: explicit) {
            return (explicit, [])
        }
        let venv = repositoryRoot.appendingPathComponent(".venv/bin/python3").path
        if FileManager.default.isExecutableFile(atPath: venv) { return (venv, [launcherScript.path]) }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return (candidate, [launcherScript.path]) }
        }
        return nil
    }

    private func waitUntilListening(timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else { throw MotoError.exited(output) }
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            close(fd)
            if connected { return }
            usleep(100_000)
        }
        throw MotoError.timedOut(output)
    }

    public enum MotoError: Error, CustomStringConvertible {
        case notInstalled
        case exited(String)
        case timedOut(String)
        /// An unchecked setup call got no answer, or an answer other than 200.
        case setupFailed(String)

        public var description: String {
            switch self {
            case .notInstalled:
                return
                    "python3 is not on PATH (scripts/moto-server runs moto_server with it): run scripts/install-deps "
                    + "(python3, pip install 'moto[server]') — integration tests never skip"
            case .exited(let log):
                return "moto_server exited (is moto installed for this python3? run scripts/install-deps):\n\(log)"
            case .timedOut(let log): return "moto_server did not listen within 30 s:\n\(log)"
            case .setupFailed(let message): return "moto_server setup: \(message)"
            }
        }
    }
}
