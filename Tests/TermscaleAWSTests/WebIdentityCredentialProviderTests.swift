import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// Web identity (STS AssumeRoleWithWebIdentity). One test assumes the role over real HTTP (libcurl to
/// the Python fake); the others script STS in-process and check every request.
@Suite struct WebIdentityCredentialProviderTests {
    static let roleARN = "arn:aws:iam::123456789012:role/termscale-planner"
    static let success = """
        <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleWithWebIdentityResult>
            <SubjectFromWebIdentityToken>system:serviceaccount:ops:termscale</SubjectFromWebIdentityToken>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/termscale-planner/termscale-1795230000</Arn>
              <AssumedRoleId>AROAEXAMPLE:termscale-1795230000</AssumedRoleId>
            </AssumedRoleUser>
            <Credentials>
              <SessionToken>\(Secret.sessionToken)</SessionToken>
              <SecretAccessKey>\(Secret.secretKey)</SecretAccessKey>
              <Expiration>2026-11-22T05:00:00.123Z</Expiration>
              <AccessKeyId>ASIATERMSCALEEXAMPLE</AccessKeyId>
            </Credentials>
            <Audience>sts.amazonaws.com</Audience>
          </AssumeRoleWithWebIdentityResult>
          <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
        </AssumeRoleWithWebIdentityResponse>
        """

    static let environment = ["AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/token", "AWS_ROLE_ARN": roleARN]

    static func provider(_ server: FakeServer, _ extra: [String: String] = [:]) -> WebIdentityCredentialProvider {
        WebIdentityCredentialProvider(
            environment: environment.merging(extra) { $1 },
            region: "eu-west-2", transport: CurlTransport(connectTimeout: 1, totalTimeout: 2, caBundle: nil),
            readFile: files(["/var/run/secrets/token": Secret.webIdentityToken + "\n"]),
            now: { Date(timeIntervalSince1970: 1_795_230_000) }, endpoint: URL(string: server.baseURL + "/"))
    }

    /// The provider for eu-west-2 (so the regional STS endpoint), talking to `transport`, its
    /// retries' pauses recorded in `sleeps`.
    static func provider(
        _ transport: ScriptedTransport, _ extra: [String: String] = [:], sleeps: SleepRecorder = SleepRecorder()
    ) -> WebIdentityCredentialProvider {
        WebIdentityCredentialProvider(
            environment: environment.merging(extra) { $1 }, region: "eu-west-2", transport: transport,
            readFile: files(["/var/run/secrets/token": Secret.webIdentityToken + "\n"]),
            now: { Date(timeIntervalSince1970: 1_795_230_000) },
            retry: RetryStrategy(maxAttempts: 3, sleep: { sleeps.record($0) }, random: { 0.5 }))
    }

    /// The form fields of a request body, in any order.
    static func fields(_ body: [UInt8]) -> Set<String> {
        Set(String(decoding: body, as: UTF8.self).split(separator: "&").map(String.init))
    }

    // MARK: - Over real HTTP

