import Foundation
import TermscaleCore
import TermscaleCrypto

/// Signs HTTP requests with AWS Signature Version 4 (header form, `AWS4-HMAC-SHA256`).
///
/// What is signed: `host` (from the `Host` header, else from the URL), `x-amz-date`,
/// `x-amz-security-token` for temporary credentials, `content-type` and every other header on
/// the request except those a proxy or the transport may change or drop (`user-agent`,
/// hop-by-hop headers such as `connection` and `expect`, `x-amzn-trace-id`: botocore's list). The canonical URI is the URL path
/// with `.`/`..`/empty segments removed and each segment percent-encoded once (the rule for
/// every service but S3); the canonical query is sorted by encoded name, then value.
///
/// Derived signing keys are cached per (SHA-256 of the secret, day, region, service), so a
/// signer shared across calls does one HMAC chain a day instead of one per request.
public struct SigV4Signer: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// Headers never signed: proxies and transports add or rewrite them.
    static let unsignedHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    public let service: String
    public let region: String
    private let keyCache = SigningKeyCache()

    /// - Parameters:
    ///   - service: the signing name, `autoscaling` for Auto Scaling, `sts` for STS.
    ///   - region: e.g. `eu-west-2`.
    public init(service: String, region: String) {
        self.service = service
        self.region = region
    }

    /// `request` with `X-Amz-Date`, `X-Amz-Security-Token` (when `credentials` carry a session
    /// token), `Host` (when missing) and `Authorization` set. Earlier values of these headers are
    /// replaced, so a request can be signed again for a retry.
    /// - Parameter date: the signing instant; AWS refuses requests more than 5 minutes off.
    public func sign(_ request: HTTPRequest, credentials: Credentials, date: Date) -> HTTPRequest {
        let prepared = prepare(request, credentials: credentials, date: date)
        let canonical = canonicalForm(prepared)
        let toSign = stringToSign(canonicalRequest: canonical.text, date: date)
        let key = signingKey(secret: credentials.secretAccessKey, date: date, region: region, service: service)
        let signature = Digest.hex(Digest.hmacSHA256(key: key, message: Array(toSign.utf8)))
        var signed = prepared
        signed.headers.append((
            name: "Authorization",
            value: "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(date: date)), "
                + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        ))
        return signed
    }

    /// `request` with the headers that take part in the signature (`Host`, `X-Amz-Date`,
    /// `X-Amz-Security-Token`) set and any old `Authorization` removed: what `sign` signs.
    public func prepare(_ request: HTTPRequest, credentials: Credentials, date: Date) -> HTTPRequest {
        var prepared = request
        let token = credentials.sessionToken
        prepared.headers.removeAll { header in
            let name = header.name.lowercased()
            return name == "authorization" || name == "x-amz-date" || (token != nil && name == "x-amz-security-token")
        }
        if prepared.header("Host") == nil {
            prepared.headers.insert((name: "Host", value: request.url.hostHeaderValue), at: 0)
        }
        prepared.headers.append((name: "X-Amz-Date", value: Self.amzDate(date)))
        if let token {
            prepared.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        return prepared
    }

    /// The canonical request (step 1) of `request` as it stands: its headers must already
    /// include `X-Amz-Date` (see `prepare`). `Authorization` is ignored.
    public func canonicalRequest(_ request: HTTPRequest) -> String {
        canonicalForm(request).text
    }

    /// The `SignedHeaders` list of `request`: lowercase names joined by `;`.
    public func signedHeaders(_ request: HTTPRequest) -> String {
        canonicalForm(request).signedHeaders
    }

    /// The string to sign (step 2) for a canonical request made at `date`.
    public func stringToSign(canonicalRequest: String, date: Date) -> String {
        "\(Self.algorithm)\n\(Self.amzDate(date))\n\(scope(date: date))\n"
            + Digest.hex(Digest.sha256(canonicalRequest.utf8))
    }

    /// The signing key (step 3): HMAC chain `"AWS4" + secret` → day → region → service →
    /// `aws4_request`. Cached per (SHA-256 of the secret, day, region, service).
    public func signingKey(secret: String, date: Date, region: String, service: String) -> [UInt8] {
        let day = Self.dateStamp(date)
        let cacheKey = SigningKeyCache.Key(secretDigest: Digest.sha256(secret.utf8), day: day, region: region,
                                           service: service)
        if let key = keyCache.value(for: cacheKey) { return key }
        var key = Array("AWS4\(secret)".utf8)
        for part in [day, region, service, "aws4_request"] {
            key = Digest.hmacSHA256(key: key, message: Array(part.utf8))
        }
        keyCache.store(key, for: cacheKey)
        return key
    }

    /// The credential scope: `YYYYMMDD/region/service/aws4_request`.
    public func scope(date: Date) -> String {
        "\(Self.dateStamp(date))/\(region)/\(service)/aws4_request"
    }

    // MARK: - Canonical request

    private func canonicalForm(_ request: HTTPRequest) -> (text: String, signedHeaders: String) {
        // Group values by lowercase name, keeping the order they were given in.
        var values: [String: [String]] = [:]
        for header in request.headers {
            let name = header.name.lowercased()
            if Self.unsignedHeaders.contains(name) { continue }
            values[name, default: []].append(Self.canonicalHeaderValue(header.value))
        }
        if values["host"] == nil { values["host"] = [request.url.hostHeaderValue] }
        let names = values.keys.sorted()
        let signedHeaders = names.joined(separator: ";")

        var text = request.method.uppercased()
        text += "\n"
        text += Self.canonicalURI(request.url.path(percentEncoded: true))
        text += "\n"
        text += Self.canonicalQuery(request.url.query(percentEncoded: true))
        text += "\n"
        for name in names {
            text += name
            text += ":"
            text += values[name]!.joined(separator: ",")
            text += "\n"
        }
        text += "\n"
        text += signedHeaders
        text += "\n"
        text += Digest.hex(Digest.sha256(request.body))
        return (text, signedHeaders)
    }

    /// Leading and trailing white space removed, inner runs (including the line breaks of a
    /// folded multi-line value) collapsed to one space.
    static func canonicalHeaderValue(_ value: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count)
        var pendingSpace = false
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0b, 0x0c:
                pendingSpace = !out.isEmpty
            default:
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The path normalized (no empty, `.` or `..` segments; a trailing `/` kept) and each
    /// segment decoded, then percent-encoded once.
    static func canonicalURI(_ percentEncodedPath: String) -> String {
        if percentEncodedPath.isEmpty || percentEncodedPath == "/" { return "/" }
        var segments: [Substring] = []
        for segment in percentEncodedPath.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(segment)
            }
        }
        if segments.isEmpty { return "/" }
        var out = [UInt8]()
        for segment in segments {
            out.append(UInt8(ascii: "/"))
            PercentEncoding.append(PercentEncoding.decode(segment), to: &out)
        }
        if percentEncodedPath.hasSuffix("/") { out.append(UInt8(ascii: "/")) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parameters decoded, re-encoded per RFC 3986, sorted by name then value, joined by `&`;
    /// a parameter without `=` gets an empty value.
    static func canonicalQuery(_ percentEncodedQuery: String?) -> String {
        guard let query = percentEncodedQuery, !query.isEmpty else { return "" }
        var pairs: [(name: String, value: String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = item.firstIndex(of: "=") {
                name = item[..<equals]
                value = item[item.index(after: equals)...]
            } else {
                name = item
                value = ""
            }
            pairs.append((PercentEncoding.encode(PercentEncoding.decode(name)),
                          PercentEncoding.encode(PercentEncoding.decode(value))))
        }
        // Encoded text is ASCII, so comparing Strings compares bytes.
        pairs.sort { $0.name != $1.name ? $0.name < $1.name : $0.value < $1.value }
        return pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    // MARK: - Dates

    /// `YYYYMMDDThhmmssZ` in UTC.
    public static func amzDate(_ date: Date) -> String {
        let t = LocalDateTime(secondsAsIfUTC: UTCFormat.seconds(date))
        return digits(t.date.year, 4) + digits(t.date.month, 2) + digits(t.date.day, 2) + "T"
            + digits(t.hour, 2) + digits(t.minute, 2) + digits(t.second, 2) + "Z"
    }

    /// `YYYYMMDD` in UTC: the day of the credential scope.
    public static func dateStamp(_ date: Date) -> String {
        let d = LocalDateTime(secondsAsIfUTC: UTCFormat.seconds(date)).date
        return digits(d.year, 4) + digits(d.month, 2) + digits(d.day, 2)
    }

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

/// Derived SigV4 keys by (secret digest, day, region, service). Holds at most a few entries:
/// a run uses one key set, plus one more per day boundary or credential refresh.
final class SigningKeyCache: @unchecked Sendable {
    struct Key: Hashable {
        var secretDigest: [UInt8]
        var day: String
        var region: String
        var service: String
    }

    private let lock = NSLock()
    private var keys: [Key: [UInt8]] = [:]
    private static let capacity = 16

    func value(for key: Key) -> [UInt8]? {
        lock.withLock { keys[key] }
    }

    func store(_ value: [UInt8], for key: Key) {
        lock.withLock {
            if keys.count >= Self.capacity { keys.removeAll() }
            keys[key] = value
        }
    }
}
