import Foundation

/// One push run of one group, as the history keeps it.
public struct PushRecord: Sendable, Equatable {
    /// How the run ended.
    public enum Outcome: String, Sendable, CaseIterable {
        /// Nothing needed changing.
        case inSync = "in-sync"
        /// Every change was applied.
        case changed
        /// Some changes were applied, some failed: the next run repairs the rest.
        case partlyApplied = "partly-applied"
        /// Nothing could be applied (or the group could not be read).
        case failed
        /// Read and compared only (`--dry-run`).
        case dryRun = "dry-run"
    }

    /// One AWS call of the run.
    public struct Call: Sendable, Equatable {
        /// The AWS operation (`BatchPutScheduledUpdateGroupAction`).
        public var action: String
        public var succeeded: Bool
        /// What it carried (`3 actions`), or the error code and message.
        public var detail: String

        public init(action: String, succeeded: Bool, detail: String) {
            self.action = action
            self.succeeded = succeeded
            self.detail = detail
        }
    }

    /// Set by the store.
    public var id: Int64?
    public var startedAt: Date
    public var endedAt: Date
    public var policyFile: String
    public var group: String
    public var region: String
    public var outcome: Outcome
    /// The diff applied, one line each: `+ put termscale-moodle-web-20270112T0845Z 2027-01-12T08:45:00Z MinSize 31`.
    public var changes: [String]
    public var calls: [Call]
    public var warnings: [String]
    public var errors: [String]

    public init(
        id: Int64? = nil, startedAt: Date, endedAt: Date, policyFile: String, group: String, region: String,
        outcome: Outcome, changes: [String], calls: [Call], warnings: [String], errors: [String]
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
