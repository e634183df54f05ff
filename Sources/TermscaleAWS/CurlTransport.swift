import CCurl
import Foundation

/// The live `HTTPTransport`: one libcurl easy handle per request, so calls from several threads
/// never share state.
///
/// - TLS: peer and host verification are always on (`CURLOPT_SSL_VERIFYPEER=1`,
///   `CURLOPT_SSL_VERIFYHOST=2`). The CA bundle is libcurl's system default
///   (`/etc/ssl/certs/ca-certificates.crt` on Debian) unless `caBundle` names a PEM file;
///   by default that is `AWS_CA_BUNDLE`, as in the AWS CLI.
/// - Proxies: libcurl itself reads `http_proxy`, `https_proxy`/`HTTPS_PROXY`, `all_proxy`/`ALL_PROXY`
///   and `no_proxy`/`NO_PROXY` for every transfer (not upper-case `HTTP_PROXY`, which libcurl
///   ignores on purpose, see "httpoxy"). The one exception made here: loopback and link-local
///   destinations (a local test peer, the instance metadata service, the ECS credential endpoint)
///   are always reached directly, because through a proxy they would be the proxy's, not ours.
/// - Plain `http://` is refused before any connection unless the host is a loopback address
///   (`127.0.0.0/8`, `::1`, `localhost`) or `allowInsecureEndpoint` is set.
/// - No redirects are followed, only http and https are spoken, no `Expect: 100-continue` is sent,
///   and `CURLOPT_NOSIGNAL` is set so timeouts never raise SIGALRM in a threaded process.
/// - An answer larger than `maxResponseBytes` (headers and body together) is cut off there and
///   is an error, so a broken or hostile endpoint cannot fill memory.
/// - Errors: a TLS handshake broken off (curl 35, `CURLE_SSL_CONNECT_ERROR`: a reset or a close
///   mid-handshake) is a connection failure, retried like a reset; a certificate that does not
///   verify (curl 60, `CURLE_PEER_FAILED_VERIFICATION`) and the other TLS set-up failures are final.
public final class CurlTransport: HTTPTransport, Sendable {
    /// Seconds allowed to establish the connection (TCP and TLS).
    public let connectTimeout: Double
    /// Seconds allowed for the whole request, connection included.
    public let totalTimeout: Double
    /// A PEM file of trusted CAs replacing the system default, or nil for the system default.
    public let caBundle: String?
    /// Allows plain `http://` to hosts that are not loopback addresses.
    public let allowInsecureEndpoint: Bool
    /// The most bytes an answer may have, headers and body together.
    public let maxResponseBytes: Int

    /// 10 MiB: far above any answer of the calls termscale makes (a page of 100 scheduled actions
    /// is about 60 KB).
    public static let defaultMaxResponseBytes = 10 * 1024 * 1024
    /// 64 KiB: the metadata service's and the container agent's answers are a few hundred bytes.
    public static let metadataMaxResponseBytes = 64 * 1024

    public init(
        connectTimeout: Double = 5, totalTimeout: Double = 30,
        caBundle: String? = CurlTransport.caBundle(from: ProcessInfo.processInfo.environment),
        allowInsecureEndpoint: Bool = false, maxResponseBytes: Int = CurlTransport.defaultMaxResponseBytes
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.caBundle = caBundle
        self.allowInsecureEndpoint = allowInsecureEndpoint
        self.maxResponseBytes = max(1, maxResponseBytes)
    }

    /// `AWS_CA_BUNDLE` from `environment`, nil when unset or empty.
    public static func caBundle(from environment: [String: String]) -> String? {
        guard let path = environment["AWS_CA_BUNDLE"], !path.isEmpty else { return nil }
        return path
    }

    /// `curl_global_init` must run once before any handle is made; a static let runs it once,
    /// thread-safely, on first use.
    private static let globalInit: CURLcode = termscale_curl_global_init()

    public func send(_ request: HTTPRequest) throws -> HTTPResponse {
        let shownURL = Self.displayURL(request.url)
        let host = try Self.checkedHost(of: request.url, allowInsecure: allowInsecureEndpoint)

        guard Self.globalInit == CURLE_OK, let handle = curl_easy_init() else {
            throw TransportError.connectionFailed(url: shownURL, reason: "libcurl could not be initialised")
        }
        defer { curl_easy_cleanup(handle) }

        let sink = ResponseSink(limit: maxResponseBytes)
        let context = Unmanaged.passRetained(sink)
        defer { context.release() }

        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }

        // libcurl reads the body from this copy during `curl_easy_perform`; never NULL, since a NULL
        // CURLOPT_POSTFIELDS would make libcurl read the body from stdin.
        let body = UnsafeMutablePointer<UInt8>.allocate(capacity: max(request.body.count, 1))
        body.initialize(repeating: 0, count: max(request.body.count, 1))
        request.body.withUnsafeBufferPointer { bytes in
            if let base = bytes.baseAddress { body.update(from: base, count: bytes.count) }
        }
        defer { body.deallocate() }

        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for line in Self.headerLines(for: request) {
            guard let appended = curl_slist_append(headerList, line) else {
                throw TransportError.connectionFailed(url: shownURL, reason: "out of memory building headers")
            }
            headerList = appended
        }

