import Foundation
import TermscaleCore

/// `termscale simulate` for one policy: every exam start of the range checked against the plan,
/// the cron runs, the API calls and what the fleet cost.
public struct SimulationReport: Sendable, Equatable {
    public var policyFile: String
    public var policy: Policy
    public var settings: SimulationSettings
    /// Who switches the mix to on-demand: `cron` (each push run).
    public var mixSwitch: String
    /// Each exam session starting in the range, in start order (sessions a late change removed
    /// before their start are not there; those it added are).
    public var sessions: [SimulationSession]
    public var runs: SimulationRuns
    public var fleet: SimulationFleet
    /// The simulated plan (the calendar after every late change) over the range, priced by
    /// `CostModel`.
    public var planCost: CostLine
    /// MinSize over the range, as planned at the end of the simulation: change points.
    public var planned: [SimulationStep]
    /// Instances in service over the range, on-demand and Spot: change points.
    public var inService: [SimulationFleetStep]
    /// The late changes, in the order applied.
    public var lateChanges: [SimulationLateChange]

    public init(
        policyFile: String, policy: Policy, settings: SimulationSettings, mixSwitch: String = "cron",
        sessions: [SimulationSession], runs: SimulationRuns, fleet: SimulationFleet, planCost: CostLine,
        planned: [SimulationStep], inService: [SimulationFleetStep], lateChanges: [SimulationLateChange]
    ) {
        self.policyFile = policyFile
        self.policy = policy
        self.settings = settings
        self.mixSwitch = mixSwitch
        self.sessions = sessions
        self.runs = runs
        self.fleet = fleet
        self.planCost = planCost
        self.planned = planned
        self.inService = inService
        self.lateChanges = lateChanges
    }

    /// Sessions with at least the planned instances in service at their start.
    public var covered: Int { sessions.filter(\.covered).count }
    /// Covered sessions whose exam capacity was all on-demand (see `SimulationSession`).
    public var coveredOnDemand: Int { sessions.filter(\.coveredOnDemand).count }
    /// The sessions short at their start, the longest short first (then by start).
    public var shortfalls: [SimulationSession] {
        sessions.filter { !$0.covered }.sorted { ($1.minutesShort, $0.start) < ($0.minutesShort, $1.start) }
    }
    /// The covered sessions whose exam capacity launched (partly) on Spot, in start order.
    public var onSpot: [SimulationSession] { sessions.filter { $0.covered && !$0.coveredOnDemand } }
    /// The fleet's boot time, in minutes.
    public var bootMinutes: Int { settings.bootMinutes ?? policy.instance.bootMinutes }

