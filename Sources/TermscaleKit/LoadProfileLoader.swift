import TermscaleCore
import TermscaleReaders

/// Reads `termscale cost --load FILE`: the average instances above the floor per hour of the week.
public struct LoadProfileLoader: Sendable {
    /// Reads a file's bytes (live: the file system).
    public var readFile: @Sendable (String) throws -> [UInt8]

    public init(readFile: @escaping @Sendable (String) throws -> [UInt8] = Importer.readFromDisk) {
        self.readFile = readFile
    }

    /// The profile in the file at `path`.
    /// - Throws: `TermscaleError.unreadableInput` when the file cannot be read;
    ///   `TermscaleError.invalidInput` listing every bad row with its line and field (exit 65).
    public func load(path: String) throws -> LoadProfileFile {
        let bytes = try readFile(path)
        do {
            return try LoadProfileReader.read(bytes, file: path)
        } catch let error as DiagnosticsError {
            throw TermscaleError.invalidInput(error)
        }
    }
}
