import Foundation

/// Reads a text file by path: its contents, nil when it does not exist.
/// - Throws: `AWSConfigurationError.unreadableFile` when it exists but cannot be read.
public typealias FileReader = @Sendable (String) throws -> String?

/// The live `FileReader`.
public enum LocalFile {
    public static let read: FileReader = { path in
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSConfigurationError.unreadableFile(path: path, reason: "permission denied or not a file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AWSConfigurationError.unreadableFile(path: path, reason: "not UTF-8 text")
        }
        return text
    }
}
