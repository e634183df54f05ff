import Foundation
import TermscaleStore

/// Opening the store at a resolved path, with failures turned into `TermscaleError.storage`.
/// The store's later reads and writes throw `StoreError`, which `TermscaleError(reporting:)` maps
/// the same way.
public enum StoreAccess {
    /// The store at `path`, created if missing.
    public static func openForWriting(path: String) throws -> CalendarStore {
        do {
            return try CalendarStore.open(path: path)
        } catch let error as StoreError {
            throw TermscaleError(error)
        }
    }

    /// The store at `path` if the file exists; otherwise an empty one in memory, so reading
    /// commands never create a database as a side effect.
    public static func openForReading(path: String) throws -> CalendarStore {
        do {
            if FileManager.default.fileExists(atPath: path) {
                return try CalendarStore.open(path: path)
            }
            return try CalendarStore.inMemory()
        } catch let error as StoreError {
            throw TermscaleError(error)
        }
    }
}
