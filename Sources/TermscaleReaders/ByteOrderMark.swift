/// The UTF-8 byte order mark (EF BB BF), which Windows tools (Excel's "CSV UTF-8", Notepad) put
/// at the start of a text file. Every reader skips it before reading.
enum ByteOrderMark {
    static let utf8: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// How many bytes at the start of `bytes` are a UTF-8 BOM: 3 or 0.
    static func utf8Length<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Int {
        bytes.starts(with: utf8) ? utf8.count : 0
    }

    /// Whether `bytes` start with a UTF-16 BOM, and in which byte order: true little-endian
    /// (FF FE), false big-endian (FE FF), nil for none.
    static func utf16LittleEndian(_ bytes: [UInt8]) -> Bool? {
        guard bytes.count >= 2 else { return nil }
        switch (bytes[0], bytes[1]) {
        case (0xFF, 0xFE): return true
        case (0xFE, 0xFF): return false
        default: return nil
        }
    }
}
