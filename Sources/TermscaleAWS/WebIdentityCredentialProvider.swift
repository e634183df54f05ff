import Foundation

/// Credentials for a role assumed with a web identity token (EKS service accounts):
/// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`) → STS
/// `AssumeRoleWithWebIdentity`. The call is unsigned: the token is the proof.
public struct WebIdentityCredentialProvider: CredentialProvider {
    public let name = "web identity"
    private let environment: [String: String]
    private let endpoint: URL
    private let transport: any HTTPTransport
    private let readFile: FileReader
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - region: picks the regional STS endpoint `https://sts.<region>.amazonaws.com`; nil uses the global one.
    ///   - endpoint: replaces the STS endpoint (tests, private endpoints).
    ///   - now: names the session `termscale-<unix time>` when `AWS_ROLE_SESSION_NAME` is unset.
    public init(
        environment: [String: String], region: String?, transport: any HTTPTransport,
        readFile: @escaping FileReader = LocalFile.read, now: @escaping @Sendable () -> Date = { Date() },
        endpoint: URL? = nil
    ) {
        self.environment = environment
        self.endpoint = endpoint ?? Self.stsEndpoint(region: region)
        self.transport = transport
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
        // Unsigned: the web identity token is the proof.
        var request = AWSQueryRequest(
            action: "AssumeRoleWithWebIdentity", version: "2011-06-15",
            parameters: [
                ("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", token),
            ]
        ).httpRequest(endpoint: endpoint)
        request.headers.append(("Accept", "text/xml"))
        let provider = "web identity (STS AssumeRoleWithWebIdentity for \(roleARN))"
        let shownURL = CurlTransport.displayURL(endpoint)

        let response: HTTPResponse
        do {
            response = try transport.send(request)
        } catch let error as TransportError {
            throw AWSConfigurationError.credentialEndpointFailed(
                provider: provider, url: shownURL, status: nil,
                message: error.description)
        }
        guard response.status == 200 else {
            let error = AWSServiceError(response: response, action: "AssumeRoleWithWebIdentity", service: "sts")
            let code = error.code
            let message = error.message
            // STS does not echo the token, but a message must never carry it even if some endpoint did.
            let safe = "\(code): \(message)".replacingOccurrences(of: token, with: "<web identity token>")
            throw AWSConfigurationError.credentialEndpointFailed(
                provider: provider, url: shownURL,
                status: response.status, message: safe)
        }
        let base = "AssumeRoleWithWebIdentityResult/Credentials"
        let document = try? XMLTree.parse(response.body)
        func field(_ name: String) throws -> String {
            guard let value = document?.text("\(base)/\(name)")?.trimmingCharacters(in: .whitespacesAndNewlines),
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
