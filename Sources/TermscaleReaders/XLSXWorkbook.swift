import Foundation
import TermscaleCore
import ZIPFoundation

/// The parts of an Excel workbook a timetable needs, read from the file's bytes in memory: its
/// sheets in workbook order, its date system, its shared strings and which cell styles are dates.
///
/// Every failure is a `DiagnosticsError` naming the file and, where there is one, the part: a
/// damaged ZIP container, a missing part, a part larger than `maxPartBytes` once decompressed
/// (a ZIP bomb), XML that is not well-formed.
struct XLSXWorkbook {
    /// One sheet, in workbook order.
    struct Sheet: Equatable {
        var name: String
        /// Its part in the package, e.g. `xl/worksheets/sheet1.xml`.
        var path: String
    }

    /// The most a part may decompress to: far beyond any timetable (a 50,000-row sheet is about
    /// 10 MiB), and small enough that a ZIP bomb stops long before memory runs out.
    static let defaultMaxPartBytes = 256 << 20

    let file: String
    let sheets: [Sheet]
    /// `workbookPr date1904`: serial 0 is 1904-01-01 rather than 1900's.
    let date1904: Bool
    let sharedStrings: [String]
    /// Per cell style index (a cell's `s`), what its number format makes of numbers.
    let cellFormats: [XLSXCellFormat]
    private let archive: Archive
    private let maxPartBytes: Int

