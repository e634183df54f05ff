import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// Container credentials. One test fetches over real HTTP (libcurl to the Python fake); the others
/// script the agent in-process and check every request.
@Suite struct ECSCredentialProviderTests {
    static let accept = " | Accept: application/json"

    // MARK: - Over real HTTP

    @Test func fullURIWithAuthorizationToken() throws {
        let server = try FakeServer([.init("GET", "/creds", .init(body: credentialJSON()))])
        defer { server.stop() }
        let provider = ECSCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.baseURL)/creds",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": Secret.containerAuthorization,
            ], transport: CurlTransport(connectTimeout: 1, totalTimeout: 2, caBundle: nil))

        #expect(
            try provider.credentials()
                == Credentials(
                    accessKeyID: Secret.accessKeyID, secretAccessKey: Secret.secretKey, sessionToken: Secret.sessionToken,
                    expiration: utc("2026-11-22T10:00:00Z"), source: "container endpoint"))
        let requests = try server.requests()
        #expect(requests.map { "\($0.method) \($0.path)" } == ["GET /creds"])
        #expect(requests.first?.header("Authorization") == Secret.containerAuthorization)
    }

    // MARK: - In-process

    @Test func relativeURIGoesToTheAgent() throws {
        let transport = ScriptedTransport([.text(200, credentialJSON())])
        let provider = ECSCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/task-1"],
            transport: transport)

        let credentials = try #require(try provider.credentials())

        #expect(credentials.secretAccessKey == Secret.secretKey)
        #expect(credentials.sessionToken == Secret.sessionToken)
        #expect(credentials.expiration == utc("2026-11-22T10:00:00Z"))
        #expect(
            credentials
                == Credentials(
                    accessKeyID: Secret.accessKeyID, secretAccessKey: Secret.secretKey,
                    sessionToken: Secret.sessionToken, expiration: utc("2026-11-22T10:00:00Z"),
                    source: "container endpoint"))
        // To the ECS agent's address, with no Authorization header.
        #expect(transport.sent == ["GET http://169.254.170.2/v2/credentials/task-1" + Self.accept])
    }

    @Test func authorizationTokenFromAFile() throws {
        let transport = ScriptedTransport([.text(200, credentialJSON())])
        let provider = ECSCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/var/run/token",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer NOT-THIS-ONE",
            ], transport: transport, readFile: files(["/var/run/token": Secret.containerAuthorization + "\n"]))

        #expect(try provider.credentials()?.accessKeyID == Secret.accessKeyID)
        // The file wins over the variable, and its trailing newline is not sent.
        #expect(
            transport.sent == [
                "GET http://169.254.170.23/v1/credentials" + Self.accept + " | Authorization: \(Secret.containerAuthorization)"
            ])
    }

    @Test func aDocumentWithoutExpirationIsRefused() throws {
        let transport = ScriptedTransport([.text(200, credentialJSON(expiration: nil))])
        let provider = ECSCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/task-1"], transport: transport)
        #expect(
            throws: AWSConfigurationError.malformedCredentialResponse(
                provider: "container endpoint", url: "http://169.254.170.2/v2/credentials/task-1",
                reason: "no Expiration (temporary credentials must say when they expire)")
        ) {
            try provider.credentials()
        }
        #expect(transport.requests.count == 1)
    }

    @Test func unsetIsNil() throws {
        let transport = ScriptedTransport([])
        #expect(try ECSCredentialProvider(environment: [:], transport: transport).credentials() == nil)
        #expect(transport.requests.isEmpty)
    }

    @Test func plainHTTPFullURIToARemoteHostIsRefused() {
        let transport = ScriptedTransport([])
        let provider = ECSCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://192.0.2.1/creds",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": Secret.containerAuthorization,
            ],
            transport: transport)
        #expect(
            throws: AWSConfigurationError.invalidCredentialEndpoint(
                variable: "AWS_CONTAINER_CREDENTIALS_FULL_URI", url: "http://192.0.2.1/creds",
                reason: "plain http is only allowed to loopback or the ECS/EKS agent addresses; use https")
        ) {
            try provider.credentials()
        }
        // Refused before connecting: the token never left.
        #expect(transport.requests.isEmpty)
    }

    @Test func refusedRequestIsAnErrorWithTheAgentsMessageAfterThreeAttempts() throws {
        let refusal = ScriptedTransport.Step.text(401, #"{"code":"InvalidToken","message":"bad token"}"#)
        let transport = ScriptedTransport([refusal, refusal, refusal])
        let sleeps = SleepRecorder()
        let provider = ECSCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:51679/creds",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": Secret.containerAuthorization,
            ], transport: transport, sleep: { sleeps.record($0) })
        #expect(
            throws: AWSConfigurationError.credentialEndpointFailed(
                provider: "container endpoint", url: "http://127.0.0.1:51679/creds", status: 401,
                message: "InvalidToken: bad token (3 attempts)")
        ) {
            try provider.credentials()
        }
        let request = "GET http://127.0.0.1:51679/creds" + Self.accept + " | Authorization: \(Secret.containerAuthorization)"
        #expect(transport.sent == [request, request, request])
        #expect(sleeps.delays == [1, 1])
    }

    @Test func unreachableAgentIsAnErrorAfterThreeAttempts() {
        let failure = TransportError.connectionFailed(url: "http://169.254.170.2/v2/x", reason: "Connection refused")
        let transport = ScriptedTransport([.fail(failure), .fail(failure), .fail(failure)])
        let sleeps = SleepRecorder()
        let provider = ECSCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/x"], transport: transport,
            sleep: { sleeps.record($0) })
        #expect(
            throws: AWSConfigurationError.credentialEndpointFailed(
                provider: "container endpoint", url: "http://169.254.170.2/v2/x", status: nil,
                message: failure.description + " (3 attempts)")
        ) {
            try provider.credentials()
        }
        #expect(transport.sent == Array(repeating: "GET http://169.254.170.2/v2/x" + Self.accept, count: 3))
        #expect(sleeps.delays == [1, 1])
    }

    /// botocore's ContainerMetadataFetcher: a timeout, a 500 and a body that is not JSON are each
    /// tried again, 1 s later; the third attempt's credentials are used.
    @Test func failuresAreRetriedOneSecondApartUpToThreeAttempts() throws {
        for failures in [
            [ScriptedTransport.Step.fail(.timedOut(url: "http://169.254.170.2/v2/x", seconds: 2)), .text(500, "busy")],
            [.text(200, "<html>proxy</html>"), .fail(.connectionFailed(url: "http://169.254.170.2/v2/x", reason: "reset"))],
        ] {
            let transport = ScriptedTransport(failures + [.text(200, credentialJSON())])
            let sleeps = SleepRecorder()
            let provider = ECSCredentialProvider(
                environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/x"], transport: transport,
                sleep: { sleeps.record($0) })
            #expect(try provider.credentials()?.secretAccessKey == Secret.secretKey)
            #expect(transport.requests.count == 3)
            #expect(sleeps.delays == [1, 1])
        }
    }

    @Test func aFinalTransportErrorIsNotRetried() {
        let tooLarge = TransportError.responseTooLarge(url: "http://169.254.170.2/v2/x", limit: 65_536)
        let transport = ScriptedTransport([.fail(tooLarge)])
        let provider = ECSCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/x"], transport: transport,
            sleep: { _ in Issue.record("slept") })
        #expect(
            throws: AWSConfigurationError.credentialEndpointFailed(
                provider: "container endpoint", url: "http://169.254.170.2/v2/x", status: nil, message: tooLarge.description)
        ) {
            try provider.credentials()
        }
        #expect(transport.requests.count == 1)
    }

    @Test func theAgentGetsTwoSecondsAsInBotocore() {
        let transport = ECSCredentialProvider.defaultTransport()
        #expect(transport.connectTimeout == 2)
        #expect(transport.totalTimeout == 2)
        #expect(ECSCredentialProvider.attempts == 3)
        #expect(ECSCredentialProvider.pause == 1)
    }
}
