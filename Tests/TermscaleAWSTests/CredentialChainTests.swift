import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// A provider with a fixed answer that records that it was asked.
struct StubProvider: CredentialProvider {
    enum Answer: Sendable {
        case none
        case credentials(Credentials)
        case failure(AWSConfigurationError)
    }

    let name: String
    let answer: Answer
    let asked: AskedLog

    func credentials() throws -> Credentials? {
        asked.append(name)
        switch answer {
        case .none: return nil
        case .credentials(let credentials): return credentials
        case .failure(let error): throw error
        }
    }
}

final class AskedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String] = []
    func append(_ name: String) { lock.withLock { names.append(name) } }
    var all: [String] { lock.withLock { names } }
}

@Suite struct CredentialChainTests {
    static func credentials(_ source: String) -> Credentials {
        Credentials(accessKeyID: Secret.accessKeyID, secretAccessKey: Secret.secretKey, source: source)
    }

    @Test func firstProviderWithCredentialsWinsAndLaterOnesAreNotAsked() throws {
        let log = AskedLog()
        let chain = CredentialChain([
            StubProvider(name: "a", answer: .none, asked: log),
            StubProvider(name: "b", answer: .credentials(Self.credentials("b")), asked: log),
            StubProvider(name: "c", answer: .credentials(Self.credentials("c")), asked: log),
        ])
        #expect(try chain.credentials()?.source == "b")
        #expect(log.all == ["a", "b"])
    }

    @Test func aConfiguredProviderThatFailsStopsTheChain() {
        let log = AskedLog()
        let failure = AWSConfigurationError.incompleteProfile(profile: "x", missingKey: "aws_secret_access_key")
        let chain = CredentialChain([
            StubProvider(name: "a", answer: .failure(failure), asked: log),
            StubProvider(name: "b", answer: .credentials(Self.credentials("b")), asked: log),
        ])
        #expect(throws: failure) { try chain.credentials() }
        #expect(log.all == ["a"])
    }

