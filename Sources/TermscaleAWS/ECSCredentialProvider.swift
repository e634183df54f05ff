import Foundation

/// Container credentials (ECS tasks, EKS Pod Identity): `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
/// → `http://169.254.170.2<uri>`, or `AWS_CONTAINER_CREDENTIALS_FULL_URI` with the
/// `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN` (or the file named by
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`).
///
/// A full URI over plain http must point at a loopback address or the ECS/EKS agent addresses
/// (169.254.170.2, 169.254.170.23, fd00:ec2::23), as in the SDKs, so the token is never sent
/// across a network in the clear.
public struct ECSCredentialProvider: CredentialProvider {
    public let name = "container credentials"
    private let environment: [String: String]
    private let transport: any HTTPTransport
    private let readFile: FileReader
    private let agentBase: String

    /// - Parameters:
    ///   - transport: must allow plain http to 169.254.170.2 (the default does; the URL is checked here).
    ///   - agentBase: where a relative URI points; tests replace `http://169.254.170.2`.
    public init(
        environment: [String: String], transport: any HTTPTransport = ECSCredentialProvider.defaultTransport(),
        readFile: @escaping FileReader = LocalFile.read, agentBase: String = "http://169.254.170.2"
    ) {
        self.environment = environment
        self.transport = transport
        self.readFile = readFile
        self.agentBase = agentBase
    }

    /// Short timeouts: the agent is on the same host; answers capped at 64 KiB.
    public static func defaultTransport() -> CurlTransport {
        CurlTransport(
            connectTimeout: 2, totalTimeout: 5, caBundle: nil, allowInsecureEndpoint: true,
            maxResponseBytes: CurlTransport.metadataMaxResponseBytes)
    }

    /// - Returns: nil when neither URI variable is set.
    /// - Throws: when the endpoint is not allowed, does not answer, or answers with no credentials.
    public func credentials() throws -> Credentials? {
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        let url: URL
        let shown: String
        if let relative = environment.nonEmpty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let path = relative.hasPrefix("/") ? relative : "/" + relative
            guard let full = URL(string: agentBase + path) else {
                throw AWSConfigurationError.invalidCredentialEndpoint(
                    variable: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", url: "<not shown>", reason: "not a URL path")
            }
            url = full
            shown = CurlTransport.displayURL(full)
        } else if let fullURI = environment.nonEmpty("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            guard let full = URL(string: fullURI), let host = try? CurlTransport.checkedHost(of: full, allowInsecure: true) else {
                throw AWSConfigurationError.invalidCredentialEndpoint(
                    variable: "AWS_CONTAINER_CREDENTIALS_FULL_URI", url: "<not shown>", reason: "not an http(s) URL with a host")
            }
            shown = CurlTransport.displayURL(full)
            let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23"]
            if full.scheme?.lowercased() == "http" && !CurlTransport.isLoopback(host: host)
                && !allowedHTTPHosts.contains(host.lowercased())
            {
                throw AWSConfigurationError.invalidCredentialEndpoint(
                    variable: "AWS_CONTAINER_CREDENTIALS_FULL_URI", url: shown,
                    reason: "plain http is only allowed to loopback or the ECS/EKS agent addresses; use https")
            }
            url = full
            if let tokenFile = environment.nonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
                guard let token = try readFile(tokenFile)?.trimmingCharacters(in: .whitespacesAndNewlines) else {
                    throw AWSConfigurationError.unreadableFile(
                        path: tokenFile, reason: "it does not exist (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE)")
                }
                headers.append(("Authorization", token))
            } else if let token = environment.nonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN") {
                headers.append(("Authorization", token))
            }
        } else {
            return nil
        }

        let response: HTTPResponse
        do {
            response = try transport.send(HTTPRequest(method: "GET", url: url, headers: headers))
        } catch let error as TransportError {
            throw AWSConfigurationError.credentialEndpointFailed(
                provider: name, url: shown, status: nil,
                message: error.description)
        }
        guard response.status == 200 else {
            throw AWSConfigurationError.credentialEndpointFailed(
                provider: name, url: shown, status: response.status,
                message: Self.errorMessage(in: response.body))
        }
        return try CredentialDocument.decode(response.body, provider: name, url: shown, source: name)
    }

    /// The agent's `{"code": …, "message": …}`, never the raw body (which could hold anything).
    private static func errorMessage(in body: [UInt8]) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            return "the agent refused the request"
        }
        let parts = ["code", "Code", "message", "Message"].compactMap { object[$0] as? String }
        return parts.isEmpty ? "the agent refused the request" : parts.joined(separator: ": ")
    }
}
