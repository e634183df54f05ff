import Foundation

/// Why termscale could not work out its credentials, region or endpoint. Messages name the variable,
/// file or URL involved and what to do; they never contain a secret key, session token or web
/// identity token.
public enum AWSConfigurationError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    /// A variable that must come with another one is missing (`AWS_SECRET_ACCESS_KEY` without its key id).
    case missingVariable(name: String, requiredBecause: String)
    /// `--profile` or `AWS_PROFILE` names a profile that no shared file defines.
    case profileNotFound(profile: String, files: [String])
    /// The profile has one of the key id and the secret but not the other.
    case incompleteProfile(profile: String, missingKey: String)
    /// The profile gets credentials in a way termscale does not implement (`role_arn`, SSO, a process).
    case unsupportedProfile(profile: String, key: String)
    case malformedConfigFile(path: String, line: Int, reason: String)
    case unreadableFile(path: String, reason: String)
    /// A credential endpoint (STS, ECS, IMDS) answered with an error or not at all.
    case credentialEndpointFailed(provider: String, url: String, status: Int?, message: String)
    /// A credential endpoint answered 200 with something that is not credentials.
    case malformedCredentialResponse(provider: String, url: String, reason: String)
    /// A credential endpoint URL from the environment that is not allowed.
    case invalidCredentialEndpoint(variable: String, url: String, reason: String)
    /// No provider in the chain had credentials.
    case noCredentials(tried: String)
    /// No region from the command line, the policy, the environment, the profile or IMDS.
    case noRegion
    case invalidRegion(String, source: String)
    case invalidEndpoint(String, source: String)

    public var description: String {
        switch self {
        case .missingVariable(let name, let because):
            return "\(name) is not set, but \(because): set both, or neither"
        case .profileNotFound(let profile, let files):
            let looked = files.isEmpty ? "no shared credentials or config file (HOME is not set)" : files.joined(separator: ", ")
            return "profile '\(profile)' not found in \(looked); check --profile / AWS_PROFILE, or add a [\(profile)] section"
        case .incompleteProfile(let profile, let key):
            return "profile '\(profile)' has no \(key); add it, or remove the profile's other key"
        case .unsupportedProfile(let profile, let key):
            return
                "profile '\(profile)' uses \(key), which termscale does not support; use a profile with aws_access_key_id and aws_secret_access_key, environment variables, or the instance role"
        case .malformedConfigFile(let path, let line, let reason):
            return "\(path):\(line): \(reason)"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot be read: \(reason)"
        case .credentialEndpointFailed(let provider, let url, let status, let message):
            let code = status.map { "HTTP \($0)" } ?? "no response"
            return "\(provider) credentials from \(url) failed (\(code)): \(message)"
        case .malformedCredentialResponse(let provider, let url, let reason):
            return "\(provider) credentials from \(url): unexpected answer: \(reason)"
        case .invalidCredentialEndpoint(let variable, let url, let reason):
            return "\(variable)=\(url): \(reason)"
        case .noCredentials(let tried):
            return "no AWS credentials found (looked at: \(tried)). On EC2 attach an instance role with the "
                + "autoscaling permissions; elsewhere set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE"
        case .noRegion:
            return "no AWS region: pass --region, name `region` in the policy, set AWS_REGION, or add `region` "
                + "to the profile in ~/.aws/config (on EC2 the instance's region is used when IMDS answers)"
        case .invalidRegion(let region, let source):
            return "region '\(region)' from \(source) is not a region name (like eu-west-2)"
        case .invalidEndpoint(let url, let source):
            return "endpoint '\(url)' from \(source) is not an http(s) URL with a host"
        }
    }

    public var errorDescription: String? { description }
}
