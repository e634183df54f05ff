import Foundation
import TermscaleCore

/// What one `termscale import` did (or, with `--dry-run`, would do), source by source.
public struct ImportReport: Sendable {
    public struct Source: Sendable {
        public var name: String
        public var file: String
        public var kind: EventKind
        public var format: String
        /// True when no source of this name was stored before.
        public var isNew: Bool
        public var eventCount: Int
        public var diff: ImportDiff
        public var warnings: [Diagnostic]
        /// Which column fed which field (CSV); printed on a first import and a dry run.
        public var mapping: ColumnMapping?

        public init(
            name: String, file: String, kind: EventKind, format: String, isNew: Bool, eventCount: Int,
            diff: ImportDiff, warnings: [Diagnostic], mapping: ColumnMapping? = nil
        ) {
            self.name = name
            self.file = file
            self.kind = kind
            self.format = format
            self.isNew = isNew
            self.eventCount = eventCount
            self.diff = diff
            self.warnings = warnings
            self.mapping = mapping
        }
    }

    public var sources: [Source]
    public var dryRun: Bool

    public init(sources: [Source], dryRun: Bool) {
        self.sources = sources
        self.dryRun = dryRun
    }
}

/// The import report as text: per source a summary line, then (for a source imported before)
/// every change, so a re-import shows exactly what moved. On a source's first import and on a
/// dry run, a CSV source also shows which column feeds which field.
public struct ImportReportRenderer: ReportRenderer {
    public let label: ZoneLabel

    public init(label: ZoneLabel) { self.label = label }

    public func render(_ report: ImportReport) -> String {
        var out = ""
        for s in report.sources {
            let noun = (s.kind == .exam ? "exam session" : "window") + (s.eventCount == 1 ? "" : "s")
            let d = s.diff
            var summary = "\(s.file): source '\(s.name)' (\(s.kind.rawValue), \(s.format)): \(s.eventCount) \(noun)"
            if s.isNew {
                summary += ", new source"
            } else if d.isEmpty {
                summary += ", no changes"
            } else {
                var parts: [String] = []
                if d.added > 0 { parts.append("\(d.added) added") }
                if d.removed > 0 { parts.append("\(d.removed) removed") }
                if d.moved > 0 { parts.append("\(d.moved) moved") }
                if d.candidatesChanged > 0 { parts.append("\(d.candidatesChanged) candidates changed") }
                if d.updated > 0 { parts.append("\(d.updated) updated") }
                summary += ": " + parts.joined(separator: ", ")
            }
            out += summary + "\n"
            if let mapping = s.mapping, s.isNew || report.dryRun {
                out += "  " + Self.line(mapping) + "\n"
            }
            if !s.isNew {
                for change in d.changes { out += "  " + line(change) + "\n" }
            }
        }
        if report.dryRun { out += "Dry run: nothing was stored.\n" }
        return out
    }

    /// `mapping: date ← 'examDate' (column 3), start ← 'startTime' (4), …`; without a header,
    /// `mapping: date ← column 1, start ← column 2, …`.
    static func line(_ mapping: ColumnMapping) -> String {
        let fields = mapping.assignments.enumerated().map { index, assignment in
            let column = assignment.column
            guard let header = column.header else { return "\(assignment.field) ← column \(column.number)" }
            return "\(assignment.field) ← '\(header)' (\(index == 0 ? "column " : "")\(column.number))"
        }
        return "mapping: " + fields.joined(separator: ", ")
    }

    func name(_ e: CalendarEvent) -> String {
        switch e.kind {
        case .exam: return [e.code, e.title == e.code ? nil : e.title].compactMap { $0 }.joined(separator: " ")
        case .window: return "\(e.category ?? "") \(e.title)"
        }
    }

    func when(_ e: CalendarEvent) -> String {
        let start = label.local(e.start)
        return "\(label.dayText(start)) \(label.timeText(start)) \(label.abbreviation(at: e.start))"
            + " (\(UTCFormat.rfc3339(e.start)))"
    }

    func candidates(_ value: Int?) -> String { value.map(String.init) ?? "unknown" }

    func line(_ change: ImportDiff.Change) -> String {
        switch change {
        case .added(let e):
            return "+ added    \(name(e)) at \(when(e))" + (e.kind == .exam ? ", \(candidates(e.candidates)) candidates" : "")
        case .removed(let e):
            return "- removed  \(name(e)) at \(when(e))"
        case .moved(let from, let to):
            var text = "~ moved    \(name(to)) from \(when(from)) to \(when(to))"
            if from.end.timeIntervalSince(from.start) != to.end.timeIntervalSince(to.start) {
                text += ", now \(Int(to.end.timeIntervalSince(to.start)) / 60) min"
            }
            if from.candidates != to.candidates {
                text += ", candidates \(candidates(from.candidates)) → \(candidates(to.candidates))"
            }
            return text
        case .candidatesChanged(let from, let to):
            return "~ candidates \(name(to)) at \(when(to)): \(candidates(from.candidates)) → \(candidates(to.candidates))"
        case .updated(let from, let to):
            var what: [String] = []
            if from.title != to.title { what.append("title '\(from.title)' → '\(to.title)'") }
            if from.location != to.location { what.append("location '\(from.location ?? "")' → '\(to.location ?? "")'") }
            if from.category != to.category { what.append("category \(from.category ?? "") → \(to.category ?? "")") }
            return "~ updated  \(name(to)) at \(when(to)): " + what.joined(separator: ", ")
        }
    }
}
