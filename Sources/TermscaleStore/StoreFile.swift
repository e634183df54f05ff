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
            if let failure = makeFolder(folder) {
                throw StoreError.cannotCreate(path: path, reason: "\(folder): \(String(cString: strerror(failure)))")
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

    /// Makes `folder` (0700) and its missing parents; the `errno` of the first failure, or nil.
    /// A folder made meanwhile by another process counts as made.
    private static func makeFolder(_ folder: String) -> Int32? {
        if mkdir(folder, 0o700) == 0 { return nil }
        let failure = errno
        if failure == EEXIST && isFolder(folder) { return nil }
        let parent = (folder as NSString).deletingLastPathComponent
        guard failure == ENOENT, !parent.isEmpty, parent != folder else { return failure }
        if let parentFailure = makeFolder(parent) { return parentFailure }
        if mkdir(folder, 0o700) == 0 { return nil }
        let retryFailure = errno
        return retryFailure == EEXIST && isFolder(folder) ? nil : retryFailure
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