    /// The settings in words, for every format.
    public var assumptions: [String] {
        let s = settings
        var lines = [
            "cron runs push every \(policy.limits.cronIntervalMinutes) minutes on the minute; each run fails without a call "
                + "with probability \(Self.decimal(s.cronOutageRate))"
                + (s.cronDown.map {
                    ", and none runs from \(UTCFormat.rfc3339($0.lowerBound)) to \(UTCFormat.rfc3339($0.upperBound))"
                }
                    ?? ""),
            "mix switched to on-demand by \(mixSwitch == "cron" ? "the cron-driven push" : mixSwitch)",
            "instances in service \(bootMinutes) minutes after launch"
                + (s.bootMinutes.map {
                    $0 == policy.instance.bootMinutes ? "" : " (the policy plans with \(policy.instance.bootMinutes))"
                }
                    ?? ""),
            "scheduled actions fire 0–\(s.actionDelayMax) s late, in start order",
            "no load: target tracking "
                + (policy.targetTracking.disableScaleIn
                    ? "never scales in (disable_scale_in)" : "scales in to MinSize 15 minutes after MinSize falls"),
            "a launch is on-demand while the group has fewer on-demand instances than base + ⌈above base × percent⌉; "
                + "a changed distribution applies to new launches only",
            "Spot instances interrupted \(Self.decimal(s.spotInterruptionsPerDay)) times a day each (Poisson), replaced at once",
            "seed \(s.seed)",
        ]
        if !lateChanges.isEmpty { lines.append("\(lateChanges.count) late changes imported into the simulation's own copy") }
        return lines
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

/// One exam session at its start.
public struct SimulationSession: Sendable, Equatable {
    public var code: String?
    public var title: String
    public var start: Date
    public var end: Date
    public var source: String
    public var sourceLine: Int
    /// The plan's MinSize at the start (the calendar as it was then).
    public var planned: Int
    public var inService: Int
    /// Of `inService`, those on-demand.
    public var onDemand: Int
    /// Spot instances in service at the start that were launched for exam capacity: since the
    /// plan last went on-demand before the start (its on-demand stretch, which begins
    /// `cron_interval_minutes + 5` minutes before the first raise). Instances launched before are
    /// the floor, which runs under the usual mix.
    public var spotExamCapacity: Int
    /// 0 when covered; else whole minutes, rounded up, from the start until as many instances
    /// as planned were in service, or until the session's end if they never were.
    public var minutesShort: Int

    public init(
        code: String?, title: String, start: Date, end: Date, source: String, sourceLine: Int, planned: Int,
        inService: Int, onDemand: Int, spotExamCapacity: Int, minutesShort: Int
    ) {
        self.code = code
        self.title = title
        self.start = start
        self.end = end
        self.source = source
        self.sourceLine = sourceLine
        self.planned = planned
        self.inService = inService
        self.onDemand = onDemand
        self.spotExamCapacity = spotExamCapacity
        self.minutesShort = minutesShort
    }

    /// At least the planned instances in service at the start.
    public var covered: Bool { inService >= planned }
    /// Covered, and no instance launched for exam capacity (see `spotExamCapacity`) is Spot.
    public var coveredOnDemand: Bool { covered && spotExamCapacity == 0 }
    /// Its code, else its title.
    public var label: String { code ?? title }
}

/// The cron runs of a simulation.
public struct SimulationRuns: Sendable, Equatable {
    /// Cron ticks at which a push started (failed ones included).
    public var runs: Int
    /// Of those, the runs that failed before making a call (`--cron-outage-rate`).
    public var failed: Int
    /// Ticks inside `--cron-down`: no run.
    public var skipped: Int
    /// Runs that made at least one write.
    public var changed: Int
    /// Runs whose report carries an error (a refused write, a MaxSize too small…).
    public var withErrors: Int
    /// API calls the group answered (a batch of 50 actions is one call).
    public var apiCalls: Int

    public init(runs: Int, failed: Int, skipped: Int, changed: Int, withErrors: Int, apiCalls: Int) {
        self.runs = runs
        self.failed = failed
        self.skipped = skipped
        self.changed = changed
        self.withErrors = withErrors
        self.apiCalls = apiCalls
    }
}

/// What the simulated fleet ran.
public struct SimulationFleet: Sendable, Equatable {
    public var launches: Int
    public var spotInterruptions: Int
    /// Instance-hours from launch (billing starts there, not at `InService`) to termination,
    /// within the range, by purchase option, priced at the policy's prices.
    public var line: CostLine

    public init(launches: Int, spotInterruptions: Int, line: CostLine) {
        self.launches = launches
        self.spotInterruptions = spotInterruptions
        self.line = line
    }
}

/// A step of a step function: `value` from `at` until the next step.
public struct SimulationStep: Sendable, Equatable {
    public var at: Date
    public var value: Int

    public init(at: Date, value: Int) {
        self.at = at
        self.value = value
    }
}

/// The instances in service from `at` until the next step.
public struct SimulationFleetStep: Sendable, Equatable {
    public var at: Date
    public var onDemand: Int
    public var spot: Int

    public init(at: Date, onDemand: Int, spot: Int) {
        self.at = at
        self.onDemand = onDemand
        self.spot = spot
    }

    public var total: Int { onDemand + spot }
}

/// How `termscale simulate` prints.
public enum SimulationFormat: String, Sendable, CaseIterable {
    case table
    case json
    case html

    public var renderer: any ReportRenderer<SimulationReport> {
        switch self {
        case .table: SimulationTableRenderer()
        case .json: SimulationJSONRenderer()
        case .html: SimulationHTMLRenderer()
        }
    }
}
