import Foundation
import GRDB

/// Why the database could not be opened, read or written. Each message names the database and
/// says what to do next.
public enum StoreError: Error, Equatable, LocalizedError, CustomStringConvertible {
    /// Another process held a lock for longer than the busy timeout (SQLITE_BUSY, SQLITE_LOCKED).
    case locked(path: String)
    /// The file or its folder cannot be written by this user (SQLITE_READONLY and its variants).
    case readOnly(path: String)
    /// The file cannot be opened at all, usually because it is not readable (SQLITE_CANTOPEN).
    case cannotOpen(path: String)
    /// SQLite found damaged pages (SQLITE_CORRUPT), at open or later in a query.
    case corrupt(path: String)
    /// A write found no room: SQLITE_FULL (the disk is full) or SQLITE_IOERR_WRITE, which is
    /// what SQLite reports when `write(2)` fails with EFBIG (file-size limit) or EDQUOT (quota).
    case diskFull(path: String)
    /// The file is not an SQLite database at all (SQLITE_NOTADB).
    case notADatabase(path: String)
    /// A valid SQLite database that belongs to another application: it has tables but no
    /// termscale schema. termscale refuses it before migrating, so it is never modified.
    case foreignDatabase(path: String, tables: [String])
    /// The database was migrated by a newer termscale: `grdb_migrations` holds identifiers this
    /// version does not know. Nothing is written to it.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The database's folder is a file (or something else that is not a folder).
    case notAFolder(path: String, folder: String)
    /// The database file (or its folder) could not be created.
    case cannotCreate(path: String, reason: String)
    /// Any other SQLite failure, with its extended result code and message.
    case sqlite(path: String, code: Int32, message: String)

    /// The database the error is about, as given (":memory:" for a store in memory).
    public var path: String {
        switch self {
        case .locked(let path), .readOnly(let path), .cannotOpen(let path), .corrupt(let path),
            .diskFull(let path), .notADatabase(let path), .foreignDatabase(let path, _),
            .newerSchema(let path, _), .notAFolder(let path, _), .cannotCreate(let path, _),
            .sqlite(let path, _, _):
            return path
        }
    }

    /// What went wrong and what to do, without the path (`description` leads with it).
    public var reason: String {
        switch self {
        case .locked:
            return "locked by another process (another termscale run, or a tool such as sqlite3 "
                + "in a transaction); wait for it to finish and run again, or find it with: lsof \(path)"
        case .readOnly:
            return "cannot write: the file or its folder is not writable by this user; fix the permissions, "
                + "or pass --db with a path this user can write"
        case .cannotOpen:
            return "cannot open the file: check that this user can read and write it and its folder, "
                + "or pass --db with another path"
        case .corrupt:
            return "the file is corrupt (SQLite found damaged pages); restore it from a backup, "
                + "or pass --db with a new path and import the calendars again"
        case .diskFull:
            return "cannot write: no space left (the disk is full, or a quota or file-size limit was reached); "
                + "free some space and run again"
        case .notADatabase:
            return "not an SQLite database; pass --db with the path of termscale's database, "
                + "or a new path to start one"
        case .foreignDatabase(_, let tables):
            let shown =
                tables.prefix(5).joined(separator: ", ")
                + (tables.count > 5 ? " and \(tables.count - 5) more" : "")
            return "an SQLite database of another application (tables: \(shown)), not termscale's; "
                + "it was left unchanged. Pass --db with the path of termscale's database, or a new path to start one"
        case .newerSchema(_, let unknown):
            return "written by a newer termscale (unknown schema migrations: "
                + unknown.map { "'\($0)'" }.joined(separator: ", ")
                + "); it was left unchanged. Upgrade termscale to use this database"
        case .notAFolder(_, let folder):
            return "\(folder) is not a folder; choose another --db path"
        case .cannotCreate(_, let reason):
            return "cannot create it: \(reason); check the folder's permissions, or pass --db with another path"
        case .sqlite(_, let code, let message):
            return "SQLite error \(code) (\(message)); check the file and its disk, then run again"
        }
    }

    public var description: String { "database \(path): \(reason)" }

    public var errorDescription: String? { description }
}

extension StoreError {
    /// The failure SQLite's `error` means for the database at `path`, chosen by result code.
    init(_ error: DatabaseError, path: String) {
        switch error.extendedResultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .locked(path: path)
        case .SQLITE_READONLY: self = .readOnly(path: path)
        case .SQLITE_CANTOPEN: self = .cannotOpen(path: path)
        case .SQLITE_CORRUPT: self = .corrupt(path: path)
        case .SQLITE_FULL, .SQLITE_IOERR_WRITE: self = .diskFull(path: path)
        case .SQLITE_NOTADB: self = .notADatabase(path: path)
        default:
            self = .sqlite(
                path: path, code: error.extendedResultCode.rawValue,
                message: error.message ?? "no message")
        }
    }
}
