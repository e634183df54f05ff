import TermscaleCore
import TermscaleReaders

/// Reads and validates a policy file: the one way every command gets its policy.
public struct PolicyLoader: Sendable {
    /// Reads a file's bytes (live: the file system, at most `InputFile.Limit.policy`).
    public var readFile: @Sendable (String) throws -> [UInt8]

    public init(readFile: @escaping @Sendable (String) throws -> [UInt8] = InputFile.reader(.policy)) {
        self.readFile = readFile
    }

    /// The policy in the file at `path`.
    /// - Throws: `TermscaleError.unreadableInput` when the file cannot be read;
    ///   `TermscaleError.invalidInput` listing every problem with its line and key path.
    public func load(path: String) throws -> PolicyFile {
        let bytes = try readFile(path)
        do {
            return PolicyFile(path: path, policy: try PolicyReader.read(bytes, file: path))
        } catch let error as DiagnosticsError {
            throw TermscaleError.invalidInput(error)
        }
    }
}