        func set(_ code: CURLcode, _ option: String) throws {
            guard code == CURLE_OK else {
                throw TransportError.connectionFailed(
                    url: shownURL, reason: "libcurl rejected \(option): \(String(cString: curl_easy_strerror(code)))")
            }
        }

        try set(termscale_curl_setopt_string(handle, CURLOPT_URL, request.url.absoluteString), "CURLOPT_URL")
        try set(termscale_curl_restrict_protocols(handle), "CURLOPT_PROTOCOLS_STR")
        try set(termscale_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "CURLOPT_NOSIGNAL")
        try set(termscale_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0), "CURLOPT_FOLLOWLOCATION")
        try set(termscale_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1), "CURLOPT_SSL_VERIFYPEER")
        try set(termscale_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2), "CURLOPT_SSL_VERIFYHOST")
        if let caBundle {
            try set(termscale_curl_setopt_string(handle, CURLOPT_CAINFO, caBundle), "CURLOPT_CAINFO")
        }
        if Self.isLoopback(host: host) || Self.isLinkLocal(host: host) {
            // An empty string disables proxies for this transfer, whatever the environment says.
            try set(termscale_curl_setopt_string(handle, CURLOPT_PROXY, ""), "CURLOPT_PROXY")
        }
        try set(
            termscale_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout)),
            "CURLOPT_CONNECTTIMEOUT_MS")
        try set(
            termscale_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(totalTimeout)),
            "CURLOPT_TIMEOUT_MS")
        try set(termscale_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
        // Refuses at once an answer whose Content-Length is over the limit; the callbacks below cut
        // off one that does not say.
        try set(
            termscale_curl_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxResponseBytes)),
            "CURLOPT_MAXFILESIZE_LARGE")

        switch request.method.uppercased() {
        case "GET":
            try set(termscale_curl_setopt_long(handle, CURLOPT_HTTPGET, 1), "CURLOPT_HTTPGET")
        case "HEAD":
            try set(termscale_curl_setopt_long(handle, CURLOPT_NOBODY, 1), "CURLOPT_NOBODY")
        case let method:
            try set(
                termscale_curl_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)),
                "CURLOPT_POSTFIELDSIZE_LARGE")
            try set(termscale_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, body), "CURLOPT_POSTFIELDS")
            if method != "POST" {
                try set(termscale_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method), "CURLOPT_CUSTOMREQUEST")
            }
        }
        try set(termscale_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), "CURLOPT_HTTPHEADER")

        try set(
            termscale_curl_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                ResponseSink.receive(data, size * count, context) { sink, bytes in sink.receiveBody(bytes) }
            }, "CURLOPT_WRITEFUNCTION")
        try set(termscale_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque()), "CURLOPT_WRITEDATA")
        try set(
            termscale_curl_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                ResponseSink.receive(data, size * count, context) { sink, bytes in sink.receiveHeaderLine(bytes) }
            }, "CURLOPT_HEADERFUNCTION")
        try set(termscale_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque()), "CURLOPT_HEADERDATA")

        let code = curl_easy_perform(handle)
        if sink.overflowed || code == CURLE_FILESIZE_EXCEEDED {
            throw TransportError.responseTooLarge(url: shownURL, limit: maxResponseBytes)
        }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            throw Self.transportError(
                code: code, reason: reason, url: shownURL,
                connectTimeout: connectTimeout, totalTimeout: totalTimeout)
        }

        var status = 0
        try set(termscale_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status), "CURLINFO_RESPONSE_CODE")
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }
}

// MARK: - Pieces that do not need libcurl, internal so tests can reach them

extension CurlTransport {
    /// The host of `url` (without IPv6 brackets), after checking the scheme and, for `http://`,
    /// that the host is a loopback address or insecure endpoints are allowed.
    static func checkedHost(of url: URL, allowInsecure: Bool) throws -> String {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let rawHost = components.host, !rawHost.isEmpty
        else { throw TransportError.invalidURL(displayURL(url)) }
        let host = rawHost.hasPrefix("[") && rawHost.hasSuffix("]") ? String(rawHost.dropFirst().dropLast()) : rawHost
        if scheme == "http" && !allowInsecure && !isLoopback(host: host) {
            throw TransportError.insecureEndpoint(url: displayURL(url))
        }
        return host
    }

    /// `localhost`, `::1` or a dotted-quad address in `127.0.0.0/8`.
    static func isLoopback(host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        guard let octets = ipv4Octets(host) else { return false }
        return octets[0] == 127
    }

    /// `169.254.0.0/16` (IMDS, ECS) or `fe80::/10` and the EC2 IPv6 metadata address `fd00:ec2::254`.
    static func isLinkLocal(host: String) -> Bool {
        let host = host.lowercased()
        if host.hasPrefix("fe80:") || host.hasPrefix("fd00:ec2::") { return true }
        guard let octets = ipv4Octets(host) else { return false }
        return octets[0] == 169 && octets[1] == 254
    }

