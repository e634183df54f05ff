import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReaders
import TermscaleReports

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import exam timetables or calendar windows (CSV or iCalendar) into the database.",
        discussion: """
            Each file is a source, named after the file unless --source says otherwise. Importing a \
            source again replaces its events atomically and prints what changed. If any file has a \
            bad row, nothing is imported: every problem is printed as FILE:LINE: field: message on \
            stderr and the exit code is 65.
            """
    )

    @Argument(help: "CSV or iCalendar files.") var files: [String]
    @Option(help: "What the files hold: exam (sessions) or window (calendar windows).") var kind: EventKind = .exam
    @Option(help: "csv or ics; default: from the extension, else the content.") var format: SourceFormat?
    @Option(help: "IANA zone for wall-clock times without their own zone.") var timezone: String = "Europe/London"
    @Option(help: "CSV field-to-column mapping, e.g. date=3,start=Start Time,candidates=Expected.") var columns: String?
    @Flag(help: "CSV: the file has no header row (map fields by index with --columns).") var noHeader = false
    @Option(help: "CSV: read slash dates day-first (dmy) or month-first (mdy).") var dateOrder: DateOrder = .dmy
    @Option(help: "Windows: the category of every event in the files.") var category: String?
    @Option(help: "Source name (one file only); default: the file's name.") var source: String?
    @Flag(help: "Read and compare, print what would change, store nothing.") var dryRun = false
    @OptionGroup var store: StoreOptions

    func validate() throws {
        _ = try parseZone(timezone)
        if let columns {
            do { _ = try CSVColumnSpec(parsing: columns) } catch { throw ValidationError(error.description) }
        }
        if let category, CalendarWindow.normalizedCategory(category).isEmpty {
            throw ValidationError("--category: '\(category)' has no letters or digits")
        }
        if source != nil && files.count > 1 {
            throw ValidationError("--source names one source: give it with one file at a time")
        }
    }

    func run() throws {
        try runReportingErrors {
            let zone = try parseZone(timezone)
            let spec = try columns.map { try CSVColumnSpec(parsing: $0) } ?? CSVColumnSpec()
            let options = ReaderOptions(kind: kind, zone: zone, category: category.map(CalendarWindow.normalizedCategory),
                                        columns: spec, hasHeader: !noHeader, dateOrder: dateOrder)
            let request = ImportRequest(files: files, kind: kind, format: format, readerOptions: options,
                                        sourceName: source, dryRun: dryRun)
            let path = try store.path()
            let (report, warnings) = try Importer().run(request) {
                try dryRun ? StoreAccess.openForReading(path: path) : StoreAccess.openForWriting(path: path)
            }
            for warning in warnings { printError("warning: \(warning)") }
            let env = ProcessInfo.processInfo.environment
            let label = ZoneLabel(zone: zone, abbreviation: SystemZoneAbbreviations.lookup(identifier: zone.identifier, environment: env))
            printOut(ImportReportRenderer(label: label).render(report))
        }
    }
}
