import Foundation

/// One push run of one group, as the history keeps it: the change record an institution's change
/// process asks for (when, which group, what was changed, which calls failed).
///
/// It holds no secrets and must never hold one: no credentials, no signed request, no response
/// body; an error is kept as its code and message.
public struct PushRecord: Sendable, Equatable {
    /// How the run ended, as `termscale history` shows it.
    public enum Outcome: String, Sendable, CaseIterable {
        /// The group already matched the plan: no write call was made.
        case inSync = "in-sync"
        /// Every change was written.
        case changed
        /// Some writes succeeded and some failed; the next push repairs the rest.
        case partlyApplied = "partly-applied"
        /// Nothing was written: the run failed before or at its first write.
        case failed
        /// `--dry-run`: the changes are what a push would have written.
        case dryRun = "dry-run"
    }

    /// One AWS call the run made, in the order made.
    public struct Call: Sendable, Equatable {
        /// The API action: `BatchPutScheduledUpdateGroupAction`, `UpdateAutoScalingGroup`, ….
        public var action: String
        public var succeeded: Bool
        /// What it did or why it failed: "3 actions", or the error code and message.
        public var detail: String

        public init(action: String, succeeded: Bool, detail: String) {
            self.action = action
            self.succeeded = succeeded
            self.detail = detail
        }

        /// Whether the call changes something: every action but AWS's reads (`Describe…`, `List…`, `Get…`).
        public var isWrite: Bool { Self.isWrite(action) }

        public static func isWrite(_ action: String) -> Bool {
            !["Describe", "List", "Get"].contains { action.hasPrefix($0) }
        }
    }

    /// The store's id of the run; nil until recorded (the store ignores it when recording).
    public var id: Int64?
    /// When the run started and ended (UTC). The store keeps milliseconds, so a short run's
    /// duration is not rounded away.
    public var startedAt: Date
    public var endedAt: Date
    /// The policy file as given on the command line.
    public var policyFile: String
    /// The Auto Scaling group's name.
    public var group: String
    /// The AWS region written to; empty when the run failed before one was resolved.
    public var region: String
    public var outcome: Outcome
    /// The diff applied (or, for a dry run, that would be), one line each:
    /// `+ put termscale-moodle-web-20270112T0845Z 2027-01-12T08:45:00Z MinSize 31`.
    public var changes: [String]
    /// Every AWS call, in order.
    public var calls: [Call]
    public var warnings: [String]
    public var errors: [String]

    public init(
        id: Int64? = nil, startedAt: Date, endedAt: Date, policyFile: String, group: String, region: String,
        outcome: Outcome, changes: [String] = [], calls: [Call] = [], warnings: [String] = [], errors: [String] = []
    ) {
        self.id = id
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.policyFile = policyFile
        self.group = group
        self.region = region
        self.outcome = outcome
        self.changes = changes
        self.calls = calls
        self.warnings = warnings
        self.errors = errors
    }
}
