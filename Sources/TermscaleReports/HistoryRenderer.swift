import Foundation
import TermscaleCore

extension OutputFormat {
    /// The renderer of `termscale history` for this format.
    public var historyRenderer: any ReportRenderer<[PushRecord]> {
        switch self {
        case .table: HistoryTableRenderer()
        case .json: HistoryJSONRenderer()
        }
    }
}

/// One JSON array of push runs, as given (newest first from the store); each element has `id`,
/// `started_at`, `ended_at` (UTC RFC 3339, whole seconds), `policy_file`, `group`, `region`,
/// `outcome`, `changes`, `calls` (each `action`, `succeeded`, `detail`), `warnings` and `errors`.
public struct HistoryJSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ records: [PushRecord]) -> String {
        JSONValue.array(
            records.map { r in
                .object([
                    ("id", .optional(r.id.map { Int($0) })),
                    ("started_at", .string(UTCFormat.rfc3339(r.startedAt))),
                    ("ended_at", .string(UTCFormat.rfc3339(r.endedAt))),
                    ("policy_file", .string(r.policyFile)), ("group", .string(r.group)), ("region", .string(r.region)),
                    ("outcome", .string(r.outcome.rawValue)), ("changes", .array(r.changes.map(JSONValue.string))),
                    (
                        "calls",
                        .array(
                            r.calls.map { c in
                                .object([
                                    ("action", .string(c.action)), ("succeeded", .bool(c.succeeded)),
                                    ("detail", .string(c.detail)),
                                ])
                            })
                    ),
                    ("warnings", .array(r.warnings.map(JSONValue.string))),
                    ("errors", .array(r.errors.map(JSONValue.string))),
                ])
            }
        ).serialized()
    }
}

/// The push runs for a terminal, 100 columns wide: one row a run (start, group, outcome, number
/// of changes, calls that succeeded and failed, duration), then under it, indented, each change
/// line, warning and error, wrapped at 100 columns.
///
/// A group name longer than 26 characters is cut with `…` to keep the row within 100 columns
/// (`--format json` has it whole).
public struct HistoryTableRenderer: ReportRenderer {
    /// The width the report fits in.
    public static let width = 100
    /// The widest group name shown whole.
    static let groupWidth = 26

    public init() {}

    public func render(_ records: [PushRecord]) -> String {
        if records.isEmpty { return "No pushes recorded yet.\n" }
        var table = TextTable(
            headers: ["Start (UTC)", "Group", "Outcome", "Changes", "Calls ok/failed", "Duration"],
            rightAligned: [3, 4, 5])
        for r in records {
            let failed = r.calls.count { !$0.succeeded }
            table.append([
                UTCFormat.rfc3339(r.startedAt), PlanTableRenderer.fit(r.group, Self.groupWidth), r.outcome.rawValue,
                String(r.changes.count), "\(r.calls.count - failed)/\(failed)",
                Self.duration(r.endedAt.timeIntervalSince(r.startedAt)),
            ])
        }
        let rows = table.render().split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        var out = String(rows[0]) + "\n"
        for (record, row) in zip(records, rows.dropFirst()) {
            out += row + "\n"
            let details = record.changes + record.warnings.map { "warning: " + $0 } + record.errors.map { "error: " + $0 }
            for detail in details {
                out += Self.indented(detail)
            }
        }
        return out
    }

    /// `detail` indented two spaces under its run; when too long for the width, wrapped at
    /// spaces with the following lines indented four.
    static func indented(_ detail: String) -> String {
        if detail.count + 2 <= width { return "  " + detail + "\n" }
        return PlanTableRenderer.wrap(detail, width: width - 4).enumerated().map { i, line in
            (i == 0 ? "  " : "    ") + line + "\n"
        }.joined()
    }

    /// Seconds to a tenth, rounded: `0.4 s`, `12.0 s`.
    static func duration(_ seconds: TimeInterval) -> String {
        let tenths = Int((max(seconds, 0) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
