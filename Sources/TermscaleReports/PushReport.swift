import Foundation
import TermscaleCore

/// What one push did (or, dry, would do) to one group: the diff of its scheduled actions, the
/// MinSize set now, the mix, the scaling policy, and every AWS call with its outcome.
public struct PushReport: Sendable, Equatable {
    /// A MinSize or mix that was (or would be) changed now.
    public struct Change<Value: Sendable & Equatable>: Sendable, Equatable {
        public var from: Value
        public var to: Value

        public init(from: Value, to: Value) {
            self.from = from
            self.to = to
        }
    }

    /// An instances distribution, as far as termscale manages it.
    public struct Mix: Sendable, Equatable, CustomStringConvertible {
        public var onDemandBase: Int
        public var onDemandPercentAboveBase: Int

        public init(onDemandBase: Int, onDemandPercentAboveBase: Int) {
            self.onDemandBase = onDemandBase
            self.onDemandPercentAboveBase = onDemandPercentAboveBase
        }

        /// `on-demand base 1 + 25% above`.
        public var description: String { "on-demand base \(onDemandBase) + \(onDemandPercentAboveBase)% above" }
    }

    public var policyFile: String
    public var group: String
    public var region: String
    public var dryRun: Bool
    public var startedAt: Date
    public var endedAt: Date
    /// The instant the plan was read at (`--now`).
    public var now: Date
    public var puts: [ScheduledAction]
    public var updates: [ScheduledAction]
    /// termscale's actions that are no longer wanted, as the group held them.
    public var deletes: [ScheduledAction]
    /// What each put or updated action is for, by action name: the exam codes and window
    /// categories of the plan on either side of it.
    public var reasons: [String: [String]]
    public var unchanged: Int
    public var minSizeSet: Change<Int>?
    /// Nil when the mix is right, or not managed (`mixManaged`).
    public var mixSet: Change<Mix>?
    /// False when the group has no MixedInstancesPolicy: the mix is then not managed.
    public var mixManaged: Bool
    /// Whether the target-tracking policy was (or would be) written.
    public var policySet: Bool
    public var calls: [PushRecord.Call]
    /// The MinSize the plan wants in force now (its highest level within the lead).
    public var plannedMinSize: Int?
    /// The group's InService instances when it was read.
    public var instancesInService: Int?
    /// Whether the plan is on-demand at `now`.
    public var onDemandNow: Bool
    /// Who switches the mix (`mix.switch`).
    public var mixSwitchedBy: Policy.Mix.Switch = .cron
    /// EventBridge Scheduler schedules created for mix switches (`switch: scheduler`).
    public var switchCreates: [ScheduledSwitch] = []
    /// termscale's schedules deleted: no longer in the plan.
    public var switchDeletes: [ScheduledSwitch] = []
    /// Schedules already as planned.
    public var switchesUnchanged = 0
    /// Up to when every raise and every mix switch the plan needs is already scheduled inside AWS:
    /// how long exams stay covered if the admin instance dies now. Nil when the group could not be read.
    public var coveredUntil: Date?
    /// The first exam session starting at or after `now` within the horizon.
    public var nextExamStart: Date?
    /// The end of what the push schedules: the horizon, extended to the release of every raise
    /// that starts in it.
    public var scheduledThrough: Date?
    public var warnings: [String]
    public var errors: [String]
    public var outcome: PushRecord.Outcome

    public init(
        policyFile: String, group: String, region: String, dryRun: Bool, startedAt: Date, endedAt: Date, now: Date,
        puts: [ScheduledAction] = [], updates: [ScheduledAction] = [], deletes: [ScheduledAction] = [],
        reasons: [String: [String]] = [:], unchanged: Int = 0,
        minSizeSet: Change<Int>? = nil, mixSet: Change<Mix>? = nil, mixManaged: Bool = true, policySet: Bool = false,
        calls: [PushRecord.Call] = [], plannedMinSize: Int? = nil, instancesInService: Int? = nil, onDemandNow: Bool = false,
        warnings: [String] = [], errors: [String] = [], outcome: PushRecord.Outcome
    ) {
        self.policyFile = policyFile
        self.group = group
        self.region = region
        self.dryRun = dryRun
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.now = now
        self.puts = puts
        self.updates = updates
        self.deletes = deletes
        self.reasons = reasons
        self.unchanged = unchanged
        self.minSizeSet = minSizeSet
        self.mixSet = mixSet
        self.mixManaged = mixManaged
        self.policySet = policySet
        self.calls = calls
        self.plannedMinSize = plannedMinSize
        self.instancesInService = instancesInService
        self.onDemandNow = onDemandNow
        self.warnings = warnings
        self.errors = errors
        self.outcome = outcome
    }

