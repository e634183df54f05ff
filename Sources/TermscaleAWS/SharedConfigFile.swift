import Foundation

/// One parsed AWS shared file: `~/.aws/credentials` (sections `[name]`) or `~/.aws/config`
/// (sections `[profile name]` and `[default]`).
///
/// Lines are `key = value` under a section; keys are case-insensitive (stored lower-case, as
/// botocore does). Lines starting with `#` or `;` are comments, as is anything after ` #` or ` ;`
/// in a value. Indented lines under a key with an empty value are nested settings (`s3 =` and its
/// children) and are skipped. Config sections that are not profiles (`[sso-session x]`, `[services x]`)
/// are ignored.
public struct SharedConfigFile: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `~/.aws/credentials`: the section name is the profile name.
        case credentials
        /// `~/.aws/config`: `[profile name]`, and `[default]` for the default profile.
        case config
    }

    public let kind: Kind
    /// Where the text came from, for messages.
    public let path: String
    /// Profile name → lower-cased key → value.
    public private(set) var profiles: [String: [String: String]] = [:]

    /// - Throws: `AWSConfigurationError.malformedConfigFile` with the line number of a line that is
    ///   neither a section, a setting, a comment nor blank.
    public init(parsing text: String, kind: Kind, path: String) throws {
        self.kind = kind
        self.path = path
        var section: String?? = nil // nil: before any section; .some(nil): a section that is not a profile
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = index + 1
            let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if rawLine.first == " " || rawLine.first == "\t" {
                // A nested setting, or a continuation line: neither holds anything termscale reads.
                guard section != nil else {
                    throw AWSConfigurationError.malformedConfigFile(
                        path: path, line: lineNumber,
                        reason: "indented line outside of a [section]")
                }
                continue
            }
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
            if let profile = current { profiles[profile, default: [:]][key] = value }
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
