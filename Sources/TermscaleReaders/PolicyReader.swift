import TermscaleCore
import Yams

/// Reads a policy file (`policies/*.yaml`): YAML text to a validated `Policy`.
///
/// The file is composed with Yams' `Node` API, not decoded, so every key and value keeps its
/// line. Keys are those of `Policy` in snake_case (see the README's "Policy files"); absent
/// optional keys take `Policy`'s defaults. Scalars are typed strictly (`PolicyScalar`).
public enum PolicyReader {
    /// The policy in `bytes` (UTF-8), checked with `Policy.validate()`.
    /// - Parameter file: the name diagnostics use, not opened.
    /// - Throws: `DiagnosticsError` with one diagnostic per problem, in line order: the YAML
    ///   does not parse, unknown or repeated keys, values of the wrong type, missing keys,
    ///   values not among those allowed, and every problem `Policy.validate()` finds, each at
    ///   the line of its key.
    public static func read(_ bytes: [UInt8], file: String) throws -> Policy {
        let root: Node
        switch compose(bytes, file: file) {
        case .success(let node): root = node
        case .failure(let error): throw error
        }
        guard case .mapping(let mapping) = root else {
            throw DiagnosticsError([
                Diagnostic(
                    file: file, line: root.mark?.line ?? 1, field: nil,
                    message: "expected a mapping of policy keys (name:, capacity:, exams: …), found "
                        + PolicyScalar.describe(root))
            ])
        }

        var document = PolicyDocument(file: file)
        let top = document.root(mapping)
        let policy = build(top, &document)

        var diagnostics = document.diagnostics
        for problem in policy.validate() where document.wasRead(problem.keyPath) {
            diagnostics.append(
                Diagnostic(
                    file: file, line: document.line(of: problem.keyPath, root: top.line),
                    field: problem.keyPath, message: problem.message))
        }
        guard diagnostics.isEmpty else {
            // Stable: problems on one line keep the order they were found in.
            throw DiagnosticsError(byLine: diagnostics)
        }
        return policy
    }

    /// The policy with every value read; values that could not be read are placeholders whose key
    /// paths `document` marks as failed.
    private static func build(_ top: PolicyDocument.Section, _ d: inout PolicyDocument) -> Policy {
        let name = d.text("name", of: top)
        let group = d.text("auto_scaling_group", of: top)
        let region = d.text("region", of: top)
        let timezone = d.zone("timezone", of: top, .defaulted(.europeLondon))

        let c = d.section("capacity", of: top, known: PolicyKeys.capacity, required: true)
        let capacity = Policy.Capacity(
            min: d.int("min", of: c) ?? 0,
            // A placeholder max must not make other values look out of range.
            max: d.int("max", of: c) ?? Int.max,
            studentsPerInstance: d.int("students_per_instance", of: c) ?? 1,
            headroomPercent: d.int("headroom_percent", of: c) ?? 0)

        let e = d.section("exams", of: top, known: PolicyKeys.exams, required: true)
        let exams = Policy.Exams(
            prewarmMinutes: d.int("prewarm_minutes", of: e) ?? 30,
            holdAfterMinutes: d.int("hold_after_minutes", of: e) ?? 0,
            extraTimePercent: d.int("extra_time_percent", of: e, .defaulted(0)) ?? 0,
            mergeGapMinutes: d.int("merge_gap_minutes", of: e) ?? 0,
            defaultCandidates: d.int("default_candidates", of: e, .optional))

        let w = d.section("windows", of: top, known: nil, required: false)
        var windows: [String: Int] = [:]
        for category in w.order {
            if let floor = d.int(category, of: w) { windows[category] = floor }
        }

        let t = d.section("target_tracking", of: top, known: PolicyKeys.targetTracking, required: true)
        let targetTracking = Policy.TargetTracking(
            // A metric with no upper bound on its target, so `target` is judged on its own.
            metric: d.choice("metric", of: t) ?? .asgAverageNetworkIn,
            resourceLabel: d.text("resource_label", of: t, .optional),
            target: d.number("target", of: t) ?? 1,
            warmupSeconds: d.int("warmup_seconds", of: t) ?? 0,
            disableScaleIn: d.bool("disable_scale_in", of: t, .defaulted(false)) ?? false)
        if !d.wasRead("target_tracking.metric") {
            d.markFailed("target_tracking.resource_label")
        }

        let m = d.section("mix", of: top, known: PolicyKeys.mix, required: true)
        let mix = Policy.Mix(
            onDemandBase: d.int("on_demand_base", of: m, .defaulted(0)) ?? 0,
            onDemandPercentAboveBase: d.int("on_demand_percent_above_base", of: m) ?? 0,
            spotAllocationStrategy: d.choice("spot_allocation_strategy", of: m, .defaulted(.priceCapacityOptimized))
                ?? .priceCapacityOptimized,
            switchedBy: d.choice("switch", of: m, .defaulted(.cron)) ?? .cron,
            schedulerRoleArn: d.text("scheduler_role_arn", of: m, .optional))

        let i = d.section("instance", of: top, known: PolicyKeys.instance, required: true)
        let instance = Policy.Instance(
            type: d.text("type", of: i) ?? "placeholder",
            bootMinutes: d.int("boot_minutes", of: i) ?? 0,
            onDemandPrice: d.number("on_demand_price", of: i) ?? 0,
            spotPrice: d.number("spot_price", of: i) ?? 0,
            currency: d.text("currency", of: i) ?? "XXX",
            reservedDiscountPercent: d.int("reserved_discount_percent", of: i, .optional))

        var database: Policy.Database?
        if d.has("database", in: top) {
            let db = d.section("database", of: top, known: PolicyKeys.database, required: true)
            if !db.isBroken {
                database = Policy.Database(
                    maxConnections: d.int("max_connections", of: db) ?? 1,
                    connectionsPerInstance: d.int("connections_per_instance", of: db) ?? 1)
            }
        }

        let defaults = Policy.Limits()
        let l = d.section("limits", of: top, known: PolicyKeys.limits, required: false)
        let limits = Policy.Limits(
            maxScheduledActions: d.int("max_scheduled_actions", of: l, .defaulted(defaults.maxScheduledActions))
                ?? defaults.maxScheduledActions,
            horizonDays: d.int("horizon_days", of: l, .defaulted(defaults.horizonDays)) ?? defaults.horizonDays,
            cronIntervalMinutes: d.int("cron_interval_minutes", of: l, .defaulted(defaults.cronIntervalMinutes))
                ?? defaults.cronIntervalMinutes)

        return Policy(
            name: name ?? "placeholder", autoScalingGroup: group ?? "placeholder",
            region: region ?? "placeholder", timezone: timezone ?? .europeLondon,
            capacity: capacity, exams: exams, windows: windows, targetTracking: targetTracking,
            mix: mix, instance: instance, database: database, limits: limits)
    }

