import TermscaleCore

extension OutputFormat {
    /// The renderer of `termscale sources` for this format.
    public var sourcesRenderer: any ReportRenderer<[SourceRecord]> {
        switch self {
        case .table: SourcesTableRenderer()
        case .json: SourcesJSONRenderer()
        }
    }
}

/// One JSON array; each element has `name`, `kind`, `format`, `path`, `sha256`, `imported_at`,
/// `events`, `first_start` and `last_end` (UTC RFC 3339; null for a source with no events).
public struct SourcesJSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ sources: [SourceRecord]) -> String {
        JSONValue.array(
            sources.map { s in
                .object([
                    ("name", .string(s.name)), ("kind", .string(s.kind.rawValue)), ("format", .string(s.format.rawValue)),
                    ("path", .string(s.path)), ("sha256", .string(s.sha256)),
                    ("imported_at", .string(UTCFormat.rfc3339(s.importedAt))), ("events", .int(s.eventCount)),
                    ("first_start", .optional(s.firstStart.map(UTCFormat.rfc3339))),
                    ("last_end", .optional(s.lastEnd.map(UTCFormat.rfc3339))),
                ])
            }
        ).serialized()
    }
}

/// What is imported, from where, when, and how many events: one row a source.
public struct SourcesTableRenderer: ReportRenderer {
    public init() {}

    public func render(_ sources: [SourceRecord]) -> String {
        if sources.isEmpty { return "No sources imported yet.\n" }
        var table = TextTable(
            headers: [
                "Source", "Kind", "Format", "Events", "First start (UTC)", "Last end (UTC)",
                "Imported (UTC)", "Path",
            ],
            rightAligned: [3])
        for s in sources {
            table.append([
                s.name, s.kind.rawValue, s.format.rawValue, String(s.eventCount),
                s.firstStart.map(UTCFormat.rfc3339) ?? "",
                s.lastEnd.map(UTCFormat.rfc3339) ?? "",
                UTCFormat.rfc3339(s.importedAt), s.path,
            ])
        }
        return table.render()
    }
}
