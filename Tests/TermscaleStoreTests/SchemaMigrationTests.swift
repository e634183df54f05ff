import Foundation
import GRDB
import TermscaleCore
import Testing

@testable import TermscaleStore

/// A database of an earlier termscale is migrated on open, keeping everything it holds.
@Suite struct SchemaMigrationTests {
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("termscale-store-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    }

    /// A database as termscale 0.1 left it: schema v1, one source with an exam session and a window.
    func version1Database(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try CalendarStore.migrator.migrate(queue, upTo: "v1: sources and events")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO source (id, name, kind, format, path, sha256, imported_at)
                    VALUES (1, 'jan.csv', 'exam', 'csv', 'calendars/jan.csv', ?, 1795000000);
                    INSERT INTO source (id, name, kind, format, path, sha256, imported_at)
                    VALUES (2, 'year.ics', 'window', 'ics', 'calendars/year.ics', ?, 1795000060);
                    INSERT INTO event (source_id, kind, code, title, location, start_at, end_at, candidates, category,
                                       source_line)
                    VALUES (1, 'exam', 'MATH1001', 'Calculus', 'Sports Hall', 1799746200, 1799753400, 3800, NULL, 2),
                           (2, 'window', NULL, 'January exams', NULL, 1799625600, 1800662400, NULL, 'exams', 9);
                    """, arguments: [String(repeating: "a", count: 64), String(repeating: "b", count: 64)])
        }
        try queue.close()
    }

    @Test func aVersion1DatabaseMigratesToVersion2KeepingItsEvents() throws {
        let folder = try Folder()
        let path = folder.path("state.sqlite")
        try version1Database(at: path)

        let store = try CalendarStore.open(path: path)

        let events = try store.events()
        #expect(events.map { $0.code ?? $0.category! } == ["exams", "MATH1001"])
        #expect(UTCFormat.rfc3339(events[1].start) == "2027-01-12T09:30:00Z")
        #expect(events[1].candidates == 3800)
        #expect(events[1].location == "Sports Hall")
        #expect(try store.sources().map(\.name) == ["jan.csv", "year.ics"])
        #expect(try store.sources().map(\.sha256) == [String(repeating: "a", count: 64), String(repeating: "b", count: 64)])
        let applied = try store.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY 1") }
        #expect(applied == ["v1: sources and events", "v2: push history", "v3: xlsx sources"])
        #expect(try store.pushHistory(limit: 20).isEmpty)
        let record = PushRecord(
            startedAt: UTCFormat.date(1_799_743_800), endedAt: UTCFormat.date(1_799_743_802), policyFile: "p.yaml",
            group: "moodle-web", region: "eu-west-2", outcome: .inSync)
        let id = try store.recordPush(record)
        #expect(try CalendarStore.open(path: path).pushHistory(limit: 20).map(\.id) == [id])
    }

    /// A database as termscale left it before XLSX: schema v2, with the v1 sources and a push.
    func version2Database(at path: String) throws {
        try version1Database(at: path)
        let queue = try DatabaseQueue(path: path)
        try CalendarStore.migrator.migrate(queue, upTo: "v2: push history")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO push_run (id, started_at_ms, ended_at_ms, policy_file, group_name, region, outcome)
                    VALUES (7, 1799743800000, 1799743802000, 'p.yaml', 'moodle-web', 'eu-west-2', 'changed');
                    INSERT INTO push_line (run_id, kind, position, text) VALUES (7, 'change', 0, 'put pre-warm');
                    """)
        }
        try queue.close()
    }

    @Test func aVersion2DatabaseMigratesToVersion3KeepingEverythingAndTakesXLSXSources() throws {
        // Given a v2 database with two sources, their events and a push
        let folder = try Folder()
        let path = folder.path("state.sqlite")
        try version2Database(at: path)
        let indexList = "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name"
        let (before, indexesBefore) = try DatabaseQueue(path: path).read { db in
            (try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY id"), try String.fetchAll(db, sql: indexList))
        }

        // When the current termscale opens it
        let store = try CalendarStore.open(path: path)

        // Then every row is kept, the events still belong to their sources, and xlsx is allowed
        let (events, sources, lines, foreignKeys, indexes) = try store.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY id"),
                try Row.fetchAll(db, sql: "SELECT id, name, format FROM source ORDER BY id"),
                try String.fetchAll(db, sql: "SELECT text FROM push_line"),
                try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(event)").map { $0["table"] as String },
                try String.fetchAll(db, sql: indexList)
            )
        }
        #expect(events == before)
        #expect(sources.map { "\($0["id"] as Int) \($0["name"] as String) \($0["format"] as String)" } == ["1 jan.csv csv", "2 year.ics ics"])
        #expect(lines == ["put pre-warm"])
        #expect(foreignKeys == ["source"])
        #expect(indexes == indexesBefore)
        #expect(indexes.contains("sqlite_autoindex_source_1"))  // name UNIQUE
        try store.replaceSources([
            SourceImport(
                name: "jan.xlsx", kind: .exam, format: .xlsx, path: "jan.xlsx", sha256: String(repeating: "c", count: 64),
                importedAt: UTCFormat.date(1_795_000_120), events: [])
        ])
        #expect(try store.sources().map(\.format) == [.csv, .xlsx, .ics])
        // Deleting a source still takes its events with it: the foreign key survived the rebuild.
        try store.write { db in try db.execute(sql: "DELETE FROM source WHERE name = 'jan.csv'") }
        #expect(try store.events().map(\.title) == ["January exams"])
    }

    @Test func aCurrentDatabaseIsOpenedWithoutWriting() throws {
        let folder = try Folder()
        let path = folder.path("state.sqlite")
        try version1Database(at: path)
        _ = try CalendarStore.open(path: path)
        let migrated = try Data(contentsOf: URL(fileURLWithPath: path))
        var config = Configuration()
        config.readonly = true
        let store = try CalendarStore(DatabaseQueue(path: path, configuration: config))
        #expect(try store.pushHistory(limit: 20).isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == migrated)
    }

    @Test func aVersion1DatabaseThatCannotBeWrittenFailsAsReadOnly() throws {
        let folder = try Folder()
        let path = folder.path("state.sqlite")
        try version1Database(at: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        var config = Configuration()
        config.readonly = true
        #expect(throws: StoreError.readOnly(path: path)) { try CalendarStore(DatabaseQueue(path: path, configuration: config)) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
