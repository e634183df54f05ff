import Foundation
import GRDB
import TermscaleCore

/// termscale's state: imported sources and their events, and the history of pushes, in one SQLite
/// database.
///
/// Instants are stored as whole seconds since the epoch (UTC), except a push run's start and end,
/// kept in milliseconds so that its duration survives. Every write is one transaction,
/// so a failed import leaves the database as it was. Every public method reports SQLite's
/// failures as `StoreError`, naming the database.
public final class CalendarStore: Sendable {
    /// How long a command waits for another process's lock before failing as `StoreError.locked`.
    /// termscale's own transactions take well under a second, so 10 s rides out a concurrent
    /// import or push with a wide margin, while a tool holding a transaction open (sqlite3 in a
    /// shell) fails the run fast enough that a cron job every 5 minutes never piles up.
    public static let busyTimeout: TimeInterval = 10

    private let writer: any DatabaseWriter
    /// The database file as given, or ":memory:"; every `StoreError` names it.
    public let path: String

    /// Wraps `writer` and migrates its schema to the current version. A database of another
    /// application, or one migrated by a newer termscale, is refused before anything is written.
    public convenience init(_ writer: any DatabaseWriter) throws {
        try self.init(writer, path: writer.path)
    }

    private init(_ writer: any DatabaseWriter, path: String) throws {
        self.writer = writer
        self.path = path
        try Self.mappingErrors(at: path) { try Self.prepareSchema(writer, path: path) }
    }

    /// A store in memory, for tests and for reading when no database file exists yet.
    public static func inMemory() throws -> CalendarStore {
        try CalendarStore(mappingErrors(at: ":memory:") { try DatabaseQueue() }, path: ":memory:")
    }

    /// Opens (creating if needed) the database file at `path`. A new file and its folder are
    /// created readable by the owner only (0600 / 0700).
    public static func open(path: String) throws -> CalendarStore {
        try StoreFile.prepare(path: path)
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        return try CalendarStore(
            mappingErrors(at: path) { try DatabaseQueue(path: path, configuration: config) },
            path: path)
    }

