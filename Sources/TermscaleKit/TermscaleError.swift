import Foundation
import TermscaleCore
import TermscaleStore

/// Why a command failed, and the exit code it fails with.
public enum TermscaleError: Error, CustomStringConvertible {
    /// Bad content in an input file: every problem, each with file and line. Exit 65.
    case invalidInput(DiagnosticsError)
    /// An input file could not be read. Exit 66.
    case unreadableInput(path: String, reason: String)
    /// Options that do not make sense together, found after parsing. Exit 64.
    case usage(String)
    /// The database could not be opened, read or written (see `init(_: StoreError)`). Exit 74.
    case storage(path: String, reason: String)
    /// A report could not be written to `--output`. Exit 73.
    case unwritableOutput(path: String, reason: String)
    /// No region, credentials or endpoint could be set up for AWS. Exit 78.
    case awsConfiguration(String)
    /// AWS answered with an error, or could not be reached after the retries. Exit 69.
    case aws(String)
    /// Another push held the database's push lock (`lockFile`) for all of `waited` seconds.
    /// Exit 75 (EX_TEMPFAIL): the next run tries again.
    case pushLocked(lockFile: String, waited: TimeInterval)

    /// Exit codes follow BSD sysexits.h, as documented in the README and `--help`.
    public var exitCode: Int32 {
        switch self {
        case .invalidInput: 65
        case .unreadableInput: 66
        case .usage: 64
        case .storage: 74
        case .unwritableOutput: 73
        case .awsConfiguration: 78
        case .aws: 69
        case .pushLocked: 75
        }
    }

    public var description: String {
        switch self {
        case .invalidInput(let error): return error.description
        case .unreadableInput(let path, let reason): return "\(path): cannot read: \(reason)"
        case .usage(let message): return message
        case .storage(let path, let reason): return "database \(path): \(reason)"
        case .unwritableOutput(let path, let reason): return "\(path): cannot write the report: \(reason)"
        case .awsConfiguration(let message): return message
        case .aws(let message): return message
        case .pushLocked(let lockFile, let waited):
            let seconds = waited == waited.rounded() ? String(Int(waited)) : String(format: "%.1f", waited)
            return "another termscale push holds the lock \(lockFile) (waited \(seconds) s); nothing was pushed. "
                + "It is released when that push ends or is killed, so the next run goes ahead; "
                + "find the process with: lsof \(lockFile)"
        }
    }
}

extension TermscaleError {
    /// A store failure as termscale reports it: `.storage`, exit 74, with the store's message
    /// (`database PATH: what happened; what to do`). The one mapping from `StoreError`.
    public init(_ error: StoreError) {
        self = .storage(path: error.path, reason: error.reason)
    }

    /// `error` as a failure with a documented exit code: a `TermscaleError` as it is, a
    /// `StoreError` from any store call (opening, or a later read or write) as `.storage`; nil
    /// for anything else.
    public init?(reporting error: any Error) {
        switch error {
        case let error as TermscaleError: self = error
        case let error as StoreError: self.init(error)
        default: return nil
        }
    }
}
