import TermscaleCore

/// How slash dates such as `03/01/2027` are read.
public enum DateOrder: String, Sendable, CaseIterable {
    /// Day first: `03/01/2027` is 3 January (the UK default).
    case dmy
    /// Month first: `03/01/2027` is 1 March.
    case mdy
}

/// Everything a reader needs beyond the file's text.
public struct ReaderOptions: Sendable {
    /// Whether the file's events are exam sessions or calendar windows.
    public var kind: EventKind
    /// The zone wall-clock times without their own zone are read in (`--timezone`, else the
    /// policy's zone, else `Europe/London`).
    public var zone: any ZoneRules
    /// Windows: the category for every event of the file (`--category`), overriding the file.
    public var category: String?
    /// CSV: explicit column mapping (`--columns`), applied over what the header gives.
    public var columns: CSVColumnSpec
    /// CSV: whether the first non-blank record is a header (`--no-header` sets false).
    public var hasHeader: Bool
    /// CSV: how slash dates are read (`--date-order`).
    public var dateOrder: DateOrder
    /// iCalendar exams: refuse a file with all-day events (`--strict`) instead of skipping them
    /// with a warning.
    public var strict: Bool
    /// iCalendar: seconds a timed event without DTEND or DURATION lasts (`--default-duration`);
    /// nil refuses such an event.
    public var defaultDuration: Int?
    /// XLSX: the sheet to read (`--sheet`), by name, or by number (1 is the first in workbook
    /// order) when no sheet has that name; nil: the first sheet.
    public var sheet: String?
    /// XLSX: the sheet row holding the header (`--header-row`); nil: the first row that maps
    /// every required field, so title lines above the header are skipped.
    public var headerRow: Int?

    public init(
        kind: EventKind = .exam, zone: any ZoneRules = IANAZone(identifier: "Europe/London")!,
        category: String? = nil, columns: CSVColumnSpec = CSVColumnSpec(), hasHeader: Bool = true,
        dateOrder: DateOrder = .dmy, strict: Bool = false, defaultDuration: Int? = nil, sheet: String? = nil,
        headerRow: Int? = nil
    ) {
        self.kind = kind
        self.zone = zone
        self.category = category
        self.columns = columns
        self.hasHeader = hasHeader
        self.dateOrder = dateOrder
        self.strict = strict
        self.defaultDuration = defaultDuration
        self.sheet = sheet
        self.headerRow = headerRow
    }
}

/// A reader of one input format. Takes the file's bytes, never a path: `file` is only the name
/// used in diagnostics and `source` the name events are stored under.
public protocol EventReader: Sendable {
    /// The events of the file.
    /// - Throws: `DiagnosticsError` listing every problem found, each with file and line.
    func read(_ bytes: [UInt8], file: String, source: String) throws -> ImportBatch
}
