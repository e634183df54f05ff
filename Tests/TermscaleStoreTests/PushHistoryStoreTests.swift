import Foundation
import GRDB
import TermscaleCore
import Testing

@testable import TermscaleStore

/// The push history: each run recorded in one transaction and read back exactly, newest first;
/// the schema refuses what a run cannot be.
@Suite struct PushHistoryStoreTests {
    static let start = UTCFormat.date(1_799_743_800) // 2027-01-12T08:50:00Z

    /// A run of `group` starting `minutes` after 08:50 and lasting 1.25 s.
    func run(
        _ group: String, minutes: Double = 0, outcome: PushRecord.Outcome = .changed, changes: [String] = [],
        calls: [PushRecord.Call] = [], warnings: [String] = [], errors: [String] = []
    ) -> PushRecord {
        let started = Self.start.addingTimeInterval(minutes * 60)
        return PushRecord(
            startedAt: started, endedAt: started.addingTimeInterval(1.25), policyFile: "policies/\(group).yaml",
            group: group, region: "eu-west-2", outcome: outcome, changes: changes, calls: calls, warnings: warnings,
            errors: errors)
    }

    @Test func recordsARunAndReadsItBackExactly() throws {
        let store = try CalendarStore.inMemory()
        var record = run(
            "moodle-web", outcome: .partlyApplied,
            changes: [
                "+ put termscale-moodle-web-20270112T0845Z 2027-01-12T08:45:00Z MinSize 31",
                "- delete termscale-moodle-web-20270111T1800Z",
                "~ MinSize now 2 → 31",
            ],
            calls: [
                .init(action: "DescribeAutoScalingGroups", succeeded: true, detail: "1 group"),
                .init(action: "BatchPutScheduledUpdateGroupAction", succeeded: true, detail: "1 action"),
                .init(
                    action: "UpdateAutoScalingGroup", succeeded: false,
                    detail: "ScalingActivityInProgress: Scaling activity 5f1c is in progress"),
            ],
            warnings: ["exam MATH1001 moved inside its pre-warm lead"],
            errors: ["UpdateAutoScalingGroup: ScalingActivityInProgress; the next push sets MinSize 31"])
        record.id = 99 // ignored: the store numbers runs

        let id = try store.recordPush(record)

        let history = try store.pushHistory(group: nil, limit: 20)
        record.id = id
        #expect(history == [record])
        #expect(id == 1)
        #expect(UTCFormat.rfc3339(history[0].startedAt) == "2027-01-12T08:50:00Z")
        #expect(history[0].endedAt.timeIntervalSince(history[0].startedAt) == 1.25)
    }

    @Test func aRunWithNothingButItsOutcomeReadsBackEmpty() throws {
        let store = try CalendarStore.inMemory()
        let id = try store.recordPush(run("moodle-web", outcome: .inSync))
        let history = try store.pushHistory(limit: 1)
        #expect(history.map(\.id) == [id])
        #expect(history[0].outcome == .inSync)
        #expect(history[0].changes.isEmpty && history[0].calls.isEmpty)
        #expect(history[0].warnings.isEmpty && history[0].errors.isEmpty)
    }

    @Test func historyIsNewestFirstFilteredByGroupAndLimited() throws {
        let store = try CalendarStore.inMemory()
        let a = try store.recordPush(run("moodle-web", minutes: 0, changes: ["+ put a"]))
        let b = try store.recordPush(run("exam-proxy", minutes: 5, calls: [.init(action: "X", succeeded: true, detail: "")]))
        let c = try store.recordPush(run("moodle-web", minutes: 10, outcome: .inSync))
        // Recorded late (a slow run that started first): ordered by its start, not by when recorded.
        let d = try store.recordPush(run("moodle-web", minutes: -5, errors: ["boom"]))
        // Two runs starting in the same millisecond: the later recorded comes first.
        let e = try store.recordPush(run("exam-proxy", minutes: 10))

        #expect(try store.pushHistory(limit: 20).map(\.id) == [e, c, b, a, d])
        #expect(try store.pushHistory(group: "moodle-web", limit: 20).map(\.id) == [c, a, d])
        #expect(try store.pushHistory(group: "moodle-web", limit: 2).map(\.id) == [c, a])
        #expect(try store.pushHistory(group: "exam-proxy", limit: 20).map(\.id) == [e, b])
        #expect(try store.pushHistory(group: "nobody", limit: 20).isEmpty)
        #expect(try store.pushHistory(limit: 0).isEmpty)
        #expect(try store.pushHistory(limit: -1).isEmpty)
        // Each run keeps its own lines, also when the limit cuts others off.
        let limited = try store.pushHistory(group: "moodle-web", limit: 2)
        #expect(limited.map(\.changes) == [[], ["+ put a"]])
        #expect(try store.pushHistory(limit: 20).map(\.errors) == [[], [], [], [], ["boom"]])
        #expect(try store.pushHistory(limit: 20).map(\.calls.count) == [0, 0, 1, 0, 0])
    }