    /// The file's single YAML document, or the diagnostic that explains why there is none.
    private static func compose(_ bytes: [UInt8], file: String) -> Result<Node, DiagnosticsError> {
        func failure(_ line: Int?, _ message: String) -> Result<Node, DiagnosticsError> {
            .failure(DiagnosticsError([Diagnostic(file: file, line: line, field: nil, message: message)]))
        }
        // Yams tells libyaml the encoding, which then keeps a byte order mark as text.
        let body = bytes.dropFirst(ByteOrderMark.utf8Length(bytes))
        guard let text = String(validating: body, as: UTF8.self) else {
            return failure(firstInvalidUTF8Line(body), "is not UTF-8 text; save the file as UTF-8")
        }
        if let refusal = refusal(in: text) { return failure(refusal.line, refusal.message) }
        let node: Node?
        do {
            node = try composeNode(text)
        } catch YamlError.duplicatedKeysInMapping {
            // Compose again with each key made unique, so every repeat is reported with its line.
            do { node = try composeNode(DuplicateKeyMarker.marked(text)) } catch {
                return failure(line(of: error, in: text), message(for: error))
            }
        } catch {
            return failure(line(of: error, in: text), message(for: error))
        }
        guard let node, !PolicyScalar.isNull(node) else {
            return failure(1, "the file is empty; write a policy (see policies/moodle-web.yaml and the README)")
        }
        return .success(node)
    }

    /// Yams with no implicit typing: every scalar stays text for `PolicyScalar` to type.
    private static func composeNode(_ text: String) throws -> Node? {
        try Yams.compose(yaml: text, .basic)
    }

    private static func line(of error: any Error, in text: String) -> Int? {
        guard let error = error as? YamlError else { return nil }
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .duplicatedKeysInMapping(_, let context):
            return context.mark.line
        case .reader(_, let offset, _, _):
            guard let offset else { return nil }
            return text.prefix(offset).count(where: { $0 == "\n" || $0 == "\r\n" }) + 1
        default:
            return nil
        }
    }

    private static func message(for error: any Error) -> String {
        guard let error = error as? YamlError else { return "cannot be read as YAML: \(error)" }
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            let during = context.map { " (\($0.text))" } ?? ""
            return "is not valid YAML: \(problem)\(during); check the indentation, colons and quotes here"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate key \(duplicates.joined(separator: ", ")); keep only one"
        case .reader(let problem, _, _, _):
            return "is not valid YAML text: \(problem)"
        default:
            return "cannot be read as YAML: \(error)"
        }
    }

    /// 1-based line of the first byte sequence that is not UTF-8.
    private static func firstInvalidUTF8Line(_ bytes: ArraySlice<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var line = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput, .error: return line
            }
        }
    }
}
