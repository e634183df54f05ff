import TermscaleCore

/// Which column (0-based) holds each field of a CSV timetable, worked out from the header and
/// `--columns`.
///
/// Header names match loosely: only letters and digits count, case ignored, so `No. of
/// Candidates` is `no of candidates`. Explicit `--columns` entries win over the header, and a
/// column they claim is not also matched to another field by name.
struct CSVColumnLayout: Equatable {
    /// Column per field, indexed by `CSVField.slot` (-1: none). An array, not a dictionary:
    /// it is read several times per row.
    private var slots: [Int]

    init(columns: [CSVField: Int]) {
        slots = Array(repeating: -1, count: CSVField.allCases.count)
        for (field, index) in columns { slots[field.slot] = index }
    }

    subscript(field: CSVField) -> Int? {
        let index = slots[field.slot]
        return index >= 0 ? index : nil
    }

    /// The header names each field is recognised by, best first, for `kind`.
    ///
    /// Each field claims at most one column, fields in `CSVField` order, each taking the column
    /// of its best name still unclaimed. A bare `Course`, `Module`, `Paper`, `Subject` or `Unit`
    /// is the code; it is the title only when another column (`Course Code`) is the code already.
    /// `From` and `To` are times for exams but days for windows.
    ///
    /// - Parameter datePlusTimes: windows only: the header has a `Date` column as well as
    ///   `Start` or `End`, as in `Title,Date,Start,End`; then `Start` and `End` are times of day.
    static func headerNames(for field: CSVField, kind: EventKind, datePlusTimes: Bool = false) -> [String] {
        if kind == .window && datePlusTimes {
            switch field {
            case .date: return ["date", "start date", "from"]
            case .endDate: return ["end date", "to", "until"]
            case .start: return ["start", "start time"]
            case .end: return ["end", "end time"]
            default: break
            }
        }
        switch (kind, field) {
        case (.exam, .date):
            return ["date", "exam date", "date and time", "date time", "exam date and time", "day", "exam day"]
        case (.exam, .start):
            return ["start", "start time", "time", "from", "begins", "begin", "starts", "exam start", "exam start time"]
        case (.exam, .end):
            return [
                "end", "end time", "finish", "finish time", "to", "until", "ends", "finishes", "exam end", "exam end time",
            ]
        case (.exam, .duration):
            return ["duration", "length", "minutes", "mins", "duration minutes", "duration mins", "exam duration"]
        case (.exam, .code):
            return ["code"] + examSubjects.map { "\($0) code" } + ["exam code"] + examSubjects
        case (.exam, .title):
            return ["title"] + examSubjects.map { "\($0) title" } + ["exam title"] + examSubjects.map { "\($0) name" }
                + ["exam name", "name", "description", "exam"] + examSubjects
        case (.exam, .location): return ["venue", "room", "location", "building", "exam venue", "exam room", "rooms", "venues"]
        case (.exam, .candidates):
            return [
                "candidates", "no of candidates", "number of candidates", "students", "no of students",
                "number of students", "student count", "enrolled", "enrolment", "enrollment", "enrolments",
                "enrollments", "number enrolled", "headcount", "expected",
            ]
        case (.window, .category): return ["category", "type", "kind"]
        case (.window, .title): return ["title", "name", "description", "event", "summary"]
        case (.window, .date): return ["start", "start date", "from", "date", "first day", "begins"]
        case (.window, .endDate): return ["end", "end date", "to", "until", "last day", "ends"]
        case (.window, .start): return ["start time"]
        case (.window, .end): return ["end time"]
        default: return []
        }
    }

    /// What registries call the thing examined: `Course Code`, `Module Title`, `Paper`…
    private static let examSubjects = ["module", "course", "paper", "subject", "unit"]

    /// Letters and digits of `name`, lowercased: the form header names are compared in (the
    /// category key without its dashes).
    static func normalized(_ name: String) -> String {
        CalendarWindow.normalizedCategory(name).filter { $0 != "-" }
    }

