import Foundation
import TermscaleCore

extension SourceFormat {
    /// The format of a file from its name, else its content: `.csv`/`.tsv`/`.txt` → CSV,
    /// `.ics`/`.ical`/`.icalendar`/`.ifb` → iCalendar (any case); any other name is iCalendar
    /// if the content starts with `BEGIN:VCALENDAR` (any case, after a UTF-8 BOM and blank
    /// lines), else CSV.
    public static func detect(path: String, bytes: [UInt8]) -> SourceFormat {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv", "tsv", "txt": return .csv
        case "ics", "ical", "icalendar", "ifb": return .ics
        default:
            let head = bytes.prefix(64).dropFirst(ByteOrderMark.utf8Length(bytes))
            let text = String(decoding: head, as: UTF8.self).drop(while: { $0.isWhitespace || $0.isNewline })
            return text.uppercased().hasPrefix("BEGIN:VCALENDAR") ? .ics : .csv
        }
    }
}
