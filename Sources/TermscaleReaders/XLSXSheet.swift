import Foundation
import TermscaleCore

/// One worksheet read into rows of cell text, as a CSV export of it would hold them.
///
/// Numbers in date- and time-formatted cells become `2027-01-11`, `09:30` or `2027-01-11 09:30`;
/// other numbers plain decimals; booleans `TRUE`/`FALSE`; errors their code (`#N/A`). A merged
/// range's top-left value fills every cell of the range in the rows the sheet has (so a merged
/// date covers the sessions below it). Hidden rows are kept apart, not in `rows`. Columns are
/// absolute (column A is field 0), so a column's number is its position in the sheet.
struct XLSXSheet {
    /// Rows with at least one cell, in sheet order; `line` is the row number.
    var rows: [CSVParser.Record] = []
    /// Row numbers of hidden rows that hold a value.
    var hiddenRows: [Int] = []
    /// Bad cells: each at its cell.
    var problems: [Diagnostic] = []

    /// The widest a sheet may be: far wider than any timetable, and a bound on the memory a
    /// stray cell in column XFD could otherwise cost on every row.
    static let maxColumns = 1024

    /// `Exams`, or `'Exam Timetable'` quoted as Excel quotes names in a reference.
    static func reference(_ name: String) -> String {
        name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
            ? name : "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `A`, `Z`, `AA` for columns 0, 25, 26.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var letters: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(Character(UnicodeScalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(letters.reversed())
    }

