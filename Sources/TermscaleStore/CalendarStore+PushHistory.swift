import Foundation
import GRDB
import TermscaleCore

/// The push history: one row a run in `push_run`, its AWS calls in `push_call`, and its change,
/// warning and error lines in `push_line`, each list in its order.
extension CalendarStore {
    /// Adds one push run, its calls and its lines, in one transaction, and returns its id.
    /// `record.id` is ignored.
    @discardableResult
    public func recordPush(_ record: PushRecord) throws -> Int64 {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO push_run (started_at_ms, ended_at_ms, policy_file, group_name, region, outcome)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Self.milliseconds(record.startedAt), Self.milliseconds(record.endedAt), record.policyFile,
                    record.group, record.region, record.outcome.rawValue,
                ])
            let runID = db.lastInsertedRowID
            let call = try db.cachedStatement(
                sql: "INSERT INTO push_call (run_id, position, action, succeeded, detail) VALUES (?, ?, ?, ?, ?)")
            for (position, c) in record.calls.enumerated() {
                try call.execute(arguments: [runID, position, c.action, c.succeeded, c.detail])
            }
            let line = try db.cachedStatement(
                sql: "INSERT INTO push_line (run_id, kind, position, text) VALUES (?, ?, ?, ?)")
            for (kind, texts) in [("change", record.changes), ("warning", record.warnings), ("error", record.errors)] {
                for (position, text) in texts.enumerated() {
                    try line.execute(arguments: [runID, kind, position, text])
                }
            }
            return runID
        }
    }

    // MARK: Reads

    /// The latest `limit` push runs, of `group` if given, newest first (by start, then by id).
    /// A `limit` of 0 or less gives none.
    public func pushHistory(group: String? = nil, limit: Int) throws -> [PushRecord] {
        let filter = group == nil ? "" : "WHERE group_name = ?"
        var arguments: StatementArguments = group.map { [$0] } ?? []
        _ = arguments.append(contentsOf: [max(limit, 0)])
        let chosen = "SELECT id FROM push_run \(filter) ORDER BY started_at_ms DESC, id DESC LIMIT ?"
        return try read { db in
            var calls: [Int64: [PushRecord.Call]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT run_id, action, succeeded, detail FROM push_call
                    WHERE run_id IN (\(chosen)) ORDER BY run_id, position
                    """, arguments: arguments)
            {
                calls[row["run_id"], default: []].append(
                    PushRecord.Call(action: row["action"], succeeded: row["succeeded"], detail: row["detail"]))
            }
            var lines: [Int64: [String: [String]]] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT run_id, kind, text FROM push_line
                    WHERE run_id IN (\(chosen)) ORDER BY run_id, kind, position
                    """, arguments: arguments)
            {
                lines[row["run_id"], default: [:]][row["kind"], default: []].append(row["text"])
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT id, started_at_ms, ended_at_ms, policy_file, group_name, region, outcome
                    FROM push_run \(filter) ORDER BY started_at_ms DESC, id DESC LIMIT ?
                    """, arguments: arguments
            ).map { row in
                let id: Int64 = row["id"]
                let runLines = lines[id] ?? [:]
                return PushRecord(
                    id: id, startedAt: Self.date(milliseconds: row["started_at_ms"]),
                    endedAt: Self.date(milliseconds: row["ended_at_ms"]), policyFile: row["policy_file"],
                    group: row["group_name"], region: row["region"],
                    outcome: PushRecord.Outcome(rawValue: row["outcome"]) ?? .failed,
                    changes: runLines["change"] ?? [], calls: calls[id] ?? [], warnings: runLines["warning"] ?? [],
                    errors: runLines["error"] ?? [])
            }
        }
    }

    /// A push run's instant as stored: milliseconds since the epoch, to the nearest.
    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    private static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
    }
}
