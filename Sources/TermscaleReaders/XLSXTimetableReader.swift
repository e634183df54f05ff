import TermscaleCore

/// Reads one sheet of an Excel workbook (`.xlsx`) as an exam timetable or a table of windows,
/// exactly as `CSVTimetableReader` reads the same table saved as CSV: the same column mapping,
/// header spellings, date orders, room-split merging, mapping report and warnings.
///
/// The sheet is `options.sheet` (a name, else a number in workbook order) or the first. Its cells
/// become the text a CSV export would hold (see `XLSXSheet`): date-formatted numbers are dates in
/// the workbook's date system (1900 or 1904), so no serial number reaches the date parser. The
/// header is `options.headerRow`, else the first row that maps every required field, so title
/// lines above it are skipped (with a warning). Hidden rows are skipped with one warning that
/// counts them. Diagnostics name the cell: `FILE:Exams!C12: start: message`.
public struct XLSXTimetableReader: EventReader {
    public let options: ReaderOptions
    /// The most one part of the workbook may decompress to (see `XLSXWorkbook`).
    let maxPartBytes: Int

    public init(options: ReaderOptions) {
        self.init(options: options, maxPartBytes: XLSXWorkbook.defaultMaxPartBytes)
    }

    init(options: ReaderOptions, maxPartBytes: Int) {
        self.options = options
        self.maxPartBytes = maxPartBytes
    }

    /// How many rows from the top are tried as the header.
    static let headerSearchRows = 30

    /// The exam sessions (or windows) of the workbook's sheet.
    /// - Throws: `DiagnosticsError` listing every problem found.
    public func read(_ bytes: [UInt8], file: String, source: String) throws -> ImportBatch {
        let workbook = try XLSXWorkbook(bytes, file: file, maxPartBytes: maxPartBytes)
        let sheet = try chosenSheet(of: workbook)
        let table = try XLSXSheet(workbook.sheetPart(sheet), sheet: sheet, workbook: workbook)
        // A damaged cell is reported alone: the empty field it leaves would only repeat it.
        if !table.problems.isEmpty { throw DiagnosticsError(byLine: table.problems) }
        let reference = XLSXSheet.reference(sheet.name)
        let rows = table.rows.filter { !$0.isEffectivelyBlank }
        guard let first = rows.first else {
            throw XLSXWorkbook.problem(
                file,
                "sheet '\(sheet.name)' is empty; expected a header row naming the columns, then one row per "
                    + (options.kind == .exam ? "exam session" : "window"))
        }

        var header: CSVParser.Record?
        var records = rows[...]
        if let number = options.headerRow {
            guard let index = rows.firstIndex(where: { $0.line == number }) else {
                let lines = rows.prefix(5).map { String($0.line) }.joined(separator: ", ")
                throw DiagnosticsError([
                    Diagnostic(
                        file: file, line: number, field: "--header-row",
                        message: "row \(number) of sheet '\(sheet.name)' is empty or hidden; its first rows with "
                            + "values are \(lines)",
                        cell: "\(reference)!\(number):\(number)")
                ])
            }
            header = rows[index]
            records = rows[(index + 1)...]
        } else if options.hasHeader {
            let index = headerIndex(rows, file: file) ?? 0
            header = rows[index]
            records = rows[(index + 1)...]
        }

        let reader = CSVTimetableReader(options: options)
        var batch = try reader.readTable(
            header: header, records: records, problems: [], file: file, sheet: reference, source: source)
        var warnings: [Diagnostic] = []
        if let header, header.line > first.line, options.headerRow == nil {
            let above = rows.prefix(while: { $0.line < header.line }).map(\.line)
            warnings.append(
                Diagnostic(
                    file: file, line: nil,
                    message: "sheet '\(sheet.name)': the header is row \(header.line); "
                        + "\(Self.rowList(above)) above it \(above.count == 1 ? "was" : "were") skipped as title "
                        + "lines (give --header-row N if the header is elsewhere)"))
        }
        if !table.hiddenRows.isEmpty {
            let count = table.hiddenRows.count
            warnings.append(
                Diagnostic(
                    file: file, line: nil,
                    message: "sheet '\(sheet.name)': \(count) hidden row\(count == 1 ? " was" : "s were") skipped "
                        + "(\(Self.rowList(table.hiddenRows))); unhide \(count == 1 ? "it" : "them") in the workbook "
                        + "to import \(count == 1 ? "it" : "them")"))
        }
        batch.warnings = warnings + batch.warnings
        return batch
    }

    /// `row 7`, `rows 7, 9 and 12`, `rows 7, 9, 12, 15, 20 and 3 more`.
    static func rowList(_ numbers: [Int]) -> String {
        guard numbers.count > 1 else { return "row \(numbers.first ?? 0)" }
        let shown = numbers.prefix(5).map(String.init)
        if numbers.count > 5 { return "rows \(shown.joined(separator: ", ")) and \(numbers.count - 5) more" }
        return "rows \(shown.dropLast().joined(separator: ", ")) and \(shown.last!)"
    }

    /// The sheet `options.sheet` names (exactly, else ignoring case, else by number), or the first.
    private func chosenSheet(of workbook: XLSXWorkbook) throws(DiagnosticsError) -> XLSXWorkbook.Sheet {
        let sheets = workbook.sheets
        guard let wanted = options.sheet else { return sheets[0] }
        if let sheet = sheets.first(where: { $0.name == wanted }) { return sheet }
        let folded = sheets.filter { $0.name.lowercased() == wanted.lowercased() }
        if folded.count == 1 { return folded[0] }
        if let number = Int(wanted), sheets.indices.contains(number - 1) { return sheets[number - 1] }
        let names = sheets.map { "'\($0.name)'" }.joined(separator: ", ")
        throw DiagnosticsError([
            Diagnostic(
                file: workbook.file, line: nil, field: "--sheet",
                message: "the workbook has no sheet '\(wanted)'; its sheets are \(names) (give a name, or a number "
                    + "from 1 to \(sheets.count))")
        ])
    }

    /// The first of the top rows whose names map every field the kind requires, nil if none does.
    private func headerIndex(_ rows: [CSVParser.Record], file: String) -> Int? {
        for index in rows.indices.prefix(Self.headerSearchRows) {
            let candidate = rows[index].fields
            let following = rows[(index + 1)...]
            let columnCount = following.prefix(200).reduce(candidate.count) { max($0, $1.fields.count) }
            let resolved = CSVColumnLayout.resolve(
                header: candidate, headerLine: rows[index].line, columnCount: columnCount,
                sampleRows: following.prefix(20).map(\.fields), options: options, file: file)
            if case .success = resolved { return index }
        }
        return nil
    }
}