    @Test func assumesTheRoleWithAnUnsignedFormPost() throws {
        let server = try FakeServer([.init("POST", "/", .init(headers: ["Content-Type": "text/xml"], body: Self.success))])
        defer { server.stop() }

        let credentials = try #require(try Self.provider(server).credentials())

        #expect(credentials.accessKeyID == "ASIATERMSCALEEXAMPLE")
        #expect(credentials.secretAccessKey == Secret.secretKey)
        #expect(credentials.sessionToken == Secret.sessionToken)
        let expiration = try #require(credentials.expiration)
        #expect(abs(expiration.timeIntervalSince(utc("2026-11-22T05:00:00Z")) - 0.123) < 0.001)
        #expect(credentials.source == "web identity \(Self.roleARN)")
        let request = try #require(try server.requests().first)
        #expect(request.method == "POST")
        #expect(request.header("Authorization") == nil)
        #expect(request.header("X-Amz-Security-Token") == nil)
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        let fields = Set(request.body.split(separator: "&").map(String.init))
        #expect(
            fields == [
                "Action=AssumeRoleWithWebIdentity", "Version=2011-06-15",
                "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Ftermscale-planner",
                "RoleSessionName=termscale-1795230000",
                "WebIdentityToken=\(AWSQuery.encode(Secret.webIdentityToken))",
            ])
    }

    // MARK: - In-process

    @Test func sessionNameFromTheEnvironment() throws {
        let transport = ScriptedTransport([.xml(200, Self.success)])
        let credentials = try #require(try Self.provider(transport, ["AWS_ROLE_SESSION_NAME": "nightly push"]).credentials())
        #expect(credentials.accessKeyID == "ASIATERMSCALEEXAMPLE")
        #expect(credentials.secretAccessKey == Secret.secretKey && credentials.sessionToken == Secret.sessionToken)
        let expiration = try #require(credentials.expiration)
        #expect(abs(expiration.timeIntervalSince(utc("2026-11-22T05:00:00Z")) - 0.123) < 0.001)
        #expect(credentials.source == "web identity \(Self.roleARN)")
        // One unsigned POST to the region's STS endpoint.
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://sts.eu-west-2.amazonaws.com/")
        #expect(request.header("Authorization") == nil && request.header("X-Amz-Security-Token") == nil)
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(
            Self.fields(request.body) == [
                "Action=AssumeRoleWithWebIdentity", "Version=2011-06-15",
                "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Ftermscale-planner",
                "RoleSessionName=nightly+push",
                "WebIdentityToken=\(AWSQuery.encode(Secret.webIdentityToken))",
            ])
    }

    @Test func stsErrorIsReportedWithoutTheToken() throws {
        let error = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>
              <Message>Token \(Secret.webIdentityToken) is expired &amp; invalid</Message></Error>
              <RequestId>r-1</RequestId>
            </ErrorResponse>
            """
        let transport = ScriptedTransport([.xml(400, error)])
        #expect(
            throws: AWSConfigurationError.credentialEndpointFailed(
                provider: "web identity (STS AssumeRoleWithWebIdentity for \(Self.roleARN))",
                url: "https://sts.eu-west-2.amazonaws.com/", status: 400,
                message: "InvalidIdentityToken: Token <web identity token> is expired & invalid")
        ) {
            try Self.provider(transport).credentials()
        }
        #expect(transport.requests.count == 1)
    }

    /// STS through the retrying client: a throttle and an IdP that did not answer are tried again,
    /// each attempt the same unsigned request.
    @Test func throttlingAndIDPCommunicationErrorsAreRetried() throws {
        let transport = ScriptedTransport([
            .error(400, code: "Throttling", message: "Rate exceeded"),
            .error(400, code: "IDPCommunicationError", message: "the IdP did not answer"), .xml(200, Self.success),
        ])
        let sleeps = SleepRecorder()
        #expect(try Self.provider(transport, sleeps: sleeps).credentials()?.accessKeyID == "ASIATERMSCALEEXAMPLE")
        #expect(transport.requests.count == 3)
        #expect(sleeps.delays == [0.5, 1.0])
        #expect(transport.requests.allSatisfy { $0.header("Authorization") == nil })
        #expect(Set(transport.bodies).count == 1)
    }

    @Test func anUnreachableSTSIsReportedAfterEveryAttempt() throws {
        let reset = TransportError.connectionFailed(
            url: "https://sts.eu-west-2.amazonaws.com/", reason: "Connection reset by peer")
        let transport = ScriptedTransport([.fail(reset), .fail(reset), .fail(reset)])
        let sleeps = SleepRecorder()
        #expect(
            throws: AWSConfigurationError.credentialEndpointFailed(
                provider: "web identity (STS AssumeRoleWithWebIdentity for \(Self.roleARN))",
                url: "https://sts.eu-west-2.amazonaws.com/", status: nil,
                message: "AssumeRoleWithWebIdentity failed after 3 attempts (AWS_MAX_ATTEMPTS): \(reset)")
        ) {
            try Self.provider(transport, sleeps: sleeps).credentials()
        }
        #expect(transport.requests.count == 3)
        #expect(sleeps.delays == [0.5, 1.0])
    }

    @Test func theChainsSTSClientTakesItsAttemptsFromTheEnvironment() throws {
        let transport = ScriptedTransport(Array(repeating: .error(503, code: "ServiceUnavailable"), count: 5))
        let chain = CredentialChain.standard(
            environment: Self.environment.merging(["AWS_MAX_ATTEMPTS": "1", "AWS_EC2_METADATA_DISABLED": "true"]) { $1 },
            profile: nil, region: "eu-west-2", transport: transport,
            readFile: files(["/var/run/secrets/token": Secret.webIdentityToken]))
        #expect(throws: AWSConfigurationError.self) { try chain.credentials() }
        #expect(transport.requests.count == 1)
    }

    @Test func unsetTokenFileIsNilAndMissingRoleIsAnError() throws {
        let transport = ScriptedTransport([])
        #expect(
            try WebIdentityCredentialProvider(environment: ["AWS_ROLE_ARN": Self.roleARN], region: nil, transport: transport)
                .credentials() == nil)
        #expect(
            throws: AWSConfigurationError.missingVariable(name: "AWS_ROLE_ARN", requiredBecause: "AWS_WEB_IDENTITY_TOKEN_FILE is")
        ) {
            try WebIdentityCredentialProvider(
                environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": "/t"], region: nil, transport: transport
            )
            .credentials()
        }
        #expect(transport.requests.isEmpty)
    }

    @Test func regionalAndGlobalSTSEndpoints() {
        #expect(
            WebIdentityCredentialProvider.stsEndpoint(region: "eu-west-2").absoluteString
                == "https://sts.eu-west-2.amazonaws.com/")
        #expect(
            WebIdentityCredentialProvider.stsEndpoint(region: "cn-north-1").absoluteString
                == "https://sts.cn-north-1.amazonaws.com.cn/")
        #expect(WebIdentityCredentialProvider.stsEndpoint(region: nil).absoluteString == "https://sts.amazonaws.com/")
    }

    @Test func formEncodingMatchesTheAWSRules() {
        #expect(AWSQuery.encode("a b+c/d=é~_.-") == "a+b%2Bc%2Fd%3D%C3%A9~_.-")
    }
}
