import Foundation

/// The EC2 instance role over IMDSv2, and the instance's region: what the cron job on the admin
/// instance uses, with no files and almost no environment.
///
/// `PUT /latest/api/token` (`x-aws-ec2-metadata-token-ttl-seconds: 21600`) gives a session token,
/// sent as `x-aws-ec2-metadata-token` on every read. As in botocore:
/// - The token call answered 403/404/405 (IMDSv2 off or not supported): the reads are made
///   without a token (IMDSv1), unless `AWS_EC2_METADATA_V1_DISABLED=true`, which makes it an error.
/// - The token call not answered although the connection was taken (a read timeout): the metadata
///   service is there but its answer did not come back, which is what a PUT response hop limit of
///   1 does to a process in a container. IMDSv1 is tried (unless disabled); if that fails too, or
///   is disabled, the error says to set the hop limit to 2, rather than "no credentials".
/// - No connection at all (refused, unreachable, connect timeout): not an EC2 instance; the
///   provider has nothing (nil).
/// Endpoint `http://169.254.169.254`, or `[fd00:ec2::254]` with
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`, or `AWS_EC2_METADATA_SERVICE_ENDPOINT`.
/// `AWS_EC2_METADATA_DISABLED=true` turns it off.
public struct IMDSCredentialProvider: CredentialProvider {
    public let name = "instance role"
    /// Where the metadata service is, e.g. `http://169.254.169.254`.
    public let endpoint: String
    /// `AWS_EC2_METADATA_DISABLED=true`.
    public let isDisabled: Bool
    /// `AWS_EC2_METADATA_V1_DISABLED=true`: never read without a token.
    public let isV1Disabled: Bool
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
        isV1Disabled = environment.nonEmpty("AWS_EC2_METADATA_V1_DISABLED")?.lowercased() == "true"
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
        /// Set when the token call timed out after connecting: what a failed read should explain.
        var tokenTimeout: Double? = nil

        /// `message`, followed by the hop-limit diagnosis when the token call timed out.
        func explained(_ message: String) -> String {
            guard let tokenTimeout else { return message }
            return "\(message); before that, " + IMDSCredentialProvider.hopLimitDiagnosis(seconds: tokenTimeout)
        }

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
                    message: explained(error.description))
            }
            switch response.status {
            case 200: return response.body
            case 404: return nil
            case 401:
                throw AWSConfigurationError.credentialEndpointFailed(
                    provider: provider.name, url: url, status: 401,
                    message: token == nil
                        ? explained("IMDSv1 is disabled on this instance and no IMDSv2 token could be had")
                        : "the metadata token was refused")
            default:
                throw AWSConfigurationError.credentialEndpointFailed(
                    provider: provider.name, url: url,
                    status: response.status, message: explained("unexpected answer"))
            }
        }

        func get(_ path: String) throws -> String? {
            try getBytes(path).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// What a token call that connected but was not answered within `seconds` most likely means.
    static func hopLimitDiagnosis(seconds: Double) -> String {
        "the metadata service took the connection but did not answer the token request within "
            + "\(seconds) s: the instance's PUT response hop limit is probably 1 while termscale runs in a "
            + "container (or behind another network hop); set it to 2 (aws ec2 modify-instance-metadata-options "
            + "--instance-id <id> --http-put-response-hop-limit 2)"
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
        } catch let error as TransportError {
            guard case .timedOut(_, let seconds, whileConnecting: false) = error else {
                return nil // no connection: not on EC2 (or IMDS unreachable), the chain moves on
            }
            // Connected, but the answer never came: most likely the hop limit.
            guard !isV1Disabled else {
                throw AWSConfigurationError.credentialEndpointFailed(
                    provider: name, url: tokenURL, status: nil,
                    message: Self.hopLimitDiagnosis(seconds: seconds)
                        + " (AWS_EC2_METADATA_V1_DISABLED=true forbids reading without a token)")
            }
            return Session(provider: self, token: nil, tokenTimeout: seconds)
        }
        switch response.status {
        case 200:
            let token = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            return Session(provider: self, token: token.isEmpty ? nil : token)
        case 403, 404, 405:
            guard !isV1Disabled else {
                throw AWSConfigurationError.credentialEndpointFailed(
                    provider: name, url: tokenURL, status: response.status,
                    message: "no IMDSv2 token could be had, and AWS_EC2_METADATA_V1_DISABLED=true forbids "
                        + "reading without one (IMDSv1)")
            }
            return Session(provider: self, token: nil)
        case 400:
            throw AWSConfigurationError.credentialEndpointFailed(
                provider: name, url: tokenURL, status: 400, message: "the metadata service rejected the token request")
        default:
            return nil
        }
    }
}
