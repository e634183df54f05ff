import TermscaleCore

/// The resolved policy for `termscale policy check`: every key of the policy file, defaults
/// filled in, then what the values mean for an exam.
///
/// The output is YAML with the file's key names, values aligned within each mapping, windows in
/// category order. An absent optional value is printed as a commented-out key, and the derived
/// summary as comments, so the text reads back as the same policy. Deterministic.
public struct PolicyRenderer: ReportRenderer {
    public init() {}

    public func render(_ file: PolicyFile) -> String {
        let policy = file.policy
        var out = "# \(file.path): resolved policy, defaults filled in\n"
        out += Self.block(
            [
                .init("name", Self.text(policy.name)),
                .init("auto_scaling_group", Self.text(policy.autoScalingGroup)),
                .init("region", Self.text(policy.region)),
                .init("timezone", Self.text(policy.timezone.identifier)),
            ], indent: "")

        let c = policy.capacity
        out +=
            "capacity:\n"
            + Self.block([
                .init("min", "\(c.min)"),
                .init("max", "\(c.max)"),
                .init("students_per_instance", "\(c.studentsPerInstance)"),
                .init("headroom_percent", "\(c.headroomPercent)"),
            ])

        let e = policy.exams
        out +=
            "exams:\n"
            + Self.block([
                .init("prewarm_minutes", "\(e.prewarmMinutes)"),
                .init("hold_after_minutes", "\(e.holdAfterMinutes)"),
                .init("extra_time_percent", "\(e.extraTimePercent)"),
                .init("merge_gap_minutes", "\(e.mergeGapMinutes)"),
                .init(
                    "default_candidates", e.defaultCandidates.map { "\($0)" },
                    "none: sessions without a candidate count are errors"),
            ])

        if policy.windows.isEmpty {
            out += "windows: {}\n"
        } else {
            let floors = policy.windows.sorted { $0.key < $1.key }.map { Entry(Self.text($0.key), "\($0.value)") }
            out += "windows:\n" + Self.block(floors)
        }

        let t = policy.targetTracking
        out +=
            "target_tracking:\n"
            + Self.block([
                .init("metric", t.metric.rawValue),
                .init("resource_label", t.resourceLabel.map(Self.text), "none: only ALBRequestCountPerTarget takes one"),
                .init("target", Self.number(t.target)),
                .init("warmup_seconds", "\(t.warmupSeconds)"),
                .init("disable_scale_in", "\(t.disableScaleIn)"),
            ])

        let m = policy.mix
        out +=
            "mix:\n"
            + Self.block([
                .init("on_demand_base", "\(m.onDemandBase)"),
                .init("on_demand_percent_above_base", "\(m.onDemandPercentAboveBase)"),
                .init("spot_allocation_strategy", m.spotAllocationStrategy.rawValue),
                .init("switch", m.switchedBy.rawValue),
                .init(
                    "scheduler_role_arn", m.schedulerRoleArn.map(Self.text),
                    "none: only switch: scheduler takes one"),
            ])

        let i = policy.instance
        out +=
            "instance:\n"
            + Self.block([
                .init("type", Self.text(i.type)),
                .init("boot_minutes", "\(i.bootMinutes)"),
                .init("on_demand_price", Self.number(i.onDemandPrice)),
                .init("spot_price", Self.number(i.spotPrice)),
                .init("currency", Self.text(i.currency)),
                .init(
                    "reserved_discount_percent", i.reservedDiscountPercent.map { "\($0)" },
                    "none: cost reports leave out static-peak-reserved"),
            ])

        if let db = policy.database {
            out +=
                "database:\n"
                + Self.block([
                    .init("max_connections", "\(db.maxConnections)"),
                    .init("connections_per_instance", "\(db.connectionsPerInstance)"),
                ])
        } else {
            out += "# database: none: database connections are not checked\n"
        }

        let l = policy.limits
        out +=
            "limits:\n"
            + Self.block([
                .init("max_scheduled_actions", "\(l.maxScheduledActions)"),
                .init("horizon_days", "\(l.horizonDays)"),
                .init("cron_interval_minutes", "\(l.cronIntervalMinutes)"),
            ])

        out += "\n# Derived:\n"
        out += Self.block(Self.summary(policy), indent: "#   ")
        return out
    }

