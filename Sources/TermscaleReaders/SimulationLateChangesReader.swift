import Foundation
import TermscaleCore

/// Reads `termscale simulate --late-changes FILE`: a CSV of `at,file,kind` lines, each a file to
/// import into the simulation's own copy of the calendar at an instant.
///
/// The file, exactly:
/// - An optional header `at,file,kind` (trimmed, any case), then one change a row.
/// - `at`: an RFC 3339 instant with an offset (`2027-01-12T09:10:00Z`); `file`: the path of a
///   CSV or iCalendar file, as given (the caller resolves it); `kind`: `exam` or `window`.
///   Exactly those three fields; spaces around a field are dropped.
/// - Blank lines, and lines whose first character other than spaces is `#`, are skipped.
///
/// Every problem is reported, not just the first: one `DiagnosticsError` with a `Diagnostic` per
/// problem, in line order, naming the field.
public enum SimulationLateChangesReader {
    static let header = ["at", "file", "kind"]

    /// The changes in `bytes`, in file order, each with the path as written.
    /// - Parameter file: the name diagnostics use (and `SimulationLateChange.listedIn`); not opened.
    public static func read(_ bytes: [UInt8], file: String) throws -> [SimulationLateChange] {
        try InputDamage.refuse(csv: bytes, file: file)
        let parsed = CSVParser.parse(LoadProfileReader.withoutComments(CSVTextEncoding.utf8(bytes).bytes))
        var diagnostics = parsed.problems.map { Diagnostic(file: file, line: $0.line, field: nil, message: $0.message) }
        var records = parsed.records.filter { !$0.isEffectivelyBlank }[...]
        if let first = records.first, first.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) == header {
            records.removeFirst()
        }
        if records.isEmpty && diagnostics.isEmpty {
            diagnostics.append(
                Diagnostic(
                    file: file, line: 1, field: nil,
                    message: "no late changes: give one line at,file,kind per change, e.g. "
                        + "2027-01-12T09:10:00Z,exams-added.csv,exam"))
        }
        var changes: [SimulationLateChange] = []
        for record in records {
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 3 else {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: record.line, field: nil,
                        message: "\(fields.count) fields where 3 are expected: at,file,kind"))
                continue
            }
            var problems: [Diagnostic] = []
            let at = UTCFormat.parseRFC3339(fields[0])
            if at == nil {
                problems.append(
                    Diagnostic(
                        file: file, line: record.line, field: "at",
                        message: "'\(fields[0])' is not an RFC 3339 instant with an offset, such as 2027-01-12T09:10:00Z"))
            }
            if fields[1].isEmpty {
                problems.append(
                    Diagnostic(
                        file: file, line: record.line, field: "file", message: "empty: give the file to import"))
            }
            let kind = EventKind(rawValue: fields[2].lowercased())
            if kind == nil {
                problems.append(
                    Diagnostic(
                        file: file, line: record.line, field: "kind",
                        message: "'\(fields[2])' is neither exam nor window"))
            }
            diagnostics += problems
            if let at, let kind, problems.isEmpty {
                changes.append(SimulationLateChange(at: at, path: fields[1], kind: kind, listedIn: file, line: record.line))
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(byLine: diagnostics) }
        return changes
    }
}
