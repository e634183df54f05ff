import Foundation
import TermscaleCore
import TermscaleCrypto

/// Signs HTTP requests with AWS Signature Version 4 (header form, `AWS4-HMAC-SHA256`).
///
/// What is signed: `host` (from the `Host` header, else from the URL), `x-amz-date`,
/// `x-amz-security-token` for temporary credentials, `content-type` and every other header on
/// the request except those a proxy or the transport may change or drop (`user-agent`,
/// hop-by-hop headers such as `connection` and `expect`, `x-amzn-trace-id`: botocore's list). The canonical URI is the path
/// as sent (the URL's percent-encoded path) with `.`/`..`/empty segments removed and each
/// segment percent-encoded once more, as every service but S3 computes it and botocore signs
/// it: a REST path segment `a%20b` (the name `a b`) is `a%2520b`; the canonical query is sorted by
/// encoded name, then value.
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
        let amzDate = Self.amzDate(date)
        let scope = "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
        var signed = prepare(request, credentials: credentials, amzDate: amzDate)
        let canonical = canonicalForm(signed)
        var toSign = Array("\(Self.algorithm)\n\(amzDate)\n\(scope)\n".utf8)
        Self.appendHex(Digest.sha256(canonical.bytes), to: &toSign)
        let key = signingKey(secret: credentials.secretAccessKey, date: date, region: region, service: service)
        let signature = Digest.hex(Digest.hmacSHA256(key: key, message: toSign))
        signed.headers.append(
            (
                name: "Authorization",
                value: "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), "
                    + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
            ))
        return signed
    }

    /// `request` with the headers that take part in the signature (`Host`, `X-Amz-Date`,
    /// `X-Amz-Security-Token`) set and any old `Authorization` removed: what `sign` signs.
    public func prepare(_ request: HTTPRequest, credentials: Credentials, date: Date) -> HTTPRequest {
        prepare(request, credentials: credentials, amzDate: Self.amzDate(date))
    }

    private func prepare(_ request: HTTPRequest, credentials: Credentials, amzDate: String) -> HTTPRequest {
        var prepared = request
        let token = credentials.sessionToken
        var hasHost = false
        prepared.headers.removeAll { header in
            let name = Self.lowercasedASCII(header.name)
            if name == "host" { hasHost = true }
            return name == "authorization" || name == "x-amz-date" || (token != nil && name == "x-amz-security-token")
        }
        if !hasHost {
            prepared.headers.insert((name: "Host", value: request.url.hostHeaderValue), at: 0)
        }
        prepared.headers.append((name: "X-Amz-Date", value: amzDate))
        if let token {
            prepared.headers.append((name: "X-Amz-Security-Token", value: token))
        }
        return prepared
    }

    /// The canonical request (step 1) of `request` as it stands: its headers must already
    /// include `X-Amz-Date` (see `prepare`). `Authorization` is ignored.
    public func canonicalRequest(_ request: HTTPRequest) -> String {
        String(decoding: canonicalForm(request).bytes, as: UTF8.self)
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
        let cacheKey = SigningKeyCache.Key(
            secretDigest: Digest.sha256(secret.utf8), day: day, region: region,
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

    private func canonicalForm(_ request: HTTPRequest) -> (bytes: [UInt8], signedHeaders: String) {
        // Signed headers sorted by lowercase name; values of a repeated name keep their order
        // (the index breaks ties, so the sort need not be stable).
        var headers: [(name: String, index: Int, value: String)] = []
        headers.reserveCapacity(request.headers.count + 1)
        var hasHost = false
        for (index, header) in request.headers.enumerated() {
            let name = Self.lowercasedASCII(header.name)
            if Self.unsignedHeaders.contains(name) { continue }
            if name == "host" { hasHost = true }
            headers.append((name, index, header.value))
        }
        if !hasHost { headers.append(("host", -1, request.url.hostHeaderValue)) }
        headers.sort { $0.name != $1.name ? $0.name < $1.name : $0.index < $1.index }

        var out: [UInt8] = []
        out.reserveCapacity(256 + request.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count })
        out += request.method.uppercased().utf8
        out.append(Self.newline)
        out += Self.canonicalURI(request.url.path(percentEncoded: true)).utf8
        out.append(Self.newline)
        out += Self.canonicalQuery(request.url.query(percentEncoded: true)).utf8
        out.append(Self.newline)
        var signedHeaders = ""
        for (position, header) in headers.enumerated() {
            if position > 0 && headers[position - 1].name == header.name {
                out.removeLast() // the newline: a repeated name continues the line
                out.append(UInt8(ascii: ","))
            } else {
                if !signedHeaders.isEmpty { signedHeaders += ";" }
                signedHeaders += header.name
                out += header.name.utf8
                out.append(UInt8(ascii: ":"))
            }
            Self.appendCanonicalHeaderValue(header.value, to: &out)
            out.append(Self.newline)
        }
        out.append(Self.newline)
        out += signedHeaders.utf8
        out.append(Self.newline)
        Self.appendHex(Digest.sha256(request.body), to: &out)
        return (out, signedHeaders)
    }

    private static let newline = UInt8(ascii: "\n")
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes` appended to `out` (`Digest.hex` without the String round trip).
    private static func appendHex(_ bytes: [UInt8], to out: inout [UInt8]) {
        for byte in bytes {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
    }

    /// Header names are ASCII; this avoids Foundation's Unicode case mapping on the hot path.
    static func lowercasedASCII(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else { return text }
        return String(
            decoding: text.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 },
            as: UTF8.self)
    }

    /// Appends `value` with leading and trailing white space removed and inner runs (including
    /// the line breaks of a folded multi-line value) collapsed to one space.
    static func appendCanonicalHeaderValue(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            if isCanonical(bytes) {
                out.append(contentsOf: bytes)
                return
            }
            var started = false
            var pendingSpace = false
            for byte in bytes {
                if isWhiteSpace(byte) {
                    pendingSpace = started
                } else {
                    if pendingSpace { out.append(UInt8(ascii: " ")) }
                    pendingSpace = false
                    started = true
                    out.append(byte)
                }
            }
        }
    }

    private static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (byte >= 0x09 && byte <= 0x0d)
    }

    /// No white space at either end and none inside but single spaces: the common case.
    private static func isCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        if isWhiteSpace(first) || isWhiteSpace(last) { return false }
        var previousWasSpace = false
        for byte in bytes where isWhiteSpace(byte) || previousWasSpace {
            if byte == UInt8(ascii: " ") && !previousWasSpace {
                previousWasSpace = true
            } else if isWhiteSpace(byte) {
                return false
            } else {
                previousWasSpace = false
            }
        }
        return true
    }

    /// The path normalized (no empty, `.` or `..` segments; a trailing `/` kept) and each
    /// segment, as sent, percent-encoded (botocore's `quote(path, safe='/~')`): an escape already
    /// in the path is encoded again (`%20` → `%2520`), as AWS computes it for every service but S3.
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
        var out: [UInt8] = []
        for segment in segments {
            out.append(UInt8(ascii: "/"))
            PercentEncoding.append(String(segment), to: &out)
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
            pairs.append(
                (
                    PercentEncoding.encode(PercentEncoding.decode(name)),
                    PercentEncoding.encode(PercentEncoding.decode(value))
                ))
        }
        // Encoded text is ASCII, so comparing Strings compares bytes.
        pairs.sort { $0.name != $1.name ? $0.name < $1.name : $0.value < $1.value }
        return pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    // MARK: - Dates

    /// `YYYYMMDDThhmmssZ` in UTC.
    public static func amzDate(_ date: Date) -> String {
        let t = LocalDateTime(secondsAsIfUTC: UTCFormat.seconds(date))
        return t.date.year.zeroPadded(to: 4) + t.date.month.zeroPadded(to: 2) + t.date.day.zeroPadded(to: 2) + "T"
            + t.hour.zeroPadded(to: 2) + t.minute.zeroPadded(to: 2) + t.second.zeroPadded(to: 2) + "Z"
    }

    /// `YYYYMMDD` in UTC: the day of the credential scope.
    public static func dateStamp(_ date: Date) -> String {
        let d = LocalDateTime(secondsAsIfUTC: UTCFormat.seconds(date)).date
        return d.year.zeroPadded(to: 4) + d.month.zeroPadded(to: 2) + d.day.zeroPadded(to: 2)
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
