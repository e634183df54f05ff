import Foundation
import Testing

@testable import TermscaleAWS

@Suite struct EnvironmentCredentialProviderTests {
    @Test func keyAndSecretWithToken() throws {
        let provider = EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY_ID": Secret.accessKeyID, "AWS_SECRET_ACCESS_KEY": Secret.secretKey,
            "AWS_SESSION_TOKEN": Secret.sessionToken,
        ])
        let credentials = try #require(try provider.credentials())
        #expect(
            credentials
                == Credentials(
                    accessKeyID: Secret.accessKeyID, secretAccessKey: Secret.secretKey,
                    sessionToken: Secret.sessionToken, source: "environment"))
    }

    @Test func nothingSetIsNil() throws {
        #expect(try EnvironmentCredentialProvider(environment: ["PATH": "/usr/bin"]).credentials() == nil)
        #expect(
            try EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""])
                .credentials() == nil)
    }

    @Test func keyWithoutSecretNamesTheMissingVariable() {
        #expect(
            throws: AWSConfigurationError.missingVariable(name: "AWS_SECRET_ACCESS_KEY", requiredBecause: "AWS_ACCESS_KEY_ID is")
        ) {
            try EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": Secret.accessKeyID]).credentials()
        }
        #expect(
            throws: AWSConfigurationError.missingVariable(name: "AWS_ACCESS_KEY_ID", requiredBecause: "AWS_SECRET_ACCESS_KEY is")
        ) {
            try EnvironmentCredentialProvider(environment: ["AWS_SECRET_ACCESS_KEY": Secret.secretKey]).credentials()
        }
    }
}
