/// Splits CSV bytes into records (RFC 4180), remembering the physical line each record starts on.
///
/// Lenient where spreadsheets are sloppy: a leading UTF-8 BOM is dropped; CRLF, LF and lone CR all
/// end a line; spaces before an opening quote are dropped; a quote inside an unquoted field, or
/// text after a closing quote, is kept as text.
/// Blank lines are skipped. The one error is a quoted field that never closes, reported at the
/// line where it opened. Works on bytes throughout: `,`, `;`, tab, `"`, CR and LF never occur
/// inside a multi-byte UTF-8 sequence.
struct CSVParser {
    /// One record: its fields and the 1-based physical line it starts on.
    struct Record: Equatable {
        var line: Int
        var fields: [String]

        /// True when every field is empty or spaces, e.g. a `,,,,` row a spreadsheet left behind.
        var isEffectivelyBlank: Bool {
            fields.allSatisfy { $0.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        }
    }

    /// A structural problem in the file.
    struct Problem: Equatable {
        var line: Int
        var message: String
    }

    struct Output {
        var records: [Record]
        var problems: [Problem]
        /// The separator used (`,`, `;` or tab).
        var separator: UInt8
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")

    /// Parses `bytes`. The separator is `,` unless the first line clearly uses `;` or tab
    /// (more of them than commas, outside quotes).
    static func parse(_ bytes: [UInt8]) -> Output {
        let start = ByteOrderMark.utf8Length(bytes)
        let separator = detectSeparator(bytes, from: start)

        var records: [Record] = []
        var problems: [Problem] = []
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(64)
        var line = 1
        var recordLine = 1
        var recordHasContent = false // false while the current line is still empty
        var i = start
        let n = bytes.count

        func endRecord() {
            if recordHasContent {
                fields.append(String(decoding: field, as: UTF8.self))
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field.removeAll(keepingCapacity: true)
            recordHasContent = false
        }

        while i < n {
            let byte = bytes[i]
            if byte == quote && field.allSatisfy({ $0 == space }) {
                // A quoted field: read to the closing quote, across separators and newlines.
                // Spaces before the quote (`a, "b, c"`) are dropped, as hand-written files have them.
                field.removeAll(keepingCapacity: true)
                if !recordHasContent {
                    recordLine = line
                    recordHasContent = true
                }
                let openedOn = line
                var j = i + 1
                var closed = false
                while j < n {
                    let b = bytes[j]
                    if b == quote {
                        if j + 1 < n && bytes[j + 1] == quote {
                            field.append(quote)
                            j += 2
                            continue
                        }
                        closed = true
                        j += 1
                        break
                    }
                    if b == cr || b == lf {
                        line += 1
                        // Newlines inside a field are kept as LF whatever the file uses.
                        field.append(lf)
                        j += (b == cr && j + 1 < n && bytes[j + 1] == lf) ? 2 : 1
                        continue
                    }
                    field.append(b)
                    j += 1
                }
                if !closed {
                    problems.append(
                        Problem(
                            line: openedOn,
                            message: "a quoted field opened on this line is never closed, so the rest of the file "
                                + "was swallowed by it; add the closing \" (and write any \" inside the field as \"\")"))
                    // Drop the broken record: its fields cannot be trusted.
                    fields = []
                    field.removeAll()
                    recordHasContent = false
                    i = n
                    break
                }
                i = j
                continue
            }
            if byte == separator {
                if !recordHasContent {
                    recordLine = line
                    recordHasContent = true
                }
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                i += 1
                continue
            }
            if byte == cr || byte == lf {
                endRecord()
                line += 1
                i += (byte == cr && i + 1 < n && bytes[i + 1] == lf) ? 2 : 1
                continue
            }
            if !recordHasContent {
                recordLine = line
                recordHasContent = true
            }
            // Fast path: copy the run of ordinary bytes in one go (up to a quote, which may open a
            // quoted field after spaces).
            var j = i + 1
            while j < n {
                let b = bytes[j]
                if b == separator || b == cr || b == lf || b == quote { break }
                j += 1
            }
            field.append(contentsOf: bytes[i..<j])
            i = j
        }
        endRecord()
        return Output(records: records, problems: problems, separator: separator)
    }

    /// `;` or tab when the first non-blank line has more of it than commas (outside quotes),
    /// else `,`.
    static func detectSeparator(_ bytes: [UInt8], from start: Int) -> UInt8 {
        var commas = 0
        var semicolons = 0
        var tabs = 0
        var inQuotes = false
        var seenContent = false
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if b == cr || b == lf {
                    if seenContent { break }
                } else {
                    seenContent = true
                    if b == UInt8(ascii: ",") {
                        commas += 1
                    } else if b == UInt8(ascii: ";") {
                        semicolons += 1
                    } else if b == UInt8(ascii: "\t") {
                        tabs += 1
                    }
                }
            }
            i += 1
        }
        if tabs > commas && tabs >= semicolons { return UInt8(ascii: "\t") }
        if semicolons > commas { return UInt8(ascii: ";") }
        return UInt8(ascii: ",")
    }
}