    @Test func nothingAnywhereSaysWhereItLooked() {
        let chain = CredentialChain.standard(
            environment: ["AWS_EC2_METADATA_DISABLED": "true"], profile: nil, region: nil,
            transport: CurlTransport(caBundle: nil), readFile: files([:]))
        #expect(
            throws: AWSConfigurationError.noCredentials(
                tried: "environment, web identity, profile default, container endpoint, instance role")
        ) {
            try chain.requireCredentials()
        }
    }

    @Test func standardOrderPrefersEnvironmentOverProfile() throws {
        let environment = [
            "AWS_ACCESS_KEY_ID": "AKIAFROMENVIRONMENT", "AWS_SECRET_ACCESS_KEY": Secret.secretKey,
            "HOME": "/home/ops", "AWS_EC2_METADATA_DISABLED": "true",
        ]
        let profileFile = files([
            "/home/ops/.aws/credentials": "[default]\naws_access_key_id = AKIAFROMPROFILE\naws_secret_access_key = s\n"
        ])
        let chain = CredentialChain.standard(
            environment: environment, profile: nil, region: nil,
            transport: CurlTransport(caBundle: nil), readFile: profileFile)
        #expect(
            chain.providers.map(\.name) == [
                "environment", "web identity", "profile default", "container endpoint", "instance role",
            ])
        #expect(try chain.requireCredentials().accessKeyID == "AKIAFROMENVIRONMENT")

        var withoutKeys = environment
        withoutKeys["AWS_ACCESS_KEY_ID"] = nil
        withoutKeys["AWS_SECRET_ACCESS_KEY"] = nil
        let profileChain = CredentialChain.standard(
            environment: withoutKeys, profile: nil, region: nil,
            transport: CurlTransport(caBundle: nil), readFile: profileFile)
        #expect(try profileChain.requireCredentials().accessKeyID == "AKIAFROMPROFILE")
    }

    // MARK: --profile against the environment (botocore drops the environment provider)

    /// A shell with staging keys exported.
    static let stagingShell = [
        "AWS_ACCESS_KEY_ID": "AKIASTAGINGFROMSHELL", "AWS_SECRET_ACCESS_KEY": Secret.secretKey2,
        "HOME": "/home/ops", "AWS_EC2_METADATA_DISABLED": "true",
    ]
    static let prodProfile = files([
        "/home/ops/.aws/credentials": """
        [default]
        aws_access_key_id = AKIADEFAULTPROFILE
        aws_secret_access_key = default-secret
        [prod]
        aws_access_key_id = AKIAPRODFROMPROFILE
        aws_secret_access_key = \(Secret.secretKey)

        """
    ])

    /// The access key id in the Authorization header of a DescribeScheduledActions call signed
    /// with `chain`'s credentials.
    static func signingKey(_ chain: CredentialChain) throws -> String {
        let transport = ScriptedTransport([RetryTests.empty])
        let client = AutoScalingClient(
            query: AWSQueryClient(
                endpoint: URL(string: "https://autoscaling.eu-west-2.amazonaws.com")!, service: "autoscaling",
                region: "eu-west-2", credentials: { try chain.requireCredentials() }, transport: transport,
                now: { utc("2031-01-13T08:00:00Z") }))
        _ = try client.describeScheduledActions(group: "moodle-web")
        let authorization = try #require(transport.requests.first?.header("Authorization"))
        let credential = try #require(authorization.split(separator: " ").first { $0.hasPrefix("Credential=") })
        return String(credential.dropFirst("Credential=".count).prefix { $0 != "/" })
    }

    @Test func explicitProfileWinsOverKeysInTheEnvironment() throws {
        // Given staging keys in the shell, when the operator names --profile prod
        let chain = CredentialChain.standard(
            environment: Self.stagingShell, profile: "prod", region: "eu-west-2",
            transport: CurlTransport(caBundle: nil), readFile: Self.prodProfile)
        // Then the environment is not asked at all, and the prod keys sign
        #expect(
            chain.providers.map(\.name) == ["web identity", "profile prod", "container endpoint", "instance role"])
        #expect(try chain.requireCredentials().source == "profile prod")
        #expect(try Self.signingKey(chain) == "AKIAPRODFROMPROFILE")
    }

    @Test func awsProfileAloneDoesNotOverrideTheEnvironment() throws {
        var shell = Self.stagingShell
        shell["AWS_PROFILE"] = "prod"
        let chain = CredentialChain.standard(
            environment: shell, profile: nil, region: "eu-west-2",
            transport: CurlTransport(caBundle: nil), readFile: Self.prodProfile)
        #expect(
            chain.providers.map(\.name) == [
                "environment", "web identity", "profile prod", "container endpoint", "instance role",
            ])
        #expect(try Self.signingKey(chain) == "AKIASTAGINGFROMSHELL")
        // An empty --profile is no profile: the environment still comes first.
        let empty = CredentialChain.standard(
            environment: Self.stagingShell, profile: "", region: "eu-west-2",
            transport: CurlTransport(caBundle: nil), readFile: Self.prodProfile)
        #expect(try Self.signingKey(empty) == "AKIASTAGINGFROMSHELL")
    }

    /// EKS: the pod's role must win over a `[default]` baked into the image.
    @Test func webIdentityComesBeforeTheSharedFiles() throws {
        let sts = ScriptedTransport([.xml(200, WebIdentityCredentialProviderTests.success)])
        let environment = WebIdentityCredentialProviderTests.environment.merging([
            "HOME": "/home/ops", "AWS_EC2_METADATA_DISABLED": "true",
        ]) { $1 }
        let chain = CredentialChain.standard(
            environment: environment, profile: nil, region: "eu-west-2", transport: sts,
            readFile: files([
                "/var/run/secrets/token": Secret.webIdentityToken,
                "/home/ops/.aws/credentials": "[default]\naws_access_key_id = AKIADEFAULTPROFILE\naws_secret_access_key = s\n",
            ]),
            now: { utc("2026-11-22T04:00:00Z") })
        let credentials = try chain.requireCredentials()
        #expect(credentials.accessKeyID == "ASIATERMSCALEEXAMPLE")
        #expect(credentials.source == "web identity \(WebIdentityCredentialProviderTests.roleARN)")
        #expect(sts.requests.map(\.url.absoluteString) == ["https://sts.eu-west-2.amazonaws.com/"])
    }

    /// Cron on the admin instance: no HOME, no AWS variables, only the instance role.
    @Test func cronEnvironmentFallsThroughToTheInstanceRole() throws {
        let server = try IMDSCredentialProviderTests.imds()
        defer { server.stop() }
        let environment = ["PATH": "/usr/bin:/bin", "AWS_EC2_METADATA_SERVICE_ENDPOINT": server.baseURL]
        let metadata = CurlTransport(connectTimeout: 1, totalTimeout: 2, caBundle: nil)
        let chain = CredentialChain.standard(
            environment: environment, profile: nil, region: "eu-west-2",
            transport: CurlTransport(caBundle: nil), metadataTransport: metadata,
            readFile: { path in
                Issue.record("no file should be read: \(path)")
                return nil
            })
        let credentials = try RefreshingCredentials(chain).requireCredentials()
        #expect(credentials.source == "instance role termscale-admin")

        let region = try RegionResolver(
            environment: environment,
            sharedConfig: SharedConfigCredentialProvider(environment: environment),
            metadata: IMDSCredentialProvider(environment: environment, transport: metadata)
        )
        .resolve(explicit: nil, policyRegion: "eu-west-2")
        #expect(region == ResolvedRegion(name: "eu-west-2", source: "the policy"))
    }
}

