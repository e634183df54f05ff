import TermscaleCore

extension CSVTimetableReader {
    /// Per-row bookkeeping shared by the exam and window readers: field access, diagnostics and
    /// zone resolution (memoised, since timetables repeat the same few start times).
    struct RowContext {
        let layout: CSVColumnLayout
        let options: ReaderOptions
        let file: String
        /// A workbook sheet's reference name: diagnostics then name the field's cell.
        let sheet: String?
        private(set) var diagnostics: [Diagnostic] = []
        private var line = 0
        private var problemsBeforeRow = 0
        private var resolved: [Int64: Result<Int64, TransitionError>] = [:]

        init(layout: CSVColumnLayout, options: ReaderOptions, file: String, sheet: String? = nil) {
            self.layout = layout
            self.options = options
            self.file = file
            self.sheet = sheet
        }

        mutating func begin(_ record: CSVParser.Record) {
            line = record.line
            problemsBeforeRow = diagnostics.count
        }

        /// Whether the current row has produced no diagnostic.
        var rowIsClean: Bool { diagnostics.count == problemsBeforeRow }

        mutating func report(_ field: CSVField, _ message: String) {
            let cell = sheet.flatMap { sheet in layout[field].map { "\(sheet)!\(XLSXSheet.columnName($0))\(line)" } }
            diagnostics.append(Diagnostic(file: file, line: line, field: field.rawValue, message: message, cell: cell))
        }

        /// The field's text, trimmed; empty when the column is absent or the row is short.
        func value(_ field: CSVField, _ record: CSVParser.Record) -> String {
            guard let index = layout[field], index >= 0, index < record.fields.count else { return "" }
            return WallClockParsing.trimmed(record.fields[index])
        }

        /// The field read by `parse`; reports and returns nil when it does not parse, or when it
        /// is empty and `required` says why it is needed.
        mutating func parsed<T>(
            _ field: CSVField, _ record: CSVParser.Record, required: String?,
            _ parse: (String) -> Result<T, WallClockParseError>
        ) -> T? {
            let text = value(field, record)
            if text.isEmpty {
                if let required { report(field, "is empty; \(required)") }
                return nil
            }
            switch parse(text) {
            case .success(let value): return value
            case .failure(let error):
                report(field, error.description)
                return nil
            }
        }

        /// The field read as a date, possibly followed by a time of day (see `parsed`).
        mutating func date(
            _ field: CSVField, _ record: CSVParser.Record,
            required: String?
        ) -> (date: CivilDate, time: Int?)? {
            let order = options.dateOrder
            return parsed(field, record, required: required) { WallClockParsing.dateAndTime($0, order: order) }
        }

        /// The field read as a time of day in seconds after midnight (see `parsed`).
        mutating func time(_ field: CSVField, _ record: CSVParser.Record, required: String?) -> Int? {
            parsed(field, record, required: required, WallClockParsing.timeOfDay)
        }

        /// `local` in the options' zone, refusing times the clocks skip or repeat.
        mutating func instant(_ local: LocalDateTime, field: CSVField) -> Int64? {
            let key = local.secondsAsIfUTC
            let result: Result<Int64, TransitionError>
            if let cached = resolved[key] {
                result = cached
            } else {
                result = LocalTimeResolver.instant(local, in: options.zone, policy: .reject)
                resolved[key] = result
            }
            switch result {
            case .success(let seconds): return seconds
            case .failure(.nonexistent(let t, let zone)):
                report(
                    field,
                    "\(Self.wallText(t)) does not exist in \(zone): the clocks go forward over it; "
                        + "check the timetable for the right time")
            case .failure(.ambiguous(let t, let zone)):
                report(
                    field,
                    "\(Self.wallText(t)) happens twice in \(zone): the clocks go back over it, so it "
                        + "could be either; move the session or give its times in UTC with --timezone UTC")
            }
            return nil
        }

        /// `09:30` for 34200 seconds after midnight (seconds only when not zero).
        static func clockText(_ seconds: Int) -> String {
            let t = LocalDateTime(1970, 1, 1).adding(seconds: Int64(seconds))
            return String(wallText(t).dropFirst(11))
        }

        /// `2027-03-28 01:30` (seconds only when not zero).
        static func wallText(_ t: LocalDateTime) -> String {
            var text = "\(t.date) \(t.hour.zeroPadded(to: 2)):\(t.minute.zeroPadded(to: 2))"
            if t.second != 0 { text += ":\(t.second.zeroPadded(to: 2))" }
            return text
        }
    }
}