    init(_ bytes: [UInt8], file: String, maxPartBytes: Int = defaultMaxPartBytes) throws(DiagnosticsError) {
        self.file = file
        self.maxPartBytes = maxPartBytes
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw Self.problem(
                file,
                "is not a readable XLSX workbook: its ZIP container is damaged or cut short; save it again from "
                    + "Excel or LibreOffice (or export the sheet as CSV)")
        }
        guard let workbook = try Self.part("xl/workbook.xml", of: archive, file: file, max: maxPartBytes) else {
            throw Self.problem(
                file, "is a ZIP file but not an XLSX workbook: it has no xl/workbook.xml; save it as .xlsx from Excel or LibreOffice")
        }
        let (names, date1904) = try Self.sheetsAndDateSystem(workbook, file: file)
        var relationships: [String: String] = [:]
        if let rels = try Self.part("xl/_rels/workbook.xml.rels", of: archive, file: file, max: maxPartBytes) {
            relationships = try Self.relationships(rels, file: file)
        }
        var sheets: [Sheet] = []
        for (name, id) in names {
            guard let target = relationships[id] else {
                throw Self.problem(
                    file, "xl/workbook.xml: sheet '\(name)' points at relationship '\(id)', which "
                        + "xl/_rels/workbook.xml.rels does not have; save the workbook again")
            }
            sheets.append(Sheet(name: name, path: target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target))
        }
        self.sheets = sheets
        self.date1904 = date1904
        var strings: [String] = []
        if let part = try Self.part("xl/sharedStrings.xml", of: archive, file: file, max: maxPartBytes) {
            strings = try Self.sharedStrings(part, file: file)
        }
        sharedStrings = strings
        var formats: [XLSXCellFormat] = []
        if let part = try Self.part("xl/styles.xml", of: archive, file: file, max: maxPartBytes) {
            formats = try Self.cellFormats(part, file: file)
        }
        cellFormats = formats
    }

    /// Whether `bytes` look like an XLSX workbook: a ZIP file with an `xl/workbook.xml`.
    static func isWorkbook(_ bytes: [UInt8]) -> Bool {
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return false }
        // The part names are stored uncompressed in each entry's header and the central directory.
        let name = Array("xl/workbook.xml".utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard buffer.count >= name.count else { return false }
            for start in 0...(buffer.count - name.count) where buffer[start] == name[0] {
                if buffer[start..<(start + name.count)].elementsEqual(name) { return true }
            }
            return false
        }
    }

    /// The sheet's XML.
    func sheetPart(_ sheet: Sheet) throws(DiagnosticsError) -> [UInt8] {
        guard let bytes = try Self.part(sheet.path, of: archive, file: file, max: maxPartBytes) else {
            throw Self.problem(
                file, "sheet '\(sheet.name)' should be in \(sheet.path), which the workbook does not have; save it again")
        }
        return bytes
    }

    // MARK: - Parts

    static func problem(_ file: String, _ message: String) -> DiagnosticsError {
        DiagnosticsError([Diagnostic(file: file, line: nil, message: message)])
    }

    /// A part's bytes, nil when the package has no such part.
    private static func part(_ path: String, of archive: Archive, file: String, max: Int) throws(DiagnosticsError)
        -> [UInt8]?
    {
        guard let entry = archive[path] else { return nil }
        struct TooLarge: Error {}
        if entry.uncompressedSize > UInt64(max) { throw tooLarge(path, file: file, max: max) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                // The stated size can lie: count what really comes out.
                guard bytes.count + chunk.count <= max else { throw TooLarge() }
                bytes.append(contentsOf: chunk)
            }
        } catch is TooLarge {
            throw tooLarge(path, file: file, max: max)
        } catch {
            throw problem(
                file, "\(path) cannot be decompressed: the workbook is damaged (\(error)); save it again from Excel "
                    + "or LibreOffice")
        }
        return bytes
    }

    private static func tooLarge(_ path: String, file: String, max: Int) -> DiagnosticsError {
        problem(
            file, "\(path) decompresses to more than \(max >> 20) MiB, far more than any timetable; "
                + "the file is damaged or a ZIP bomb, and was not read")
    }

    /// Runs `body` on every event of `part`, turning broken XML into a diagnostic naming the part.
    static func scan(
        _ bytes: [UInt8], part: String, file: String,
        _ body: (XMLPullScanner.Event) throws(DiagnosticsError) -> Void
    ) throws(DiagnosticsError) {
        var scanner = XMLPullScanner(bytes)
        do {
            while let event = try scanner.next() { try body(event) }
        } catch let failure as XMLPullScanner.Failure {
            throw brokenXML(failure, part: part, file: file)
        } catch let error as DiagnosticsError {
            throw error
        } catch {
            throw problem(file, "\(part): \(error)")
        }
    }

    static func brokenXML(_ failure: XMLPullScanner.Failure, part: String, file: String, cell: String? = nil)
        -> DiagnosticsError
    {
        DiagnosticsError([
            Diagnostic(
                file: file, line: nil,
                message: "\(part) is not well-formed XML\(cell == nil ? "" : " after this cell") (at byte "
                    + "\(failure.offset)): \(failure.message); the workbook is damaged, save it again from Excel or "
                    + "LibreOffice",
                cell: cell)
        ])
    }

    /// The sheets' names and relationship ids, in workbook order, and the date system.
    private static func sheetsAndDateSystem(_ bytes: [UInt8], file: String) throws(DiagnosticsError)
        -> ([(name: String, id: String)], Bool)
    {
        var sheets: [(name: String, id: String)] = []
        var date1904 = false
        try scan(bytes, part: "xl/workbook.xml", file: file) { event throws(DiagnosticsError) in
            guard case .start(let tag) = event else { return }
            switch tag.name {
            case "workbookPr":
                date1904 = ["1", "true"].contains(tag.attribute("date1904") ?? "0")
            case "sheet":
                guard let name = tag.attribute("name"), let id = tag.attribute("id") else {
                    throw problem(file, "xl/workbook.xml: a sheet has no name or relationship id; save the workbook again")
                }
                sheets.append((name, id))
            default: break
            }
        }
        guard !sheets.isEmpty else { throw problem(file, "the workbook has no sheets") }
        return (sheets, date1904)
    }

    /// Relationship id → target, from `xl/_rels/workbook.xml.rels`.
    private static func relationships(_ bytes: [UInt8], file: String) throws(DiagnosticsError) -> [String: String] {
        var targets: [String: String] = [:]
        try scan(bytes, part: "xl/_rels/workbook.xml.rels", file: file) { event in
            guard case .start(let tag) = event, tag.name == "Relationship",
                let id = tag.attribute("Id"), let target = tag.attribute("Target")
            else { return }
            targets[id] = target
        }
        return targets
    }

    /// Each `<si>`'s text: its `<t>`, or its rich-text runs' `<t>`s joined; phonetic runs
    /// (`<rPh>`, Japanese readings) are not part of the text.
    private static func sharedStrings(_ bytes: [UInt8], file: String) throws(DiagnosticsError) -> [String] {
        var strings: [String] = []
        var current = ""
        var inText = false
        var phonetic = 0
        try scan(bytes, part: "xl/sharedStrings.xml", file: file) { event in
            switch event {
            case .start(let tag):
                switch tag.name {
                case "si": current = ""
                case "t": inText = !tag.selfClosing && phonetic == 0
                case "rPh": if !tag.selfClosing { phonetic += 1 }
                default: break
                }
            case .end(let name):
                switch name {
                case "si": strings.append(current)
                case "t": inText = false
                case "rPh": phonetic -= 1
                default: break
                }
            case .text(let text):
                if inText { current += text }
            }
        }
        return strings
    }

    /// What each cell style's number format makes of numbers, from `cellXfs` and `numFmts`.
    private static func cellFormats(_ bytes: [UInt8], file: String) throws(DiagnosticsError) -> [XLSXCellFormat] {
        var custom: [Int: XLSXCellFormat] = [:]
        var formats: [XLSXCellFormat] = []
        var inCellXfs = false
        try scan(bytes, part: "xl/styles.xml", file: file) { event in
            switch event {
            case .start(let tag):
                switch tag.name {
                case "numFmt":
                    if let id = tag.attribute("numFmtId").flatMap({ Int($0) }), let code = tag.attribute("formatCode") {
                        custom[id] = XLSXCellFormat.custom(code)
                    }
                case "cellXfs": inCellXfs = !tag.selfClosing
                case "xf" where inCellXfs:
                    let id = tag.attribute("numFmtId").flatMap { Int($0) } ?? 0
                    formats.append(custom[id] ?? XLSXCellFormat.builtIn(id))
                default: break
                }
            case .end(let name):
                if name == "cellXfs" { inCellXfs = false }
            case .text: break
            }
        }
        return formats
    }
}
