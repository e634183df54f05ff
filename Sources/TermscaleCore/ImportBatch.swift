/// What a reader made of one source file: its events and any warnings.
public struct ImportBatch: Sendable, Equatable {
    public var exams: [ExamSession]
    public var windows: [CalendarWindow]
    /// Problems that did not stop the import (e.g. an unbounded RRULE cut at the horizon).
    public var warnings: [Diagnostic]
    /// Table-shaped sources (CSV): which column fed which field; nil for iCalendar.
    public var columnMapping: ColumnMapping?

    public init(
        exams: [ExamSession] = [], windows: [CalendarWindow] = [], warnings: [Diagnostic] = [],
        columnMapping: ColumnMapping? = nil
    ) {
        self.exams = exams
        self.windows = windows
        self.warnings = warnings
        self.columnMapping = columnMapping
    }

    public var count: Int { exams.count + windows.count }
}