    /// A mix switch as a schedule in AWS.
    public struct ScheduledSwitch: Sendable, Equatable {
        public var name: String
        public var mixSwitch: MixSwitch
        /// The exams it is for (those whose on-demand period it starts or ends).
        public var reasons: [String]

        public init(name: String, mixSwitch: MixSwitch, reasons: [String] = []) {
            self.name = name
            self.mixSwitch = mixSwitch
            self.reasons = reasons
        }

        /// `to 100% on-demand` or `back to the mix`.
        public var what: String { mixSwitch.kind == .onDemand ? "to 100% on-demand" : "back to the mix" }
    }

    /// The diff as lines, `terraform plan` style: `+ put`, `~ update`, `- delete`, then what is
    /// set now. The history keeps these.
    public var changeLines: [String] {
        func line(_ mark: String, _ a: ScheduledAction) -> String {
            let why = reasons[a.name] ?? []
            return "\(mark) \(a.name)  \(UTCFormat.rfc3339(a.startTime))  MinSize \(a.minSize)"
                + (why.isEmpty ? "" : "  for \(why.joined(separator: ", "))")
        }
        var lines = puts.map { line("+ put   ", $0) }
        lines += updates.map { line("~ update", $0) }
        lines += deletes.map { "- delete \($0.name)  \(UTCFormat.rfc3339($0.startTime))  MinSize \($0.minSize)" }
        for s in switchCreates {
            lines.append(
                "+ schedule \(s.name)  \(UTCFormat.rfc3339(s.mixSwitch.at))  \(s.what)"
                    + (s.reasons.isEmpty ? "" : "  for \(s.reasons.joined(separator: ", "))"))
        }
        lines += switchDeletes.map { "- unschedule \($0.name)  \(UTCFormat.rfc3339($0.mixSwitch.at))  \($0.what)" }
        if let m = minSizeSet { lines.append("~ MinSize now \(m.from) → \(m.to)") }
        if let m = mixSet { lines.append("~ mix now \(m.from) → \(m.to)") }
        if policySet { lines.append("~ target-tracking policy written") }
        return lines
    }

    /// The run as the history stores it.
    public var record: PushRecord {
        PushRecord(
            startedAt: startedAt, endedAt: endedAt, policyFile: policyFile, group: group, region: region, outcome: outcome,
            changes: changeLines, calls: calls, warnings: warnings, errors: errors)
    }
}

/// How `termscale push` prints.
public enum PushFormat: String, Sendable, CaseIterable {
    case text
    case json

    /// The renderer for this format.
    public var renderer: any ReportRenderer<[PushReport]> {
        switch self {
        case .text: PushTextRenderer()
        case .json: PushJSONRenderer()
        }
    }
}

/// Per group, a `terraform plan`-like diff, then MinSize, mix, target tracking, warnings, errors.
public struct PushTextRenderer: ReportRenderer {
    public init() {}

    public func render(_ reports: [PushReport]) -> String {
        reports.map(Self.render).joined(separator: "\n")
    }

    static func render(_ r: PushReport) -> String {
        let verb = r.dryRun ? "would" : "did"
        var out = "\(r.group) (\(r.region), \(r.policyFile)): \(r.outcome.rawValue)\(r.dryRun ? ", nothing written" : "")\n"
        for line in r.changeLines where !line.hasPrefix("~ MinSize") && !line.hasPrefix("~ mix") && !line.hasPrefix("~ target") {
            out += "  \(line)\n"
        }
        out += "  = unchanged \(r.unchanged)\n"
        let updateFailed = r.calls.contains { $0.action == "UpdateAutoScalingGroup" && !$0.succeeded }
        if let m = r.minSizeSet {
            let what = updateFailed ? "setting it FAILED, see the errors" : "\(verb) set it at once"
            out += "  ! MinSize now: \(m.from) → \(m.to) (the plan at \(UTCFormat.rfc3339(r.now)); \(what))\n"
        } else {
            out += "  MinSize now: as planned\n"
        }
        if !r.mixManaged {
            out += "  mix: not managed (the group has no MixedInstancesPolicy)\n"
        } else if let m = r.mixSet {
            out += "  ~ mix: \(m.from) → \(m.to)\(updateFailed ? " (FAILED, see the errors)" : "")\n"
        } else {
            out += "  mix: as planned\n"
        }
        let policyFailed = r.calls.contains { $0.action == "PutScalingPolicy" && !$0.succeeded }
        out +=
            !r.policySet
            ? "  target tracking: as configured\n"
            : policyFailed
                ? "  ~ target tracking: writing the policy FAILED, see the errors\n"
                : "  ~ target tracking: \(verb) write the policy\n"
        for w in r.warnings { out += "  warning: \(w)\n" }
        for e in r.errors { out += "  error: \(e)\n" }
        return out
    }
}

