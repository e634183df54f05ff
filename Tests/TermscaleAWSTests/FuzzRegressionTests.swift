import Foundation
import Testing

@testable import TermscaleAWS

/// What fuzzing the AWS answer parsers found (Fuzz/, `scripts/fuzz`), each pinned. The inputs
/// themselves are in Fuzz/Crashes/FuzzAWSXML (FuzzAWSJSON found the same crash through a
/// Scheduler error answer, read as a Query error document when it names no error type); every
/// one must be read to a value or an error, never crash the process.
@Suite struct FuzzRegressionTests {
    static let crashes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/Crashes").standardized

    static func inputs(_ target: String) throws -> [URL] {
        let folder = crashes.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func everyXMLFindingIsAnErrorAnswer() throws {
        let files = try Self.inputs("FuzzAWSXML")
        #expect(files.map(\.lastPathComponent).contains("processing-instruction-without-data.xml"))
        for file in files {
            let bytes = try [UInt8](Data(contentsOf: file))
            #expect(throws: XMLParseError.self, "\(file.lastPathComponent)") { try XMLTree.parse(bytes) }
            let error = AWSServiceError(response: HTTPResponse(status: 500, body: bytes))
            #expect(error.code == "HTTP 500", "\(file.lastPathComponent)")
            let scheduler = AWSServiceError(restJSONResponse: HTTPResponse(status: 400, body: bytes), service: "scheduler")
            #expect(scheduler.code == "HTTP 400", "\(file.lastPathComponent)")
        }
    }

    // MARK: Processing instructions (FoundationXML crashed on `<?pi?>`: its data is a null C string)

    @Test func aProcessingInstructionWithoutDataIsRefusedNotACrash() {
        #expect(throws: XMLParseError(line: 1, column: 1, reason: "a processing instruction, which no AWS answer has")) {
            try XMLTree.parse("<?pi?><a/>")
        }
        #expect(throws: XMLParseError(line: 2, column: 3, reason: "a processing instruction, which no AWS answer has")) {
            try XMLTree.parse("<a>\n  <?pi?></a>")
        }
        #expect(throws: XMLParseError(line: 1, column: 4, reason: "a processing instruction, which no AWS answer has")) {
            try XMLTree.parse("<a><?xml-stylesheet href=\"x\"?></a>")
        }
    }

    @Test func theXMLDeclarationCommentsAndCDATAStillParse() throws {
        let root = try XMLTree.parse(
            "\u{FEFF}<?xml version=\"1.0\" encoding='utf-8'?>\n<a><!-- <?x?> --><b><![CDATA[<?y?>]]></b></a>")
        #expect(root == XMLTree(name: "a", children: [XMLTree(name: "b", text: "<?y?>")]))
        #expect(try XMLTree.parse("<?xml version=\"1.0\"?><a/>") == XMLTree(name: "a"))
    }

    /// The scan finds every processing instruction only in UTF-8 without markup built from
    /// entities, so what could hide one from it is refused too.
    @Test func whatCouldHideAProcessingInstructionIsRefused() {
        #expect(throws: XMLParseError(line: 1, column: 3, reason: "a NUL byte, which XML never has")) {
            try XMLTree.parse([0x3C, 0x61, 0x00, 0x2F, 0x3E])
        }
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("<?pi?><a/>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(throws: XMLParseError(line: 1, column: 1, reason: "not UTF-8 XML: the first character is not '<'")) {
            try XMLTree.parse(Array(utf16.prefix(2)) + [0x3C, 0x3F])
        }
        #expect(throws: XMLParseError(line: 1, column: 4, reason: "a NUL byte, which XML never has")) {
            try XMLTree.parse(utf16)
        }
        #expect(throws: XMLParseError(line: 1, column: 1, reason: "not UTF-8 XML: the first character is not '<'")) {
            try XMLTree.parse([0x4C, 0x6F, 0xA7, 0x94]) // "<?xm" in EBCDIC
        }
        #expect(throws: XMLParseError(line: 1, column: 1, reason: "declares encoding IBM037; AWS answers are UTF-8")) {
            try XMLTree.parse("<?xml version=\"1.0\" encoding=\"IBM037\"?><a/>")
        }
        #expect(
            throws: XMLParseError(line: 1, column: 1, reason: "a document type declaration, which no AWS answer has")
        ) {
            try XMLTree.parse("<!DOCTYPE a [<!ENTITY pi \"&#60;?pi?>\">]><a>&pi;</a>")
        }
    }

    // MARK: Bytes that are not UTF-8 (FoundationXML crashed on them in an element name)

    @Test func aByteThatIsNotUTF8IsRefusedNotACrash() throws {
        let reason = "a byte that is not UTF-8; AWS answers are UTF-8"
        #expect(throws: XMLParseError(line: 1, column: 3, reason: reason)) {
            try XMLTree.parse([0x3C, 0x61, 0xFF, 0x2F, 0x3E])
        }
        // What the fuzzer found: XMLTreeTests' namespace document with two 0xFF in `<Empty/>`.
        let found = try [UInt8](
            Data(contentsOf: Self.crashes.appendingPathComponent("FuzzAWSXML/crash-a5ce9116f82c5b19f3ab39b6fc602ae1d98a573c")))
        #expect(throws: XMLParseError(line: 1, column: 88, reason: reason)) { try XMLTree.parse(found) }
        #expect(throws: XMLParseError(line: 2, column: 4, reason: reason)) {
            try XMLTree.parse([
                0x3C, 0x61, 0x3E, 0x0A, 0x3C, 0x62, 0x3E, 0xC3, 0x28, 0x3C, 0x2F, 0x62, 0x3E, 0x3C, 0x2F, 0x61, 0x3E,
            ])
        }
        #expect(try XMLTree.parse("<a>caf\u{E9} \u{1F600}</a>") == XMLTree(name: "a", text: "caf\u{E9} \u{1F600}"))
    }
}
