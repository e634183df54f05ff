/// Which column of a table-shaped source (CSV) feeds which field, and which columns feed
/// nothing: what `termscale import` prints on a source's first import and with `--dry-run`.
public struct ColumnMapping: Sendable, Equatable {
    /// One column of the file: its 1-based number and its header name (nil without a header, or
    /// when the header cell is empty).
    public struct Column: Sendable, Equatable {
        public var number: Int
        public var header: String?

        public init(number: Int, header: String?) {
            self.number = number
            self.header = header
        }
    }

    /// A field (by its `--columns` name: `date`, `start`, `title`…) and the column feeding it.
    public struct Assignment: Sendable, Equatable {
        public var field: String
        public var column: Column

        public init(field: String, column: Column) {
            self.field = field
            self.column = column
        }
    }

    /// The fields fed, in the reader's field order.
    public var assignments: [Assignment]
    /// The columns that feed nothing, in column order: named ones, and unnamed ones holding a value.
    public var unused: [Column]

    public init(assignments: [Assignment], unused: [Column]) {
        self.assignments = assignments
        self.unused = unused
    }
}
