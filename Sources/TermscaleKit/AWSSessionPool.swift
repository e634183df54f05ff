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

    /// `policy`'s group, the region it is in and, with `mix.switch: scheduler`, its schedule
    /// group, for `Push.runAll` and `Verify.checkAll`.
    public func connect(_ policy: Policy) throws -> GroupConnection {
        let session = try session(for: policy)
        let scheduler =
            policy.mix.switchedBy == .scheduler
            ? try session.scheduleGroup(named: Push.scheduleGroupName(group: policy.autoScalingGroup)) : nil
        return GroupConnection(group: session.group(policy.autoScalingGroup), region: session.regionName, scheduler: scheduler)
    }
}

/// What a push or verify talks to for one policy.
public struct GroupConnection: Sendable {
    public var group: any AutoScalingGroupAPI
    public var region: String
    /// The group's EventBridge Scheduler schedule group (`mix.switch: scheduler`), else nil.
    public var scheduler: (any ScheduleGroupAPI)?

    public init(group: any AutoScalingGroupAPI, region: String, scheduler: (any ScheduleGroupAPI)? = nil) {
        self.group = group
        self.region = region
        self.scheduler = scheduler
    }
}
