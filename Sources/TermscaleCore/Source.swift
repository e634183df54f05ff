import Foundation

/// The input format a source was read from.
public enum SourceFormat: String, Sendable, CaseIterable, Hashable {
    case csv
    case ics
    /// An Excel workbook (Office Open XML): one sheet of it, read as a table of cells.
    case xlsx
}

/// One source to store: a file's events, replacing whatever the source held before.
public struct SourceImport: Sendable, Equatable {
    /// Unique name of the source (the file name unless `--source` says otherwise).
    public var name: String
    public var kind: EventKind
    public var format: SourceFormat
    /// The path it was read from, as given on the command line.
    public var path: String
    /// Hex SHA-256 of the file's bytes.
    public var sha256: String
    public var importedAt: Date
    /// Its events; each one's `source` is ignored and taken as `name`.
    public var events: [CalendarEvent]

    public init(
        name: String, kind: EventKind, format: SourceFormat, path: String, sha256: String,
        importedAt: Date, events: [CalendarEvent]
    ) {
        self.name = name
        self.kind = kind
        self.format = format
        self.path = path
        self.sha256 = sha256
        self.importedAt = importedAt
        self.events = events
    }
}

/// What the store knows of one imported source.
public struct SourceRecord: Sendable, Equatable {
    public var name: String
    public var kind: EventKind
    public var format: SourceFormat
    public var path: String
    public var sha256: String
    public var importedAt: Date
    public var eventCount: Int
    /// Earliest start and latest end of its events; nil when it has none.
    public var firstStart: Date?
    public var lastEnd: Date?

    public init(
        name: String, kind: EventKind, format: SourceFormat, path: String, sha256: String,
        importedAt: Date, eventCount: Int, firstStart: Date?, lastEnd: Date?
    ) {
        self.name = name
        self.kind = kind
        self.format = format
        self.path = path
        self.sha256 = sha256
        self.importedAt = importedAt
        self.eventCount = eventCount
        self.firstStart = firstStart
        self.lastEnd = lastEnd
    }
}
