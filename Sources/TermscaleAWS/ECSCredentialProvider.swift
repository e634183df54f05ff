import Foundation

/// Container credentials (ECS tasks, EKS Pod Identity): `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`
/// → `http://169.254.170.2<uri>`, or `AWS_CONTAINER_CREDENTIALS_FULL_URI` with the
/// `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN` (or the file named by
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`).
///
/// A full URI over plain http must point at a loopback address or the ECS/EKS agent addresses
/// (169.254.170.2, 169.254.170.23, fd00:ec2::23), as in the SDKs, so the token is never sent
/// across a network in the clear.
///
/// As botocore's `ContainerMetadataFetcher`: a 2 s timeout and up to 3 attempts, 1 s apart; an
/// attempt is tried again when the agent does not answer, answers other than 200, or answers
/// something that is not JSON. A JSON document without credentials is final.
public struct ECSCredentialProvider: CredentialProvider {
    public let name = "container endpoint"
    /// Attempts in all, the first included.
    public static let attempts = 3
    /// Seconds between attempts.
    public static let pause: TimeInterval = 1
    private let environment: [String: String]
    private let transport: any HTTPTransport
    private let readFile: FileReader
    private let agentBase: String
    private let sleep: @Sendable (TimeInterval) -> Void

    /// - Parameters:
    ///   - transport: must allow plain http to 169.254.170.2 (the default does; the URL is checked here).
    ///   - agentBase: where a relative URI points; tests replace `http://169.254.170.2`.
    ///   - sleep: waits between attempts; live: `Thread.sleep`.
    public init(
        environment: [String: String], transport: any HTTPTransport = ECSCredentialProvider.defaultTransport(),
        readFile: @escaping FileReader = LocalFile.read, agentBase: String = "http://169.254.170.2",
        sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        self.environment = environment
        self.transport = transport
        self.readFile = readFile
        self.agentBase = agentBase
        self.sleep = sleep
    }

    /// 2 s, connection included (botocore: 2 s); answers capped at 64 KiB. The agent is on the same host.
    public static func defaultTransport() -> CurlTransport {
        CurlTransport(
            connectTimeout: 2, totalTimeout: 2, caBundle: nil, allowInsecureEndpoint: true,
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

        let body = try fetch(HTTPRequest(method: "GET", url: url, headers: headers), shown: shown)
        return try CredentialDocument.decode(body, provider: name, url: shown, source: name)
    }

    /// The body of the first attempt answered 200 with JSON, within `attempts`.
    /// - Throws: the last attempt's failure, saying how many were made.
    private func fetch(_ request: HTTPRequest, shown: String) throws -> [UInt8] {
        var attempt = 1
        while true {
            let failure: AWSConfigurationError
            do {
                let response = try transport.send(request)
                if response.status == 200 {
                    if (try? JSONSerialization.jsonObject(with: Data(response.body))) != nil { return response.body }
                    failure = .malformedCredentialResponse(provider: name, url: shown, reason: "not JSON")
                } else {
                    failure = .credentialEndpointFailed(
                        provider: name, url: shown, status: response.status, message: Self.errorMessage(in: response.body))
                }
            } catch let error as TransportError {
                guard error.isRetryable else {
                    throw AWSConfigurationError.credentialEndpointFailed(
                        provider: name, url: shown, status: nil, message: error.description)
                }
                failure = .credentialEndpointFailed(provider: name, url: shown, status: nil, message: error.description)
            }
            guard attempt < Self.attempts else { throw Self.afterAttempts(failure, attempt) }
            sleep(Self.pause)
            attempt += 1
        }
    }

    /// `failure`, its message or reason saying that `attempts` were made.
    private static func afterAttempts(_ failure: AWSConfigurationError, _ attempts: Int) -> AWSConfigurationError {
        switch failure {
        case .credentialEndpointFailed(let provider, let url, let status, let message):
            return .credentialEndpointFailed(
                provider: provider, url: url, status: status, message: "\(message) (\(attempts) attempts)")
        case .malformedCredentialResponse(let provider, let url, let reason):
            return .malformedCredentialResponse(provider: provider, url: url, reason: "\(reason) (\(attempts) attempts)")
        default:
            return failure
        }
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