    /// The one place SQLite's errors become `StoreError`: every public method runs its database
    /// work through here, so no `DatabaseError` escapes the store.
    private static func mappingErrors<T>(at path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw StoreError(error, path: path)
        }
    }

    /// Checks whose database this is, then applies pending migrations. Writes nothing when the
    /// schema is current, so reading commands work on a database this user cannot write.
    private static func prepareSchema(_ writer: any DatabaseWriter, path: String) throws {
        let migrator = Self.migrator
        let known = migrator.migrations
        let (tables, applied) = try writer.read { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
                    """)
            return (tables, tables.contains("grdb_migrations") ? try migrator.appliedIdentifiers(db) : [])
        }
        let others = tables.filter { $0 != "grdb_migrations" }
        let isNew = applied.isEmpty && others.isEmpty
        // Tables without termscale's first migration are another application's, GRDB or not.
        if !isNew && !applied.contains(known[0]) {
            throw StoreError.foreignDatabase(path: path, tables: others)
        }
        let unknown = applied.subtracting(known).sorted()
        if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknownMigrations: unknown) }
        if applied.isSuperset(of: known) { return }
        try migrator.migrate(writer)
        // A table rebuild (v3) leaves the old table's pages free. SQLite does not journal a free
        // page it reuses, so a write that later fails could leave different bytes in them; with
        // none free, a failed write leaves the file byte for byte as it was. Once per migration.
        try writer.writeWithoutTransaction { db in
            if try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0 > 0 { try db.execute(sql: "VACUUM") }
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: sources and events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE source (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE CHECK (name <> ''),
                        kind TEXT NOT NULL CHECK (kind IN ('exam', 'window')),
                        format TEXT NOT NULL CHECK (format IN ('csv', 'ics')),
                        path TEXT NOT NULL,
                        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                        imported_at INTEGER NOT NULL
                    );
                    CREATE TABLE event (
                        id INTEGER PRIMARY KEY,
                        source_id INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL CHECK (kind IN ('exam', 'window')),
                        code TEXT,
                        title TEXT NOT NULL,
                        location TEXT,
                        start_at INTEGER NOT NULL,
                        end_at INTEGER NOT NULL,
                        candidates INTEGER CHECK (candidates IS NULL OR candidates >= 0),
                        category TEXT,
                        source_line INTEGER NOT NULL CHECK (source_line >= 0),
                        CHECK (end_at > start_at),
                        CHECK ((kind = 'exam' AND category IS NULL)
                            OR (kind = 'window' AND category IS NOT NULL AND code IS NULL AND candidates IS NULL))
                    );
                    CREATE INDEX event_by_start ON event(start_at, end_at);
                    CREATE INDEX event_by_source ON event(source_id);
                    """)
        }
        // A run's calls and its change, warning and error lines live in child tables rather than
        // JSON columns, so the schema checks every one of them (NOT NULL, the outcome's values,
        // 0/1 for success) and deleting a run takes its lines with it (ON DELETE CASCADE).
        migrator.registerMigration("v2: push history") { db in
            try db.execute(
                sql: """
                    CREATE TABLE push_run (
                        id INTEGER PRIMARY KEY,
                        started_at_ms INTEGER NOT NULL,
                        ended_at_ms INTEGER NOT NULL,
                        policy_file TEXT NOT NULL CHECK (policy_file <> ''),
                        group_name TEXT NOT NULL CHECK (group_name <> ''),
                        region TEXT NOT NULL,
                        outcome TEXT NOT NULL
                            CHECK (outcome IN ('in-sync', 'changed', 'partly-applied', 'failed', 'dry-run')),
                        CHECK (ended_at_ms >= started_at_ms)
                    );
                    CREATE INDEX push_run_by_start ON push_run(started_at_ms);
                    CREATE INDEX push_run_by_group ON push_run(group_name, started_at_ms);
                    CREATE TABLE push_call (
                        run_id INTEGER NOT NULL REFERENCES push_run(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL CHECK (position >= 0),
                        action TEXT NOT NULL CHECK (action <> ''),
                        succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1)),
                        detail TEXT NOT NULL,
                        PRIMARY KEY (run_id, position)
                    ) WITHOUT ROWID;
                    CREATE TABLE push_line (
                        run_id INTEGER NOT NULL REFERENCES push_run(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL CHECK (kind IN ('change', 'warning', 'error')),
                        position INTEGER NOT NULL CHECK (position >= 0),
                        text TEXT NOT NULL,
                        PRIMARY KEY (run_id, kind, position)
                    ) WITHOUT ROWID;
                    """)
        }
        // SQLite cannot alter a CHECK constraint, so the source table is rebuilt (the 12-step
        // procedure of sqlite.org/lang_altertable.html): GRDB runs the migration with foreign keys
        // off, so dropping the old table does not cascade to the events, and checks every foreign
        // key before it commits. The ids are copied, so every event keeps its source.
        migrator.registerMigration("v3: xlsx sources") { db in
            try db.execute(
                sql: """
                    CREATE TABLE new_source (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE CHECK (name <> ''),
                        kind TEXT NOT NULL CHECK (kind IN ('exam', 'window')),
                        format TEXT NOT NULL CHECK (format IN ('csv', 'ics', 'xlsx')),
                        path TEXT NOT NULL,
                        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
                        imported_at INTEGER NOT NULL
                    );
                    INSERT INTO new_source (id, name, kind, format, path, sha256, imported_at)
                        SELECT id, name, kind, format, path, sha256, imported_at FROM source;
                    DROP TABLE source;
                    ALTER TABLE new_source RENAME TO source;
                    """)
        }
        return migrator
    }

    // MARK: Writes

    /// Replaces each source's events with the given ones, all in one transaction: either every
    /// source is replaced or nothing changes.
    ///
    /// - Parameter unchanged: sources whose stored events are known to equal the given ones (the
    ///   caller compared them): only their source row (path, hash, format, import time) is
    ///   rewritten, not their events, so re-importing an unchanged file costs a row, not the
    ///   deletion and insertion of every event.
    public func replaceSources(_ imports: [SourceImport], unchanged: Set<String> = []) throws {
        try write { db in
            for source in imports {
                if unchanged.contains(source.name) {
                    try db.execute(
                        sql: "UPDATE source SET format = ?, path = ?, sha256 = ?, imported_at = ? WHERE name = ?",
                        arguments: [
                            source.format.rawValue, source.path, source.sha256, UTCFormat.seconds(source.importedAt),
                            source.name,
                        ])
                    if db.changesCount == 1 { continue }
                }
                try db.execute(sql: "DELETE FROM source WHERE name = ?", arguments: [source.name])
                try db.execute(
                    sql: "INSERT INTO source (name, kind, format, path, sha256, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        source.name, source.kind.rawValue, source.format.rawValue, source.path,
                        source.sha256, UTCFormat.seconds(source.importedAt),
                    ])
                let sourceID = db.lastInsertedRowID
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO event (source_id, kind, code, title, location, start_at, end_at, candidates,
                                           category, source_line)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                for e in source.events {
                    try insert.execute(arguments: [
                        sourceID, e.kind.rawValue, e.code, e.title, e.location, UTCFormat.seconds(e.start),
                        UTCFormat.seconds(e.end), e.candidates, e.category, e.sourceLine,
                    ])
                }
            }
        }
    }

    /// Removes a source and its events. Returns false if there was no such source.
    @discardableResult
    public func removeSource(named name: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM source WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    // MARK: Reads

    /// Events overlapping `[from, to)` (either bound may be nil), of `kind` if given, in
    /// listing order (`CalendarEvent.listingOrder`).
    public func events(from: Date? = nil, to: Date? = nil, kind: EventKind? = nil) throws -> [CalendarEvent] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let from {
            conditions.append("e.end_at > ?")
            _ = arguments.append(contentsOf: [UTCFormat.seconds(from)])
        }
        if let to {
            conditions.append("e.start_at < ?")
            _ = arguments.append(contentsOf: [UTCFormat.seconds(to)])
        }
        if let kind {
            conditions.append("e.kind = ?")
            _ = arguments.append(contentsOf: [kind.rawValue])
        }
        return try fetchEvents(where: conditions, arguments: arguments)
    }

    /// The events of source `name` in listing order; empty when there is no such source.
    public func events(source name: String) throws -> [CalendarEvent] {
        try fetchEvents(where: ["s.name = ?"], arguments: [name])
    }

    private func fetchEvents(where conditions: [String], arguments: StatementArguments) throws -> [CalendarEvent] {
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT e.kind, e.code, e.title, e.location, e.start_at, e.end_at, e.candidates, e.category,
                           e.source_line, s.name AS source
                    FROM event e JOIN source s ON s.id = e.source_id
                    \(filter)
                    ORDER BY e.start_at, e.end_at, e.kind, coalesce(e.code, ''), e.title, s.name, e.source_line
                    """, arguments: arguments)
            var events: [CalendarEvent] = []
            // By position, in the SELECT's order: a lookup by name hashes the name on every read.
            while let row = try rows.next() {
                let kindText: String = row[0]
                events.append(
                    CalendarEvent(
                        kind: EventKind(rawValue: kindText) ?? .exam,
                        code: row[1], title: row[2], location: row[3],
                        start: UTCFormat.date(row[4]), end: UTCFormat.date(row[5]),
                        candidates: row[6], category: row[7], source: row[9], sourceLine: row[8]))
            }
            return events
        }
    }

    /// Every imported source, by name.
    public func sources() throws -> [SourceRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.name, s.kind, s.format, s.path, s.sha256, s.imported_at,
                           count(e.id) AS event_count, min(e.start_at) AS first_start, max(e.end_at) AS last_end
                    FROM source s LEFT JOIN event e ON e.source_id = s.id
                    GROUP BY s.id ORDER BY s.name
                    """
            ).map { row in
                let first: Int64? = row["first_start"]
                let last: Int64? = row["last_end"]
                return SourceRecord(
                    name: row["name"], kind: EventKind(rawValue: row["kind"]) ?? .exam,
                    format: SourceFormat(rawValue: row["format"]) ?? .ics, path: row["path"],
                    sha256: row["sha256"], importedAt: UTCFormat.date(row["imported_at"]),
                    eventCount: row["event_count"], firstStart: first.map(UTCFormat.date),
                    lastEnd: last.map(UTCFormat.date))
            }
        }
    }

    // MARK: Access

    /// One transaction that writes, through the error funnel.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try Self.mappingErrors(at: path) { try writer.write(updates) }
    }

    /// One read, through the error funnel.
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        try Self.mappingErrors(at: path) { try writer.read(value) }
    }
}
