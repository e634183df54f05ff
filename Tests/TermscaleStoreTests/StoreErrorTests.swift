import Foundation
import GRDB
import TermscaleCore
import Testing

@testable import TermscaleStore

/// Every SQLite failure reaches callers as a `StoreError` naming the database, and the
/// databases termscale must not touch are left byte-for-byte as they were.
@Suite struct StoreErrorTests {
    /// A temporary folder removed when the test ends.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("termscale-store-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    }

    static let jan12 = UTCFormat.date(1_799_746_200) // 2027-01-12T09:30:00Z

    func exams(_ count: Int, prefix: String = "MATH") -> [CalendarEvent] {
        (0..<count).map { i in
            let start = Self.jan12.addingTimeInterval(Double(i) * 3600)
            return CalendarEvent(
                kind: .exam, code: "\(prefix)\(1000 + i)", title: "Paper \(i) of the January timetable",
                location: "Sports Hall", start: start, end: start.addingTimeInterval(7200),
                candidates: 100 + i, category: nil, source: "ignored", sourceLine: i + 2)
        }
    }

    func source(_ name: String, _ events: [CalendarEvent]) -> SourceImport {
        SourceImport(
            name: name, kind: .exam, format: .csv, path: "calendars/\(name)",
            sha256: String(repeating: "a", count: 64), importedAt: UTCFormat.date(1_795_000_000), events: events)
    }

    /// A termscale database file at `path` holding `count` exam sessions of source jan.csv.
    func termscaleDatabase(at path: String, exams count: Int = 3) throws {
        try CalendarStore.open(path: path).replaceSources([source("jan.csv", exams(count))])
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    // MARK: The mapping

    static let codes: [(Int32, StoreError)] = [
        (5, .locked(path: "/s.db")), // SQLITE_BUSY
        (5 | 1 << 8, .locked(path: "/s.db")), // SQLITE_BUSY_RECOVERY
        (6, .locked(path: "/s.db")), // SQLITE_LOCKED
        (8, .readOnly(path: "/s.db")), // SQLITE_READONLY
        (8 | 6 << 8, .readOnly(path: "/s.db")), // SQLITE_READONLY_DIRECTORY
        (14, .cannotOpen(path: "/s.db")), // SQLITE_CANTOPEN
        (11, .corrupt(path: "/s.db")), // SQLITE_CORRUPT
        (11 | 3 << 8, .corrupt(path: "/s.db")), // SQLITE_CORRUPT_INDEX
        (13, .diskFull(path: "/s.db")), // SQLITE_FULL
        (10 | 3 << 8, .diskFull(path: "/s.db")), // SQLITE_IOERR_WRITE: EFBIG, EDQUOT
        (26, .notADatabase(path: "/s.db")), // SQLITE_NOTADB
        (10 | 1 << 8, .sqlite(path: "/s.db", code: 266, message: "disk I/O error")), // SQLITE_IOERR_READ
        (19, .sqlite(path: "/s.db", code: 19, message: "constraint failed")), // SQLITE_CONSTRAINT
    ]

    @Test(arguments: codes)
    func sqliteResultCodesMapToFailures(code: Int32, expected: StoreError) {
        #expect(StoreError(DatabaseError(resultCode: ResultCode(rawValue: code)), path: "/s.db") == expected)
    }

    @Test func everyMessageNamesTheDatabaseAndWhatToDo() {
        let p = "/var/lib/termscale/termscale.sqlite"
        let messages: [(StoreError, String)] = [
            (
                .locked(path: p),
                "database \(p): locked by another process (another termscale run, or a tool such as "
                    + "sqlite3 in a transaction); wait for it to finish and run again, or find it with: lsof \(p)"
            ),
            (
                .readOnly(path: p),
                "database \(p): cannot write: the file or its folder is not writable by this user; "
                    + "fix the permissions, or pass --db with a path this user can write"
            ),
            (
                .cannotOpen(path: p),
                "database \(p): cannot open the file: check that this user can read and write it "
                    + "and its folder, or pass --db with another path"
            ),
            (
                .corrupt(path: p),
                "database \(p): the file is corrupt (SQLite found damaged pages); restore it from a "
                    + "backup, or pass --db with a new path and import the calendars again"
            ),
            (
                .diskFull(path: p),
                "database \(p): cannot write: no space left (the disk is full, or a quota or "
                    + "file-size limit was reached); free some space and run again"
            ),
            (
                .notADatabase(path: p),
                "database \(p): not an SQLite database; pass --db with the path of termscale's "
                    + "database, or a new path to start one"
            ),
            (
                .foreignDatabase(path: p, tables: ["a", "b", "c", "d", "e", "f", "g"]),
                "database \(p): an SQLite database of another application (tables: a, b, c, d, e and 2 more), not "
                    + "termscale's; it was left unchanged. Pass --db with the path of termscale's database, or a new "
                    + "path to start one"
            ),
            (
                .newerSchema(path: p, unknownMigrations: ["v2: rooms", "v3: terms"]),
                "database \(p): written by a newer termscale (unknown schema migrations: 'v2: rooms', 'v3: terms'); "
                    + "it was left unchanged. Upgrade termscale to use this database"
            ),
            (
                .notAFolder(path: p, folder: "/var/lib/termscale"),
                "database \(p): /var/lib/termscale is not a folder; choose another --db path"
            ),
            (
                .cannotCreate(path: p, reason: "Permission denied"),
                "database \(p): cannot create it: Permission denied; check the folder's permissions, or pass --db "
                    + "with another path"
            ),
            (
                .sqlite(path: p, code: 266, message: "disk I/O error"),
                "database \(p): SQLite error 266 (disk I/O error); check the file and its disk, then run again"
            ),
        ]
        for (error, message) in messages {
            #expect(error.description == message)
            #expect(error.errorDescription == message)
            #expect(error.path == p)
            #expect("database \(p): \(error.reason)" == message)
        }
    }

    // MARK: Failures from a real SQLite

    @Test func inMemoryFailuresNameMemory() throws {
        let store = try CalendarStore.inMemory()
        #expect(store.path == ":memory:")
        var bad = exams(1)[0]
        bad.end = bad.start.addingTimeInterval(-60)
        #expect(throws: StoreError.sqlite(path: ":memory:", code: 275, message: "CHECK constraint failed: end_at > start_at")) {
            try store.replaceSources([source("bad.csv", [bad])])
        }
    }

