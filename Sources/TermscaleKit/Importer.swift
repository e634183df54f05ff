import Foundation
import TermscaleCore
import TermscaleCrypto
import TermscaleReaders
import TermscaleReports
import TermscaleStore

/// What `termscale import` was asked to do: files, each one source, checked to make sense together.
public struct ImportRequest: Sendable {
    /// The files with the name of the source each becomes, in the order given.
    public let sources: [(path: String, name: String)]
    public var kind: EventKind
    /// nil: from the file's extension, else from its content.
    public var format: SourceFormat?
    public var readerOptions: ReaderOptions
    public var dryRun: Bool

    /// - Parameter sourceName: the name of the one source (`--source`); nil: each file's name.
    /// - Throws: `TermscaleError.usage` when `sourceName` is given with several files, or two
    ///   files would become the same source.
    public init(
        files: [String], kind: EventKind = .exam, format: SourceFormat? = nil,
        readerOptions: ReaderOptions = ReaderOptions(), sourceName: String? = nil, dryRun: Bool = false
    ) throws {
        if sourceName != nil && files.count > 1 {
            throw TermscaleError.usage("--source names one source: give it with one file at a time")
        }
        var paths: [String: String] = [:]
        var sources: [(path: String, name: String)] = []
        for path in files {
            let name = sourceName ?? URL(fileURLWithPath: path).lastPathComponent
            if let other = paths[name] {
                throw TermscaleError.usage(
                    "\(other) and \(path) would both be source '\(name)'; import them one at a time with --source")
            }
            paths[name] = path
            sources.append((path, name))
        }
        if let format, format != .xlsx, readerOptions.sheet != nil || readerOptions.headerRow != nil {
            throw TermscaleError.usage("--sheet and --header-row are for XLSX workbooks, not --format \(format.rawValue)")
        }
        self.sources = sources
        self.kind = kind
        self.format = format
        self.readerOptions = readerOptions
        self.dryRun = dryRun
    }
}

/// Imports timetable and calendar files into the store, all or nothing.
///
/// Every file is read and checked before the database is even opened: if any file has a bad
/// row, the import stores nothing and reports every problem of every file.
public struct Importer: Sendable {
    /// Reads a file's bytes (live: the file system).
    public var readFile: @Sendable (String) throws -> [UInt8]
    /// The clock, for `imported_at`.
    public var now: @Sendable () -> Date

    public init(
        readFile: @escaping @Sendable (String) throws -> [UInt8] = Importer.readFromDisk,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.readFile = readFile
        self.now = now
    }

    /// Reads a calendar or timetable, refusing one over `InputFile.Limit.calendar` unread.
    @Sendable public static func readFromDisk(_ path: String) throws -> [UInt8] {
        try InputFile.read(path, limit: .calendar)
    }

    /// Imports into the database at `databasePath`: created if missing, and only read (never
    /// created) for a dry run.
    public func run(_ request: ImportRequest, databasePath: String) throws -> (ImportReport, [Diagnostic]) {
        try run(request) {
            try request.dryRun ? StoreAccess.openForReading(path: databasePath) : StoreAccess.openForWriting(path: databasePath)
        }
    }

    /// Reads every file of `request`, then (unless a dry run) replaces their sources in the store
    /// opened by `openStore` in one transaction.
    /// - Returns: per source, what changed, plus the readers' warnings.
    /// - Throws: `TermscaleError.invalidInput` with every problem of every file (nothing stored),
    ///   `.unreadableInput`, `.storage` when the store cannot be opened, and `StoreError` from its
    ///   reads and writes (reported as exit 74 like every store failure).
    public func run(_ request: ImportRequest, openStore: () throws -> CalendarStore) throws -> (ImportReport, [Diagnostic]) {
        var options = request.readerOptions
        options.kind = request.kind
        var imports: [SourceImport] = []
        var mappings: [String: ColumnMapping] = [:]
        var diagnostics: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        let importedAt = now()
        for (path, name) in request.sources {
            let bytes = try readFile(path)
            let format = request.format ?? SourceFormat.detect(path: path, bytes: bytes)
            if format != .xlsx && (options.sheet != nil || options.headerRow != nil) {
                throw TermscaleError.usage(
                    "--sheet and --header-row are for XLSX workbooks, and \(path) is \(format == .csv ? "CSV" : "iCalendar"); "
                        + "import it without them")
            }
            let reader: any EventReader =
                switch format {
                case .csv: CSVTimetableReader(options: options)
                case .ics: ICalendarReader(options: options)
                case .xlsx: XLSXTimetableReader(options: options)
                }
            do {
                let batch = try reader.read(bytes, file: path, source: name)
                warnings += batch.warnings
                mappings[name] = batch.columnMapping
                let events = batch.events.filter { $0.kind == request.kind }
                imports.append(
                    SourceImport(
                        name: name, kind: request.kind, format: format, path: path,
                        sha256: Digest.hex(Digest.sha256(bytes)), importedAt: importedAt,
                        events: events))
            } catch let error as DiagnosticsError {
                diagnostics += error.diagnostics
            }
        }
        if !diagnostics.isEmpty { throw TermscaleError.invalidInput(DiagnosticsError(diagnostics)) }

        let store = try openStore()
        let known = Set(try store.sources().map(\.name))
        var sources: [ImportReport.Source] = []
        var unchanged: Set<String> = []
        for source in imports {
            let old = try store.events(source: source.name)
            let new = CalendarEvent.sortedForListing(source.events)
            // The store lists in the same order; equal there (source lines too), there is nothing
            // to compare event by event, and nothing to rewrite.
            let identical = !old.isEmpty && old == new
            if identical { unchanged.insert(source.name) }
            sources.append(
                ImportReport.Source(
                    name: source.name, file: source.path, kind: source.kind, format: source.format.rawValue,
                    isNew: !known.contains(source.name), eventCount: source.events.count,
                    diff: identical ? ImportDiff(changes: [], unchanged: old.count) : ImportDiff.between(old: old, new: new),
                    warnings: warnings.filter { $0.file == source.path }, mapping: mappings[source.name]))
        }
        if !request.dryRun {
            try store.replaceSources(imports, unchanged: unchanged)
        }
        return (ImportReport(sources: sources, dryRun: request.dryRun), warnings)
    }
}
