import TermscaleCore

extension OutputFormat {
    /// The renderer for this format; tables show times in `label`'s zone.
    public func calendarRenderer(label: ZoneLabel) -> any ReportRenderer<[CalendarEvent]> {
        switch self {
        case .table: CalendarTableRenderer(label: label)
        case .json: CalendarJSONRenderer()
        }
    }
}

/// One JSON array; each element has `kind`, `title`, `code`, `location`, `start`, `end`,
/// `candidates` (exams) or `category` (windows), `source` and `line`. Instants are UTC RFC 3339.
public struct CalendarJSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ events: [CalendarEvent]) -> String {
        JSONValue.array(events.map(Self.json)).serialized()
    }

    public static func json(_ e: CalendarEvent) -> JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string(e.kind.rawValue)), ("title", .string(e.title))]
        switch e.kind {
        case .exam:
            members += [("code", .optional(e.code)), ("location", .optional(e.location))]
        case .window:
            members += [("category", .optional(e.category))]
        }
        members += [("start", .string(UTCFormat.rfc3339(e.start))), ("end", .string(UTCFormat.rfc3339(e.end)))]
        if e.kind == .exam { members.append(("candidates", .optional(e.candidates))) }
        members += [("source", .string(e.source)), ("line", .int(e.sourceLine))]
        return .object(members)
    }
}

/// A table: local start (with zone abbreviation), local end, the UTC start, and the event.
public struct CalendarTableRenderer: ReportRenderer {
    public let label: ZoneLabel

    public init(label: ZoneLabel) { self.label = label }

    public func render(_ events: [CalendarEvent]) -> String {
        if events.isEmpty { return "No events.\n" }
        var table = TextTable(
            headers: [
                "Start (\(label.zone.identifier))", "End", "UTC start", "Kind", "Code",
                "Cand.", "Title", "Where / category",
            ],
            rightAligned: [5])
        for e in events {
            let start = label.local(e.start)
            let end = label.local(e.end)
            let startText = "\(label.dayText(start)) \(label.timeText(start)) \(label.abbreviation(at: e.start))"
            var endText = label.timeText(end)
            if end.date != start.date {
                endText = "\(label.dayText(end)) \(endText)"
            }
            if label.abbreviation(at: e.end) != label.abbreviation(at: e.start) {
                endText += " \(label.abbreviation(at: e.end))"
            }
            table.append([
                startText, endText, UTCFormat.rfc3339(e.start), e.kind.rawValue, e.code ?? "",
                e.candidates.map(String.init) ?? (e.kind == .exam ? "?" : ""), e.title,
                e.kind == .exam ? (e.location ?? "") : (e.category ?? ""),
            ])
        }
        let exams = events.filter { $0.kind == .exam }.count
        let windows = events.count - exams
        return table.render()
            + "\(plural(events.count, "event")) (\(plural(exams, "exam session")), \(plural(windows, "window"))).\n"
    }
}

/// `1 window`, `2 windows`.
func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
