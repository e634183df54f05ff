import Foundation

/// Where a service's requests go, and why.
public struct Endpoint: Sendable, Equatable {
    /// Always ends in `/`, the path every Query API request is posted to.
    public var url: URL
    /// `--endpoint-url`, the service's variable (`AWS_ENDPOINT_URL_EC2`), `AWS_ENDPOINT_URL` or
    /// `region <name>`.
    public var source: String

    public init(url: URL, source: String) {
        self.url = url
        self.source = source
    }

    /// `https://{prefix}.{region}.amazonaws.com/` (`.amazonaws.com.cn` for `cn-*` regions), unless
    /// overridden by `explicit` (`--endpoint-url`), then the service's `AWS_ENDPOINT_URL_<SERVICE>`,
    /// then `AWS_ENDPOINT_URL`.
    /// - Throws: `AWSConfigurationError.invalidEndpoint` for an override that is not an http(s) URL
    ///   with a host; `.invalidRegion` for a region that is not a host label.
    public static func resolve(
        _ service: AWSService, region: String, explicit: String?, environment: [String: String]
    ) throws -> Endpoint {
        let overrides: [(source: String, value: String?)] = [
            ("--endpoint-url", explicit.flatMap { $0.isEmpty ? nil : $0 }),
            (service.endpointVariable, environment.nonEmpty(service.endpointVariable)),
            ("AWS_ENDPOINT_URL", environment.nonEmpty("AWS_ENDPOINT_URL")),
        ]
        if let override = overrides.first(where: { $0.value != nil }), let text = override.value {
            guard var components = URLComponents(string: text),
                let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
                let host = components.host, !host.isEmpty
            else { throw AWSConfigurationError.invalidEndpoint(text, source: override.source) }
            if components.path.isEmpty { components.path = "/" }
            guard let url = components.url else { throw AWSConfigurationError.invalidEndpoint(text, source: override.source) }
            return Endpoint(url: url, source: override.source)
        }
        guard RegionResolver.isRegionName(region) else {
            throw AWSConfigurationError.invalidRegion(region, source: "the endpoint")
        }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return Endpoint(url: URL(string: "https://\(service.endpointPrefix).\(region).\(suffix)/")!, source: "region \(region)")
    }

    /// The Auto Scaling endpoint: `resolve(.autoScaling, …)`.
    public static func autoScaling(region: String, explicit: String?, environment: [String: String]) throws -> Endpoint {
        try resolve(.autoScaling, region: region, explicit: explicit, environment: environment)
    }
}