    @Test func anotherConnectionsLockIsLocked() throws {
        let folder = try Folder()
        let path = folder.path("state.sqlite")
        try termscaleDatabase(at: path)
        var config = Configuration()
        config.busyMode = .immediateError
        let store = try CalendarStore(DatabaseQueue(path: path, configuration: config))
        let holder = try DatabaseQueue(path: path)
        try holder.inTransaction(.exclusive) { _ in
            #expect(throws: StoreError.locked(path: path)) { try store.replaceSources([source("feb.csv", exams(1))]) }
            #expect(throws: StoreError.locked(path: path)) { try store.sources() }
            #expect(throws: StoreError.locked(path: path)) { try store.events() }
            return .rollback
        }
        #expect(try store.sources().map(\.name) == ["jan.csv"])
    }

    @Test func readOnlyConnectionReadsButCannotWrite() throws {
        let folder = try Folder()
        let path = folder.path("state.sqlite")
        try termscaleDatabase(at: path)
        let before = try bytes(path)
        var config = Configuration()
        config.readonly = true
        // Opening a current database writes nothing, so it works on a read-only connection.
        let store = try CalendarStore(DatabaseQueue(path: path, configuration: config))
        #expect(try store.events().count == 3)
        #expect(throws: StoreError.readOnly(path: path)) { try store.replaceSources([source("feb.csv", exams(1))]) }
        #expect(throws: StoreError.readOnly(path: path)) { try store.removeSource(named: "jan.csv") }
        #expect(try bytes(path) == before)
    }

    @Test func writeBeyondTheMaximumSizeIsDiskFull() throws {
        let folder = try Folder()
        let path = folder.path("state.sqlite")
        try termscaleDatabase(at: path)
        let before = try bytes(path)
        let queue = try DatabaseQueue(path: path)
        // SQLite answers SQLITE_FULL when the database would grow past max_page_count, as when
        // the disk is full.
        try queue.writeWithoutTransaction { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count")!
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        let store = try CalendarStore(queue)
        #expect(throws: StoreError.diskFull(path: path)) {
            try store.replaceSources([source("feb.csv", exams(500, prefix: "FEB"))])
        }
        #expect(try store.sources().map(\.name) == ["jan.csv"])
        #expect(try bytes(path) == before)
    }