@Suite struct RegionResolverTests {
    static func resolver(
        _ environment: [String: String], profile: String? = "ap-south-1",
        metadata: String? = "eu-north-1"
    ) -> RegionResolver {
        RegionResolver(environment: environment, profileRegion: { profile }, metadataRegion: { metadata })
    }

    @Test func orderOfPrecedence() throws {
        let all = ["AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-east-2"]
        #expect(
            try Self.resolver(all).resolve(explicit: "eu-west-1", policyRegion: "eu-west-2")
                == ResolvedRegion(name: "eu-west-1", source: "--region"))
        #expect(
            try Self.resolver(all).resolve(explicit: nil, policyRegion: "eu-west-2")
                == ResolvedRegion(name: "eu-west-2", source: "the policy"))
        #expect(
            try Self.resolver(all).resolve(explicit: nil, policyRegion: nil)
                == ResolvedRegion(name: "us-west-2", source: "AWS_REGION"))
        #expect(
            try Self.resolver(["AWS_DEFAULT_REGION": "us-east-2"]).resolve(explicit: "", policyRegion: nil)
                == ResolvedRegion(name: "us-east-2", source: "AWS_DEFAULT_REGION"))
        #expect(
            try Self.resolver([:]).resolve(explicit: nil, policyRegion: nil)
                == ResolvedRegion(name: "ap-south-1", source: "the profile"))
        #expect(
            try Self.resolver([:], profile: nil).resolve(explicit: nil, policyRegion: nil)
                == ResolvedRegion(name: "eu-north-1", source: "the instance metadata"))
    }

    @Test func metadataIsNotAskedWhenARegionIsKnown() throws {
        let resolver = RegionResolver(
            environment: [:], profileRegion: { nil },
            metadataRegion: {
                Issue.record("IMDS asked although the policy names the region")
                return nil
            })
        #expect(try resolver.resolve(explicit: nil, policyRegion: "eu-west-2").name == "eu-west-2")
    }

    @Test func noRegionSaysHowToSetOne() {
        #expect(throws: AWSConfigurationError.noRegion) {
            try Self.resolver([:], profile: nil, metadata: nil).resolve(explicit: nil, policyRegion: nil)
        }
        #expect(AWSConfigurationError.noRegion.description.contains("--region"))
        #expect(AWSConfigurationError.noRegion.description.contains("AWS_REGION"))
    }

    @Test func aRegionThatIsNotAHostLabelIsRefused() {
        #expect(throws: AWSConfigurationError.invalidRegion("evil.com/#", source: "the policy")) {
            try Self.resolver([:]).resolve(explicit: nil, policyRegion: "evil.com/#")
        }
    }
}

