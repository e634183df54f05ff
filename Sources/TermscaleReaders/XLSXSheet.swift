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

    /// The most cells the rows may hold, counting the empty ones left of each value: 320 times a
    /// 50,000-row, 10-column timetable, and a bound on memory however the cells are spread.
    static let maxCells = 16_000_000

    /// The most cells merged ranges may fill: a 50,000-row timetable with a merged date on every
    /// row fills 50,000.
    static let maxMergedCells = 4_000_000

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
    /// and 1,048,576 rows (`$` signs are allowed, as in `$B$12`).
    static func parseReference(_ text: String) -> (column: Int, row: Int)? { parseReference(bytes: text.utf8) }

    static func parseReference(bytes: some Collection<UInt8>) -> (column: Int, row: Int)? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in bytes {
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

    /// A cell's `t`: what its value is.
    private enum CellType {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate
        /// A type Excel does not have, or a cell already reported (a bad reference).
        case invalid

        init(_ bytes: ArraySlice<UInt8>?) {
            guard let bytes else {
                self = .number
                return
            }
            switch String(decoding: bytes, as: UTF8.self) {
            case "n": self = .number
            case "s": self = .sharedString
            case "inlineStr": self = .inlineString
            case "str": self = .formulaString
            case "b": self = .boolean
            case "e": self = .error
            case "d": self = .isoDate
            default: self = .invalid
            }
        }
    }

    /// A non-negative decimal integer's value, nil if the bytes are not one.
    private static func integer(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count < 10 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// Reads the sheet part `bytes` of `sheet` in `workbook`.
    /// - Throws: `DiagnosticsError` when the XML is broken, at the last cell read before the break.
    /// - Parameter maxCells: see `maxCells`; smaller in tests.
    init(_ bytes: [UInt8], sheet: XLSXWorkbook.Sheet, workbook: XLSXWorkbook, maxCells: Int = maxCells)
        throws(DiagnosticsError)
    {
        let file = workbook.file
        let sheetRef = Self.reference(sheet.name)
        // Row numbers only grow, so the rows are in order and found by binary search.
        var sheetRows: [(number: Int, hidden: Bool, cells: [String])] = []
        var merges: [(first: (column: Int, row: Int), last: (column: Int, row: Int))] = []

        var rowNumber = 0
        var rowHidden = false
        var cells: [String] = []
        var column = -1
        var cellType = CellType.number
        var cellStyle = 0
        var value = ""
        var capturing = false
        var inInline = false
        var phonetic = 0
        var problems: [Diagnostic] = []
        var cellCount = 0

        func cellRef() -> String { Self.columnName(max(column, 0)) + String(rowNumber) }

        func report(_ message: String, at cell: String) {
            problems.append(Diagnostic(file: file, line: rowNumber, message: message, cell: "\(sheetRef)!\(cell)"))
        }

        func endRow() {
            guard rowNumber > 0, !cells.isEmpty else { return }
            sheetRows.append((rowNumber, rowHidden, cells))
            cells = []
        }

        func endCell() {
            if value.isEmpty { return }
            let text: String
            switch cellType {
            case .sharedString:
                guard let index = Int(value), workbook.sharedStrings.indices.contains(index) else {
                    report(
                        "the cell points at shared string '\(value)', which the workbook does not have "
                            + "(it has \(workbook.sharedStrings.count)); the workbook is damaged, save it again",
                        at: cellRef())
                    return
                }
                text = workbook.sharedStrings[index]
            case .inlineString, .formulaString, .error: text = value
            case .boolean: text = value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
            case .isoDate: text = Self.isoDateText(value)
            case .number:
                guard let number = Double(value), number.isFinite else {
                    report("'\(value)' is not a number, but the cell says it holds one; the workbook is damaged", at: cellRef())
                    return
                }
                let format = workbook.cellFormats.indices.contains(cellStyle) ? workbook.cellFormats[cellStyle] : .number
                switch format.text(number, date1904: workbook.date1904) {
                case .success(let formatted): text = formatted
                case .failure(let problem):
                    report(problem.message, at: cellRef())
                    return
                }
            case .invalid:
                return
            }
            guard !text.isEmpty else { return }
            guard column < Self.maxColumns else {
                report(
                    "the sheet has a value beyond column \(Self.columnName(Self.maxColumns - 1)) (\(Self.maxColumns) "
                        + "columns), wider than termscale reads; delete what is out there or copy the timetable to a "
                        + "new sheet", at: cellRef())
                return
            }
            if cells.count <= column {
                cellCount += column + 1 - cells.count
                guard cellCount <= maxCells else {
                    if cellCount - (column + 1 - cells.count) <= maxCells {
                        report(
                            "the sheet holds more than \(maxCells.groupedThousands) cells (counting the empty ones "
                                + "left of each value), far more than a timetable; copy the timetable to a new sheet",
                            at: cellRef())
                    }
                    return
                }
                cells.append(contentsOf: repeatElement("", count: column + 1 - cells.count))
            }
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
                        column = -1
                        let previous = rowNumber
                        if let r = tag.attributeBytes("r") {
                            guard let number = Self.integer(r), number > previous, number <= 1_048_576 else {
                                rowNumber = previous + 1
                                report(
                                    "the row number '\(String(decoding: r, as: UTF8.self))' is not a row after "
                                        + "\(previous); the workbook is damaged, save it again",
                                    at: "\(rowNumber):\(rowNumber)")
                                continue
                            }
                            rowNumber = number
                        } else {
                            rowNumber = previous + 1
                        }
                        let hidden = tag.attributeBytes("hidden")
                        rowHidden = hidden.map { $0.elementsEqual("1".utf8) || $0.elementsEqual("true".utf8) } ?? false
                    case "c":
                        let expected = column + 1
                        let typeBytes = tag.attributeBytes("t")
                        cellType = CellType(typeBytes)
                        cellStyle = tag.attributeBytes("s").flatMap(Self.integer) ?? 0
                        value = ""
                        inInline = false
                        column = expected
                        if let r = tag.attributeBytes("r") {
                            if let parsed = Self.parseReference(bytes: r), parsed.row == rowNumber, parsed.column >= expected {
                                column = parsed.column
                            } else {
                                report(
                                    "the cell reference '\(String(decoding: r, as: UTF8.self))' is not the next cell of "
                                        + "row \(rowNumber) (a column letter and row number such as \(cellRef())); the "
                                        + "workbook is damaged, save it again", at: cellRef())
                                cellType = .invalid
                                continue
                            }
                        }
                        if cellType == .invalid {
                            let name = String(decoding: typeBytes ?? [], as: UTF8.self)
                            report(
                                "the cell's type '\(name)' is not one of Excel's (s, str, inlineStr, n, b, e, d)", at: cellRef())
                        }
                        if tag.selfClosing { endCell() }
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
                    case "c": endCell()
                    case "row": endRow()
                    default: break
                    }
                case .text(let text):
                    if capturing { value += text }
                }
            }
        } catch {
            // The location is the last cell read: the break is in it or just after it.
            throw XLSXWorkbook.brokenXML(error, part: sheet.path, file: file, cell: "\(sheetRef)!\(cellRef())")
        }
        endRow()

        // Merged ranges: the top-left value fills the range, in the rows the sheet has, up to a
        // budget of cells (overlapping whole-column merges must not cost merges × rows).
        let numbers = sheetRows.map(\.number)
        var budget = Self.maxMergedCells
        for (first, last) in merges {
            let top = Self.firstIndex(in: numbers, notBelow: first.row)
            guard top < numbers.count, numbers[top] == first.row, first.column < sheetRows[top].cells.count else {
                continue
            }
            let value = sheetRows[top].cells[first.column]
            let lastColumn = min(last.column, Self.maxColumns - 1)
            var position = top
            while position < numbers.count && numbers[position] <= last.row {
                budget -= lastColumn - first.column + 1
                guard budget >= 0 else {
                    throw DiagnosticsError([
                        Diagnostic(
                            file: file, line: nil,
                            message: "sheet '\(sheet.name)' merges more than \(Self.maxMergedCells.groupedThousands) "
                                + "cells, far more than a timetable does; unmerge them (or copy the values to a new "
                                + "sheet) and import it again")
                    ])
                }
                if sheetRows[position].cells.count <= lastColumn {
                    sheetRows[position].cells.append(
                        contentsOf: repeatElement("", count: lastColumn + 1 - sheetRows[position].cells.count))
                }
                for c in first.column...lastColumn { sheetRows[position].cells[c] = value }
                position += 1
            }
        }

        for row in sheetRows {
            if row.hidden {
                hiddenRows.append(row.number)
            } else {
                rows.append(CSVParser.Record(line: row.number, fields: row.cells))
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
