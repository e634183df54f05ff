import Foundation

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, for temporary ones, `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let name = "environment"
    private let environment: [String: String]

    /// - Parameter environment: the process environment (the CLI passes `ProcessInfo.processInfo.environment`).
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// - Throws: `AWSConfigurationError.missingVariable` when only one of the key id and the secret is set.
    public func credentials() throws -> Credentials? {
        switch (environment.nonEmpty("AWS_ACCESS_KEY_ID"), environment.nonEmpty("AWS_SECRET_ACCESS_KEY")) {
        case (nil, nil):
            return nil
        case (_?, nil):
            throw AWSConfigurationError.missingVariable(name: "AWS_SECRET_ACCESS_KEY", requiredBecause: "AWS_ACCESS_KEY_ID is")
        case (nil, _?):
            throw AWSConfigurationError.missingVariable(name: "AWS_ACCESS_KEY_ID", requiredBecause: "AWS_SECRET_ACCESS_KEY is")
        case (let keyID?, let secret?):
            return Credentials(
                accessKeyID: keyID, secretAccessKey: secret,
                sessionToken: environment.nonEmpty("AWS_SESSION_TOKEN"), source: name)
        }
    }
}
