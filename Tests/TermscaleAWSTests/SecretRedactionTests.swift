import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// Runs the credential scenarios of the other suites, succeeding and failing, and prints every
/// credential and error they produce in every way Swift prints values: no secret key, session
/// token, web identity token or container authorization token may appear.
@Suite struct SecretRedactionTests {
    @Test func noSecretInAnyCredentialOrErrorText() throws {
        var produced: [Any] = []
        func run(_ body: () throws -> Credentials?) {
            do {
                if let credentials = try body() { produced.append(credentials) }
            } catch {
                produced.append(error)
            }
        }
        let transport = CurlTransport(connectTimeout: 1, totalTimeout: 2, caBundle: nil)

        // Environment and shared files.
        run {
            try EnvironmentCredentialProvider(environment: [
                "AWS_ACCESS_KEY_ID": Secret.accessKeyID,
                "AWS_SECRET_ACCESS_KEY": Secret.secretKey, "AWS_SESSION_TOKEN": Secret.sessionToken,
            ]).credentials()
        }
        run { try EnvironmentCredentialProvider(environment: ["AWS_SECRET_ACCESS_KEY": Secret.secretKey]).credentials() }
        let profiles = files([
            "/h/.aws/credentials": """
            [ok]
            aws_access_key_id = \(Secret.accessKeyID)
            aws_secret_access_key = \(Secret.secretKey)
            aws_session_token = \(Secret.sessionToken)
            [half]
            aws_secret_access_key = \(Secret.secretKey)
            [broken \(Secret.secretKey)
            """
        ])
        for profile in ["ok", "half", "absent"] {
            run {
                try SharedConfigCredentialProvider(
                    profile: profile, environment: ["HOME": "/h"],
                    readFile: files([
                        "/h/.aws/credentials":
                            "[ok]\naws_access_key_id = \(Secret.accessKeyID)\naws_secret_access_key = \(Secret.secretKey)\n"
                            + "aws_session_token = \(Secret.sessionToken)\n[half]\naws_secret_access_key = \(Secret.secretKey)\n"
                    ])
                ).credentials()
            }
        }
        run { try SharedConfigCredentialProvider(environment: ["HOME": "/h"], readFile: profiles).credentials() }

        // IMDS: success, a failure document, malformed JSON that carries the secret.
        for body in [credentialJSON(), credentialJSON(code: "Failure"), "{\"SecretAccessKey\": \"\(Secret.secretKey)\", oops"] {
            let server = try IMDSCredentialProviderTests.imds(credentials: [.init(body: body)])
            run { try RefreshingCredentials(IMDSCredentialProviderTests.provider(server)).credentials() }
            server.stop()
        }

        // ECS: success, refused with the token sent, an error body echoing secrets.
        for (status, body) in [
            (200, credentialJSON()), (401, #"{"message":"denied"}"#),
            (500, "token \(Secret.containerAuthorization) secret \(Secret.secretKey)"),
        ] {
            let server = try FakeServer([.init("GET", "/c", .init(status: status, body: body))])
            run {
                try ECSCredentialProvider(
                    environment: [
                        "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.baseURL)/c",
                        "AWS_CONTAINER_AUTHORIZATION_TOKEN": Secret.containerAuthorization,
                    ], transport: transport, sleep: { _ in }
                ).credentials()
            }
            server.stop()
        }

        // STS: success and an error that quotes the web identity token.
        let stsError =
            "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>bad \(Secret.webIdentityToken)</Message></Error></ErrorResponse>"
        for (status, body) in [(200, WebIdentityCredentialProviderTests.success), (400, stsError)] {
            let server = try FakeServer([.init("POST", "/", .init(status: status, body: body))])
            run { try WebIdentityCredentialProviderTests.provider(server).credentials() }
            server.stop()
        }
        // STS unreachable.
        run {
            try WebIdentityCredentialProvider(
                environment: ["AWS_WEB_IDENTITY_TOKEN_FILE": "/t", "AWS_ROLE_ARN": "arn:aws:iam::1:role/r"], region: nil,
                transport: transport, readFile: files(["/t": Secret.webIdentityToken]),
                endpoint: URL(string: "http://127.0.0.1:\(closedLoopbackPort())/"), retry: RetryStrategy(sleep: { _ in })
            ).credentials()
        }

        // The chain with nothing, and a region error.
        run {
            try CredentialChain.standard(
                environment: ["AWS_EC2_METADATA_DISABLED": "true"], profile: nil, region: nil,
                transport: transport, readFile: files([:])
            ).requireCredentials()
        }

        let credentialCount = produced.filter { $0 is Credentials }.count
        let errorCount = produced.filter { $0 is any Error }.count
        #expect(credentialCount == 5)
        #expect(errorCount >= 8)

        for value in produced {
            var texts = [String(describing: value), String(reflecting: value), "\(value)"]
            if let error = value as? any Error { texts.append(error.localizedDescription) }
            for text in texts {
                for secret in Secret.all {
                    #expect(!text.contains(secret), "secret leaked in: \(text.prefix(40))…")
                }
            }
        }
    }
}
