import Foundation
import TermscaleAWS
import TermscaleCore

/// The AWS sessions of one command run: one per region, shared by every policy of that region, so
/// a push of 200 groups builds one transport and resolves credentials (an instance-role fetch,
/// perhaps) once per region rather than once per group. Sessions are safe to share between the
/// groups a push reconciles at once (the signer's key cache and the credentials are locked; the
/// transport makes a handle per request).
public final class AWSSessionPool: @unchecked Sendable {
    private let make: (Policy) throws -> AWSSession
    private let lock = NSLock()
    private var sessions: [String: AWSSession] = [:]

    /// - Parameter make: a new session for a policy (live: from the command's AWS options).
    public init(make: @escaping (Policy) throws -> AWSSession) { self.make = make }

    /// The session for `policy`'s region, made on first use.
    public func session(for policy: Policy) throws -> AWSSession {
        try lock.withLock {
            if let session = sessions[policy.region] { return session }
            let session = try make(policy)
            sessions[policy.region] = session
            return session
        }
    }

    /// `policy`'s group and the region it is in, for `Push.runAll` and `Verify.checkAll`.
    public func connect(_ policy: Policy) throws -> (group: any AutoScalingGroupAPI, region: String) {
        let session = try session(for: policy)
        return (session.group(policy.autoScalingGroup), session.regionName)
    }
}
