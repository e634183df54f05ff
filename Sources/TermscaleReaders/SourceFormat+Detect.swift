import Foundation
import TermscaleCore

extension SourceFormat {
    /// The format of a file from its name, else its content: `.csv`/`.tsv`/`.txt` → CSV,
    /// `.ics`/`.ical`/`.icalendar`/`.ifb` → iCalendar, `.xlsx`/`.xlsm` → XLSX (any case); any
    /// other name is XLSX if the content is a ZIP file with an `xl/workbook.xml`, iCalendar if
    /// it starts with `BEGIN:VCALENDAR` (any case, after a UTF-8 BOM and blank lines), else CSV.
    public static func detect(path: String, bytes: [UInt8]) -> SourceFormat {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "csv", "tsv", "txt": return .csv
        case "ics", "ical", "icalendar", "ifb": return .ics
        case "xlsx", "xlsm": return .xlsx
        default:
            if XLSXWorkbook.isWorkbook(bytes) { return .xlsx }
            let head = bytes.prefix(64).dropFirst(ByteOrderMark.utf8Length(bytes))
            let text = String(decoding: head, as: UTF8.self).drop(while: { $0.isWhitespace || $0.isNewline })
            return text.uppercased().hasPrefix("BEGIN:VCALENDAR") ? .ics : .csv
        }
    }
}