    @Test func damagedPagesAreCorruptWhenAQueryReachesThem() throws {
        let folder = try Folder()
        let path = folder.path("state.sqlite")
        try termscaleDatabase(at: path, exams: 400)
        // Pages 1–8 hold the schema and the tables' roots; the events live after them.
        var file = try bytes(path)
        let pageSize = Int(file[16]) << 8 | Int(file[17])
        try #require(file.count / pageSize > 12)
        file.replaceSubrange((8 * pageSize)..., with: Data(repeating: 0xFF, count: file.count - 8 * pageSize))
        try file.write(to: URL(fileURLWithPath: path))

        let store = try CalendarStore.open(path: path)
        #expect(throws: StoreError.corrupt(path: path)) { try store.events() }
        #expect(throws: StoreError.corrupt(path: path)) { try store.sources() }
        #expect(throws: StoreError.corrupt(path: path)) { try store.events(source: "jan.csv") }
        #expect(try bytes(path) == file)
    }

    @Test func aTextFileIsNotADatabase() throws {
        let folder = try Folder()
        let path = folder.path("notes.txt")
        try Data("Things to remember before the January exams.\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.notADatabase(path: path)) { try CalendarStore.open(path: path) }
        #expect(try bytes(path) == Data("Things to remember before the January exams.\n".utf8))
    }

    @Test func anotherApplicationsDatabaseIsRefusedUnchanged() throws {
        let folder = try Folder()
        let path = folder.path("bookmarks.sqlite")
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: """
                    CREATE TABLE bookmark (id INTEGER PRIMARY KEY, url TEXT);
                    CREATE INDEX bookmark_by_url ON bookmark(url);
                    INSERT INTO bookmark (url) VALUES ('https://example.org');
                    """)
        }
        let before = try bytes(path)
        #expect(throws: StoreError.foreignDatabase(path: path, tables: ["bookmark"])) { try CalendarStore.open(path: path) }
        #expect(try bytes(path) == before)
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["bookmark"])
    }

    @Test func anotherGRDBApplicationsDatabaseIsRefusedUnchanged() throws {
        let folder = try Folder()
        let path = folder.path("notes.sqlite")
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: notes") { db in
            try db.execute(sql: "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
        }
        try migrator.migrate(DatabaseQueue(path: path))
        let before = try bytes(path)
        #expect(throws: StoreError.foreignDatabase(path: path, tables: ["note"])) { try CalendarStore.open(path: path) }
        #expect(try bytes(path) == before)
    }

    @Test func aDatabaseOfANewerTermscaleIsRefusedUnchanged() throws {
        let folder = try Folder()
        let path = folder.path("state.sqlite")
        try termscaleDatabase(at: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v3: rooms'), ('v4: terms')")
        }
        let before = try bytes(path)
        #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v3: rooms", "v4: terms"])) {
            try CalendarStore.open(path: path)
        }
        #expect(try bytes(path) == before)
    }

    @Test func aNewerDatabaseWithoutTheCurrentMigrationsIsRefusedBeforeMigrating() throws {
        // Given a database a newer termscale made from a v1 one, without (or having dropped) v2
        let folder = try Folder()
        let path = folder.path("state.sqlite")
        let queue = try DatabaseQueue(path: path)
        try CalendarStore.migrator.migrate(queue, upTo: "v1: sources and events")
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v3: rooms')") }
        try queue.close()
        let before = try bytes(path)

        // Then it is refused, and v2 is not applied to it
        #expect(throws: StoreError.newerSchema(path: path, unknownMigrations: ["v3: rooms"])) {
            try CalendarStore.open(path: path)
        }
        #expect(try bytes(path) == before)
    }

    @Test func anEmptySQLiteDatabaseBecomesTermscales() throws {
        let folder = try Folder()
        let path = folder.path("state.sqlite")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        }
        let store = try CalendarStore.open(path: path)
        try store.replaceSources([source("jan.csv", exams(2))])
        #expect(try store.events().count == 2)
    }

    @Test func aFileWhereTheFolderShouldBeIsNotAFolder() throws {
        let folder = try Folder()
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder.path("state")))
        let path = folder.path("state/termscale.sqlite")
        #expect(throws: StoreError.notAFolder(path: path, folder: folder.path("state"))) { try CalendarStore.open(path: path) }
    }

    @Test func aFolderThatCannotBeMadeCannotBeCreated() throws {
        let folder = try Folder()
        // A dangling symbolic link: the folder does not exist, and nothing can be made there.
        try FileManager.default.createSymbolicLink(atPath: folder.path("state"), withDestinationPath: folder.path("gone/state"))
        let path = folder.path("state/termscale.sqlite")
        #expect(throws: StoreError.cannotCreate(path: path, reason: "\(folder.path("state")): File exists")) {
            try CalendarStore.open(path: path)
        }
    }
}
