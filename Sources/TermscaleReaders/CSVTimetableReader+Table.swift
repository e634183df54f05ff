import TermscaleCore

extension CSVTimetableReader {
    /// Rows of cell text → exam sessions or windows: what a CSV file and a workbook's sheet share.
    ///
    /// Finds the columns (header names, `--columns`), reads every row, merges room splits, and
    /// gives the column mapping and a warning per column that feeds nothing.
    /// - Parameters:
    ///   - header: the header row, nil with `--no-header`.
    ///   - records: the data rows after it (blank ones are skipped).
    ///   - problems: problems already found in the rows' source, reported with the rows' own.
    ///   - sheet: a workbook sheet's name as a reference (`Exams`, `'Exam Timetable'`): each
    ///     diagnostic then names its cell (`Exams!C12`), or the row (`Exams!12:12`) when no one
    ///     cell is at fault.
    /// - Throws: `DiagnosticsError` with `problems` and every problem of the rows.
    func readTable(
        header: CSVParser.Record?, records: ArraySlice<CSVParser.Record>, problems: [Diagnostic],
        file: String, sheet: String?, source: String
    ) throws(DiagnosticsError) -> ImportBatch {
        let headerFields = header?.fields
        // Rows may run past the header's names (an unnamed last column), so count the widest.
        let columnCount = records.reduce(headerFields?.count ?? 0) { max($0, $1.fields.count) }
        var diagnostics = problems

        let layout: CSVColumnLayout
        let sampleRows = records.lazy.filter { !$0.isEffectivelyBlank }.prefix(20).map(\.fields)
        switch CSVColumnLayout.resolve(
            header: headerFields, headerLine: header?.line ?? 1, columnCount: columnCount,
            sampleRows: Array(sampleRows), options: options, file: file)
        {
        case .success(let resolved): layout = resolved
        case .failure(let error): throw DiagnosticsError(Self.located(diagnostics + error.diagnostics, sheet: sheet))
        }

        var rows = RowContext(layout: layout, options: options, file: file, sheet: sheet)
        var batch: ImportBatch
        switch options.kind {
        case .exam: batch = ImportBatch(exams: readExams(records, rows: &rows, source: source))
        case .window: batch = ImportBatch(windows: readWindows(records, rows: &rows, source: source))
        }
        diagnostics += rows.diagnostics
        guard diagnostics.isEmpty else { throw DiagnosticsError(byLine: Self.located(diagnostics, sheet: sheet)) }
        let mapping = layout.mapping(header: headerFields, columnCount: columnCount, rows: records.lazy.map(\.fields))
        batch.columnMapping = mapping
        batch.warnings += CSVColumnLayout.unusedColumnWarnings(mapping, file: file)
        return batch
    }

    /// In a sheet, a diagnostic at a line and no cell is about the whole row: `Exams!12:12`.
    private static func located(_ diagnostics: [Diagnostic], sheet: String?) -> [Diagnostic] {
        guard let sheet else { return diagnostics }
        return diagnostics.map { diagnostic in
            var located = diagnostic
            if located.cell == nil, let line = located.line { located.cell = "\(sheet)!\(line):\(line)" }
            return located
        }
    }
}
