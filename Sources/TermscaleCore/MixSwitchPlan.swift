import Foundation

/// One change of the group's instances distribution the plan needs: to 100 % on-demand above
/// base when an on-demand period starts, back to the policy's mix when it ends.
public struct MixSwitch: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// To 100 % on-demand above base.
        case onDemand = "od"
        /// Back to the policy's mix.
        case restore = "mix"
    }

    public var kind: Kind
    /// When (UTC, whole seconds).
    public var at: Date

    public init(kind: Kind, at: Date) {
        self.kind = kind
        self.at = at
    }
}

/// The mix switches a plan needs, and how they are named as EventBridge Scheduler schedules.
///
/// A schedule's name says what it does, so a push compares the schedules in AWS with the plan
/// from `ListSchedules` alone (which does not return the input): `od-20270112T080500Z-1a2b3c4d`
/// is the switch to on-demand at 08:05:00 UTC on 12 January 2027 whose input (the whole
/// `UpdateAutoScalingGroup` call) hashes to `1a2b3c4d`. Any change of the input — the launch
/// template, the overrides, the policy's mix — gives a new name, so the old schedule is deleted
/// and the new one created.
public enum MixSwitchPlan {
    /// The switches within `from..<to`, in time order: the start of every on-demand stretch of the
    /// plan (`.onDemand`) and its end (`.restore`), each only when it falls in the range (a
    /// stretch running at `from` needs no switch to start it; one still running at the plan's end
    /// has no restore yet).
    public static func switches(plan: CapacityPlan, from: Date, to: Date) -> [MixSwitch] {
        var out: [MixSwitch] = []
        var previous: Purchase?
        for segment in plan.segments {
            defer { previous = segment.purchase }
            guard let before = previous, before != segment.purchase else { continue }
            guard segment.start >= from, segment.start < to else { continue }
            out.append(MixSwitch(kind: segment.purchase == .onDemand ? .onDemand : .restore, at: segment.start))
        }
        return out
    }

    /// `od-20270112T080500Z-1a2b3c4d`: kind, instant, the first 8 hex digits of the input's hash.
    public static func name(_ s: MixSwitch, inputHash: String) -> String {
        "\(s.kind.rawValue)-\(compactUTC(s.at))-\(inputHash.prefix(8))"
    }

    /// The switch a schedule name stands for, or nil when the name is not one termscale writes.
    public static func parse(_ name: String) -> MixSwitch? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let kind = MixSwitch.Kind(rawValue: String(parts[0])),
            parts[2].count == 8, parts[2].allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
            let at = parseCompactUTC(parts[1])
        else { return nil }
        return MixSwitch(kind: kind, at: at)
    }

    /// `20270112T080500Z`.
    static func compactUTC(_ date: Date) -> String { UTCFormat.compact(date, seconds: true) }

    static func parseCompactUTC(_ text: Substring) -> Date? {
        let c = Array(text)
        guard c.count == 16, c[8] == "T", c[15] == "Z" else { return nil }
        let rfc =
            "\(String(c[0..<4]))-\(String(c[4..<6]))-\(String(c[6..<8]))T\(String(c[9..<11])):\(String(c[11..<13])):\(String(c[13..<15]))Z"
        return UTCFormat.parseRFC3339(rfc)
    }

    /// What a push must change so that AWS holds exactly the wanted schedules.
    public struct Diff: Equatable, Sendable {
        /// Wanted and missing: to create, in time order.
        public var creates: [String]
        /// termscale's schedules that are not wanted: to delete.
        public var deletes: [String]
        /// Wanted and present.
        public var unchanged: [String]
        /// Schedules in the group whose names termscale does not write: left alone.
        public var foreign: [String]
        /// Wanted switches inside the lead time: not scheduled (the cron job's mix step does them).
        public var dueNow: [MixSwitch]
    }

    /// Compares the wanted schedules (name → switch) with the names AWS lists.
    /// - Parameters:
    ///   - wanted: every switch the plan needs from `now` on, by the name it would have;
    ///   - leadEnd: switches before it are not created (AWS needs the time in the future, and a
    ///     request takes a moment): they are left to the cron job's mix step.
    public static func diff(wanted: [String: MixSwitch], live: [String], leadEnd: Date) -> Diff {
        let liveSet = Set(live)
        var diff = Diff(creates: [], deletes: [], unchanged: [], foreign: [], dueNow: [])
        for (name, s) in wanted.sorted(by: { ($0.value.at, $0.key) < ($1.value.at, $1.key) }) {
            if liveSet.contains(name) {
                diff.unchanged.append(name)
            } else if s.at < leadEnd {
                diff.dueNow.append(s)
            } else {
                diff.creates.append(name)
            }
        }
        var deletes: [(at: Date, name: String)] = []
        for name in live.sorted() where wanted[name] == nil {
            if let s = parse(name) { deletes.append((s.at, name)) } else { diff.foreign.append(name) }
        }
        diff.deletes = deletes.sorted { ($0.at, $0.name) < ($1.at, $1.name) }.map(\.name)
        return diff
    }
}
