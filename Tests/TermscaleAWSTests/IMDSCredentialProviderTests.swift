import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// The instance role over IMDS. One test runs the whole v2 flow over real HTTP (libcurl to the
/// Python fake); the others script the metadata service in-process and check every request.
@Suite struct IMDSCredentialProviderTests {
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/termscale-admin"

    // The requests of the v2 flow at the default endpoint, exactly as sent.
    static let tokenRequest = "PUT http://169.254.169.254/latest/api/token | x-aws-ec2-metadata-token-ttl-seconds: 21600"
    static let listRoles = "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/"
    static let readCredentials = "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/termscale-admin"
    static let withToken = " | x-aws-ec2-metadata-token: imds-session-token"

    /// Token, role list, then `credentials`: what a v2 credentials read is answered with.
    static func v2Script(credentials: String = credentialJSON()) -> [ScriptedTransport.Step] {
        [.text(200, "imds-session-token"), .text(200, "termscale-admin\n"), .text(200, credentials)]
    }

    /// The provider at its default endpoint, talking to `transport`.
    static func provider(_ transport: ScriptedTransport, _ environment: [String: String] = [:]) -> IMDSCredentialProvider {
        IMDSCredentialProvider(environment: environment, transport: transport)
    }

    // MARK: - Over real HTTP

    static func imds(credentials: [FakeServer.Response] = [.init(body: credentialJSON())]) throws -> FakeServer {
        try FakeServer([
            .init("PUT", "/latest/api/token", .init(body: "imds-session-token")),
            .init("GET", "/latest/meta-data/iam/security-credentials/", .init(body: "termscale-admin\n")),
            FakeServer.Route(method: "GET", path: credentialsPath, responses: credentials),
            .init("GET", "/latest/meta-data/placement/region", .init(body: "eu-west-2")),
        ])
    }

