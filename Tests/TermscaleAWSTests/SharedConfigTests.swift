import Foundation
import Testing

@testable import TermscaleAWS

@Suite struct SharedConfigFileTests {
    @Test func parsesSectionsKeysAndComments() throws {
        let text = """
            # a comment
            ; another
            [default]
            aws_access_key_id = AKIADEFAULT
            AWS_Secret_Access_Key=secret#with-hash ; inline comment

            [ci]
              \t
            aws_access_key_id   =   AKIACI   # trailing
            s3 =
                max_concurrent_requests = 20
            region = eu-west-2\r
            """
        let file = try SharedConfigFile(parsing: text, kind: .credentials, path: "/h/.aws/credentials")
        #expect(file.profile("default") == ["aws_access_key_id": "AKIADEFAULT", "aws_secret_access_key": "secret#with-hash"])
        // The nested block is the raw value configparser gives it.
        #expect(
            file.profile("ci") == [
                "aws_access_key_id": "AKIACI", "s3": "\nmax_concurrent_requests = 20", "region": "eu-west-2",
            ])
        #expect(file.profile("missing") == nil)
    }

    @Test func configFileUsesProfilePrefix() throws {
        let text = """
            [default]
            region = us-east-1
            [profile exams]
            region = eu-west-2
            [sso-session corp]
            sso_region = eu-west-1
            [exams]
            region = ignored-in-config
            """
        let file = try SharedConfigFile(parsing: text, kind: .config, path: "config")
        #expect(file.profile("default") == ["region": "us-east-1"])
        #expect(file.profile("exams") == ["region": "eu-west-2"])
        #expect(file.profiles.keys.sorted() == ["default", "exams"])
    }

    @Test(arguments: [
        ("[default]\nnot a setting", 2),
        ("region = eu-west-2", 1),
        ("[default]\nregion = x\n[broken", 3),
    ])
    func malformedLinesAreReportedWithTheirLineNumber(text: String, line: Int) {
        #expect {
            try SharedConfigFile(parsing: text, kind: .config, path: "/cfg")
        } throws: { error in
            guard case .malformedConfigFile(let path, let errorLine, _) = error as? AWSConfigurationError else { return false }
            return path == "/cfg" && errorLine == line
        }
    }
}

/// Indentation as botocore reads it (Python's configparser), compared with botocore itself.
@Suite struct SharedConfigBotocoreTests {
    static let texts = [
        "[a]\n  aws_access_key_id = A\n  aws_secret_access_key = B\n",
        "[a]\n  aws_access_key_id = A\naws_secret_access_key = B\n",
        "[a]\naws_access_key_id = A\n  aws_secret_access_key = B\n",
        "[a]\naws_access_key_id =\n  aws_secret_access_key = B\n",
        "[a]\n\taws_access_key_id = A\n\t\taws_secret_access_key = B\n",
        "[a]\n  k1 = A\n    k2 = B\n  region = r\n",
        "  [a]\nk = A\n",
        "[a]\ns3 =\n  addressing_style = path\n  signature_version = s3v4\nregion = r\n",
        "[a]\nregion = r\n\n  more\n\n",
        "[a]\n  # comment\n  region = r\n",
        "[a]\nregion = r\n# comment\n  more\n",
        "[a]\nk = v\n[b]\n  k = w\n    x = y\n",
        "# top\n[default]\nAWS_ACCESS_KEY_ID = X\n",
        "[a]\nk=v\n   \n  c\n",
        "[a]\n\n  k = v\n  j = w\n",
    ]

    struct Parsed: Decodable {
        var sections: [String: [String: String]]?
        var error: String?
    }

    @Test func everyProfileAndValueIsWhatBotocoreReads() throws {
        let parsed = try JSONDecoder().decode(
            [Parsed].self, from: Botocore.run("botocore_config_parse.py", [], input: JSONEncoder().encode(Self.texts)))
        try #require(parsed.count == Self.texts.count)
        for (text, botocore) in zip(Self.texts, parsed) {
            let sections = try #require(botocore.sections, "botocore refused \(text.debugDescription): \(botocore.error ?? "")")
            let ours = try SharedConfigFile(parsing: text, kind: .credentials, path: "credentials")
            #expect(ours.profiles == sections, "\(text.debugDescription)")
        }
    }

