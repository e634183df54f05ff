import Foundation
import Testing
@testable import TermscaleAWS
import TermscaleTestSupport

@Suite struct ECSCredentialProviderTests {
    let transport = CurlTransport(connectTimeout: 1, totalTimeout: 2, caBundle: nil)

    @Test func relativeURIGoesToTheAgent() throws {
        let server = try FakeServer([.init("GET", "/v2/credentials/task-1", .init(body: credentialJSON()))])
        defer { server.stop() }
        let provider = ECSCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/task-1"],
                                             transport: transport, agentBase: server.baseURL)

        let credentials = try #require(try provider.credentials())

        #expect(credentials.secretAccessKey == Secret.secretKey)
        #expect(credentials.sessionToken == Secret.sessionToken)
        #expect(credentials.expiration == utc("2026-11-22T10:00:00Z"))
        #expect(try server.requests().first?.header("Authorization") == nil)
    }

    @Test func fullURIWithAuthorizationToken() throws {
        let server = try FakeServer([.init("GET", "/creds", .init(body: credentialJSON()))])
        defer { server.stop() }
        let provider = ECSCredentialProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.baseURL)/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": Secret.containerAuthorization,
        ], transport: transport)

        #expect(try provider.credentials()?.accessKeyID == Secret.accessKeyID)
        #expect(try server.requests().first?.header("Authorization") == Secret.containerAuthorization)
    }

    @Test func authorizationTokenFromAFile() throws {
        let server = try FakeServer([.init("GET", "/creds", .init(body: credentialJSON()))])
        defer { server.stop() }
        let provider = ECSCredentialProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.baseURL)/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/var/run/token",
        ], transport: transport, readFile: files(["/var/run/token": Secret.containerAuthorization + "\n"]))

        _ = try provider.credentials()
        #expect(try server.requests().first?.header("Authorization") == Secret.containerAuthorization)
    }

    @Test func unsetIsNil() throws {
        #expect(try ECSCredentialProvider(environment: [:], transport: transport).credentials() == nil)
    }

    @Test func plainHTTPFullURIToARemoteHostIsRefused() {
        let provider = ECSCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://192.0.2.1/creds"],
                                             transport: transport)
        #expect {
            try provider.credentials()
        } throws: { error in
            guard case let .invalidCredentialEndpoint(variable, _, _) = error as? AWSConfigurationError else { return false }
            return variable == "AWS_CONTAINER_CREDENTIALS_FULL_URI"
        }
    }

    @Test func refusedRequestIsAnErrorWithTheAgentsMessage() throws {
        let server = try FakeServer([
            .init("GET", "/creds", .init(status: 401, body: #"{"code":"InvalidToken","message":"bad token"}"#)),
        ])
        defer { server.stop() }
        let provider = ECSCredentialProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.baseURL)/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": Secret.containerAuthorization,
        ], transport: transport)
        #expect(throws: AWSConfigurationError.credentialEndpointFailed(
            provider: "container credentials", url: "\(server.baseURL)/creds", status: 401, message: "InvalidToken: bad token")) {
            try provider.credentials()
        }
    }

    @Test func unreachableAgentIsAnError() {
        let provider = ECSCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/x"],
                                             transport: transport, agentBase: "http://127.0.0.1:\(closedLoopbackPort())")
        #expect {
            try provider.credentials()
        } throws: { error in
            if case .credentialEndpointFailed(_, _, nil, _) = error as? AWSConfigurationError { return true }
            return false
        }
    }
}
