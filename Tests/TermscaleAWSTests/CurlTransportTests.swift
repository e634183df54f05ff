import CCurl
import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

@Suite struct CurlTransportTests {
    let transport = CurlTransport(connectTimeout: 2, totalTimeout: 5, caBundle: nil)

    @Test func getReturnsStatusHeadersAndBody() throws {
        let server = try FakeServer([
            .init("GET", "/hello", .init(status: 200, headers: ["X-Amzn-RequestId": "req-1"], body: "hi there"))
        ])
        defer { server.stop() }

        let response = try transport.send(
            HTTPRequest(
                method: "GET", url: URL(string: "\(server.baseURL)/hello")!, headers: [("X-Custom", "one two")]))

        #expect(response.status == 200)
        #expect(response.text == "hi there")
        #expect(response.header("x-amzn-requestid") == "req-1")
        #expect(response.header("Content-Length") == "8")
        let received = try #require(try server.requests().first)
        #expect(received.method == "GET")
        #expect(received.header("X-Custom") == "one two")
        #expect(received.header("Expect") == nil)
    }

    @Test func postSendsTheBodyAndHeadersWithoutExpectContinue() throws {
        let server = try FakeServer([.init("POST", "/", .init(status: 200, body: "<ok/>"))])
        defer { server.stop() }
        // Large enough that libcurl would add `Expect: 100-continue` by default (over 1 MiB in 7.88).
        let body = Array(("Action=Describe&Version=2011-01-01&Pad=" + String(repeating: "x", count: 1_100_000)).utf8)

        let response = try transport.send(
            HTTPRequest(
                method: "POST", url: URL(string: "\(server.baseURL)/")!,
                headers: [
                    ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("X-Amz-Date", "20261122T030000Z"),
                ],
                body: body))

        #expect(response.status == 200)
        #expect(response.text == "<ok/>")
        let received = try #require(try server.requests().first)
        #expect(received.method == "POST")
        #expect(received.body == String(decoding: body, as: UTF8.self))
        #expect(received.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(received.header("X-Amz-Date") == "20261122T030000Z")
        #expect(received.header("Expect") == nil)
    }

    @Test func putWithoutBodySendsNoDefaultContentType() throws {
        let server = try FakeServer([.init("PUT", "/latest/api/token", .init(status: 200, body: "tok"))])
        defer { server.stop() }

        let response = try transport.send(
            HTTPRequest(
                method: "PUT", url: URL(string: "\(server.baseURL)/latest/api/token")!,
                headers: [("x-aws-ec2-metadata-token-ttl-seconds", "21600")]))

        #expect(response.text == "tok")
        let received = try #require(try server.requests().first)
        #expect(received.method == "PUT")
        #expect(received.header("Content-Type") == nil)
        #expect(received.header("Content-Length") == "0")
        #expect(received.header("x-aws-ec2-metadata-token-ttl-seconds") == "21600")
    }

    @Test(arguments: [400, 403, 404, 500, 503])
    func errorStatusesAreReturnedWithTheirBody(status: Int) throws {
        let body = "<ErrorResponse><Error><Code>Boom\(status)</Code></Error></ErrorResponse>"
        let server = try FakeServer([.init("POST", "/", .init(status: status, body: body))])
        defer { server.stop() }

        let response = try transport.send(HTTPRequest(method: "POST", url: URL(string: "\(server.baseURL)/")!))

        #expect(response.status == status)
        #expect(response.text == body)
    }

