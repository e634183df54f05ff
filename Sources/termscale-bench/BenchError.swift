import Foundation

/// Why a benchmark could not run to the end (as opposed to running and missing its target).
enum BenchError: LocalizedError {
    case usage(String)
    case missingInput(path: String, hint: String)
    case cannotRun(command: String, reason: String)
    case commandFailed(command: String, status: Int32, output: String)
    case check(String)

    var errorDescription: String? {
        switch self {
        case .usage(let message):
            message
        case .missingInput(let path, let hint):
            "cannot read \(path): \(hint)"
        case .cannotRun(let command, let reason):
            "cannot run \(command): \(reason)"
        case .commandFailed(let command, let status, let output):
            "\(command) exited with status \(status):\n\(output)"
        case .check(let message):
            message
        }
    }
}
