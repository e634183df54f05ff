import Foundation

/// The EC2 instance role over IMDSv2, and the instance's region: what the cron job on the admin
/// instance uses, with no files and almost no environment.
///
/// `PUT /latest/api/token` (`x-aws-ec2-metadata-token-ttl-seconds: 21600`) gives a session token,
/// sent as `x-aws-ec2-metadata-token` on every read. When the token call is answered 403/404/405
/// (IMDSv2 off or not supported) the reads are made without it (IMDSv1), as the SDKs do; when it
/// is not answered at all this is not an EC2 instance, and the provider has nothing (nil).
/// Endpoint `http://169.254.169.254`, or `[fd00:ec2::254]` with
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`, or `AWS_EC2_METADATA_SERVICE_ENDPOINT`.
/// `AWS_EC2_METADATA_DISABLED=true` turns it off.
public struct IMDSCredentialProvider: CredentialProvider {
    public let name = "instance role"
    /// Where the metadata service is, e.g. `http://169.254.169.254`.
    public let endpoint: String
    /// `AWS_EC2_METADATA_DISABLED=true`.
    public let isDisabled: Bool
    private let transport: any HTTPTransport

    /// - Parameter transport: must allow plain http to the link-local endpoint; the default does,
    ///   with 1 s timeouts so a machine that is not on EC2 finds out quickly, and answers capped
    ///   at 64 KiB.
    public init(environment: [String: String], transport: any HTTPTransport = IMDSCredentialProvider.defaultTransport()) {
        if let configured = environment.nonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
            endpoint = configured.hasSuffix("/") ? String(configured.dropLast()) : configured
        } else if environment.nonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")?.lowercased() == "ipv6" {
            endpoint = "http://[fd00:ec2::254]"
        } else {
            endpoint = "http://169.254.169.254"
        }
        isDisabled = environment.nonEmpty("AWS_EC2_METADATA_DISABLED")?.lowercased() == "true"
        self.transport = transport
    }

    public static func defaultTransport() -> CurlTransport {
        CurlTransport(
            connectTimeout: 1, totalTimeout: 1, caBundle: nil, allowInsecureEndpoint: true,
            maxResponseBytes: CurlTransport.metadataMaxResponseBytes)
    }

    /// The role's temporary credentials, nil when IMDS is disabled, absent, or the instance has no role.
    public func credentials() throws -> Credentials? {
        guard let session = try session() else { return nil }
        let listPath = "/latest/meta-data/iam/security-credentials/"
        guard let roles = try session.get(listPath),
            let role = roles.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { !$0.isEmpty })
        else { return nil }
        let path = listPath + (role.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? role)
        guard let document = try session.getBytes(path) else { return nil }
        return try CredentialDocument.decode(
            document, provider: name, url: endpoint + listPath + "…",
            source: "instance role \(role)")
    }

    /// The instance's region from `/latest/meta-data/placement/region`, nil when IMDS is disabled or absent.
    public func region() throws -> String? {
        guard let session = try session() else { return nil }
        return try session.get("/latest/meta-data/placement/region")?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private struct Session {
        let provider: IMDSCredentialProvider
        /// nil: IMDSv1.
        let token: String?

        /// The body of a 200, nil on 404.
        func getBytes(_ path: String) throws -> [UInt8]? {
            let url = provider.endpoint + path
            guard let target = URL(string: url) else {
                throw AWSConfigurationError.invalidCredentialEndpoint(
                    variable: "AWS_EC2_METADATA_SERVICE_ENDPOINT", url: provider.endpoint, reason: "not a URL")
            }
            let headers: [(name: String, value: String)] = token.map { [("x-aws-ec2-metadata-token", $0)] } ?? []
            let response: HTTPResponse
            do {
                response = try provider.transport.send(HTTPRequest(method: "GET", url: target, headers: headers))
            } catch let error as TransportError {
                throw AWSConfigurationError.credentialEndpointFailed(
                    provider: provider.name, url: url, status: nil,
                    message: error.description)
            }
            switch response.status {
            case 200: return response.body
            case 404: return nil
            case 401:
                throw AWSConfigurationError.credentialEndpointFailed(
                    provider: provider.name, url: url, status: 401,
                    message: token == nil
                        ? "IMDSv1 is disabled on this instance and no IMDSv2 token could be had"
                        : "the metadata token was refused")
            default:
                throw AWSConfigurationError.credentialEndpointFailed(
                    provider: provider.name, url: url,
                    status: response.status, message: "unexpected answer")
            }
        }

        func get(_ path: String) throws -> String? {
            try getBytes(path).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// A metadata session, nil when IMDS is disabled or does not answer.
    private func session() throws -> Session? {
        guard !isDisabled else { return nil }
        let tokenURL = endpoint + "/latest/api/token"
        guard let url = URL(string: tokenURL) else {
            throw AWSConfigurationError.invalidCredentialEndpoint(
                variable: "AWS_EC2_METADATA_SERVICE_ENDPOINT", url: endpoint, reason: "not a URL")
        }
        let response: HTTPResponse
        do {
            response = try transport.send(
                HTTPRequest(
                    method: "PUT", url: url, headers: [("x-aws-ec2-metadata-token-ttl-seconds", "21600")]))
        } catch is TransportError {
            return nil // not on EC2 (or IMDS unreachable): the chain moves on
        }
        switch response.status {
        case 200:
            let token = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return Session(provider: self, token: token.isEmpty ? nil : token)
        case 403, 404, 405:
            return Session(provider: self, token: nil)
        case 400:
            throw AWSConfigurationError.credentialEndpointFailed(
                provider: name, url: tokenURL, status: 400, message: "the metadata service rejected the token request")
        default:
            return nil
        }
    }
}