    @Test func anIndentedKeyAfterTheHeaderIsAKeyNotAnEmptyProfile() throws {
        let text = "[prod]\n  aws_access_key_id = AKIAPRODINDENTED\n  aws_secret_access_key = \(Secret.secretKey)\n"
        let provider = SharedConfigCredentialProvider(
            profile: "prod", environment: ["HOME": "/h"], readFile: files(["/h/.aws/credentials": text]))
        let credentials = try #require(try provider.credentials())
        #expect(credentials.accessKeyID == "AKIAPRODINDENTED")
        #expect(credentials.secretAccessKey == Secret.secretKey)
    }

    @Test func aCredentialContinuedOnAnIndentedLineIsRefusedByLine() throws {
        let text = "[default]\nregion = eu-west-2\n\n[prod]\naws_access_key_id = AKIAPROD\n  aws_secret_access_key = s\n"
        let file = try SharedConfigFile(parsing: text, kind: .credentials, path: "/h/.aws/credentials")
        #expect(file.profile("prod") == ["aws_access_key_id": "AKIAPROD\naws_secret_access_key = s"])
        #expect(file.continuations["prod"] == ["aws_access_key_id": .init(keyLine: 5, line: 6)])
        let provider = SharedConfigCredentialProvider(
            profile: "prod", environment: ["HOME": "/h"], readFile: files(["/h/.aws/credentials": text]))
        let refusal = AWSConfigurationError.malformedConfigFile(
            path: "/h/.aws/credentials", line: 6,
            reason: "this line is indented deeper than `aws_access_key_id` on line 5, so it continues that value "
                + "(as botocore reads it) and aws_access_key_id would hold a line break: indent it as deep as line 5 "
                + "to make it a setting of its own")
        #expect(throws: refusal) { try provider.credentials() }
        #expect(throws: refusal) { try provider.region() }
        // Another profile of the same file is not affected.
        let other = SharedConfigCredentialProvider(
            profile: "default", environment: ["HOME": "/h"], readFile: files(["/h/.aws/credentials": text]))
        #expect(try other.region() == "eu-west-2")
    }

    @Test func nestedSettingsThatTermscaleDoesNotReadAreKept() throws {
        let text = "[profile x]\nregion = eu-west-2\ns3 =\n  addressing_style = path\n"
        let provider = SharedConfigCredentialProvider(
            profile: "x", environment: ["HOME": "/h"], readFile: files(["/h/.aws/config": text]))
        #expect(try provider.region() == "eu-west-2")
        #expect(try provider.settings()?["s3"] == "\naddressing_style = path")
    }
}

@Suite struct SharedConfigCredentialProviderTests {
    let credentialsFile = """
        [default]
        aws_access_key_id = AKIADEFAULTKEY01
        aws_secret_access_key = \(Secret.secretKey)

        [exams]
        aws_access_key_id = AKIAEXAMSKEY0001
        aws_secret_access_key = \(Secret.secretKey2)
        aws_session_token = \(Secret.sessionToken)

        [half]
        aws_access_key_id = AKIAHALFKEY00001
        """
    let configFile = """
        [default]
        region = us-east-1

        [profile exams]
        region = eu-west-2

        [profile config-only]
        aws_access_key_id = AKIACONFIGONLY01
        aws_secret_access_key = \(Secret.secretKey)
        region = ap-southeast-2

        [profile regional]
        region = eu-central-1

        [profile assumer]
        role_arn = arn:aws:iam::123456789012:role/x
        source_profile = default
        """

    var home: [String: String] {
        ["/home/ops/.aws/credentials": credentialsFile, "/home/ops/.aws/config": configFile]
    }

    @Test func defaultProfileFromHome() throws {
        let provider = SharedConfigCredentialProvider(environment: ["HOME": "/home/ops"], readFile: files(home))
        let credentials = try #require(try provider.credentials())
        #expect(credentials.accessKeyID == "AKIADEFAULTKEY01")
        #expect(credentials.secretAccessKey == Secret.secretKey)
        #expect(credentials.sessionToken == nil)
        #expect(credentials.source == "profile default")
        #expect(try provider.region() == "us-east-1")
    }