    /// The layout for a file whose header row is `header` (nil with `--no-header`), checked
    /// against what `kind` needs.
    ///
    /// - Parameters:
    ///   - headerLine: the header's line, or 1 without a header; diagnostics point there.
    ///   - columnCount: the number of columns (of the header or the widest row, whichever is more).
    ///   - sampleRows: the first data rows: when their start is a range (`09:30-11:30`), exams
    ///     need no end or duration column; when their date carries a time, no start column.
    /// - Returns: the layout, or the diagnostics explaining why there is none.
    static func resolve(
        header: [String]?, headerLine: Int, columnCount: Int, sampleRows: [[String]],
        options: ReaderOptions, file: String
    ) -> Result<CSVColumnLayout, DiagnosticsError> {
        var columns: [CSVField: Int] = [:]
        var problems: [Diagnostic] = []
        let normalizedHeader = header?.map(normalized)
        let found = (header ?? []).filter { !$0.isEmpty }.map { "'\($0)'" }.joined(separator: ", ")

        // --columns first, in a stable order so diagnostics are too.
        for field in CSVField.allCases {
            guard let ref = options.columns.mapping[field] else { continue }
            switch ref {
            case .index(let index):
                guard index <= columnCount else {
                    problems.append(
                        Diagnostic(
                            file: file, line: headerLine, field: "--columns",
                            message: "\(field.rawValue)=\(index): there is no column \(index); the file has "
                                + "\(columnCount) column\(columnCount == 1 ? "" : "s")"))
                    continue
                }
                columns[field] = index - 1
            case .name(let name):
                guard let normalizedHeader else {
                    problems.append(
                        Diagnostic(
                            file: file, line: headerLine, field: "--columns",
                            message: "\(field.rawValue)=\(name): the file has no header (--no-header), so columns can "
                                + "only be given by number, e.g. \(field.rawValue)=3"))
                    continue
                }
                let wanted = normalized(name)
                guard let index = normalizedHeader.firstIndex(of: wanted) else {
                    problems.append(
                        Diagnostic(
                            file: file, line: headerLine, field: "--columns",
                            message: "\(field.rawValue)=\(name): no column is named '\(name)'; the header has \(found)"))
                    continue
                }
                columns[field] = index
            }
        }

        // Then the header, for fields --columns left out, skipping columns already claimed.
        if let normalizedHeader {
            var claimed = Set(columns.values)
            let datePlusTimes =
                normalizedHeader.contains("date")
                && (normalizedHeader.contains("start") || normalizedHeader.contains("end"))
            for field in CSVField.allCases where columns[field] == nil {
                for name in headerNames(for: field, kind: options.kind, datePlusTimes: datePlusTimes) {
                    let wanted = normalized(name)
                    if let index = normalizedHeader.indices.first(where: {
                        normalizedHeader[$0] == wanted && !claimed.contains($0)
                    }) {
                        columns[field] = index
                        claimed.insert(index)
                        break
                    }
                }
            }
        }

        let startHoldsRanges =
            columns[.start].map { start in
                sampleRows.contains { start < $0.count && WallClockParsing.timeRange($0[start]) != nil }
            } ?? false
        let dateHoldsTimes =
            columns[.date].map { date in
                sampleRows.contains { date < $0.count && WallClockParsing.hasTrailingTime($0[date]) }
            } ?? false
        if problems.isEmpty,
            let missing = missingDescription(
                columns, startHoldsRanges: startHoldsRanges,
                dateHoldsTimes: dateHoldsTimes, options: options)
        {
            let message: String
            if header == nil {
                message =
                    "the file has no header (--no-header), so give every field's column by number; "
                    + "missing: \(missing) (e.g. --columns date=1,start=2,duration=3,code=4)"
                problems.append(Diagnostic(file: file, line: headerLine, field: "--columns", message: message))
            } else {
                message =
                    "no column for \(missing); the header has \(found.isEmpty ? "no names" : found). "
                    + "Rename the columns or map them with --columns (e.g. --columns date=3 or date=Exam Day)"
                problems.append(Diagnostic(file: file, line: headerLine, field: nil, message: message))
            }
        }
        if !problems.isEmpty { return .failure(DiagnosticsError(problems)) }
        return .success(CSVColumnLayout(columns: columns))
    }