@Suite struct EndpointTests {
    @Test func regionalEndpoints() throws {
        #expect(
            try Endpoint.autoScaling(region: "eu-west-2", explicit: nil, environment: [:])
                == Endpoint(url: URL(string: "https://autoscaling.eu-west-2.amazonaws.com/")!, source: "region eu-west-2"))
        #expect(
            try Endpoint.autoScaling(region: "cn-northwest-1", explicit: nil, environment: [:]).url.absoluteString
                == "https://autoscaling.cn-northwest-1.amazonaws.com.cn/")
    }

    @Test func overridesInOrder() throws {
        let environment = [
            "AWS_ENDPOINT_URL_AUTO_SCALING": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL": "https://proxy.example/aws",
        ]
        #expect(
            try Endpoint.autoScaling(region: "eu-west-2", explicit: "http://localhost:4566/", environment: environment)
                == Endpoint(url: URL(string: "http://localhost:4566/")!, source: "--endpoint-url"))
        #expect(
            try Endpoint.autoScaling(region: "eu-west-2", explicit: nil, environment: environment)
                == Endpoint(url: URL(string: "http://127.0.0.1:5000/")!, source: "AWS_ENDPOINT_URL_AUTO_SCALING"))
        #expect(
            try Endpoint.autoScaling(
                region: "eu-west-2", explicit: nil, environment: ["AWS_ENDPOINT_URL": "https://proxy.example/aws"])
                == Endpoint(url: URL(string: "https://proxy.example/aws")!, source: "AWS_ENDPOINT_URL"))
    }

    @Test func ec2HasItsOwnHostAndVariable() throws {
        #expect(
            try Endpoint.resolve(.ec2, region: "eu-west-2", explicit: nil, environment: [:])
                == Endpoint(url: URL(string: "https://ec2.eu-west-2.amazonaws.com/")!, source: "region eu-west-2"))
        #expect(
            try Endpoint.resolve(.ec2, region: "cn-north-1", explicit: nil, environment: [:]).url.absoluteString
                == "https://ec2.cn-north-1.amazonaws.com.cn/")
        let environment = [
            "AWS_ENDPOINT_URL_AUTO_SCALING": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_EC2": "http://127.0.0.1:5001",
            "AWS_ENDPOINT_URL": "https://proxy.example/aws",
        ]
        #expect(
            try Endpoint.resolve(.ec2, region: "eu-west-2", explicit: nil, environment: environment)
                == Endpoint(url: URL(string: "http://127.0.0.1:5001/")!, source: "AWS_ENDPOINT_URL_EC2"))
        #expect(
            try Endpoint.resolve(
                .ec2, region: "eu-west-2", explicit: nil,
                environment: environment.filter { $0.key != "AWS_ENDPOINT_URL_EC2" })
                == Endpoint(url: URL(string: "https://proxy.example/aws")!, source: "AWS_ENDPOINT_URL"))
        #expect(
            try Endpoint.resolve(.ec2, region: "eu-west-2", explicit: "http://localhost:4566", environment: environment)
                == Endpoint(url: URL(string: "http://localhost:4566/")!, source: "--endpoint-url"))
        #expect(AWSService.autoScaling.endpointVariable == "AWS_ENDPOINT_URL_AUTO_SCALING")
    }

    @Test func aBadOverrideIsAnError() {
        #expect(throws: AWSConfigurationError.invalidEndpoint("autoscaling.local", source: "--endpoint-url")) {
            try Endpoint.autoScaling(region: "eu-west-2", explicit: "autoscaling.local", environment: [:])
        }
    }
}
