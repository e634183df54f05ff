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
    public init(environment: [String: String], region: String?, transport: any HTTPTransport,
                readFile: @escaping FileReader = LocalFile.read, now: @escaping @Sendable () -> Date = { Date() },
                endpoint: URL? = nil) {
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
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"),
            ("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", token),
        ]
        let request = HTTPRequest(
            method: "POST", url: endpoint,
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Accept", "text/xml")],
            body: Array(form.map { "\(Self.formEncode($0))=\(Self.formEncode($1))" }.joined(separator: "&").utf8))
        let provider = "web identity (STS AssumeRoleWithWebIdentity for \(roleARN))"
        let shownURL = CurlTransport.displayURL(endpoint)

        let response: HTTPResponse
        do {
            response = try transport.send(request)
        } catch let error as TransportError {
            throw AWSConfigurationError.credentialEndpointFailed(provider: provider, url: shownURL, status: nil,
                                                                 message: error.description)
        }
        let xml = response.text
        guard response.status == 200 else {
            let code = MiniXML.text(of: ["ErrorResponse", "Error", "Code"], in: xml) ?? "unknown error"
            let message = MiniXML.text(of: ["ErrorResponse", "Error", "Message"], in: xml) ?? ""
            // STS does not echo the token, but a message must never carry it even if some endpoint did.
            let safe = "\(code): \(message)".replacingOccurrences(of: token, with: "<web identity token>")
            throw AWSConfigurationError.credentialEndpointFailed(provider: provider, url: shownURL,
                                                                 status: response.status, message: safe)
        }
        let base = ["AssumeRoleWithWebIdentityResponse", "AssumeRoleWithWebIdentityResult", "Credentials"]
        func field(_ name: String) throws -> String {
            guard let value = MiniXML.text(of: base + [name], in: xml), !value.isEmpty else {
                throw AWSConfigurationError.malformedCredentialResponse(provider: provider, url: shownURL,
                                                                        reason: "no \(base.joined(separator: "/"))/\(name)")
            }
            return value
        }
        let expirationText = try field("Expiration")
        guard let expiration = AWSTimestamp.parse(expirationText) else {
            throw AWSConfigurationError.malformedCredentialResponse(provider: provider, url: shownURL,
                                                                    reason: "Expiration is not an ISO 8601 time")
        }
        return Credentials(accessKeyID: try field("AccessKeyId"), secretAccessKey: try field("SecretAccessKey"),
                           sessionToken: try field("SessionToken"), expiration: expiration,
                           source: "web identity \(roleARN)")
    }

    /// `application/x-www-form-urlencoded` as AWS wants it: unreserved characters literal, space as `+`,
    /// everything else `%XX` (upper case) per UTF-8 byte.
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

/// Just enough XML to read STS answers: the text of the first element at a path of element names.
/// Stand-in until the shared XML parser is on this branch; swap it then.
private enum MiniXML {
    static func text(of path: [String], in xml: String) -> String? {
        var scope = Substring(xml)
        for name in path {
            guard let inner = element(name, in: scope) else { return nil }
            scope = inner
        }
        return unescape(scope.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The content of the first `<name>` or `<name attr…>` element in `xml`.
    private static func element(_ name: String, in xml: Substring) -> Substring? {
        var searchFrom = xml.startIndex
        while let open = xml[searchFrom...].range(of: "<\(name)") {
            guard let close = xml[open.upperBound...].firstIndex(of: ">") else { return nil }
            let between = xml[open.upperBound..<close]
            // `<NameSuffix>` is another element; `<Name/>` is empty.
            if between.isEmpty || between.first == " " || between.first == "\n" || between.first == "\t" {
                let contentStart = xml.index(after: close)
                guard let end = xml[contentStart...].range(of: "</\(name)>") else { return nil }
                return xml[contentStart..<end.lowerBound]
            }
            if between == "/" { return xml[close..<close] }
            searchFrom = close
        }
        return nil
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