    /// Which column feeds which field (in `CSVField` order), and the columns that feed nothing:
    /// every named one, and the unnamed ones holding a value in some row (an empty column left by
    /// a trailing comma is not worth a word).
    /// - Parameters:
    ///   - header: the header row, nil with `--no-header`.
    ///   - columnCount: as given to `resolve`.
    ///   - rows: the data rows; read only while an unnamed, unused column has shown no value.
    func mapping(header: [String]?, columnCount: Int, rows: some Sequence<[String]>) -> ColumnMapping {
        func column(_ index: Int) -> ColumnMapping.Column {
            let name = header.flatMap { index < $0.count ? WallClockParsing.trimmed($0[index]) : nil } ?? ""
            return ColumnMapping.Column(number: index + 1, header: name.isEmpty ? nil : name)
        }
        let assignments = CSVField.allCases.compactMap { field in
            self[field].map { ColumnMapping.Assignment(field: field.rawValue, column: column($0)) }
        }
        let used = Set(assignments.map { $0.column.number - 1 })
        var unused = (0..<columnCount).filter { !used.contains($0) }.map(column)
        var silent = Set(unused.filter { $0.header == nil }.map { $0.number - 1 })
        for row in rows where !silent.isEmpty {
            silent = silent.filter { $0 >= row.count || WallClockParsing.trimmed(row[$0]).isEmpty }
        }
        unused.removeAll { silent.contains($0.number - 1) }
        return ColumnMapping(assignments: assignments, unused: unused)
    }

    /// One warning per column that feeds nothing, naming it, so no column is dropped in silence.
    static func unusedColumnWarnings(_ mapping: ColumnMapping, file: String) -> [Diagnostic] {
        mapping.unused.map { column in
            let name = column.header.map { " '\($0)'" } ?? ""
            return Diagnostic(
                file: file, line: nil, field: nil,
                message: "column \(column.number)\(name) feeds nothing; map it with --columns or ignore this")
        }
    }

    /// What required fields are missing, described with the header names that would supply
    /// them; nil when none is.
    private static func missingDescription(
        _ columns: [CSVField: Int], startHoldsRanges: Bool,
        dateHoldsTimes: Bool, options: ReaderOptions
    ) -> String? {
        func names(_ field: CSVField) -> String {
            let all = headerNames(for: field, kind: options.kind)
            let known = all.prefix(4).map { "'\($0)'" } + (all.count > 4 ? ["…"] : [])
            return "\(field.rawValue) (\(known.joined(separator: ", ")))"
        }
        var missing: [String] = []
        switch options.kind {
        case .exam:
            if columns[.date] == nil { missing.append(names(.date)) }
            if columns[.start] == nil && !dateHoldsTimes { missing.append(names(.start)) }
            if columns[.end] == nil && columns[.duration] == nil && !startHoldsRanges {
                missing.append("end or duration: \(names(.end)) or \(names(.duration))")
            }
            if columns[.title] == nil && columns[.code] == nil {
                missing.append("title or code: \(names(.title)) or \(names(.code))")
            }
        case .window:
            if columns[.date] == nil { missing.append("the first day: \(names(.date))") }
            if columns[.title] == nil && columns[.category] == nil && options.category == nil {
                missing.append("title or category: \(names(.title)) or \(names(.category))")
            }
        }
        return missing.isEmpty ? nil : missing.joined(separator: "; ")
    }
}

extension CSVField {
    /// Position in `allCases`, for array-backed lookups.
    fileprivate var slot: Int {
        switch self {
        case .date: 0
        case .start: 1
        case .end: 2
        case .duration: 3
        case .code: 4
        case .title: 5
        case .location: 6
        case .candidates: 7
        case .category: 8
        case .endDate: 9
        }
    }
}
