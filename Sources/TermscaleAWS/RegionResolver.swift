import Foundation

/// A region and where it came from (for `--verbose` and messages).
public struct ResolvedRegion: Sendable, Equatable {
    public var name: String
    public var source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}

/// Decides the region: `--region`, else the policy's `region`, else `AWS_REGION`, `AWS_DEFAULT_REGION`,
/// the profile's `region`, else the instance's region from IMDS.
public struct RegionResolver: Sendable {
    private let environment: [String: String]
    private let profileRegion: @Sendable () throws -> String?
    private let metadataRegion: @Sendable () throws -> String?

    /// - Parameters:
    ///   - profileRegion: the selected profile's `region` (the live value is `SharedConfigCredentialProvider.region`).
    ///   - metadataRegion: the instance's region (the live value is `IMDSCredentialProvider.region`); asked last.
    public init(
        environment: [String: String], profileRegion: @escaping @Sendable () throws -> String?,
        metadataRegion: @escaping @Sendable () throws -> String?
    ) {
        self.environment = environment
        self.profileRegion = profileRegion
        self.metadataRegion = metadataRegion
    }

    public init(
        environment: [String: String], sharedConfig: SharedConfigCredentialProvider,
        metadata: IMDSCredentialProvider
    ) {
        self.init(
            environment: environment, profileRegion: { try sharedConfig.region() },
            metadataRegion: { try metadata.region() })
    }

    /// - Parameters:
    ///   - explicit: `--region`.
    ///   - policyRegion: the policy file's `region`.
    /// - Throws: `AWSConfigurationError.noRegion` saying how to set one, or `.invalidRegion`.
    public func resolve(explicit: String?, policyRegion: String?) throws -> ResolvedRegion {
        let candidates: [(source: String, value: () throws -> String?)] = [
            ("--region", { explicit }),
            ("the policy", { policyRegion }),
            ("AWS_REGION", { environment.nonEmpty("AWS_REGION") }),
            ("AWS_DEFAULT_REGION", { environment.nonEmpty("AWS_DEFAULT_REGION") }),
            ("the profile", profileRegion),
            ("the instance metadata", metadataRegion),
        ]
        for candidate in candidates {
            guard let raw = try candidate.value()?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else {
                continue
            }
            guard Self.isRegionName(raw) else { throw AWSConfigurationError.invalidRegion(raw, source: candidate.source) }
            return ResolvedRegion(name: raw, source: candidate.source)
        }
        throw AWSConfigurationError.noRegion
    }

    /// Lower-case letters, digits and hyphens, starting with a letter: the region goes into a host name.
    static func isRegionName(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLowercase, text.count <= 40 else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}
