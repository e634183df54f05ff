import Foundation
import Logging
import TermscaleAWS
import TermscaleCore

/// How to reach AWS, from the command line: every value optional, resolved like the SDKs.
public struct AWSOptions: Sendable {
    /// `--region`; else the policy's, `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile, IMDS.
    public var region: String?
    /// `--profile`; else `AWS_PROFILE`, else `default`.
    public var profile: String?
    /// `--endpoint-url`; else `AWS_ENDPOINT_URL_AUTO_SCALING`, `AWS_ENDPOINT_URL`, the regional one.
    public var endpointURL: String?
    /// `--allow-insecure-endpoint`: plain http:// to a host that is not loopback.
    public var allowInsecureEndpoint: Bool

    public init(region: String? = nil, profile: String? = nil, endpointURL: String? = nil, allowInsecureEndpoint: Bool = false) {
        self.region = region
        self.profile = profile
        self.endpointURL = endpointURL
        self.allowInsecureEndpoint = allowInsecureEndpoint
    }
}

/// A ready Auto Scaling client for one policy's group, and where each of its settings came from;
/// on request, an EC2 client of the same region, credentials, transport and retries.
public struct AWSSession: Sendable {
    public var client: AutoScalingClient
    public var region: ResolvedRegion
    public var endpoint: Endpoint
    /// Which provider gave the credentials (resolved lazily on the first call). Every client of the
    /// session signs with these, so they are resolved once.
    public var credentials: RefreshingCredentials
    /// The session's Query client for `service`: its endpoint resolved from the same
    /// `--endpoint-url` and environment, the region, credentials, transport, retries and logger
    /// shared.
    let queryClient: @Sendable (_ service: AWSService) throws -> (AWSQueryClient, Endpoint)
    /// The session's REST-JSON client for `service`, resolved and sharing as `queryClient` does.
    let restJSONClient: @Sendable (_ service: AWSService) throws -> (AWSRestJSONClient, Endpoint)

    /// Resolves region, endpoint and the credential chain for `policy`'s group.
    /// - Throws: `TermscaleError.awsConfiguration` saying what is missing and how to set it.
    public static func make(
        policy: Policy, options: AWSOptions, environment: [String: String],
        logger: Logger = Logger(label: "termscale.aws")
    ) throws -> AWSSession {
        do {
            let transport = CurlTransport(
                caBundle: CurlTransport.caBundle(from: environment),
                allowInsecureEndpoint: options.allowInsecureEndpoint)
            let shared = SharedConfigCredentialProvider(profile: options.profile, environment: environment)
            let metadata = IMDSCredentialProvider(environment: environment)
            let region = try RegionResolver(environment: environment, sharedConfig: shared, metadata: metadata)
                .resolve(explicit: options.region, policyRegion: policy.region.isEmpty ? nil : policy.region)
            let chain = CredentialChain.standard(
                environment: environment, profile: options.profile, region: region.name,
                transport: transport)
            let credentials = RefreshingCredentials(chain)
            let queryClient = { @Sendable (service: AWSService) throws -> (AWSQueryClient, Endpoint) in
                let endpoint = try Endpoint.resolve(
                    service, region: region.name, explicit: options.endpointURL, environment: environment)
                let query = AWSQueryClient(
                    endpoint: endpoint.url, service: service.endpointPrefix, region: region.name,
                    credentials: { try credentials.requireCredentials() }, transport: transport,
                    retry: .standard(environment: environment), logger: logger)
                return (query, endpoint)
            }
            let restJSONClient = { @Sendable (service: AWSService) throws -> (AWSRestJSONClient, Endpoint) in
                let endpoint = try Endpoint.resolve(
                    service, region: region.name, explicit: options.endpointURL, environment: environment)
                let rest = AWSRestJSONClient(
                    endpoint: endpoint.url, service: service.endpointPrefix, region: region.name,
                    credentials: { try credentials.requireCredentials() }, transport: transport,
                    retry: .standard(environment: environment), logger: logger)
                return (rest, endpoint)
            }
            let (query, endpoint) = try queryClient(.autoScaling)
            return AWSSession(
                client: AutoScalingClient(query: query), region: region, endpoint: endpoint, credentials: credentials,
                queryClient: queryClient, restJSONClient: restJSONClient)
        } catch let error as AWSConfigurationError {
            throw TermscaleError.awsConfiguration(error.description)
        }
    }

