/// A plain-text table with columns padded to their widest cell.
public struct TextTable: Sendable {
    public var headers: [String]
    public var rows: [[String]] = []
    /// Indices of columns aligned to the right (numbers).
    public var rightAligned: Set<Int>

    public init(headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// Columns separated by two spaces, trailing spaces trimmed, one line per row.
    public func render() -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, width) in widths.enumerated() {
                let cell = i < cells.count ? cells[i] : ""
                let fill = String(repeating: " ", count: width - cell.count)
                parts.append(rightAligned.contains(i) ? fill + cell : cell + fill)
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        return line(headers) + rows.map(line).joined()
    }
}
