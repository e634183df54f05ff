import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReaders
import TermscaleReports

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import exam timetables or calendar windows (CSV, XLSX or iCalendar) into the database.",
        discussion: """
            Each file is a source, named after the file unless --source says otherwise. Importing a \
            source again replaces its events atomically and prints what changed. If any file has a \
            bad row, nothing is imported: every problem is printed as FILE:LINE: field: message on \
            stderr (FILE:SHEET!CELL: field: message for a workbook) and the exit code is 65.

            An XLSX workbook is read like the same sheet saved as CSV: its first sheet, or --sheet; \
            date- and time-formatted cells are read as dates and times (1900 and 1904 date systems); \
            a merged cell's value fills its range; hidden rows are skipped with a warning; the header \
            is the first row that names the required columns (title lines above it are skipped), or \
            --header-row.

            A CSV source's first import (and a dry run) prints which column feeds which field; \
            every column that feeds nothing is named in a warning. An iCalendar exam feed's all-day \
            events (markers such as "Exam period begins") are skipped with one warning that counts \
            them; --strict refuses the file instead.
            """
    )

    @Argument(help: "CSV, XLSX or iCalendar files.") var files: [String]
    @Option(help: "What the files hold: exam (sessions) or window (calendar windows).") var kind: EventKind = .exam
    @Option(help: "csv, ics or xlsx; default: from the extension, else the content.") var format: SourceFormat?
    @Option(help: ArgumentHelp("IANA zone for wall-clock times without their own zone.", valueName: "zone"))
    var timezone: IANAZone = .europeLondon
    @Option(
        help: "CSV field-to-column mapping, e.g. date=3,start=Start Time,candidates=Expected.",
        transform: { text throws(CSVColumnSpecError) in try CSVColumnSpec(parsing: text) })
    var columns: CSVColumnSpec?
    @Flag(help: "CSV: the file has no header row (map fields by index with --columns).") var noHeader = false
    @Option(help: "CSV: read slash dates day-first (dmy) or month-first (mdy).") var dateOrder: DateOrder = .dmy
    @Option(help: ArgumentHelp("XLSX: the sheet to read, by name or number (1: the first); default: the first.", valueName: "name|n"))
    var sheet: String?
    @Option(help: ArgumentHelp("XLSX: the row number of the header row; default: the first row naming the required columns.", valueName: "n"))
    var headerRow: Int?
    @Option(help: "Windows: the category of every event in the files.", transform: Self.category) var category: String?
    @Flag(help: "iCalendar exams: refuse a file with all-day events instead of skipping them with a warning.")
    var strict = false
    @Option(
        help: ArgumentHelp(
            "iCalendar: how long a timed event without DTEND or DURATION lasts, e.g. 2h, 90m or 120 (minutes).",
            valueName: "duration"),
        transform: Self.duration)
    var defaultDuration: Int?
    @Option(help: "Source name (one file only); default: the file's name.") var source: String?
    @Flag(help: "Read and compare, print what would change, store nothing.") var dryRun = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    /// The request, with its cross-field rules checked (once, in `ImportRequest`).
    var request: ImportRequest {
        get throws {
            let options = ReaderOptions(
                kind: kind, zone: timezone, category: category,
                columns: columns ?? CSVColumnSpec(), hasHeader: !noHeader, dateOrder: dateOrder,
                strict: strict, defaultDuration: defaultDuration, sheet: sheet, headerRow: headerRow)
            return try ImportRequest(
                files: files, kind: kind, format: format, readerOptions: options,
                sourceName: source, dryRun: dryRun)
        }
    }

    /// `Reading Week` → `reading-week`, as windows' categories are stored and policies name them.
    static func category(_ text: String) throws -> String {
        let category = CalendarWindow.normalizedCategory(text)
        guard !category.isEmpty else { throw ValidationError("it has no letters or digits") }
        return category
    }

    /// `2h`, `90m`, `1:30`, `120` (minutes): seconds, read as a CSV duration cell is.
    static func duration(_ text: String) throws -> Int {
        switch WallClockParsing.duration(text) {
        case .success(let seconds): return seconds
        case .failure(let problem): throw ValidationError(problem.description)
        }
    }

    func validate() throws {
        if let headerRow, headerRow < 1 { throw ValidationError("--header-row takes a row number, 1 or more") }
        if headerRow != nil && noHeader { throw ValidationError("--header-row names the header row; leave out --no-header") }
        do { _ = try request } catch let error as TermscaleError { throw ValidationError(error.description) }
    }

    func run() throws {
        try runReportingErrors {
            let (report, warnings) = try Importer().run(request, databasePath: store.path())
            let label = ZoneLabel.system(timezone, environment: output.console.environment)
            try output.console.emit(ImportReportRenderer(label: label).render(report), warnings: warnings.map(\.description))
        }
    }
}