    @Test func aRunEndingBeforeItStartsIsRefusedWhole() throws {
        let store = try CalendarStore.inMemory()
        var bad = run("moodle-web", changes: ["+ put a"], calls: [.init(action: "X", succeeded: true, detail: "")])
        bad.endedAt = bad.startedAt.addingTimeInterval(-1)
        #expect(
            throws: StoreError.sqlite(
                path: ":memory:", code: 275, message: "CHECK constraint failed: ended_at_ms >= started_at_ms")
        ) { try store.recordPush(bad) }
        #expect(try store.pushHistory(limit: 20).isEmpty)
    }

    @Test func aCallWithoutAnActionRollsBackItsRun() throws {
        let store = try CalendarStore.inMemory()
        let bad = run("moodle-web", changes: ["+ put a"], calls: [.init(action: "", succeeded: false, detail: "?")])
        #expect(throws: StoreError.sqlite(path: ":memory:", code: 275, message: "CHECK constraint failed: action <> ''")) {
            try store.recordPush(bad)
        }
        #expect(try store.pushHistory(limit: 20).isEmpty)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM push_line") } == 0)
    }

    @Test func anEmptyGroupOrPolicyFileIsRefused() throws {
        let store = try CalendarStore.inMemory()
        #expect(throws: StoreError.sqlite(path: ":memory:", code: 275, message: "CHECK constraint failed: group_name <> ''")) {
            try store.recordPush(run(""))
        }
        var noPolicy = run("moodle-web")
        noPolicy.policyFile = ""
        #expect(throws: StoreError.sqlite(path: ":memory:", code: 275, message: "CHECK constraint failed: policy_file <> ''")) {
            try store.recordPush(noPolicy)
        }
    }

    @Test func theSchemaRefusesUnknownOutcomesAndOrphanLines() throws {
        let store = try CalendarStore.inMemory()
        #expect(throws: StoreError.sqlite(path: ":memory:", code: 787, message: "FOREIGN KEY constraint failed")) {
            try store.write { db in
                try db.execute(sql: "INSERT INTO push_line (run_id, kind, position, text) VALUES (42, 'change', 0, 'x')")
            }
        }
        #expect(throws: StoreError.sqlite(path: ":memory:", code: 787, message: "FOREIGN KEY constraint failed")) {
            try store.write { db in
                try db.execute(
                    sql: "INSERT INTO push_call (run_id, position, action, succeeded, detail) VALUES (42, 0, 'X', 1, '')")
            }
        }
        let id = try store.recordPush(run("moodle-web"))
        #expect(throws: StoreError.self) {
            try store.write { db in try db.execute(sql: "UPDATE push_run SET outcome = 'maybe' WHERE id = ?", arguments: [id]) }
        }
        #expect(throws: StoreError.self) {
            try store.write { db in
                try db.execute(
                    sql: "INSERT INTO push_call (run_id, position, action, succeeded, detail) VALUES (?, 0, 'X', 2, '')",
                    arguments: [id])
            }
        }
        #expect(throws: StoreError.self) {
            try store.write { db in
                try db.execute(
                    sql: "INSERT INTO push_line (run_id, kind, position, text) VALUES (?, 'note', 0, 'x')", arguments: [id])
            }
        }
        #expect(try store.pushHistory(limit: 20).map(\.outcome) == [.changed])
    }

    @Test func deletingARunTakesItsCallsAndLines() throws {
        let store = try CalendarStore.inMemory()
        let id = try store.recordPush(
            run("moodle-web", changes: ["+ put a"], calls: [.init(action: "X", succeeded: true, detail: "")], errors: ["e"]))
        let kept = try store.recordPush(run("exam-proxy", changes: ["+ put b"]))
        let counts = try store.write { db in
            try db.execute(sql: "DELETE FROM push_run WHERE id = ?", arguments: [id])
            return try [
                Int.fetchOne(db, sql: "SELECT count(*) FROM push_call"),
                Int.fetchOne(db, sql: "SELECT count(*) FROM push_line"),
            ]
        }
        #expect(counts == [0, 1])
        #expect(try store.pushHistory(limit: 20).map(\.id) == [kept])
    }

    @Test func everyOutcomeRoundTrips() throws {
        let store = try CalendarStore.inMemory()
        for (i, outcome) in PushRecord.Outcome.allCases.enumerated() {
            try store.recordPush(run("g", minutes: Double(i), outcome: outcome))
        }
        #expect(
            try store.pushHistory(limit: 20).map(\.outcome.rawValue) == [
                "dry-run", "failed", "partly-applied", "changed", "in-sync",
            ])
    }
}
