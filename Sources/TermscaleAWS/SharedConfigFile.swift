import Foundation

/// One parsed AWS shared file: `~/.aws/credentials` (sections `[name]`) or `~/.aws/config`
/// (sections `[profile name]` and `[default]`).
///
/// Read line by line as botocore reads it (Python's `configparser`, through
/// `botocore.configloader.raw_config_parse`):
/// - `key = value` under a section; keys are case-insensitive (stored lower-case).
/// - Lines starting with `#` or `;` (after any indentation) are comments, and so is anything after
///   ` #` or ` ;` in a value (botocore keeps that in the value; termscale always stripped it).
/// - Indentation matters only after a key: a line indented deeper than the key's line continues
///   the key's value (joined with a line break, blank lines kept between), which is how nested
///   settings (`s3 =` and its children) are written. Right after a section header, or at the
///   key's own depth, an indented line is a key of its own. Continuations are recorded in
///   `continuations`, so a credential that would hold a line break can be refused by name.
/// - Config sections that are not profiles (`[sso-session x]`, `[services x]`) are ignored.
public struct SharedConfigFile: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `~/.aws/credentials`: the section name is the profile name.
        case credentials
        /// `~/.aws/config`: `[profile name]`, and `[default]` for the default profile.
        case config
    }

    /// A value that goes on over indented lines.
    public struct Continuation: Sendable, Equatable {
        /// The line of the key.
        public var keyLine: Int
        /// The first indented line read as part of its value.
        public var line: Int
    }

    public let kind: Kind
    /// Where the text came from, for messages.
    public let path: String
    /// Profile name → lower-cased key → value.
    public private(set) var profiles: [String: [String: String]] = [:]
    /// Profile name → lower-cased key → where its value went on over indented lines.
    public private(set) var continuations: [String: [String: Continuation]] = [:]

    /// - Throws: `AWSConfigurationError.malformedConfigFile` with the line number of a line that is
    ///   neither a section, a setting, a continuation, a comment nor blank.
    public init(parsing text: String, kind: Kind, path: String) throws {
        self.kind = kind
        self.path = path
        var section: String?? = nil // nil: before any section; .some(nil): a section that is not a profile
        // The key whose value an indented line would continue, and how deep that key's line was.
        var currentKey: (profile: String?, key: String, line: Int)?
        var keyIndent = 0
        var blankLines = 0
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = index + 1
            let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.isEmpty {
                if currentKey != nil { blankLines += 1 }
                continue
            }
            let indent = rawLine.prefix { $0.isWhitespace }.count
            if let key = currentKey, indent > keyIndent {
                // configparser: deeper than the key's line, so part of its value.
                if let profile = key.profile {
                    profiles[profile, default: [:]][key.key, default: ""] +=
                        String(repeating: "\n", count: blankLines + 1) + trimmed
                    if continuations[profile]?[key.key] == nil {
                        continuations[profile, default: [:]][key.key] = Continuation(keyLine: key.line, line: lineNumber)
                    }
                }
                blankLines = 0
                continue
            }
            keyIndent = indent
            blankLines = 0
            if trimmed.hasPrefix("[") {
                let header = Self.stripComment(trimmed)
                guard header.hasSuffix("]"), header.count > 2 else {
                    throw AWSConfigurationError.malformedConfigFile(
                        path: path, line: lineNumber,
                        reason: "expected a section header like [name]")
                }
                let name = header.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                section = .some(profileName(fromSection: name))
                if case .some(.some(let profile)) = section, profiles[profile] == nil { profiles[profile] = [:] }
                currentKey = nil
                continue
            }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw AWSConfigurationError.malformedConfigFile(
                    path: path, line: lineNumber,
                    reason: "expected `key = value`, a [section] or a comment")
            }
            guard let current = section else {
                throw AWSConfigurationError.malformedConfigFile(
                    path: path, line: lineNumber,
                    reason: "setting before the first [section]")
            }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = Self.stripComment(trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            guard !key.isEmpty else {
                throw AWSConfigurationError.malformedConfigFile(path: path, line: lineNumber, reason: "setting without a key")
            }
            if let profile = current {
                profiles[profile, default: [:]][key] = value
                continuations[profile]?[key] = nil
            }
            currentKey = (current, key, lineNumber)
        }
    }

    /// The settings of profile `name`, nil when the file has no such profile.
    public func profile(_ name: String) -> [String: String]? {
        profiles[name]
    }

    private func profileName(fromSection name: String) -> String? {
        switch kind {
        case .credentials:
            return name
        case .config:
            if name == "default" { return "default" }
            let words = name.split(whereSeparator: \.isWhitespace)
            guard words.count == 2, words[0] == "profile" else { return nil }
            return String(words[1])
        }
    }

    /// `value # comment` → `value`; a `#` or `;` counts only after whitespace, so values may contain them.
    private static func stripComment(_ text: String) -> String {
        var previous: Character = " "
        for index in text.indices {
            let character = text[index]
            if (character == "#" || character == ";") && previous.isWhitespace && index != text.startIndex {
                return text[..<index].trimmingCharacters(in: .whitespaces)
            }
            previous = character
        }
        return text
    }
}