    /// `B12` as (column 1, row 12); nil unless letters then digits within Excel's 16,384 columns
    /// and 1,048,576 rows.
    static func parseReference(_ text: String) -> (column: Int, row: Int)? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(byte - 64)
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(byte - 96)
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                row = row * 10 + Int(byte - 48)
                digits += 1
            case UInt8(ascii: "$"): continue
            default: return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, (1...16_384).contains(column), (1...1_048_576).contains(row) else { return nil }
        return (column - 1, row)
    }

    /// Reads the sheet part `bytes` of `sheet` in `workbook`.
    /// - Throws: `DiagnosticsError` when the XML is broken, at the last cell read before the break.
    init(_ bytes: [UInt8], sheet: XLSXWorkbook.Sheet, workbook: XLSXWorkbook) throws(DiagnosticsError) {
        let file = workbook.file
        let sheetRef = Self.reference(sheet.name)
        var rowsByNumber: [Int: (hidden: Bool, cells: [String])] = [:]
        var order: [Int] = []
        var merges: [(first: (column: Int, row: Int), last: (column: Int, row: Int))] = []

        var rowNumber = 0
        var rowHidden = false
        var cells: [String] = []
        var column = -1
        var cellRef = "A1"
        var cellType = "n"
        var cellStyle = 0
        var value = ""
        var capturing = false
        var inInline = false
        var phonetic = 0
        var lastCell = "\(sheetRef)!A1"
        var problems: [Diagnostic] = []

        func report(_ message: String, at cell: String) {
            problems.append(Diagnostic(file: file, line: rowNumber, message: message, cell: "\(sheetRef)!\(cell)"))
        }

        func endRow() {
            guard rowNumber > 0, !cells.isEmpty else { return }
            if rowsByNumber[rowNumber] == nil { order.append(rowNumber) }
            rowsByNumber[rowNumber] = (rowHidden, cells)
        }

        func endCell() {
            if value.isEmpty { return }
            let text: String
            switch cellType {
            case "s":
                guard let index = Int(value), workbook.sharedStrings.indices.contains(index) else {
                    report(
                        "the cell points at shared string '\(value)', which the workbook does not have "
                            + "(it has \(workbook.sharedStrings.count)); the workbook is damaged, save it again", at: cellRef)
                    return
                }
                text = workbook.sharedStrings[index]
            case "inlineStr", "str", "e": text = value
            case "b": text = value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
            case "d": text = Self.isoDateText(value)
            case "n":
                if value.isEmpty { return }
                guard let number = Double(value), number.isFinite else {
                    report("'\(value)' is not a number, but the cell says it holds one; the workbook is damaged", at: cellRef)
                    return
                }
                let format = workbook.cellFormats.indices.contains(cellStyle) ? workbook.cellFormats[cellStyle] : .number
                switch format.text(number, date1904: workbook.date1904) {
                case .success(let formatted): text = formatted
                case .failure(let problem):
                    report(problem.message, at: cellRef)
                    return
                }
            default:
                report("the cell's type '\(cellType)' is not one of Excel's (s, str, inlineStr, n, b, e, d)", at: cellRef)
                return
            }
            guard !text.isEmpty else { return }
            guard column < Self.maxColumns else {
                report(
                    "the sheet has a value beyond column \(Self.columnName(Self.maxColumns - 1)) (\(Self.maxColumns) "
                        + "columns), wider than termscale reads; delete what is out there or copy the timetable to a "
                        + "new sheet", at: cellRef)
                return
            }
            if cells.count <= column { cells.append(contentsOf: repeatElement("", count: column + 1 - cells.count)) }
            cells[column] = text
        }

        var scanner = XMLPullScanner(bytes)
        do {
            while let event = try scanner.next() {
                switch event {
                case .start(let tag):
                    switch tag.name {
                    case "row":
                        endRow()
                        cells = []
                        column = -1
                        let previous = rowNumber
                        if let r = tag.attribute("r") {
                            guard let number = Int(r), number > previous, number <= 1_048_576 else {
                                rowNumber = previous + 1
                                report(
                                    "the row number '\(r)' is not a row after \(previous); the workbook is damaged, "
                                        + "save it again", at: "\(rowNumber):\(rowNumber)")
                                continue
                            }
                            rowNumber = number
                        } else {
                            rowNumber = previous + 1
                        }
                        rowHidden = ["1", "true"].contains(tag.attribute("hidden") ?? "")
                    case "c":
                        let expected = column + 1
                        cellType = tag.attribute("t") ?? "n"
                        cellStyle = tag.attribute("s").flatMap { Int($0) } ?? 0
                        value = ""
                        inInline = false
                        if let r = tag.attribute("r") {
                            if let parsed = Self.parseReference(r), parsed.row == rowNumber, parsed.column >= expected {
                                column = parsed.column
                                cellRef = r.replacingOccurrences(of: "$", with: "").uppercased()
                            } else {
                                column = expected
                                cellRef = Self.columnName(expected) + String(rowNumber)
                                report(
                                    "the cell reference '\(r)' is not the next cell of row \(rowNumber) (a column "
                                        + "letter and row number such as \(cellRef)); the workbook is damaged, save it "
                                        + "again", at: cellRef)
                                cellType = "ignored"
                            }
                        } else {
                            column = expected
                            cellRef = Self.columnName(column) + String(rowNumber)
                        }
                        lastCell = "\(sheetRef)!\(cellRef)"
                        if tag.selfClosing && cellType != "ignored" { endCell() }
                    case "v":
                        capturing = !tag.selfClosing
                    case "is":
                        inInline = !tag.selfClosing
                    case "t" where inInline && phonetic == 0:
                        capturing = !tag.selfClosing
                    case "rPh":
                        if !tag.selfClosing { phonetic += 1 }
                    case "mergeCell":
                        guard let ref = tag.attribute("ref") else { continue }
                        let ends = ref.split(separator: ":").map { Self.parseReference(String($0)) }
                        guard ends.count == 2, let first = ends[0], let last = ends[1], first.column <= last.column,
                            first.row <= last.row
                        else {
                            report("the merged range '\(ref)' is not a range such as A2:A9; the workbook is damaged", at: "A1")
                            continue
                        }
                        merges.append((first, last))
                    default: break
                    }
                case .end(let name):
                    switch name {
                    case "v", "t": capturing = false
                    case "is": inInline = false
                    case "rPh": phonetic -= 1
                    case "c" where cellType != "ignored": endCell()
                    case "row": endRow()
                    default: break
                    }
                    if name == "row" {
                        cells = []
                    }
                case .text(let text):
                    if capturing { value += text }
                }
            }
        } catch {
            throw XLSXWorkbook.brokenXML(error, part: sheet.path, file: file, cell: lastCell)
        }
        endRow()

        // Merged ranges: the top-left value fills the range, in the rows the sheet has.
        for (first, last) in merges {
            guard let top = rowsByNumber[first.row], first.column < top.cells.count else { continue }
            let value = top.cells[first.column]
            let lastColumn = min(last.column, Self.maxColumns - 1)
            var position = Self.firstIndex(in: order, notBelow: first.row)
            while position < order.count && order[position] <= last.row {
                let number = order[position]
                position += 1
                var row = rowsByNumber[number]!
                if row.cells.count <= lastColumn {
                    row.cells.append(contentsOf: repeatElement("", count: lastColumn + 1 - row.cells.count))
                }
                for c in first.column...lastColumn { row.cells[c] = value }
                rowsByNumber[number] = row
            }
        }

        for number in order {
            let row = rowsByNumber[number]!
            if row.hidden {
                hiddenRows.append(number)
            } else {
                rows.append(CSVParser.Record(line: number, fields: row.cells))
            }
        }
        self.problems = problems
    }

    /// The position of the first of `sorted` that is `value` or more (binary search).
    private static func firstIndex(in sorted: [Int], notBelow value: Int) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// A `t="d"` cell's ISO 8601 text: `2027-01-11T09:30:00` as `2027-01-11 09:30`, midnight
    /// as the date alone, a time alone as itself.
    static func isoDateText(_ text: String) -> String {
        let parts = text.split(separator: "T", maxSplits: 1)
        guard parts.count == 2 else { return text }
        let time = parts[1].prefix(while: { $0 != "Z" && $0 != "+" && $0 != "." })
        if time == "00:00:00" || time == "00:00" { return String(parts[0]) }
        let shown = time.hasSuffix(":00") && time.count == 8 ? time.dropLast(3) : time
        return "\(parts[0]) \(shown)"
    }
}
