import Foundation
import Testing
@testable import TermscaleAWS
import TermscaleTestSupport

@Suite struct IMDSCredentialProviderTests {
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/termscale-admin"

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
        #expect(requests.map { "\($0.method) \($0.path)" } == [
            "PUT /latest/api/token",
            "GET /latest/meta-data/iam/security-credentials/",
            "GET \(Self.credentialsPath)",
        ])
        #expect(requests[0].header("x-aws-ec2-metadata-token-ttl-seconds") == "21600")
        #expect(requests[0].header("x-aws-ec2-metadata-token") == nil)
        #expect(requests.dropFirst().allSatisfy { $0.header("x-aws-ec2-metadata-token") == "imds-session-token" })
    }

    @Test func regionFromPlacement() throws {
        let server = try Self.imds()
        defer { server.stop() }
        #expect(try Self.provider(server).region() == "eu-west-2")
        #expect(try server.requests().last?.header("x-aws-ec2-metadata-token") == "imds-session-token")
    }

    @Test func refreshesWithinFiveMinutesOfExpiration() throws {
        let server = try Self.imds(credentials: [
            .init(body: credentialJSON(expiration: "2026-11-22T10:00:00Z")),
            .init(body: credentialJSON(secret: Secret.secretKey2, token: Secret.sessionToken2, expiration: "2026-11-22T16:00:00Z")),
        ])
        defer { server.stop() }
        let clock = TestClock(utc("2026-11-22T04:00:00Z"))
        let cache = RefreshingCredentials(Self.provider(server), now: clock.now)
        func credentialReads() throws -> Int { try server.requests().filter { $0.path == Self.credentialsPath }.count }

        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey)
        clock.set(utc("2026-11-22T09:54:59Z"))
        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey)
        #expect(try credentialReads() == 1)

        clock.set(utc("2026-11-22T09:55:00Z"))
        let refreshed = try #require(try cache.credentials())
        #expect(refreshed.secretAccessKey == Secret.secretKey2)
        #expect(refreshed.sessionToken == Secret.sessionToken2)
        #expect(try credentialReads() == 2)

        clock.set(utc("2026-11-22T12:00:00Z"))
        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey2)
        #expect(try credentialReads() == 2)
    }

    @Test func disabledMakesNoRequest() throws {
        let server = try Self.imds()
        defer { server.stop() }
        let provider = Self.provider(server, ["AWS_EC2_METADATA_DISABLED": "TRUE"])
        #expect(provider.isDisabled)
        #expect(try provider.credentials() == nil)
        #expect(try provider.region() == nil)
        #expect(try server.requests().isEmpty)
    }

    @Test func noRoleIsNil() throws {
        let server = try FakeServer([
            .init("PUT", "/latest/api/token", .init(body: "t")),
            .init("GET", "/latest/meta-data/iam/security-credentials/", .init(status: 404)),
        ])
        defer { server.stop() }
        #expect(try Self.provider(server).credentials() == nil)
    }

    @Test func notOnEC2IsNil() throws {
        let provider = IMDSCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(closedLoopbackPort())"],
            transport: CurlTransport(connectTimeout: 1, totalTimeout: 1, caBundle: nil))
        #expect(try provider.credentials() == nil)
        #expect(try provider.region() == nil)
    }

    @Test func fallsBackToV1WhenTokensAreNotSupported() throws {
        let server = try FakeServer([
            .init("PUT", "/latest/api/token", .init(status: 405)),
            .init("GET", "/latest/meta-data/iam/security-credentials/", .init(body: "termscale-admin")),
            .init("GET", Self.credentialsPath, .init(body: credentialJSON())),
        ])
        defer { server.stop() }
        #expect(try Self.provider(server).credentials()?.accessKeyID == Secret.accessKeyID)
        #expect(try server.requests().allSatisfy { $0.header("x-aws-ec2-metadata-token") == nil })
    }

    @Test func failedCredentialDocumentIsAnError() throws {
        let server = try Self.imds(credentials: [.init(body: credentialJSON(code: "Failure"))])
        defer { server.stop() }
        #expect {
            try Self.provider(server).credentials()
        } throws: { error in
            guard case let .malformedCredentialResponse(_, _, reason) = error as? AWSConfigurationError else { return false }
            return reason.contains("Failure")
        }
    }

    @Test func defaultEndpointIsLinkLocal() {
        #expect(IMDSCredentialProvider(environment: [:]).endpoint == "http://169.254.169.254")
        #expect(IMDSCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"]).endpoint
            == "http://[fd00:ec2::254]")
    }
}