/// One JSON array with an object per group: `group`, `policy_file`, `region`, `dry_run`,
/// `outcome`, `puts`, `updates` (each `name`, `start_time`, `min_size`, `for`: the exams and
/// windows behind it), `deletes` (each `name`, `start_time`, `min_size`),
/// `unchanged`, `min_size_set` and `mix_set` (`from`/`to`, or null), `mix_managed`,
/// `policy_set`, `calls` (`action`, `succeeded`, `detail`), `warnings` and `errors`.
public struct PushJSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ reports: [PushReport]) -> String {
        JSONValue.array(reports.map(Self.json)).serialized()
    }

    static func json(_ r: PushReport) -> JSONValue {
        func actions(_ list: [ScheduledAction]) -> JSONValue {
            .array(
                list.map { a in
                    .object([
                        ("name", .string(a.name)), ("start_time", .string(UTCFormat.rfc3339(a.startTime))),
                        ("min_size", .int(a.minSize)), ("for", .array((r.reasons[a.name] ?? []).map(JSONValue.string))),
                    ])
                })
        }
        func switches(_ list: [PushReport.ScheduledSwitch]) -> JSONValue {
            .array(
                list.map { s in
                    .object([
                        ("name", .string(s.name)), ("at", .string(UTCFormat.rfc3339(s.mixSwitch.at))),
                        ("to", .string(s.mixSwitch.kind == .onDemand ? "on-demand" : "mix")),
                        ("for", .array(s.reasons.map(JSONValue.string))),
                    ])
                })
        }
        func mix(_ m: PushReport.Mix) -> JSONValue {
            .object([
                ("on_demand_base", .int(m.onDemandBase)), ("on_demand_percent_above_base", .int(m.onDemandPercentAboveBase)),
            ])
        }
        return .object([
            ("group", .string(r.group)), ("policy_file", .string(r.policyFile)), ("region", .string(r.region)),
            ("dry_run", .bool(r.dryRun)), ("outcome", .string(r.outcome.rawValue)),
            ("puts", actions(r.puts)), ("updates", actions(r.updates)), ("deletes", actions(r.deletes)),
            ("unchanged", .int(r.unchanged)),
            ("min_size_set", r.minSizeSet.map { .object([("from", .int($0.from)), ("to", .int($0.to))]) } ?? .null),
            ("mix_set", r.mixSet.map { .object([("from", mix($0.from)), ("to", mix($0.to))]) } ?? .null),
            ("mix_managed", .bool(r.mixManaged)), ("policy_set", .bool(r.policySet)),
            ("mix_switch", .string(r.mixSwitchedBy.rawValue)),
            (
                "schedules",
                .object([
                    ("created", switches(r.switchCreates)), ("deleted", switches(r.switchDeletes)),
                    ("unchanged", .int(r.switchesUnchanged)),
                ])
            ),
            ("covered_until", r.coveredUntil.map { .string(UTCFormat.rfc3339($0)) } ?? .null),
            ("next_exam_start", r.nextExamStart.map { .string(UTCFormat.rfc3339($0)) } ?? .null),
            (
                "calls",
                .array(
                    r.calls.map { c in
                        .object([("action", .string(c.action)), ("succeeded", .bool(c.succeeded)), ("detail", .string(c.detail))])
                    })
            ),
            ("warnings", .array(r.warnings.map(JSONValue.string))), ("errors", .array(r.errors.map(JSONValue.string))),
        ])
    }
}
