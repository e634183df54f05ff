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

    /// botocore's order: environment, web identity, shared files, container credentials, instance
    /// role.
    ///
    /// An explicit `profile` (`--profile`) removes the environment provider, as botocore does for a
    /// session whose profile is set and `aws --profile` does: a shell with another account's keys
    /// exported must not sign for the profile the operator named. `AWS_PROFILE` alone does not remove
    /// it. Web identity comes before the shared files, so a stray `[default]` baked into an image
    /// does not beat the pod's role.
    ///
    /// - Parameters:
    ///   - environment: the process environment.
    ///   - profile: `--profile`, nil (or empty) when not given.
    ///   - region: the resolved region, for the regional STS endpoint.
    ///   - transport: for STS (verified https).
    ///   - metadataTransport: for IMDS (plain http to link-local, 1 s timeouts).
    ///   - containerTransport: for the container endpoint (plain http to link-local, 2 s timeouts).
    public static func standard(
        environment: [String: String], profile: String?, region: String?,
        transport: any HTTPTransport,
        metadataTransport: any HTTPTransport = IMDSCredentialProvider.defaultTransport(),
        containerTransport: any HTTPTransport = ECSCredentialProvider.defaultTransport(),
        readFile: @escaping FileReader = LocalFile.read,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> CredentialChain {
        let explicitProfile = profile.flatMap { $0.isEmpty ? nil : $0 }
        let environmentProvider: [any CredentialProvider] =
            explicitProfile == nil ? [EnvironmentCredentialProvider(environment: environment)] : []
        return CredentialChain(
            environmentProvider + [
                WebIdentityCredentialProvider(
                    environment: environment, region: region, transport: transport,
                    readFile: readFile, now: now, retry: .standard(environment: environment)),
                SharedConfigCredentialProvider(profile: explicitProfile, environment: environment, readFile: readFile),
                ECSCredentialProvider(environment: environment, transport: containerTransport, readFile: readFile),
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
