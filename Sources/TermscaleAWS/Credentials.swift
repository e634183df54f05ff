import Foundation

/// AWS credentials. The secret and the token never appear in `description`, logs or errors.
public struct Credentials: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Present for temporary credentials (STS, ECS, instance roles); signed as `x-amz-security-token`.
    public var sessionToken: String?
    /// When temporary credentials expire; nil for long-term keys.
    public var expiration: Date?
    /// Which provider gave them (`environment`, `profile default`, `instance role termscale`…).
    public var source: String

    public init(
        accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil,
        source: String
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
        self.source = source
    }

    /// `AKIA…WXYZ from environment` — the key id shortened, no secret.
    public var description: String {
        let id = accessKeyID.count > 8 ? "\(accessKeyID.prefix(4))…\(accessKeyID.suffix(4))" : "…"
        return "\(id) from \(source)"
    }

    public var debugDescription: String { description }
}

/// Where credentials come from: environment, shared files, web identity, ECS, instance role.
public protocol CredentialProvider: Sendable {
    /// A name for messages (`environment`, `instance role`).
    var name: String { get }
    /// The credentials, or nil when this provider has none configured (the chain then asks the
    /// next one).
    /// - Throws: when it is configured but fails (a broken file, an STS error): the chain stops
    ///   there, as the SDKs do.
    func credentials() throws -> Credentials?
}

extension Credentials: CustomReflectable {
    /// `dump()` and debuggers see the shortened key id and the source, never the secret or token.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "accessKeyID": description, "hasSessionToken": sessionToken != nil,
                "expiration": expiration as Any, "source": source,
            ], displayStyle: .struct)
    }
}