    /// Derived figures, as (label, text) lines.
    static func summary(_ policy: Policy) -> [Entry] {
        let e = policy.exams
        let c = policy.capacity
        let i = policy.instance
        let l = policy.limits
        var lines: [Entry] = []

        let margin = e.prewarmMinutes - i.bootMinutes
        let boot =
            margin >= 10
            ? "an instance boots in \(i.bootMinutes) min, leaving \(margin) min to spare"
            : "an instance boots in \(i.bootMinutes) min, leaving \(margin) min: under 10, plans warn"
        lines.append(Entry("raise lead", "\(e.prewarmMinutes) min before start; \(boot)"))

        let onDemandLead = e.prewarmMinutes + l.cronIntervalMinutes + 5
        lines.append(
            Entry(
                "on-demand from",
                "\(onDemandLead) min before start (cron \(l.cronIntervalMinutes) + 5), "
                    + "until the raised period ends"))

        var hold = "\(e.holdAfterMinutes) min after end"
        if e.extraTimePercent > 0 {
            hold +=
                " + \(e.extraTimePercent)% of the duration as extra time "
                + "(a 2-hour paper: \(e.holdAfterMinutes + 120 * e.extraTimePercent / 100) min after its end)"
        }
        lines.append(Entry("held until", hold))

        // Guards keep an unvalidated policy from dividing by zero; its values are printed above.
        if c.headroomPercent > -100 {
            let perInstance = c.studentsPerInstance * 100 / (100 + c.headroomPercent)
            lines.append(
                Entry(
                    "one instance",
                    "carries \(c.studentsPerInstance) × 100/(100+\(c.headroomPercent)) = "
                        + "\(perInstance) candidates"))
        }

        if let db = policy.database, db.connectionsPerInstance > 0 {
            let most = db.maxConnections / db.connectionsPerInstance
            let fit =
                c.max > most
                ? "capacity.max \(c.max) is above that, so plans warn when a peak needs more"
                : "capacity.max \(c.max) fits"
            lines.append(
                Entry(
                    "database",
                    "\(db.maxConnections) / \(db.connectionsPerInstance) = \(most) instances "
                        + "at most; \(fit)"))
        }

        var prices = "on-demand \(number(i.onDemandPrice)) \(i.currency)/h, Spot \(number(i.spotPrice)) \(i.currency)/h"
        let saving = ((1 - i.spotPrice / i.onDemandPrice) * 100).rounded()
        if i.onDemandPrice > 0, saving.isFinite, abs(saving) < 1e6 { prices += " (Spot \(Int(saving))% less)" }
        lines.append(Entry("prices", prices))
        lines.append(
            Entry(
                "actions",
                "at most \(l.maxScheduledActions) scheduled actions over the next "
                    + "\(l.horizonDays) days"))
        return lines
    }

    /// One `key: value` line; `absent` says what a nil value means.
    struct Entry {
        var key: String
        var value: String?
        var absent: String

        init(_ key: String, _ value: String?, _ absent: String = "none") {
            self.key = key
            self.value = value
            self.absent = absent
        }
    }

    /// `key: value` lines with the values aligned; a nil value is printed as a commented-out key
    /// followed by what its absence means.
    static func block(_ entries: [Entry], indent: String = "  ") -> String {
        let width = entries.map(\.key.count).max() ?? 0
        return entries.map { entry in
            let label = entry.key + ":" + String(repeating: " ", count: width - entry.key.count)
            if let value = entry.value { return "\(indent)\(label) \(value)\n" }
            return "\(indent)# \(label) \(entry.absent)\n"
        }.joined()
    }

    /// A number as written in a file: whole values without a decimal point, others in the
    /// shortest form that reads back exactly.
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return "\(Int(value))" }
        return "\(value)"
    }

    /// Text bare when YAML reads it back as the same text, else double-quoted.
    static func text(_ value: String) -> String {
        let bare =
            value.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_.\/+-]*/) != nil
            && !["true", "false", "null", "Null", "NULL", "yes", "no", "on", "off", "y", "n"].contains(value)
        if bare { return value }
        var quoted = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    quoted += "\\x" + scalar.value.zeroPadded(to: 2, radix: 16, uppercase: true)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return "\"\(quoted)\""
    }
}
