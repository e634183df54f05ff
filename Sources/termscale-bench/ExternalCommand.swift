import Foundation

/// An external program the benchmarks time: the termscale binary, or a Python comparison script.
/// A run's output goes to temporary files rather than pipes, so nothing has to drain them while
/// the clock runs.
struct ExternalCommand {
    /// A path, or a bare name looked up on PATH (through /usr/bin/env).
    var executable: String
    var arguments: [String]

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Launch to exit, on the monotonic clock: process start-up and tear-down included.
        var seconds: Double

        /// The value of the first `key: value` line of stdout, e.g. "elapsed: 0.123 s" → "0.123 s".
        func value(_ key: String) -> String? {
            for line in stdout.split(separator: "\n") where line.hasPrefix("\(key): ") {
                return String(line.dropFirst(key.count + 2)).trimmingCharacters(in: .whitespaces)
            }
            return nil
        }

        /// The last lines of stdout and stderr, for a failure message.
        var tail: String {
            (stdout + stderr).split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
        }
    }

    func run() throws -> Run {
        let directory = try FileManager.default.makeBenchFolder("command")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        // Not waitUntilExit(): on Linux it polls its run loop every 50 ms, so every run would be
        // rounded up to the next 50 ms. The termination handler is called as the process exits.
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        let seconds = try elapsedSeconds {
            do {
                try process.run()
            } catch {
                throw BenchError.cannotRun(command: description, reason: "\(error)")
            }
            exited.wait()
        }
        try out.close()
        try err.close()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
            seconds: seconds)
    }

    /// Runs the command and requires exit status 0.
    func runSucceeding() throws -> Run {
        let run = try run()
        guard run.status == 0 else {
            throw BenchError.commandFailed(command: description, status: run.status, output: run.tail)
        }
        return run
    }

    var description: String { ([executable] + arguments).joined(separator: " ") }
}

/// A comparison script in Python that times the work itself and prints `elapsed: SECONDS s`, so
/// interpreter start-up and imports stay out of the figure, as they are out of termscale's
/// in-process figures. Each run is a new process.
struct PythonScript {
    var path: String
    var arguments: [String]

    struct Result {
        /// The script's own clock: the work only.
        var timings = Timings()
        /// Launch to exit of each process, start-up included.
        var processTimings = Timings()
        var lastRun: ExternalCommand.Run?
    }

    func run(times runs: Int) throws -> Result {
        guard FileManager.default.fileExists(atPath: path) else {
            throw BenchError.missingInput(path: path, hint: "run termscale-bench from the repository root")
        }
        let command = ExternalCommand(executable: "python3", arguments: [path] + arguments)
        var result = Result()
        for _ in 0..<runs {
            let run = try command.runSucceeding()
            guard let elapsed = run.value("elapsed")?.split(separator: " ").first.flatMap({ Double($0) }) else {
                throw BenchError.commandFailed(
                    command: command.description, status: run.status,
                    output: "no 'elapsed: SECONDS s' line in its output:\n\(run.tail)")
            }
            result.timings.record(elapsed)
            result.processTimings.record(run.seconds)
            result.lastRun = run
        }
        return result
    }
}

extension FileManager {
    /// A new empty folder under the temporary directory, `termscale-bench-LABEL-UUID`, for one
    /// benchmark's files; the caller removes it (`defer { try? removeItem(at:) }`).
    func makeBenchFolder(_ label: String) throws -> URL {
        let folder = temporaryDirectory.appendingPathComponent("termscale-bench-\(label)-\(UUID().uuidString)", isDirectory: true)
        try createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