    @Test func profileFromAWS_PROFILEWithSessionTokenAndConfigRegion() throws {
        let provider = SharedConfigCredentialProvider(
            environment: ["HOME": "/home/ops", "AWS_PROFILE": "exams"],
            readFile: files(home))
        let credentials = try #require(try provider.credentials())
        #expect(credentials.accessKeyID == "AKIAEXAMSKEY0001")
        #expect(credentials.sessionToken == Secret.sessionToken)
        #expect(try provider.region() == "eu-west-2")
    }

    @Test func explicitProfileBeatsAWS_PROFILE() throws {
        let provider = SharedConfigCredentialProvider(
            profile: "config-only",
            environment: ["HOME": "/home/ops", "AWS_PROFILE": "exams"],
            readFile: files(home))
        #expect(try provider.credentials()?.accessKeyID == "AKIACONFIGONLY01")
        #expect(try provider.region() == "ap-southeast-2")
        #expect(provider.name == "profile config-only")
    }

    @Test func explicitFilePathsReplaceHome() throws {
        let provider = SharedConfigCredentialProvider(
            profile: "exams",
            environment: ["AWS_SHARED_CREDENTIALS_FILE": "/etc/termscale/creds", "AWS_CONFIG_FILE": "/etc/termscale/config"],
            readFile: files(["/etc/termscale/creds": credentialsFile, "/etc/termscale/config": configFile]))
        #expect(provider.credentialsPath == "/etc/termscale/creds")
        #expect(try provider.credentials()?.accessKeyID == "AKIAEXAMSKEY0001")
    }

    @Test func noHomeAndNoFilesIsNilNotAnError() throws {
        let provider = SharedConfigCredentialProvider(
            environment: [:],
            readFile: { _ in
                Issue.record("no file should be read without HOME")
                return nil
            })
        #expect(provider.credentialsPath == nil && provider.configPath == nil)
        #expect(try provider.credentials() == nil)
        #expect(try provider.region() == nil)
    }

    @Test func missingFilesForTheDefaultProfileIsNil() throws {
        let provider = SharedConfigCredentialProvider(environment: ["HOME": "/home/none"], readFile: files([:]))
        #expect(try provider.credentials() == nil)
    }

    @Test func namedProfileThatDoesNotExistIsAnError() {
        let provider = SharedConfigCredentialProvider(profile: "nope", environment: ["HOME": "/home/ops"], readFile: files(home))
        #expect(
            throws: AWSConfigurationError.profileNotFound(
                profile: "nope", files: ["/home/ops/.aws/credentials", "/home/ops/.aws/config"])
        ) {
            try provider.credentials()
        }
    }

    @Test func profileWithOnlyARegionLeavesCredentialsToTheNextProvider() throws {
        let provider = SharedConfigCredentialProvider(
            profile: "regional", environment: ["HOME": "/home/ops"], readFile: files(home))
        #expect(try provider.credentials() == nil)
        #expect(try provider.region() == "eu-central-1")
    }

    @Test func keyWithoutSecretIsAnError() {
        let provider = SharedConfigCredentialProvider(profile: "half", environment: ["HOME": "/home/ops"], readFile: files(home))
        #expect(throws: AWSConfigurationError.incompleteProfile(profile: "half", missingKey: "aws_secret_access_key")) {
            try provider.credentials()
        }
    }

    @Test func assumeRoleProfilesAreRefusedClearly() {
        let provider = SharedConfigCredentialProvider(
            profile: "assumer", environment: ["HOME": "/home/ops"], readFile: files(home))
        #expect(throws: AWSConfigurationError.unsupportedProfile(profile: "assumer", key: "role_arn")) {
            try provider.credentials()
        }
    }

    @Test func tildeInAnExplicitPathExpandsToHome() {
        let provider = SharedConfigCredentialProvider(
            environment: ["HOME": "/home/ops", "AWS_CONFIG_FILE": "~/cfg"],
            readFile: files([:]))
        #expect(provider.configPath == "/home/ops/cfg")
    }
}
