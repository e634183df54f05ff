import Foundation

/// What `termscale simulate` replays, besides the policy and the calendar: the range, the
/// faults and the fleet's behaviour. Every random draw comes from `seed`.
public struct SimulationSettings: Sendable, Equatable {
    /// The simulated range (UTC), `from` inclusive, `to` exclusive.
    public var from: Date
    public var to: Date
    /// The probability, 0–1, that a cron run fails without making a call.
    public var cronOutageRate: Double
    /// When the cron host is down (`[from, to)`, UTC): no run starts then.
    public var cronDown: Range<Date>?
    /// The most a scheduled action fires after its start time, in whole seconds.
    public var actionDelayMax: Int
    /// Minutes from an instance's launch to `InService` in the simulated fleet; nil: the policy's
    /// `instance.boot_minutes`. The plan keeps the policy's value either way.
    public var bootMinutes: Int?
    /// Interruptions of each Spot instance per day (a Poisson process per instance).
    public var spotInterruptionsPerDay: Double
    /// Late changes to the calendar, in the order given.
    public var lateChanges: [SimulationLateChange]
    public var seed: UInt64

    /// AWS allows itself up to two minutes for a scheduled action.
    public static let defaultActionDelayMax = 120

    public init(
        from: Date, to: Date, cronOutageRate: Double = 0, cronDown: Range<Date>? = nil,
        actionDelayMax: Int = SimulationSettings.defaultActionDelayMax, bootMinutes: Int? = nil,
        spotInterruptionsPerDay: Double = 0, lateChanges: [SimulationLateChange] = [], seed: UInt64 = 1
    ) {
        self.from = from
        self.to = to
        self.cronOutageRate = cronOutageRate
        self.cronDown = cronDown
        self.actionDelayMax = actionDelayMax
        self.bootMinutes = bootMinutes
        self.spotInterruptionsPerDay = spotInterruptionsPerDay
        self.lateChanges = lateChanges
        self.seed = seed
    }
}

/// One line of a `--late-changes` file: at `at`, the file at `path` is imported as a source of
/// `kind`, as a registrar's late change would be.
public struct SimulationLateChange: Sendable, Equatable {
    public var at: Date
    /// The file to import, as the line gives it resolved against the late-changes file's folder.
    public var path: String
    public var kind: EventKind
    /// The late-changes file and the line this change is on, for messages.
    public var listedIn: String
    public var line: Int

    public init(at: Date, path: String, kind: EventKind, listedIn: String, line: Int) {
        self.at = at
        self.path = path
        self.kind = kind
        self.listedIn = listedIn
        self.line = line
    }
}