    private static func ipv4Octets(_ host: String) -> [Int]? {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let octets = parts.compactMap { part -> Int? in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber) else { return nil }
            return Int(part).flatMap { $0 <= 255 ? $0 : nil }
        }
        return octets.count == 4 ? octets : nil
    }

    /// The URL for messages: scheme, host, port and path only, so no query or user info is ever shown.
    static func displayURL(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "<invalid URL>" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "<invalid URL>"
    }

    /// `Name: value` lines for libcurl, plus `Expect:` (suppresses `Expect: 100-continue`) and, for a
    /// request with a body slot but no `Content-Type`, `Content-Type:` (suppresses libcurl's
    /// form-urlencoded default). CR and LF in names or values become spaces, so no header can be injected.
    static func headerLines(for request: HTTPRequest) -> [String] {
        func clean(_ text: String) -> String {
            String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
        }
        var lines: [String] = []
        for (name, value) in request.headers {
            let name = clean(name).trimmingCharacters(in: .whitespaces)
            let value = clean(value).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            // libcurl sends `Name;` as a header with an empty value; `Name:` would remove the header.
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        if request.header("Expect") == nil { lines.append("Expect:") }
        let method = request.method.uppercased()
        if method != "GET" && method != "HEAD" && request.header("Content-Type") == nil {
            lines.append("Content-Type:")
        }
        return lines
    }

    static func transportError(
        code: CURLcode, reason: String, url: String,
        connectTimeout: Double, totalTimeout: Double
    ) -> TransportError {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            // "Connection timed out after 1001 milliseconds", "Resolving timed out…", "SSL connection
            // timeout" while connecting; "Operation timed out after … bytes received" once connected.
            let duringConnect =
                reason.localizedCaseInsensitiveContains("connect")
                || reason.localizedCaseInsensitiveContains("resolv")
            return .timedOut(
                url: url, seconds: duringConnect ? min(connectTimeout, totalTimeout) : totalTimeout,
                whileConnecting: duringConnect)
        case CURLE_SSL_CONNECT_ERROR:
            // The handshake broke off ("Connection reset by peer", "SSL_ERROR_SYSCALL"): a network
            // failure like a reset, retried. A certificate that does not verify is CURLE_PEER_FAILED_VERIFICATION.
            return .connectionFailed(url: url, reason: "TLS handshake failed: \(reason)")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
            CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tlsFailed(url: url, reason: reason)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(url)
        default:
            // COULDNT_CONNECT, COULDNT_RESOLVE_HOST/PROXY, RECV_ERROR, SEND_ERROR, GOT_NOTHING,
            // PARTIAL_FILE and anything else that left us without a response.
            return .connectionFailed(url: url, reason: reason)
        }
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        max(1, Int((seconds * 1000).rounded(.up)))
    }
}

/// What libcurl hands back during one transfer. Touched only by the thread running `curl_easy_perform`.
private final class ResponseSink {
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    /// The most bytes taken, headers and body together.
    let limit: Int
    private var received = 0
    /// Set when the answer passed `limit`: the transfer was stopped.
    private(set) var overflowed = false

    init(limit: Int) { self.limit = limit }

    /// Counts `count` more bytes; false (and `overflowed`) when they pass the limit.
    private func take(_ count: Int) -> Bool {
        received += count
        if received > limit { overflowed = true }
        return !overflowed
    }

    func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard take(bytes.count) else { return false }
        body.append(contentsOf: bytes)
        return true
    }

    /// What libcurl's write and header callbacks share: `total` bytes at `data` for the sink
    /// behind `context`. Returns `total`, which tells libcurl every byte was taken, or 0 when
    /// `take` refused them, which makes libcurl stop the transfer.
    static func receive(
        _ data: UnsafeMutablePointer<CChar>?, _ total: Int, _ context: UnsafeMutableRawPointer?,
        _ take: (ResponseSink, UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Int {
        guard let data, let context, total > 0 else { return total }
        let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
        let taken = data.withMemoryRebound(to: UInt8.self, capacity: total) {
            take(sink, UnsafeBufferPointer(start: $0, count: total))
        }
        return taken ? total : 0
    }

    /// One raw header line. A status line starts a new block (after `100 Continue`, a proxy's
    /// `CONNECT` answer or a redirect), so only the final response's headers are kept.
    func receiveHeaderLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard take(bytes.count) else { return false }
        var line = String(decoding: bytes, as: UTF8.self)
        while line.hasSuffix("\n") || line.hasSuffix("\r") || line.hasSuffix("\r\n") { line.removeLast() }
        if line.hasPrefix("HTTP/") {
            headers = []
        } else if line.isEmpty {
            return true
        } else if line.first == " " || line.first == "\t" {
            // An obsolete folded continuation of the previous header's value.
            guard let last = headers.popLast() else { return true }
            headers.append((last.name, last.value + " " + line.trimmingCharacters(in: .whitespaces)))
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        return true
    }
}
