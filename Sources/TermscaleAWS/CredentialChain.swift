import Foundation

/// Asks providers in turn and returns the first credentials found. A provider that is configured
/// but fails stops the chain with its error, as in the SDKs: a broken profile should be fixed,
/// not silently replaced by the instance role.
public struct CredentialChain: CredentialProvider {
    public let providers: [any CredentialProvider]

    public init(_ providers: [any CredentialProvider]) {
        self.providers = providers
    }

    /// The providers' names, in order.
    public var name: String { providers.map(\.name).joined(separator: ", ") }

    /// The SDK order: environment, shared files, web identity, container credentials, instance role.
    ///
    /// - Parameters:
    ///   - environment: the process environment.
    ///   - profile: `--profile`, nil when not given.
    ///   - region: the resolved region, for the regional STS endpoint.
    ///   - transport: for STS (verified https).
    ///   - metadataTransport: for IMDS and the container endpoint (plain http to link-local, short timeouts).
    public static func standard(
        environment: [String: String], profile: String?, region: String?,
        transport: any HTTPTransport,
        metadataTransport: any HTTPTransport = IMDSCredentialProvider.defaultTransport(),
        readFile: @escaping FileReader = LocalFile.read,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> CredentialChain {
        CredentialChain([
            EnvironmentCredentialProvider(environment: environment),
            SharedConfigCredentialProvider(profile: profile, environment: environment, readFile: readFile),
            WebIdentityCredentialProvider(
                environment: environment, region: region, transport: transport,
                readFile: readFile, now: now),
            ECSCredentialProvider(environment: environment, transport: metadataTransport, readFile: readFile),
            IMDSCredentialProvider(environment: environment, transport: metadataTransport),
        ])
    }

    public func credentials() throws -> Credentials? {
        for provider in providers {
            if let credentials = try provider.credentials() { return credentials }
        }
        return nil
    }
}

extension CredentialProvider {
    /// The credentials, or `AWSConfigurationError.noCredentials` naming where it looked.
    public func requireCredentials() throws -> Credentials {
        guard let credentials = try credentials() else { throw AWSConfigurationError.noCredentials(tried: name) }
        return credentials
    }
}
