import Foundation
import TermscaleTestSupport
import Testing

/// Every way the database can fail, as a user meets it: exit 74, one message that names the
/// database and says what to do, and the database file byte-for-byte as it was.
///
/// Other programs' databases and locks are made with python3's sqlite3 module, which the test
/// machine has (moto_server runs on it).
@Suite struct StorageFailureEndToEndTests {
    /// `count` exam sessions with codes `prefix1000`, `prefix1001`, …, spread over January 2027.
    static func examsCSV(count: Int, prefix: String) -> String {
        var lines = ["Exam Date,Start Time,Duration,Module Code,Module Title,Venue,No. of Candidates"]
        for i in 0..<count {
            let day = 4 + i % 20
            let hour = 9 + i % 8
            lines.append(
                "\(day < 10 ? "0" : "")\(day)/01/2027,\(hour < 10 ? "0" : "")\(hour):00,2h,"
                    + "\(prefix)\(1000 + i),Module \(i) of the January timetable,Hall \(i % 7),\(100 + i)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A database made by a real import of the January timetable.
    func importedDatabase(in tmp: TemporaryFolder, exams: Int? = nil) throws -> String {
        let db = tmp.path("state.sqlite")
        let csv = try tmp.write(
            "jan.csv",
            exams.map { Self.examsCSV(count: $0, prefix: "JAN") }
                ?? ImportEndToEndTests.januaryCSV)
        let result = try TermscaleBinary.run(["import", csv, "--db", db])
        try #require(result.exitCode == 0, "\(result.stderr)")
        return db
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Runs `arguments` and expects exit 74 with exactly `message`, and nothing on stdout.
    func expectStorageFailure(
        _ arguments: [String], _ message: String, launcher: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try TermscaleBinary.run(arguments, launcher: launcher, sourceLocation: sourceLocation)
        #expect(result.exitCode == 74, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr == message + "\n", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func importWhileAnotherProcessHoldsTheWriteLockFailsAsLocked() throws {
        let tmp = try TemporaryFolder()
        let db = try importedDatabase(in: tmp)
        let before = try bytes(db)
        let february = try tmp.write("feb.csv", Self.examsCSV(count: 3, prefix: "FEB"))
        let holder = try SQLiteLockHolder(path: db)
        defer { holder.release() }

        // Readers may still read while another process holds the write lock …
        let sources = try TermscaleBinary.run(["sources", "--db", db, "--format", "json"])
        #expect(sources.exitCode == 0, "\(sources.stderr)")
        #expect(sources.stdout.contains("\"name\": \"jan.csv\""))
        #expect(sources.stdout.contains("\"events\": 3"))
        // … but the import's write waits out the busy timeout, then fails.
        try expectStorageFailure(
            ["import", february, "--db", db],
            "database \(db): locked by another process (another termscale run, or a tool such as sqlite3 "
                + "in a transaction); wait for it to finish and run again, or find it with: lsof \(db)")
        holder.release()
        #expect(try bytes(db) == before)
    }

    @Test func importIntoADatabaseThisUserCannotWriteFailsAsReadOnly() throws {
        let tmp = try TemporaryFolder()
        let db = try importedDatabase(in: tmp)
        let february = try tmp.write("feb.csv", Self.examsCSV(count: 3, prefix: "FEB"))
        // File modes do not stop root: as root, run termscale as nobody, who may read but not write.
        let isRoot = geteuid() == 0
        let setpriv = "/usr/bin/setpriv"
        if isRoot {
            try #require(FileManager.default.isExecutableFile(atPath: setpriv), "running as root needs \(setpriv) (util-linux)")
        }
        let launcher = isRoot ? [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        let message =
            "database \(db): cannot write: the file or its folder is not writable by this user; "
            + "fix the permissions, or pass --db with a path this user can write"
        #expect(chmod(tmp.url.path, 0o755) == 0)
        defer { chmod(tmp.url.path, 0o755) }

        // The file is read-only (SQLITE_READONLY).
        #expect(chmod(db, isRoot ? 0o644 : 0o444) == 0)
        let before = try bytes(db)
        let sources = try TermscaleBinary.run(["sources", "--db", db, "--format", "json"], launcher: launcher)
        #expect(sources.exitCode == 0, "reading needs no write access: \(sources.stderr)")
        #expect(sources.stdout.contains("\"name\": \"jan.csv\""))
        try expectStorageFailure(["import", february, "--db", db], message, launcher: launcher)
        #expect(try bytes(db) == before)

        // The file is writable but its folder is not, so SQLite cannot create its journal
        // (SQLITE_READONLY_DIRECTORY).
        #expect(chmod(db, isRoot ? 0o666 : 0o644) == 0)
        if !isRoot { #expect(chmod(tmp.url.path, 0o555) == 0) }
        try expectStorageFailure(["import", february, "--db", db], message, launcher: launcher)
        #expect(try bytes(db) == before)
        #expect(!FileManager.default.fileExists(atPath: db + "-journal"))
    }

    @Test func damagedPagesAreFoundByLaterQueriesAsCorrupt() throws {
        let tmp = try TemporaryFolder()
        let db = try importedDatabase(in: tmp, exams: 400)
        // Pages 1–8 hold the schema and the tables' roots (sqlite_master, grdb_migrations and its
        // index, source and its index, event and its two indexes), so the store opens; every page
        // after them holds events, and is overwritten with bytes that are no valid b-tree page.
        var file = try bytes(db)
        let pageSize = Int(file[16]) << 8 | Int(file[17])
        try #require(pageSize == 4096 && file.count / pageSize > 12, "\(file.count) bytes in pages of \(pageSize)")
        file.replaceSubrange((8 * pageSize)..., with: Data(repeating: 0xFF, count: file.count - 8 * pageSize))
        try file.write(to: URL(fileURLWithPath: db))
        let message =
            "database \(db): the file is corrupt (SQLite found damaged pages); restore it from a backup, "
            + "or pass --db with a new path and import the calendars again"

        try expectStorageFailure(["calendar", "--db", db], message)
        try expectStorageFailure(["sources", "--db", db], message)
        let february = try tmp.write("feb.csv", Self.examsCSV(count: 3, prefix: "FEB"))
        try expectStorageFailure(["import", february, "--db", db], message)
        #expect(try bytes(db) == file)
    }

    @Test func importThatFindsNoRoomFailsAsDiskFull() throws {
        let tmp = try TemporaryFolder()
        let db = try importedDatabase(in: tmp)
        let before = try bytes(db)
        let big = try tmp.write("big.csv", Self.examsCSV(count: 1500, prefix: "BIG"))
        // The file-size limit is the database's size in 512-byte blocks (dash's unit; bash's
        // 1024-byte blocks give twice the room, still far less than 1500 sessions need). Writes
        // past it fail with EFBIG, which SQLite reports as SQLITE_IOERR_WRITE; SIGXFSZ is ignored
        // so the write fails instead of killing the process.
        let launcher = ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f \(before.count / 512); exec \"$0\" \"$@\""]
        try expectStorageFailure(
            ["import", big, "--db", db],
            "database \(db): cannot write: no space left (the disk is full, or a quota or file-size limit "
                + "was reached); free some space and run again",
            launcher: launcher)
        #expect(try bytes(db) == before)
        #expect(!FileManager.default.fileExists(atPath: db + "-journal"))
        let sources = try TermscaleBinary.run(["sources", "--db", db, "--format", "json"])
        #expect(sources.exitCode == 0)
        #expect(sources.stdout.contains("\"name\": \"jan.csv\""))
        #expect(!sources.stdout.contains("big.csv"))
    }

    @Test func aFileThatIsNotSQLiteIsNotATermscaleDatabase() throws {
        let tmp = try TemporaryFolder()
        let notes = try tmp.write("notes.txt", "Things to remember before the January exams.\n")
        let before = try bytes(notes)
        let csv = try tmp.write("jan.csv", ImportEndToEndTests.januaryCSV)
        let message =
            "database \(notes): not an SQLite database; pass --db with the path of termscale's database, "
            + "or a new path to start one"
        try expectStorageFailure(["sources", "--db", notes], message)
        try expectStorageFailure(["import", csv, "--db", notes], message)
        #expect(try bytes(notes) == before)
    }

    @Test func anotherApplicationsSQLiteDatabaseIsLeftUnchanged() throws {
        let tmp = try TemporaryFolder()
        let other = tmp.path("bookmarks.sqlite")
        try python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript("CREATE TABLE bookmark (id INTEGER PRIMARY KEY, url TEXT);"
                             "CREATE TABLE tag (name TEXT);"
                             "INSERT INTO bookmark (url) VALUES ('https://example.org');")
            db.close()
            """, other)
        let before = try bytes(other)
        let csv = try tmp.write("jan.csv", ImportEndToEndTests.januaryCSV)
        let message =
            "database \(other): an SQLite database of another application (tables: bookmark, tag), "
            + "not termscale's; it was left unchanged. Pass --db with the path of termscale's database, "
            + "or a new path to start one"
        try expectStorageFailure(["import", csv, "--db", other], message)
        try expectStorageFailure(["calendar", "--db", other], message)
        #expect(try bytes(other) == before)
    }

    @Test func aDatabaseFromANewerTermscaleIsNeverWritten() throws {
        let tmp = try TemporaryFolder()
        let db = try importedDatabase(in: tmp)
        try python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v2: rooms')")
            db.commit()
            db.close()
            """, db)
        let before = try bytes(db)
        let february = try tmp.write("feb.csv", Self.examsCSV(count: 3, prefix: "FEB"))
        let message =
            "database \(db): written by a newer termscale (unknown schema migrations: 'v2: rooms'); "
            + "it was left unchanged. Upgrade termscale to use this database"
        try expectStorageFailure(["import", february, "--db", db], message)
        try expectStorageFailure(["sources", "--db", db], message)
        #expect(try bytes(db) == before)
    }

    /// Runs a python3 script with `arguments` and requires it to succeed.
    func python(_ script: String, _ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(
            process.terminationStatus == 0, "python3: \(String(decoding: message, as: UTF8.self))",
            sourceLocation: sourceLocation)
    }
}

/// Another process (python3's sqlite3) that holds the database's write lock — `BEGIN IMMEDIATE`,
/// as another termscale import does while it writes — until `release()`.
final class SQLiteLockHolder {
    private let process = Process()
    private let input = Pipe()

    init(path: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            sys.stdin.read()
            db.execute("ROLLBACK")
            """, path,
        ]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var said = Data()
        while !said.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += chunk
        }
        try #require(String(decoding: said, as: UTF8.self) == "locked\n", "python3 did not take the lock")
    }

    deinit { release() }

    /// Ends the other process's transaction and waits for it to exit. Idempotent.
    func release() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
