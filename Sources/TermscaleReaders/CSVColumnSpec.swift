import Foundation

/// The fields a CSV timetable can carry. Raw values are the names `--columns` uses.
public enum CSVField: String, Sendable, CaseIterable, Hashable {
    case date, start, end, duration, code, title, location, candidates
    /// Windows: category of the row.
    case category
    /// Windows: last day (inclusive) when the window spans days.
    case endDate = "end_date"
}

/// Where a field's values are: a header name or a 1-based column index.
public enum CSVColumnRef: Sendable, Hashable {
    case index(Int)
    case name(String)
}

/// `--columns date=3,start=Start Time,candidates=Expected`: explicit field → column mapping.
public struct CSVColumnSpec: Sendable, Hashable {
    public var mapping: [CSVField: CSVColumnRef]

    public init(_ mapping: [CSVField: CSVColumnRef] = [:]) { self.mapping = mapping }

    /// Parses the `--columns` text.
    /// - Throws: `CSVColumnSpecError` naming the bad item.
    public init(parsing text: String) throws(CSVColumnSpecError) {
        var mapping: [CSVField: CSVColumnRef] = [:]
        for rawItem in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = rawItem.trimmingCharacters(in: .whitespaces)
            guard let eq = item.firstIndex(of: "=") else { throw .malformed(item: item) }
            let key = item[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = item[item.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard let field = CSVField(rawValue: key == "end-date" ? "end_date" : key) else {
                throw .unknownField(key)
            }
            guard !value.isEmpty else { throw .malformed(item: item) }
            guard mapping[field] == nil else { throw .duplicateField(key) }
            if let index = Int(value) {
                guard index >= 1 else { throw .badIndex(item: item) }
                mapping[field] = .index(index)
            } else {
                mapping[field] = .name(value)
            }
        }
        self.mapping = mapping
    }
}

public enum CSVColumnSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(item: String)
    case unknownField(String)
    case duplicateField(String)
    case badIndex(item: String)

    public var description: String {
        let fields = CSVField.allCases.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .malformed(let item): return "--columns: '\(item)' is not FIELD=COLUMN (e.g. date=3 or start=Start Time)"
        case .unknownField(let f): return "--columns: unknown field '\(f)'; fields are \(fields)"
        case .duplicateField(let f): return "--columns: field '\(f)' is given twice"
        case .badIndex(let item): return "--columns: '\(item)': column numbers start at 1"
        }
    }
}
