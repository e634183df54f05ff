import Foundation
import TermscaleCore
import ZIPFoundation

@testable import TermscaleReaders

/// A minimal workbook built in memory from its parts' XML, so a test shows the exact cells it reads.
struct TestWorkbook {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// Sheet name → the XML inside `<sheetData>` (and after it, e.g. `<mergeCells>`), in order.
    var sheets: [(name: String, body: String)]
    /// `<si>` entries of the shared strings part; nil: no such part.
    var sharedStrings: [String]? = nil
    /// The `numFmtId` of each cell style (its `s`), and the custom formats by id.
    var styles: [Int] = [0, 14, 20, 22]
    var customFormats: [Int: String] = [:]
    var date1904 = false
    /// Extra parts, e.g. a huge one for the ZIP-bomb cap.
    var extraParts: [String: Data] = [:]

    init(_ rows: String, name: String = "Exams") { sheets = [(name, rows)] }

    init(sheets: [(name: String, body: String)]) { self.sheets = sheets }

    var parts: [String: Data] {
        var parts: [String: Data] = [:]
        let sheetList = sheets.indices.map {
            "<sheet name=\"\(sheets[$0].name)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>"
        }
        parts["xl/workbook.xml"] = Data(
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(Self.main)" xmlns:r="\(Self.relationships)">\
            <workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(sheetList.joined())</sheets></workbook>
            """.utf8)
        let rels = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(Self.relationships)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }
        parts["xl/_rels/workbook.xml.rels"] = Data(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(rels.joined())</Relationships>
            """.utf8)
        for (index, sheet) in sheets.enumerated() {
            let body = sheet.body.contains("<sheetData") ? sheet.body : "<sheetData>\(sheet.body)</sheetData>"
            parts["xl/worksheets/sheet\(index + 1).xml"] = Data(
                "<?xml version=\"1.0\"?>\n<worksheet xmlns=\"\(Self.main)\">\(body)</worksheet>".utf8)
        }
        if let sharedStrings {
            parts["xl/sharedStrings.xml"] = Data(
                "<sst xmlns=\"\(Self.main)\">\(sharedStrings.map { "<si>\($0)</si>" }.joined())</sst>".utf8)
        }
        let formats = customFormats.sorted { $0.key < $1.key }.map {
            "<numFmt numFmtId=\"\($0.key)\" formatCode=\"\($0.value.replacingOccurrences(of: "\"", with: "&quot;"))\"/>"
        }
        parts["xl/styles.xml"] = Data(
            """
            <styleSheet xmlns="\(Self.main)"><numFmts>\(formats.joined())</numFmts>\
            <cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>\
            <cellXfs>\(styles.map { "<xf numFmtId=\"\($0)\" xfId=\"0\"/>" }.joined())</cellXfs></styleSheet>
            """.utf8)
        return parts.merging(extraParts) { $1 }
    }

    var bytes: [UInt8] {
        get throws {
            let archive = try Archive(data: Data(), accessMode: .create)
            for (path, data) in parts.sorted(by: { $0.key < $1.key }) {
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
            return Array(archive.data ?? Data())
        }
    }
}

/// A row of inline-string cells from column A: `row(1, "Date", "Start")`.
func row(_ number: Int, _ values: String..., hidden: Bool = false) -> String {
    let cells = values.enumerated().map { index, value in
        value.isEmpty
            ? ""
            : "<c r=\"\(XLSXSheet.columnName(index))\(number)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
    }
    return "<row r=\"\(number)\"\(hidden ? " hidden=\"1\"" : "")>\(cells.joined())</row>"
}

/// Reads `workbook` with the XLSX reader, as `exams.xlsx`.
func readXLSX(_ workbook: TestWorkbook, options: ReaderOptions = ReaderOptions(), maxPartBytes: Int = 1 << 20)
    throws -> ImportBatch
{
    try XLSXTimetableReader(options: options, maxPartBytes: maxPartBytes).read(
        try workbook.bytes, file: "exams.xlsx", source: "exams")
}

/// The diagnostics reading `bytes` gives, as printed; empty when it is accepted.
func xlsxProblems(
    _ bytes: [UInt8], options: ReaderOptions = ReaderOptions(), file: String = "exams.xlsx", maxPartBytes: Int = 1 << 20
) -> [String] {
    do {
        _ = try XLSXTimetableReader(options: options, maxPartBytes: maxPartBytes).read(bytes, file: file, source: "exams")
        return []
    } catch let error as DiagnosticsError {
        return error.diagnostics.map(\.description)
    } catch {
        return ["unexpected error: \(error)"]
    }
}

/// A fixture workbook's bytes.
func xlsxFixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/xlsx/\(name)")
    return Array(try Data(contentsOf: url))
}
