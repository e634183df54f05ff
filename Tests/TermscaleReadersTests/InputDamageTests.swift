import Foundation
import TermscaleCore
import Testing

@testable import TermscaleReaders

/// NUL bytes and over-long lines, refused by every text reader at their line before parsing.
@Suite struct InputDamageTests {
    static let nul =
        "contains a NUL byte (0x00), which no text timetable, calendar or CSV has: the file is binary or damaged; "
        + "check it is the file meant, and export it again"
    static func long(_ length: Int) -> String {
        "the line is \(length.groupedThousands) bytes long, more than the 1 MiB (1,048,576 bytes) termscale reads in "
            + "one line: the file is damaged, or not a timetable or calendar"
    }

    func found(_ bytes: [UInt8]) -> [String] {
        InputDamage.diagnostics(bytes, file: "f").map(\.description)
    }

    @Test func aSoundFileHasNoDamage() {
        #expect(found(Array("a,b\r\nc,d\n".utf8)).isEmpty)
        #expect(found(Array(repeating: UInt8(ascii: "x"), count: InputDamage.maxLineBytes) + [0x0A] + Array("y\n".utf8)).isEmpty)
        #expect(found([]).isEmpty)
    }

    @Test func theFirstNULAndTheFirstLongLineAreReportedAtTheirLinesWhateverTheLineEndings() {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: InputDamage.maxLineBytes + 1)
        for ending in ["\n", "\r\n", "\r"] {
            let bytes = Array("one\(ending)two\(ending)".utf8) + line + Array("\(ending)n\u{0}l\(ending)\u{0}".utf8)
            #expect(found(bytes) == ["f:3: " + Self.long(line.count), "f:4: " + Self.nul], "\(Array(ending.utf8))")
        }
    }

    @Test func everyTextReaderRefusesBothBeforeParsing() throws {
        let nul = Array("at,file,kind\n2027-01-12T09:10:00Z,a\u{0}.csv,exam\n".utf8)
        let long = Array("hour_of_week,instances\n0,".utf8) + Array(repeating: UInt8(ascii: "1"), count: 2 << 20) + [0x0A]
        let readers: [(String, ([UInt8]) throws -> Void)] = [
            ("csv", { _ = try CSVTimetableReader(options: ReaderOptions()).read($0, file: "f", source: "s") }),
            ("ics", { _ = try ICalendarReader(options: ReaderOptions()).read($0, file: "f", source: "s") }),
            ("load profile", { _ = try LoadProfileReader.read($0, file: "f") }),
            ("late changes", { _ = try SimulationLateChangesReader.read($0, file: "f") }),
        ]
        for (name, read) in readers {
            #expect(throws: DiagnosticsError([Diagnostic(file: "f", line: 2, message: Self.nul)]), "\(name)") { try read(nul) }
            #expect(throws: DiagnosticsError([Diagnostic(file: "f", line: 2, message: Self.long(2 << 20 + 2))]), "\(name)") {
                try read(long)
            }
        }
    }

    @Test func aUTF16CSVIsNotRefusedForItsNULBytes() throws {
        let text = "Exam Date,Start Time,Duration,Module Code,Module Title\n12/01/2027,09:00,2h,MATH1001,Algebra\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let batch = try CSVTimetableReader(options: ReaderOptions()).read(bytes, file: "f", source: "s")
        #expect(batch.exams.map(\.code) == ["MATH1001"])
    }
}

/// Anchors, aliases and deep nesting, refused before Yams composes the policy.
@Suite struct PolicyYAMLRefusalTests {
    func refusal(_ text: String) -> PolicyReader.YAMLRefusal? { PolicyReader.refusal(in: text) }

    @Test func anchorsAndAliasesAreRefusedWhereverANodeStarts() {
        let cases: [(String, Int, String)] = [
            ("a: &x 1\n", 1, "'&x' is an anchor"),
            ("a: 1\nb: *x\n", 2, "'*x' is an alias"),
            ("base: 1\n<<: *base\n", 2, "'*base' is an alias"),
            ("a:\n  - &x one\n", 2, "'&x' is an anchor"),
            ("a: [1, *x]\n", 1, "'*x' is an alias"),
            ("a: {k: *x}\n", 1, "'*x' is an alias"),
            ("a: !!str &x v\n", 1, "'&x' is an anchor"),
            ("? &k key\n: v\n", 1, "'&k' is an anchor"),
            ("&top\na: 1\n", 1, "'&top' is an anchor"),
        ]
        for (text, line, start) in cases {
            let found = refusal(text)
            #expect(found?.line == line, "\(text)")
            #expect(
                found?.message.hasPrefix(start + ": YAML anchors and aliases") == true, "\(text): \(String(describing: found))")
        }
    }

    @Test func ampersandsAndAsterisksInValuesCommentsQuotesAndBlocksPass() {
        for text in [
            "name: R&D web\n", "name: a *b* c\n", "name: \"*x\"\n", "name: '&x'\n", "name: 'it''s &x'\n",
            "name: \"say \\\"*x\\\"\"\n", "name: web # &anchor *alias\n", "# &x\nname: web\n",
            "notes: |\n  *starred\n  &x\n\nname: web\n", "notes: >-\n    &x\nname: web\n", "name: \"two\n  *lines\"\n",
            "price: 3*4\n", "expr: a&b\n", "list: [a&b, c*d]\n", "- a\n- b\n",
        ] {
            #expect(refusal(text) == nil, "\(text)")
        }
    }

    @Test func nestingDeeperThanSixtyFourIsRefused() {
        #expect(refusal("a: " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "\n") == nil)
        #expect(refusal("a: " + String(repeating: "[", count: 65) + "\n")?.line == 1)
        #expect(refusal("a: " + String(repeating: "{b: ", count: 65) + "\n")?.line == 1)
        #expect(refusal("x: 1\n" + String(repeating: "- ", count: 65) + "x\n")?.line == 2)
        #expect(refusal(String(repeating: "- ", count: 64) + "x\n") == nil)
    }

    @Test func theShippedPoliciesPass() throws {
        let folder = PolicyReaderTests.sampleURL.deletingLastPathComponent()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            #expect(refusal(try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) == nil, "\(file)")
        }
    }
}