    @Test func anAnswerOverTheLimitIsAnErrorWithOrWithoutContentLength() throws {
        let chunk = String(repeating: "x", count: 1024)
        let server = try FakeServer([
            .init("GET", "/fits", .init(body: chunk, repeatBody: 60)),
            .init("GET", "/declared", .init(body: chunk, repeatBody: 70)),
            .init("GET", "/undeclared", .init(body: chunk, omitLength: true, repeatBody: 70)),
        ])
        defer { server.stop() }
        let small = CurlTransport(connectTimeout: 2, totalTimeout: 5, caBundle: nil, maxResponseBytes: 64 * 1024)
        func get(_ path: String) throws -> HTTPResponse {
            try small.send(HTTPRequest(method: "GET", url: URL(string: "\(server.baseURL)\(path)")!))
        }

        #expect(try get("/fits").body.count == 60 * 1024)
        // Refused from its Content-Length, and cut off while streaming when it has none.
        for path in ["/declared", "/undeclared"] {
            #expect(throws: TransportError.responseTooLarge(url: "\(server.baseURL)\(path)", limit: 65536)) { try get(path) }
        }
        #expect(!TransportError.responseTooLarge(url: "u", limit: 1).isRetryable)
        #expect(
            TransportError.responseTooLarge(url: "https://h/", limit: 65536).description
                == "https://h/: the answer is larger than 65536 bytes, far more than any answer termscale expects: "
                + "check that the endpoint is the AWS service (--endpoint-url, the proxy variables)")
    }

    @Test func theLimitsAreTenMiBForAPICallsAndSixtyFourKiBForMetadata() {
        #expect(CurlTransport().maxResponseBytes == 10_485_760)
        #expect(IMDSCredentialProvider.defaultTransport().maxResponseBytes == 65_536)
        #expect(ECSCredentialProvider.defaultTransport().maxResponseBytes == 65_536)
    }

    @Test func connectionRefusedIsConnectionFailed() throws {
        let port = closedLoopbackPort()
        #expect {
            _ = try transport.send(HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(port)/")!))
        } throws: { error in
            guard case .connectionFailed(let url, _) = error as? TransportError else { return false }
            return url.contains("127.0.0.1:\(port)")
        }
    }

    @Test func droppedConnectionIsConnectionFailed() throws {
        let server = try FakeServer([.init("GET", "/drop", .init(close: true))])
        defer { server.stop() }
        #expect {
            _ = try transport.send(HTTPRequest(method: "GET", url: URL(string: "\(server.baseURL)/drop")!))
        } throws: { error in
            if case .connectionFailed = error as? TransportError { return true }
            return false
        }
    }

    @Test func slowResponseTimesOut() throws {
        let server = try FakeServer([.init("GET", "/slow", .init(body: "late", delay: 3))])
        defer { server.stop() }
        let impatient = CurlTransport(connectTimeout: 1, totalTimeout: 0.5, caBundle: nil)

        #expect(throws: TransportError.timedOut(url: "\(server.baseURL)/slow", seconds: 0.5)) {
            _ = try impatient.send(HTTPRequest(method: "GET", url: URL(string: "\(server.baseURL)/slow")!))
        }
    }

    @Test(arguments: ["http://192.0.2.1/", "http://example.com/x", "http://127.evil.example/", "http://169.254.169.254/"])
    func plainHTTPToANonLoopbackHostIsRefusedBeforeConnecting(url: String) throws {
        #expect(throws: TransportError.insecureEndpoint(url: url)) {
            _ = try transport.send(HTTPRequest(method: "GET", url: URL(string: url)!))
        }
    }

    @Test func plainHTTPToLocalhostIsAllowed() throws {
        let server = try FakeServer([.init("GET", "/", .init(body: "local"))])
        defer { server.stop() }
        let response = try transport.send(HTTPRequest(method: "GET", url: URL(string: "http://localhost:\(server.port)/")!))
        #expect(response.text == "local")
    }

    @Test func allowInsecureEndpointPassesTheCheck() throws {
        #expect(throws: Never.self) {
            try CurlTransport.checkedHost(of: URL(string: "http://192.0.2.1/")!, allowInsecure: true)
        }
    }

    @Test func httpsToAPlainHTTPServerFailsTLS() throws {
        let server = try FakeServer([.init("GET", "/", .init(body: "plain"))])
        defer { server.stop() }
        #expect {
            _ = try transport.send(HTTPRequest(method: "GET", url: URL(string: "https://127.0.0.1:\(server.port)/")!))
        } throws: { error in
            switch error as? TransportError {
            case .tlsFailed, .connectionFailed: return true
            default: return false
            }
        }
    }

    @Test func httpsWithTheCABundleThatSignedTheServerSucceeds() throws {
        let server = try FakeServer([.init("GET", "/secure", .init(body: "verified"))], tls: true)
        defer { server.stop() }
        let trusting = CurlTransport(connectTimeout: 2, totalTimeout: 5, caBundle: FakeServer.certificatePath)

        let response = try trusting.send(HTTPRequest(method: "GET", url: URL(string: "https://localhost:\(server.port)/secure")!))

        #expect(response.text == "verified")
    }

    @Test func httpsPeerVerificationRejectsAnUntrustedCertificate() throws {
        let server = try FakeServer([.init("GET", "/secure", .init(body: "verified"))], tls: true)
        defer { server.stop() }
        #expect {
            _ = try transport.send(HTTPRequest(method: "GET", url: URL(string: "https://localhost:\(server.port)/secure")!))
        } throws: { error in
            // Final: a retry would meet the same certificate.
            guard let error = error as? TransportError, case .tlsFailed = error else { return false }
            return !error.isRetryable
        }
    }

    @Test func aTLSHandshakeResetIsARetryableConnectionFailure() throws {
        // The server resets the first connection after the client's hello, then serves normally.
        let server = try FakeServer([.init("GET", "/secure", .init(body: "verified"))], tls: true, resetTLSHandshakes: 1)
        defer { server.stop() }
        let trusting = CurlTransport(connectTimeout: 2, totalTimeout: 5, caBundle: FakeServer.certificatePath)
        let url = URL(string: "https://localhost:\(server.port)/secure")!

        #expect {
            _ = try trusting.send(HTTPRequest(method: "GET", url: url))
        } throws: { error in
            guard let error = error as? TransportError, case .connectionFailed(let shown, let reason) = error else {
                return false
            }
            return error.isRetryable && shown == url.absoluteString && reason.hasPrefix("TLS handshake failed: ")
        }
        #expect(try trusting.send(HTTPRequest(method: "GET", url: url)).text == "verified")
        #expect(try server.requests().map(\.path) == ["/secure"])
    }

    @Test func curlErrorsAreSortedIntoRetryableAndFinal() {
        func error(_ code: CURLcode, _ reason: String = "reason") -> TransportError {
            CurlTransport.transportError(code: code, reason: reason, url: "https://h/", connectTimeout: 5, totalTimeout: 30)
        }
        // 35: the handshake broke off; a reset, retried.
        #expect(error(CURLE_SSL_CONNECT_ERROR) == .connectionFailed(url: "https://h/", reason: "TLS handshake failed: reason"))
        #expect(error(CURLE_SSL_CONNECT_ERROR).isRetryable)
        // 60 and friends: the certificate or the TLS set-up; final.
        for code in [
            CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ISSUER_ERROR,
        ] {
            #expect(error(code) == .tlsFailed(url: "https://h/", reason: "reason"), "curl \(code.rawValue)")
            #expect(!error(code).isRetryable, "curl \(code.rawValue)")
        }
        #expect(error(CURLE_RECV_ERROR).isRetryable)
        #expect(
            error(CURLE_OPERATION_TIMEDOUT, "Connection timed out after 5001 milliseconds")
                == .timedOut(url: "https://h/", seconds: 5, whileConnecting: true))
        #expect(
            error(CURLE_OPERATION_TIMEDOUT, "Operation timed out after 30000 milliseconds with 0 bytes received")
                == .timedOut(url: "https://h/", seconds: 30, whileConnecting: false))
    }

    @Test func httpsHostVerificationRejectsANameTheCertificateDoesNotCover() throws {
        // Trusted certificate, but it names `localhost` and the URL says 127.0.0.1.
        let server = try FakeServer([.init("GET", "/secure", .init(body: "verified"))], tls: true)
        defer { server.stop() }
        let trusting = CurlTransport(connectTimeout: 2, totalTimeout: 5, caBundle: FakeServer.certificatePath)
        #expect {
            _ = try trusting.send(HTTPRequest(method: "GET", url: URL(string: "https://127.0.0.1:\(server.port)/secure")!))
        } throws: { error in
            if case .tlsFailed = error as? TransportError { return true }
            return false
        }
    }

    @Test func unsupportedSchemeIsInvalidURL() {
        #expect(throws: TransportError.invalidURL("ftp://example.com/file")) {
            _ = try transport.send(HTTPRequest(method: "GET", url: URL(string: "ftp://example.com/file")!))
        }
    }

    @Test func missingCABundleIsATLSFailure() throws {
        let strict = CurlTransport(connectTimeout: 2, totalTimeout: 5, caBundle: "/nonexistent/ca.pem")
        let server = try FakeServer([.init("GET", "/", .init(body: "plain"))])
        defer { server.stop() }
        #expect {
            _ = try strict.send(HTTPRequest(method: "GET", url: URL(string: "https://127.0.0.1:\(server.port)/")!))
        } throws: { error in
            if case .tlsFailed = error as? TransportError { return true }
            return false
        }
    }

    @Test func caBundleComesFromAWS_CA_BUNDLE() {
        #expect(CurlTransport.caBundle(from: ["AWS_CA_BUNDLE": "/etc/corp-ca.pem"]) == "/etc/corp-ca.pem")
        #expect(CurlTransport.caBundle(from: ["AWS_CA_BUNDLE": ""]) == nil)
        #expect(CurlTransport.caBundle(from: [:]) == nil)
    }

    @Test func loopbackAndLinkLocalClassification() {
        for host in ["127.0.0.1", "127.255.0.9", "localhost", "LOCALHOST", "::1"] {
            #expect(CurlTransport.isLoopback(host: host), "\(host)")
        }
        for host in ["128.0.0.1", "127.0.0.1.evil.example", "127.1", "1127.0.0.1", "::2", "192.0.2.1", "localhost.evil.example"] {
            #expect(!CurlTransport.isLoopback(host: host), "\(host)")
        }
        #expect(CurlTransport.isLinkLocal(host: "169.254.169.254"))
        #expect(CurlTransport.isLinkLocal(host: "169.254.170.2"))
        #expect(CurlTransport.isLinkLocal(host: "fd00:ec2::254"))
        #expect(!CurlTransport.isLinkLocal(host: "169.255.169.254"))
    }

    @Test func ipv6LoopbackHostIsUnbracketed() throws {
        #expect(try CurlTransport.checkedHost(of: URL(string: "http://[::1]:8080/")!, allowInsecure: false) == "::1")
    }

    @Test func messagesNeverShowQueryOrUserInfo() {
        let url = URL(string: "https://user:pw@example.com:8443/path?X-Amz-Security-Token=secret#frag")!
        #expect(CurlTransport.displayURL(url) == "https://example.com:8443/path")
    }

    @Test func headerLinesSuppressExpectAndCannotBeInjected() {
        let request = HTTPRequest(
            method: "POST", url: URL(string: "https://example.com/")!,
            headers: [("X-A", "1\r\nInjected: yes"), ("X-Empty", "")])
        #expect(CurlTransport.headerLines(for: request) == ["X-A: 1 Injected: yes", "X-Empty;", "Expect:", "Content-Type:"])
    }
}

// The proxy variables are proven with the built binary, through a local proxy, in
// EndToEndTests/ProxyEndToEndTests.swift: each run has its own environment, so the test changes
// no variable of this process (which every other test's transfer reads).
