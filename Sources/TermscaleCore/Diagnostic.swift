/// One problem found in an input, located precisely enough to fix it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// The file (or source name) the problem is in.
    public var file: String
    /// 1-based line, when known.
    public var line: Int?
    /// The field, column or property concerned (`start`, `DTSTART`, `capacity.max`).
    public var field: String?
    public var message: String
    /// A spreadsheet's cell (`Exams!C12`) or row (`Exams!12:12`), as Excel writes references;
    /// shown instead of `line`, which is then the sheet's row number.
    public var cell: String?

    public init(file: String, line: Int?, field: String? = nil, message: String, cell: String? = nil) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        self.cell = cell
    }

    /// `FILE:LINE: field: message`, the form compilers use, so editors can jump to it; in a
    /// workbook, `FILE:SHEET!CELL: field: message`.
    public var description: String {
        var s = file
        if let cell {
            s += ":\(cell)"
        } else if let line {
            s += ":\(line)"
        }
        s += ": "
        if let field { s += "\(field): " }
        return s + message
    }
}

/// Every problem found in an input. Thrown instead of stopping at the first, so a user fixes
/// a file in one pass.
public struct DiagnosticsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