    static func provider(_ server: FakeServer, _ extra: [String: String] = [:]) -> IMDSCredentialProvider {
        IMDSCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL + "/"].merging(extra) { $1 },
            transport: CurlTransport(connectTimeout: 1, totalTimeout: 2, caBundle: nil))
    }

    @Test func v2FlowSendsTheTokenOnEveryRead() throws {
        let server = try Self.imds()
        defer { server.stop() }

        let credentials = try #require(try Self.provider(server).credentials())

        #expect(credentials.accessKeyID == Secret.accessKeyID)
        #expect(credentials.secretAccessKey == Secret.secretKey)
        #expect(credentials.sessionToken == Secret.sessionToken)
        #expect(credentials.expiration == utc("2026-11-22T10:00:00Z"))
        #expect(credentials.source == "instance role termscale-admin")
        let requests = try server.requests()
        #expect(
            requests.map { "\($0.method) \($0.path)" } == [
                "PUT /latest/api/token",
                "GET /latest/meta-data/iam/security-credentials/",
                "GET \(Self.credentialsPath)",
            ])
        #expect(requests[0].header("x-aws-ec2-metadata-token-ttl-seconds") == "21600")
        #expect(requests[0].header("x-aws-ec2-metadata-token") == nil)
        #expect(requests.dropFirst().allSatisfy { $0.header("x-aws-ec2-metadata-token") == "imds-session-token" })
    }

    @Test func aCredentialDocumentOverSixtyFourKiBIsRefused() throws {
        let padded = credentialJSON().replacingOccurrences(
            of: #""Type": "AWS-HMAC""#, with: #""Type": "\#(String(repeating: "x", count: 70_000))""#)
        let server = try Self.imds(credentials: [.init(body: padded)])
        defer { server.stop() }
        let provider = IMDSCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL],
            transport: IMDSCredentialProvider.defaultTransport())
        let url = server.baseURL + Self.credentialsPath

        #expect(
            throws: AWSConfigurationError.credentialEndpointFailed(
                provider: "instance role", url: url, status: nil,
                message: TransportError.responseTooLarge(url: url, limit: 65_536).description)
        ) {
            try provider.credentials()
        }
    }

    // MARK: - In-process

    @Test func v2FlowInProcessSendsExactlyTheseRequests() throws {
        let transport = ScriptedTransport(Self.v2Script())

        let credentials = try #require(try Self.provider(transport).credentials())

        #expect(
            credentials
                == Credentials(
                    accessKeyID: Secret.accessKeyID, secretAccessKey: Secret.secretKey,
                    sessionToken: Secret.sessionToken, expiration: utc("2026-11-22T10:00:00Z"),
                    source: "instance role termscale-admin"))
        #expect(transport.sent == [Self.tokenRequest, Self.listRoles + Self.withToken, Self.readCredentials + Self.withToken])
        #expect(transport.requests.allSatisfy { $0.body.isEmpty })
    }

    @Test func regionFromPlacement() throws {
        let transport = ScriptedTransport([.text(200, "imds-session-token"), .text(200, "eu-west-2\n")])
        #expect(try Self.provider(transport).region() == "eu-west-2")
        #expect(
            transport.sent == [
                Self.tokenRequest,
                "GET http://169.254.169.254/latest/meta-data/placement/region" + Self.withToken,
            ])
    }

    @Test func refreshesFifteenMinutesBeforeExpiration() throws {
        let transport = ScriptedTransport(
            Self.v2Script(credentials: credentialJSON(expiration: "2026-11-22T10:00:00Z"))
                + Self.v2Script(
                    credentials: credentialJSON(
                        secret: Secret.secretKey2, token: Secret.sessionToken2,
                        expiration: "2026-11-22T16:00:00Z")))
        let clock = TestClock(utc("2026-11-22T04:00:00Z"))
        let cache = RefreshingCredentials(Self.provider(transport), now: clock.now)
        func credentialReads() -> Int { transport.sent.filter { $0.hasPrefix(Self.readCredentials) }.count }

        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey)
        clock.set(utc("2026-11-22T09:45:00Z"))
        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey)
        #expect(credentialReads() == 1)

        clock.set(utc("2026-11-22T09:45:01Z"))
        let refreshed = try #require(try cache.credentials())
        #expect(refreshed.secretAccessKey == Secret.secretKey2)
        #expect(refreshed.sessionToken == Secret.sessionToken2)
        #expect(refreshed.expiration == utc("2026-11-22T16:00:00Z"))
        #expect(credentialReads() == 2)

        clock.set(utc("2026-11-22T12:00:00Z"))
        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey2)
        #expect(credentialReads() == 2)
        // Each fetch took a new session token first.
        let fetch = [Self.tokenRequest, Self.listRoles + Self.withToken, Self.readCredentials + Self.withToken]
        #expect(transport.sent == fetch + fetch)
    }

    @Test func disabledMakesNoRequest() throws {
        let transport = ScriptedTransport([])
        let provider = Self.provider(transport, ["AWS_EC2_METADATA_DISABLED": "TRUE"])
        #expect(provider.isDisabled)
        #expect(try provider.credentials() == nil)
        #expect(try provider.region() == nil)
        #expect(transport.requests.isEmpty)
    }

    @Test func noRoleIsNil() throws {
        let transport = ScriptedTransport([.text(200, "t"), .text(404)])
        #expect(try Self.provider(transport).credentials() == nil)
        #expect(transport.sent == [Self.tokenRequest, Self.listRoles + " | x-aws-ec2-metadata-token: t"])
    }

    @Test func notOnEC2IsNil() throws {
        // No connection for the token request at all: not an EC2 instance.
        for failure in [
            TransportError.connectionFailed(url: "http://169.254.169.254/latest/api/token", reason: "Connection refused"),
            TransportError.timedOut(url: "http://169.254.169.254/latest/api/token", seconds: 1, whileConnecting: true),
        ] {
            let transport = ScriptedTransport([.fail(failure), .fail(failure)])
            let provider = Self.provider(transport)
            #expect(try provider.credentials() == nil)
            #expect(try provider.region() == nil)
            #expect(transport.sent == [Self.tokenRequest, Self.tokenRequest], "\(failure)")
        }
    }

    static let tokenReadTimeout = ScriptedTransport.Step.fail(
        .timedOut(url: "http://169.254.169.254/latest/api/token", seconds: 1, whileConnecting: false))
    static let hopLimit =
        "the metadata service took the connection but did not answer the token request within 1.0 s: the "
        + "instance's PUT response hop limit is probably 1 while termscale runs in a container (or behind another "
        + "network hop); set it to 2 (aws ec2 modify-instance-metadata-options --instance-id <id> "
        + "--http-put-response-hop-limit 2)"

    /// Connected, but no answer to the token call: IMDSv1 is tried, as botocore does; when the
    /// instance requires tokens, the error names the hop limit instead of "no credentials".
    @Test func aTokenReadTimeoutIsTheHopLimitNotAbsence() throws {
        let transport = ScriptedTransport([Self.tokenReadTimeout, .text(401)])
        #expect(
            throws: AWSConfigurationError.credentialEndpointFailed(
                provider: "instance role", url: "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                status: 401,
                message: "IMDSv1 is disabled on this instance and no IMDSv2 token could be had; before that, " + Self.hopLimit)
        ) {
            try Self.provider(transport).credentials()
        }
        #expect(transport.sent == [Self.tokenRequest, Self.listRoles])
    }

    @Test func aTokenReadTimeoutFallsBackToV1WhereTheInstanceAllowsIt() throws {
        let transport = ScriptedTransport([Self.tokenReadTimeout, .text(200, "termscale-admin"), .text(200, credentialJSON())])
        #expect(try Self.provider(transport).credentials()?.accessKeyID == Secret.accessKeyID)
        #expect(transport.sent == [Self.tokenRequest, Self.listRoles, Self.readCredentials])
    }

    @Test func withV1DisabledATokenReadTimeoutIsTheHopLimitAtOnce() throws {
        let transport = ScriptedTransport([Self.tokenReadTimeout])
        let provider = Self.provider(transport, ["AWS_EC2_METADATA_V1_DISABLED": "true"])
        #expect(provider.isV1Disabled)
        #expect(
            throws: AWSConfigurationError.credentialEndpointFailed(
                provider: "instance role", url: "http://169.254.169.254/latest/api/token", status: nil,
                message: Self.hopLimit + " (AWS_EC2_METADATA_V1_DISABLED=true forbids reading without a token)")
        ) {
            try provider.credentials()
        }
        #expect(transport.sent == [Self.tokenRequest])
    }

    @Test func withV1DisabledARefusedTokenIsAnErrorNotAFallback() throws {
        for status in [403, 404, 405] {
            let transport = ScriptedTransport([.text(status)])
            #expect(
                throws: AWSConfigurationError.credentialEndpointFailed(
                    provider: "instance role", url: "http://169.254.169.254/latest/api/token", status: status,
                    message: "no IMDSv2 token could be had, and AWS_EC2_METADATA_V1_DISABLED=true forbids reading "
                        + "without one (IMDSv1)")
            ) {
                try Self.provider(transport, ["AWS_EC2_METADATA_V1_DISABLED": "TRUE"]).region()
            }
            #expect(transport.sent == [Self.tokenRequest])
        }
        #expect(!IMDSCredentialProvider(environment: ["AWS_EC2_METADATA_V1_DISABLED": "false"]).isV1Disabled)
        // With tokens working, V1_DISABLED changes nothing.
        let transport = ScriptedTransport(Self.v2Script())
        #expect(
            try Self.provider(transport, ["AWS_EC2_METADATA_V1_DISABLED": "true"]).credentials()?.accessKeyID
                == Secret.accessKeyID)
    }

    /// Over real HTTP: the token PUT is taken but answered too late, and the instance requires tokens.
    @Test func aSlowTokenAnswerOverRealHTTPSaysHopLimit() throws {
        let server = try FakeServer([
            .init("PUT", "/latest/api/token", .init(body: "late", delay: 3)),
            .init("GET", "/latest/meta-data/iam/security-credentials/", .init(status: 401)),
        ])
        defer { server.stop() }
        let provider = IMDSCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL],
            transport: CurlTransport(connectTimeout: 1, totalTimeout: 1, caBundle: nil))
        #expect {
            try provider.credentials()
        } throws: { error in
            guard case .credentialEndpointFailed(_, _, let status, let message) = error as? AWSConfigurationError else {
                return false
            }
            return status == 401 && message.hasSuffix(Self.hopLimit)
        }
    }

    @Test func fallsBackToV1WhenTokensAreNotSupported() throws {
        for status in [403, 404, 405] {
            let transport = ScriptedTransport([.text(status), .text(200, "termscale-admin"), .text(200, credentialJSON())])
            #expect(try Self.provider(transport).credentials()?.accessKeyID == Secret.accessKeyID)
            // The reads carry no token header at all.
            #expect(transport.sent == [Self.tokenRequest, Self.listRoles, Self.readCredentials], "token answered \(status)")
        }
    }

    @Test func failedCredentialDocumentIsAnError() throws {
        let transport = ScriptedTransport(Self.v2Script(credentials: credentialJSON(code: "Failure")))
        #expect(
            throws: AWSConfigurationError.malformedCredentialResponse(
                provider: "instance role", url: "http://169.254.169.254/latest/meta-data/iam/security-credentials/…",
                reason: "Code is Failure, not Success")
        ) {
            try Self.provider(transport).credentials()
        }
    }

    @Test func aDocumentWithoutExpirationIsRefused() throws {
        let transport = ScriptedTransport(Self.v2Script(credentials: credentialJSON(expiration: nil)))
        #expect(
            throws: AWSConfigurationError.malformedCredentialResponse(
                provider: "instance role", url: "http://169.254.169.254/latest/meta-data/iam/security-credentials/…",
                reason: "no Expiration (temporary credentials must say when they expire)")
        ) {
            try Self.provider(transport).credentials()
        }
    }

    @Test func defaultEndpointIsLinkLocal() {
        #expect(IMDSCredentialProvider(environment: [:]).endpoint == "http://169.254.169.254")
        #expect(
            IMDSCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"]).endpoint
                == "http://[fd00:ec2::254]")
    }
}
