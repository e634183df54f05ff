import Foundation

/// An exam session or a window in one shape, as stored and as listed by `termscale calendar`.
public struct CalendarEvent: Hashable, Sendable {
    public var kind: EventKind
    /// Exams only; may be nil.
    public var code: String?
    public var title: String
    public var location: String?
    public var start: Date
    public var end: Date
    /// Exams only; nil when unknown.
    public var candidates: Int?
    /// Windows only.
    public var category: String?
    public var source: String
    public var sourceLine: Int

    public init(
        kind: EventKind, code: String?, title: String, location: String?, start: Date, end: Date,
        candidates: Int?, category: String?, source: String, sourceLine: Int
    ) {
        self.kind = kind
        self.code = code
        self.title = title
        self.location = location
        self.start = start
        self.end = end
        self.candidates = candidates
        self.category = category
        self.source = source
        self.sourceLine = sourceLine
    }

    public init(_ exam: ExamSession) {
        self.init(
            kind: .exam, code: exam.code, title: exam.title, location: exam.location, start: exam.start,
            end: exam.end, candidates: exam.candidates, category: nil, source: exam.source,
            sourceLine: exam.sourceLine)
    }

    public init(_ window: CalendarWindow) {
        self.init(
            kind: .window, code: nil, title: window.title, location: nil, start: window.start,
            end: window.end, candidates: nil, category: window.category, source: window.source,
            sourceLine: window.sourceLine)
    }

    /// The exam session, when this is one.
    public var exam: ExamSession? {
        guard kind == .exam else { return nil }
        return ExamSession(
            code: code, title: title, location: location, start: start, end: end,
            candidates: candidates, source: source, sourceLine: sourceLine)
    }

    /// The window, when this is one.
    public var window: CalendarWindow? {
        guard kind == .window else { return nil }
        return CalendarWindow(
            category: category ?? "", title: title, start: start, end: end, source: source,
            sourceLine: sourceLine)
    }

    /// The order `termscale calendar` lists events in: start, end, kind, code, title, source, line.
    public static func listingOrder(_ a: CalendarEvent, _ b: CalendarEvent) -> Bool {
        if a.start != b.start { return a.start < b.start }
        if a.end != b.end { return a.end < b.end }
        if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
        if (a.code ?? "") != (b.code ?? "") { return (a.code ?? "") < (b.code ?? "") }
        if a.title != b.title { return a.title < b.title }
        if a.source != b.source { return a.source < b.source }
        return a.sourceLine < b.sourceLine
    }
}

extension CalendarEvent {
    /// `events` in listing order. Sorts indices rather than the events themselves (large values
    /// whose moves cost reference counting), and returns at once if they are already in order.
    public static func sortedForListing(_ events: [CalendarEvent]) -> [CalendarEvent] {
        if zip(events, events.dropFirst()).allSatisfy({ !listingOrder($1, $0) }) { return events }
        let order = events.indices.sorted { listingOrder(events[$0], events[$1]) }
        return order.map { events[$0] }
    }
}

extension ImportBatch {
    /// All events of the batch in listing order.
    public var events: [CalendarEvent] {
        CalendarEvent.sortedForListing(exams.map(CalendarEvent.init) + windows.map(CalendarEvent.init))
    }
}
