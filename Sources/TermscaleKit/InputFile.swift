import Foundation
import TermscaleCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads an input file whole, refusing one larger than termscale reads before reading any of it.
///
/// A file's size comes from seeking to its end, so a 1 GB calendar costs no memory and no time
/// to refuse; a pipe has no size, so it is read up to one byte past the limit and no further. Every limit is far above any real input (a year's exam timetable of a large
/// university is under 5 MiB as iCalendar) and documented in the README's "Limits".
public enum InputFile {
    /// The most bytes termscale reads from one file of a kind, and how messages name the kind.
    public struct Limit: Sendable, Equatable {
        public var bytes: Int
        /// "a calendar or timetable", "a policy".
        public var kind: String

        public init(bytes: Int, kind: String) {
            self.bytes = bytes
            self.kind = kind
        }

        /// 64 MiB: calendars, timetables, load profiles and late-changes lists.
        public static let calendar = Limit(bytes: 64 << 20, kind: "a calendar or timetable")
        /// 1 MiB: policy files (a real one is under 4 KiB).
        public static let policy = Limit(bytes: 1 << 20, kind: "a policy")
    }

    /// The bytes of the file at `path`.
    /// - Throws: `TermscaleError.unreadableInput` (exit 66) when the file is missing, a folder or
    ///   not readable; `.invalidInput` (exit 65) naming the file and the limit when it is larger.
    public static func read(_ path: String, limit: Limit) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw unreadable(path, errno: errno) }
        defer { close(fd) }
        // A folder opens, but refuses even an empty read.
        var probe: UInt8 = 0
        if Glibc.read(fd, &probe, 0) < 0 { throw unreadable(path, errno: errno) }
        // A file has a size to seek to (no `fstat`: its struct's fields reach Swift through
        // whichever C module imported <sys/stat.h> first, which MemberImportVisibility then asks
        // this file to import); a pipe or terminal cannot seek.
        let size = lseek(fd, 0, SEEK_END)
        let isSeekable = size >= 0
        if isSeekable {
            if Int(size) > limit.bytes { throw tooLarge(path, limit: limit, size: Int(size)) }
            guard lseek(fd, 0, SEEK_SET) == 0 else { throw unreadable(path, errno: errno) }
        }
        // A file is read in one go at its size (plus one byte, to notice it growing past the
        // limit meanwhile); a stream in chunks.
        var bytes: [UInt8] = []
        // A stream's whole room at once: untouched pages cost no memory, and it never grows by copying.
        bytes.reserveCapacity(isSeekable ? Int(size) + 1 : limit.bytes + 1)
        var chunk = [UInt8](
            repeating: 0, count: isSeekable ? min(max(Int(size) + 1, 64 << 10), limit.bytes + 1) : 64 << 10)
        while bytes.count <= limit.bytes {
            let wanted = min(chunk.count, limit.bytes + 1 - bytes.count)
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, wanted) }
            if got < 0 {
                if errno == EINTR { continue }
                throw unreadable(path, errno: errno)
            }
            if got == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<got])
        }
        throw tooLarge(path, limit: limit, size: nil)
    }

    /// A reader of files of one kind, for the `readFile` of the loaders and the importer.
    public static func reader(_ limit: Limit) -> @Sendable (String) throws -> [UInt8] {
        { try read($0, limit: limit) }
    }

    private static func unreadable(_ path: String, errno code: Int32) -> TermscaleError {
        let reason =
            switch code {
            case ENOENT, ENOTDIR: "no such file"
            case EACCES, EPERM: "permission denied"
            case EISDIR: "is a folder"
            default: String(cString: strerror(code))
            }
        return .unreadableInput(path: path, reason: reason)
    }

    /// `size`: the file's size, or nil for a stream that went on past the limit.
    static func tooLarge(_ path: String, limit: Limit, size: Int?) -> TermscaleError {
        // In bytes when it is so near the limit that MiB would hardly tell them apart.
        let shown = size.map { $0 < limit.bytes + limit.bytes / 10 ? "\($0.groupedThousands) bytes" : mebibytes($0) }
        let what = shown.map { "is \($0)" } ?? "goes on past \(mebibytes(limit.bytes))"
        return .invalidInput(
            DiagnosticsError([
                Diagnostic(
                    file: path, line: nil, field: nil,
                    message: "\(what), more than termscale reads from \(limit.kind) (\(mebibytes(limit.bytes))); "
                        + "is it the right file? Split a larger one, or leave out what termscale does not need")
            ]))
    }

    /// `1048576` → `1 MiB`, `209715200` → `200 MiB`, `1610612736` → `1.5 GiB`.
    static func mebibytes(_ bytes: Int) -> String {
        let gib = Double(bytes) / Double(1 << 30)
        if gib >= 1 { return gib == gib.rounded() ? "\(Int(gib)) GiB" : String(format: "%.1f GiB", gib) }
        let mib = Double(bytes) / Double(1 << 20)
        return mib == mib.rounded() || mib >= 10 ? "\(Int(mib.rounded())) MiB" : String(format: "%.1f MiB", mib)
    }
}
