import TermscaleCore

#if canImport(Glibc)
    import Glibc
#endif

/// What makes a text input unreadable before any parsing: a NUL byte (the file is binary, or
/// damaged) or a line longer than `maxLineBytes` (no timetable row or calendar property comes
/// near it; reading one would only spend memory and time).
///
/// Both are found with `memchr` over the bytes, so a well-formed file costs one pass at memory
/// speed. Lines end at LF, CRLF or a lone CR, as the readers count them.
public enum InputDamage {
    /// 1 MiB: the longest line any reader accepts (an iCalendar line after unfolding, a CSV line).
    public static let maxLineBytes = 1 << 20

    /// The first NUL byte and the first line over `maxLineBytes`, each as a diagnostic at its
    /// line; empty for a sound file.
    /// - Parameter checksNUL: false for text whose encoding has NUL bytes (UTF-16).
    public static func diagnostics(_ bytes: [UInt8], file: String, checksNUL: Bool = true) -> [Diagnostic] {
        bytes.withUnsafeBufferPointer { buffer in
            var found: [Diagnostic] = []
            if checksNUL, let offset = firstNUL(buffer) {
                found.append(
                    Diagnostic(
                        file: file, line: line(at: offset, in: buffer), field: nil,
                        message: "contains a NUL byte (0x00), which no text timetable, calendar or CSV has: "
                            + "the file is binary or damaged; check it is the file meant, and export it again"))
            }
            if let (offset, length) = firstLongLine(buffer) {
                found.append(
                    Diagnostic(
                        file: file, line: line(at: offset, in: buffer), field: nil,
                        message: "the line is \(length.groupedThousands) bytes long, more than the 1 MiB "
                            + "(\(maxLineBytes.groupedThousands) bytes) termscale reads in one line: the file is damaged, "
                            + "or not a timetable or calendar"))
            }
            return found.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        }
    }

    /// Throws the `diagnostics` of `bytes`, if any.
    public static func refuse(_ bytes: [UInt8], file: String, checksNUL: Bool = true) throws {
        let found = diagnostics(bytes, file: file, checksNUL: checksNUL)
        if !found.isEmpty { throw DiagnosticsError(found) }
    }

    /// `refuse` for a CSV file, which may be UTF-16 (with a byte-order mark), whose NUL bytes are
    /// half its characters: there only the line length is checked.
    public static func refuse(csv bytes: [UInt8], file: String) throws {
        try refuse(bytes, file: file, checksNUL: ByteOrderMark.utf16LittleEndian(bytes) == nil)
    }

    private static func firstNUL(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = b.baseAddress, let hit = memchr(base, 0, b.count) else { return nil }
        return UnsafeRawPointer(base).distance(to: hit)
    }

    /// Offset and length of the first line longer than `maxLineBytes`.
    private static func firstLongLine(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        guard b.count > maxLineBytes, let base = b.baseAddress else { return nil }
        var start = 0
        while start < b.count {
            let hit = memchr(base + start, Int32(UInt8(ascii: "\n")), b.count - start)
            let end = hit.map { UnsafeRawPointer(base).distance(to: $0) } ?? b.count
            if end - start > maxLineBytes {
                // Only a long stretch without LF is split at CRs (lone-CR line endings).
                var lineStart = start
                for i in start...end where i == end || b[i] == UInt8(ascii: "\r") {
                    if i - lineStart > maxLineBytes { return (lineStart, i - lineStart) }
                    lineStart = i + 1
                }
            }
            start = end + 1
        }
        return nil
    }

    /// 1-based line of the byte at `offset` (LF, CRLF and lone CR each end a line).
    static func line(at offset: Int, in b: UnsafeBufferPointer<UInt8>) -> Int {
        var line = 1
        var i = 0
        while i < offset {
            if b[i] == UInt8(ascii: "\n") {
                line += 1
            } else if b[i] == UInt8(ascii: "\r") && (i + 1 >= b.count || b[i + 1] != UInt8(ascii: "\n")) {
                line += 1
            }
            i += 1
        }
        return line
    }
}
