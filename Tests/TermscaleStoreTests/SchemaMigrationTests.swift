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
        #expect(applied == ["v1: sources and events", "v2: push history"])
        #expect(try store.pushHistory(limit: 20).isEmpty)
        let record = PushRecord(
            startedAt: UTCFormat.date(1_799_743_800), endedAt: UTCFormat.date(1_799_743_802), policyFile: "p.yaml",
            group: "moodle-web", region: "eu-west-2", outcome: .inSync)
        let id = try store.recordPush(record)
        #expect(try CalendarStore.open(path: path).pushHistory(limit: 20).map(\.id) == [id])
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
