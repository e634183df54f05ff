/// Brings a CSV file's bytes to UTF-8, whatever spreadsheet saved it.
///
/// UTF-8 (with or without BOM) passes through untouched. UTF-16 with a BOM (Excel's "Unicode
/// Text") is transcoded. Anything else that is not valid UTF-8 is read as Windows-1252, the
/// encoding older Excel versions on Windows save "CSV" in; the caller should warn, since a
/// guess was made.
enum CSVTextEncoding {
    /// How the bytes were read.
    enum Detected: Equatable {
        case utf8
        case utf16
        case windows1252
    }

    static func utf8(_ bytes: [UInt8]) -> (bytes: [UInt8], detected: Detected) {
        if let littleEndian = ByteOrderMark.utf16LittleEndian(bytes) {
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 2
            while i + 1 < bytes.count {
                let (low, high) = littleEndian ? (bytes[i], bytes[i + 1]) : (bytes[i + 1], bytes[i])
                units.append(UInt16(high) << 8 | UInt16(low))
                i += 2
            }
            return (Array(String(decoding: units, as: UTF16.self).utf8), .utf16)
        }
        if String(validating: bytes, as: UTF8.self) != nil { return (bytes, .utf8) }
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = (0x80...0x9F).contains(byte) ? windows1252High[Int(byte) - 0x80] : UInt32(byte)
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return (Array(String(scalars).utf8), .windows1252)
    }

    /// Windows-1252's 0x80–0x9F (where it differs from Latin-1); undefined bytes become U+FFFD.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD,
        0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
