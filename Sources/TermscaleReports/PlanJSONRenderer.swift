import TermscaleCore

extension PlanFormat {
    /// The renderer for this format; `color` applies to the table only.
    public func renderer(color: Bool = false) -> any ReportRenderer<PlanReport> {
        switch self {
        case .table: PlanTableRenderer(color: color)
        case .json: PlanJSONRenderer()
        case .html: PlanHTMLRenderer()
        }
    }
}

/// One JSON object: `policy`, `auto_scaling_group`, `timezone`, `from`, `to`, `now`,
/// `current_min_size`, `segments` (`start`, `end`, `min_size`, `purchase`, `reasons`), `actions`
/// (`name`, `start_time`, `min_size`), `extra_instance_hours` and `warnings`. Instants are UTC
/// RFC 3339 with `Z`.
public struct PlanJSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: PlanReport) -> String {
        let r = report
        return JSONValue.object([
            ("policy", .string(r.policy.name)),
            ("auto_scaling_group", .string(r.policy.autoScalingGroup)),
            ("timezone", .string(r.policy.timezone.identifier)),
            ("from", .string(UTCFormat.rfc3339(r.from))),
            ("to", .string(UTCFormat.rfc3339(r.to))),
            ("now", .string(UTCFormat.rfc3339(r.now))),
            ("current_min_size", .int(r.schedule.currentMinSize)),
            (
                "segments",
                .array(
                    r.plan.segments.map { s in
                        .object([
                            ("start", .string(UTCFormat.rfc3339(s.start))),
                            ("end", .string(UTCFormat.rfc3339(s.end))),
                            ("min_size", .int(s.minSize)),
                            ("purchase", .string(s.purchase.rawValue)),
                            ("reasons", .array(s.reasons.map(JSONValue.string))),
                        ])
                    })
            ),
            (
                "actions",
                .array(
                    r.schedule.actions.map { a in
                        .object([
                            ("name", .string(a.name)),
                            ("start_time", .string(UTCFormat.rfc3339(a.startTime))),
                            ("min_size", .int(a.minSize)),
                        ])
                    })
            ),
            ("extra_instance_hours", .decimal(r.schedule.extraInstanceHours)),
            ("warnings", .array(r.warnings.map(JSONValue.string))),
        ]).serialized()
    }
}
