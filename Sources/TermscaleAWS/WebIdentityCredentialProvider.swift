import Foundation

/// Credentials for a role assumed with a web identity token (EKS service accounts):
/// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`) → STS
/// `AssumeRoleWithWebIdentity`. The call is unsigned (the token is the proof) and goes through
/// the same retrying client as every other call: standard mode's retries, quota and backoff
/// (`AWS_MAX_ATTEMPTS`), with STS's `IDPCommunicationError` retried too, as botocore does.
public struct WebIdentityCredentialProvider: CredentialProvider {
    public let name = "web identity"
    private let environment: [String: String]
    private let endpoint: URL
    private let client: AWSQueryClient
    private let readFile: FileReader
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - region: picks the regional STS endpoint `https://sts.<region>.amazonaws.com`; nil uses the global one.
    ///   - retry: the STS client's retries; the chain passes `RetryStrategy.standard(environment:)`.
    ///   - endpoint: replaces the STS endpoint (tests, private endpoints).
    ///   - now: names the session `termscale-<unix time>` when `AWS_ROLE_SESSION_NAME` is unset.
    public init(
        environment: [String: String], region: String?, transport: any HTTPTransport,
        readFile: @escaping FileReader = LocalFile.read, now: @escaping @Sendable () -> Date = { Date() },
        endpoint: URL? = nil, retry: RetryStrategy = RetryStrategy()
    ) {
        self.environment = environment
        let endpoint = endpoint ?? Self.stsEndpoint(region: region)
        self.endpoint = endpoint
        self.client = AWSQueryClient(
            unsignedTo: endpoint, service: "sts", region: region ?? "us-east-1", transport: transport, retry: retry)
        self.readFile = readFile
        self.now = now
    }

    static func stsEndpoint(region: String?) -> URL {
        guard let region, !region.isEmpty else { return URL(string: "https://sts.amazonaws.com/")! }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return URL(string: "https://sts.\(region).\(suffix)/") ?? URL(string: "https://sts.amazonaws.com/")!
    }

    /// - Returns: nil when `AWS_WEB_IDENTITY_TOKEN_FILE` is unset.
    /// - Throws: when `AWS_ROLE_ARN` is missing, the token file cannot be read, or STS refuses.
    public func credentials() throws -> Credentials? {
        guard let tokenFile = environment.nonEmpty("AWS_WEB_IDENTITY_TOKEN_FILE") else { return nil }
        guard let roleARN = environment.nonEmpty("AWS_ROLE_ARN") else {
            throw AWSConfigurationError.missingVariable(name: "AWS_ROLE_ARN", requiredBecause: "AWS_WEB_IDENTITY_TOKEN_FILE is")
        }
        guard let token = try readFile(tokenFile)?.trimmingCharacters(in: .whitespacesAndNewlines) else {
            throw AWSConfigurationError.unreadableFile(path: tokenFile, reason: "it does not exist (AWS_WEB_IDENTITY_TOKEN_FILE)")
        }
        guard !token.isEmpty else {
            throw AWSConfigurationError.unreadableFile(path: tokenFile, reason: "it is empty (AWS_WEB_IDENTITY_TOKEN_FILE)")
        }
        let sessionName = environment.nonEmpty("AWS_ROLE_SESSION_NAME") ?? "termscale-\(Int(now().timeIntervalSince1970))"
        let request = AWSQueryRequest(
            action: "AssumeRoleWithWebIdentity", version: "2011-06-15",
            parameters: [
                ("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", token),
            ])
        let provider = "web identity (STS AssumeRoleWithWebIdentity for \(roleARN))"
        let shownURL = CurlTransport.displayURL(endpoint)
        // STS does not echo the token, but a message must never carry it even if some endpoint did.
        func failed(status: Int?, _ message: String) -> AWSConfigurationError {
            .credentialEndpointFailed(
                provider: provider, url: shownURL, status: status,
                message: message.replacingOccurrences(of: token, with: "<web identity token>"))
        }

        let document: XMLTree
        do {
            document = try client.call(request)
        } catch let error as AWSServiceError {
            throw failed(
                status: error.httpStatus, error.redirectedTo == nil ? "\(error.code): \(error.message)" : error.description)
        } catch let error as AWSRetriesExhausted {
            throw failed(status: (error.lastError as? AWSServiceError)?.httpStatus, error.description)
        } catch let error as TransportError {
            throw failed(status: nil, error.description)
        } catch is XMLParseError {
            throw AWSConfigurationError.malformedCredentialResponse(provider: provider, url: shownURL, reason: "not XML")
        }
        let base = "AssumeRoleWithWebIdentityResult/Credentials"
        func field(_ name: String) throws -> String {
            guard let value = document.text("\(base)/\(name)")?.trimmingCharacters(in: .whitespacesAndNewlines),
                !value.isEmpty
            else {
                throw AWSConfigurationError.malformedCredentialResponse(
                    provider: provider, url: shownURL, reason: "no AssumeRoleWithWebIdentityResponse/\(base)/\(name)")
            }
            return value
        }
        let expirationText = try field("Expiration")
        guard let expiration = AWSTimestamp.parse(expirationText) else {
            throw AWSConfigurationError.malformedCredentialResponse(
                provider: provider, url: shownURL,
                reason: "Expiration is not an ISO 8601 time")
        }
        return Credentials(
            accessKeyID: try field("AccessKeyId"), secretAccessKey: try field("SecretAccessKey"),
            sessionToken: try field("SessionToken"), expiration: expiration,
            source: "web identity \(roleARN)")
    }
}
