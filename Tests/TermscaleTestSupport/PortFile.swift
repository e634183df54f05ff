import Foundation
import Testing

/// The port a helper server started by a test listens on: the fixtures' Python servers
/// (`connect_proxy.py`, `fault_proxy.py`, `garbage_server.py`) bind port 0 and write the port they
/// got to `--port-file` once they listen.
public enum PortFile {
    /// Waits up to `seconds` for `process` to write its port to `path`.
    /// - Throws: when the process ends or the time runs out first, naming `server`.
    public static func waitForPort(at path: String, of process: Process, server: String, seconds: TimeInterval = 20)
        throws -> Int
    {
        let deadline = Date().addingTimeInterval(seconds)
        var found: Int?
        while found == nil && Date() < deadline && process.isRunning {
            found = (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0) }
            if found == nil { usleep(20_000) }
        }
        return try #require(found, "\(server) did not start")
    }
}
