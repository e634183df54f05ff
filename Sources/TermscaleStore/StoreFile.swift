import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// File-system preparation of the database path: private folder and file modes.
enum StoreFile {
    /// Creates the folder (0700) and an empty file (0600) at `path` if they do not exist, so
    /// SQLite never creates the database with the process umask.
    static func prepare(path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.cannotCreate(path: path, reason: "cannot create the folder \(folder)")
            }
        } else if !isDirectory.boolValue {
            throw StoreError.notAFolder(path: path, folder: folder)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw StoreError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
