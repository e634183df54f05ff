import Foundation

/// Credentials and region from the shared files, for the profile named by `--profile`, else
/// `AWS_PROFILE`, else `default`.
///
/// Files: `AWS_SHARED_CREDENTIALS_FILE` (default `$HOME/.aws/credentials`) and `AWS_CONFIG_FILE`
/// (default `$HOME/.aws/config`); a key in the credentials file wins over the same key in config.
/// Without `HOME` and without those variables there are no files: that is not an error (cron), but
/// a profile asked for by name that no file defines is.
public struct SharedConfigCredentialProvider: CredentialProvider {
    /// The profile used.
    public let profile: String
    /// Whether the profile was asked for (`--profile`, `AWS_PROFILE`) rather than the default.
    public let profileIsExplicit: Bool
    /// The shared credentials file, nil when there is none to look at.
    public let credentialsPath: String?
    /// The shared config file, nil when there is none to look at.
    public let configPath: String?
    private let readFile: FileReader

    public var name: String { "profile \(profile)" }

    /// - Parameters:
    ///   - profile: `--profile`; when nil, `AWS_PROFILE` from `environment`, else `default`.
    ///   - environment: the process environment.
    ///   - readFile: reads a file; the live value is `LocalFile.read`.
    public init(profile: String? = nil, environment: [String: String], readFile: @escaping FileReader = LocalFile.read) {
        let chosen = profile.flatMap { $0.isEmpty ? nil : $0 } ?? environment.nonEmpty("AWS_PROFILE")
        self.profile = chosen ?? "default"
        self.profileIsExplicit = chosen != nil && chosen != "default"
        let home = environment.nonEmpty("HOME")
        func path(_ variable: String, _ defaultName: String) -> String? {
            if let explicit = environment.nonEmpty(variable) {
                guard explicit.hasPrefix("~/"), let home else { return explicit }
                return home + explicit.dropFirst()
            }
            return home.map { ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + "/.aws/" + defaultName }
        }
        self.credentialsPath = path("AWS_SHARED_CREDENTIALS_FILE", "credentials")
        self.configPath = path("AWS_CONFIG_FILE", "config")
        self.readFile = readFile
    }

    /// - Throws: when the profile was named but does not exist, a file is malformed, only one of
    ///   the key id and secret is there, or the profile uses `role_arn`, SSO or `credential_process`.
    public func credentials() throws -> Credentials? {
        guard let settings = try settings() else { return nil }
        switch (settings["aws_access_key_id"].flatMap(nonEmpty), settings["aws_secret_access_key"].flatMap(nonEmpty)) {
        case (let keyID?, let secret?):
            return Credentials(
                accessKeyID: keyID, secretAccessKey: secret,
                sessionToken: settings["aws_session_token"].flatMap(nonEmpty), source: name)
        case (_?, nil):
            throw AWSConfigurationError.incompleteProfile(profile: profile, missingKey: "aws_secret_access_key")
        case (nil, _?):
            throw AWSConfigurationError.incompleteProfile(profile: profile, missingKey: "aws_access_key_id")
        case (nil, nil):
            let unsupported = ["role_arn", "credential_process", "sso_session", "sso_start_url", "web_identity_token_file"]
            if let key = unsupported.first(where: { settings[$0] != nil }) {
                throw AWSConfigurationError.unsupportedProfile(profile: profile, key: key)
            }
            return nil // a profile with only a region: the next provider supplies credentials
        }
    }

    /// The profile's `region` (config file first, as the SDKs read it), nil when none.
    public func region() throws -> String? {
        let files = try loadFiles()
        try refuseContinuedValues(in: files)
        if let region = files.config?.profile(profile)?["region"].flatMap(nonEmpty) { return region }
        if let region = files.credentials?.profile(profile)?["region"].flatMap(nonEmpty) { return region }
        if profileIsExplicit && files.config?.profile(profile) == nil && files.credentials?.profile(profile) == nil {
            throw AWSConfigurationError.profileNotFound(profile: profile, files: [credentialsPath, configPath].compactMap { $0 })
        }
        return nil
    }

    /// The profile's settings from both files merged, nil when neither file defines it (and it was not asked for).
    func settings() throws -> [String: String]? {
        let files = try loadFiles()
        try refuseContinuedValues(in: files)
        let fromConfig = files.config?.profile(profile)
        let fromCredentials = files.credentials?.profile(profile)
        guard fromConfig != nil || fromCredentials != nil else {
            if profileIsExplicit {
                throw AWSConfigurationError.profileNotFound(
                    profile: profile, files: [credentialsPath, configPath].compactMap { $0 })
            }
            return nil
        }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:]) { _, credentialsValue in credentialsValue }
    }

    /// The settings termscale reads, each a single line.
    static let singleLineKeys = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "region"]

    /// Throws when one of `singleLineKeys` of this profile goes on over an indented line: botocore
    /// reads that line as part of the value, which would then hold a line break (an indented
    /// `aws_secret_access_key` under `aws_access_key_id`, say). Signing with it would fail in a
    /// way that explains nothing; this says which line to unindent.
    private func refuseContinuedValues(in files: (credentials: SharedConfigFile?, config: SharedConfigFile?)) throws {
        for file in [files.credentials, files.config].compactMap({ $0 }) {
            guard let continued = file.continuations[profile] else { continue }
            for key in Self.singleLineKeys {
                guard let continuation = continued[key] else { continue }
                throw AWSConfigurationError.malformedConfigFile(
                    path: file.path, line: continuation.line,
                    reason: "this line is indented deeper than `\(key)` on line \(continuation.keyLine), so it "
                        + "continues that value (as botocore reads it) and \(key) would hold a line break: "
                        + "indent it as deep as line \(continuation.keyLine) to make it a setting of its own")
            }
        }
    }

    private func loadFiles() throws -> (credentials: SharedConfigFile?, config: SharedConfigFile?) {
        func load(_ path: String?, _ kind: SharedConfigFile.Kind) throws -> SharedConfigFile? {
            guard let path, let text = try readFile(path) else { return nil }
            return try SharedConfigFile(parsing: text, kind: kind, path: path)
        }
        return (try load(credentialsPath, .credentials), try load(configPath, .config))
    }

    private func nonEmpty(_ value: String) -> String? { value.isEmpty ? nil : value }
}