    /// Runs `body`, turning AWS failures into `TermscaleError`s with their advice.
    public static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AWSConfigurationError {
            throw TermscaleError.awsConfiguration(error.description)
        } catch {
            guard let text = describe(error) else { throw error }
            throw TermscaleError.aws(text)
        }
    }

    /// An AWS failure in one line: what AWS or the network said, with its advice; nil for an
    /// error that is not the AWS client's.
    public static func describe(_ error: any Error) -> String? {
        switch error {
        case let e as AWSServiceError: e.description
        case let e as AWSRetriesExhausted: e.description
        case let e as TransportError: e.description
        case let e as AutoScalingClientError: e.description
        case let e as AWSConfigurationError: e.description
        case let e as XMLParseError: "unreadable answer from AWS: \(e)"
        case let e as AWSJSON.ParseError: "unreadable answer from AWS: \(e)"
        case let e as SchedulerClientError: e.description
        case let e as MixSwitchInputError: e.description
        default: nil
        }
    }
}

extension AWSSession {
    /// Resolves the credentials now, so missing ones stop a command with exit 78 before it reads
    /// or writes anything (instead of failing each group's first call).
    /// - Throws: `TermscaleError.awsConfiguration`, or `.aws` when a provider's endpoint fails.
    public func requireCredentials() throws {
        try Self.reporting { _ = try credentials.requireCredentials() }
    }

    /// The group `name` through this session's client.
    public func group(_ name: String) -> any AutoScalingGroupAPI { LiveAutoScalingGroup(client: client, groupName: name) }

    /// The resolved region's name (`eu-west-2`).
    public var regionName: String { region.name }

    /// The EC2 client of this session: same region, credentials (not resolved again), transport,
    /// retries and logger; endpoint `--endpoint-url`, else `AWS_ENDPOINT_URL_EC2`, `AWS_ENDPOINT_URL`,
    /// `https://ec2.{region}.amazonaws.com/`. Resolved on request, so a bad EC2 override stops only
    /// what calls EC2.
    /// - Throws: `TermscaleError.awsConfiguration` for an override that is not an http(s) URL.
    public func ec2() throws -> (client: EC2Client, endpoint: Endpoint) {
        try Self.reporting {
            let (query, endpoint) = try queryClient(.ec2)
            return (EC2Client(query: query), endpoint)
        }
    }

    /// The EventBridge Scheduler client of this session: same region, credentials, transport,
    /// retries and logger; endpoint `--endpoint-url`, else `AWS_ENDPOINT_URL_SCHEDULER`,
    /// `AWS_ENDPOINT_URL`, `https://scheduler.{region}.amazonaws.com/`. Resolved on request, so a bad
    /// Scheduler override stops only what calls the Scheduler.
    /// - Throws: `TermscaleError.awsConfiguration` for an override that is not an http(s) URL.
    public func scheduler() throws -> (client: SchedulerClient, endpoint: Endpoint) {
        try Self.reporting {
            let (rest, endpoint) = try restJSONClient(.scheduler)
            return (SchedulerClient(rest: rest), endpoint)
        }
    }

    /// The EventBridge Scheduler schedule group `name` through this session's Scheduler client.
    /// - Throws: as `scheduler()`.
    public func scheduleGroup(named name: String) throws -> any ScheduleGroupAPI {
        LiveScheduleGroup(client: try scheduler().client, scheduleGroupName: name)
    }

    /// The region's Spot price history through this session's EC2 client (DescribeSpotPriceHistory).
    /// - Throws: as `ec2()`.
    public func spotPriceHistory() throws -> any SpotPriceHistoryAPI {
        try ec2().client
    }
}
