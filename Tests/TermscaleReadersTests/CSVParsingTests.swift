import Foundation
import TermscaleCore
import TermscaleReaders
import Testing

/// RFC 4180 details: quoting, line endings, BOM, blank lines, separators.
@Suite struct CSVParsingTests {
    @Test func quotedCommasQuotesAndNewlinesKeepLaterLineNumbersRight() throws {
        let csv = """
            code,title,date,start,end,venue
            "MATH1001","Algebra, Linear",2027-01-12,09:00,11:00,"Hall ""A\"""
            PHYS1,"Multi
            line
            title",2027-01-12,09:00,11:00,X
            CHEM1,Chem,2027-01-12,09:00,10:00,Y
            """
        let exams = try readExams(csv)
        #expect(exams.map(\.title) == ["Algebra, Linear", "Multi\nline\ntitle", "Chem"])
        #expect(exams.map(\.location) == ["Hall \"A\"", "X", "Y"])
        #expect(exams.map(\.sourceLine) == [2, 3, 6])

        let bad = csv + "\nBAD,Bad,2027-02-30,09:00,10:00,Z"
        #expect(problems(bad) == ["exams.csv:7: date: '2027-02-30' does not exist: February 2027 has 28 days; correct the date"])
    }

    @Test func spacesBeforeAnOpeningQuote() throws {
        let exams = try readExams("code, title, date, start, end\nA1, \"Algebra, Linear\", 2027-01-12, 09:00, 10:00")
        #expect(exams.map(\.title) == ["Algebra, Linear"])
        #expect(exams.map(utc) == ["2027-01-12T09:00:00Z/2027-01-12T10:00:00Z"])
    }

    @Test func quotesInsideAnUnquotedFieldAreText() throws {
        let exams = try readExams("code,title,date,start,end\nA1,The \"Big\" One,2027-01-12,09:00,10:00")
        #expect(exams.map(\.title) == ["The \"Big\" One"])
    }

    @Test func bomCRLFAndBlankLines() throws {
        let text =
            "code,title,date,start,end\r\n\r\nA1,Alpha,2027-01-12,09:00,10:00\r\n\r\n  \r\nB2,Beta,2027-01-13,09:00,10:00\r\n"
        let exams = try CSVTimetableReader(options: ReaderOptions())
            .read([0xEF, 0xBB, 0xBF] + Array(text.utf8), file: "exams.csv", source: "exams").exams
        #expect(exams.map(\.code) == ["A1", "B2"])
        #expect(exams.map(\.sourceLine) == [3, 6])
        #expect(exams.map(utc) == ["2027-01-12T09:00:00Z/2027-01-12T10:00:00Z", "2027-01-13T09:00:00Z/2027-01-13T10:00:00Z"])
    }

    @Test func bareCarriageReturnsEndLines() throws {
        let exams = try readExams("code,date,start,end\rA1,2027-01-12,09:00,10:00\r\rB2,2027-01-12,11:00,12:00")
        #expect(exams.map(\.sourceLine) == [2, 4])
    }

    @Test func trailingEmptyFieldsAndRowsOfOnlyCommas() throws {
        let csv = "code,title,date,start,end,venue,,\nA1,Alpha,2027-01-12,09:00,10:00,,,\n,,,,,,,\nA2,Beta,2027-01-12,09:00,10:00"
        let exams = try readExams(csv)
        #expect(exams.map(\.code) == ["A1", "A2"])
        #expect(exams.map(\.location) == [nil, nil])
        #expect(exams.map(\.sourceLine) == [2, 4])
    }

    @Test func unterminatedQuoteIsReportedWhereItOpens() {
        let csv =
            "code,title,date,start,end\nA1,Alpha,2027-01-12,09:00,10:00\nA2,\"Beta,2027-01-12,09:00,10:00\nA3,Gamma,2027-01-12,09:00,10:00\n"
        #expect(
            problems(csv) == [
                "exams.csv:3: a quoted field opened on this line is never closed, so the rest of the file was swallowed "
                    + "by it; add the closing \" (and write any \" inside the field as \"\")"
            ])
    }

    @Test func semicolonAndTabSeparatedFiles() throws {
        let semicolons = "Code;Title;Date;Start;Duration;Candidates\nA1;Alpha, part 1;12/01/2027;9.30;2h;1,200\n"
        let exam = try #require(try readExams(semicolons).first)
        #expect(exam.title == "Alpha, part 1")
        #expect(exam.candidates == 1200)
        #expect(utc(exam) == "2027-01-12T09:30:00Z/2027-01-12T11:30:00Z")

        let tabs = "Code\tDate\tStart\tDuration\nA1\t12 Jan 2027\t09:30\t90\n"
        #expect(try readExams(tabs).map(utc) == ["2027-01-12T09:30:00Z/2027-01-12T11:00:00Z"])
    }

    @Test func emptyFileIsAnError() {
        #expect(
            problems("") == [
                "exams.csv:1: the file is empty; expected a header row naming the columns, then one row per exam session"
            ])
    }

    @Test func headerOnlyIsNoExams() throws {
        #expect(try readExams("code,date,start,end\n").isEmpty)
    }

    @Test(arguments: [
        "\"", "\"\"\"", ",,,\n\"", "code\n\u{0}", "\r\r\r", "\u{FEFF}", "a,b\n\"x\"y\"z,\"",
        "date,start,end\n9999999999999/1/2027,99999999999:99,-",
        "date,start,duration,code\n2027-01-12,09:00,999999h,A",
        "date,start,duration,code\n2027-01-12,09:00,PT999999H999999M999999S,A",
        "date,start,end,code,candidates\n2027-01-12,09:00,10:00,A,99999999999999999999",
    ])
    func neverCrashesOnHostileInput(_ text: String) {
        // Each input as given and with every byte's top bit flipped (invalid UTF-8, read as Windows-1252).
        for bytes in [Array(text.utf8), Array(text.utf8).map { $0 ^ 0x80 }] {
            // Lines end at LF, CRLF or a lone CR.
            let lines =
                1 + bytes.indices.filter { bytes[$0] == 10 || (bytes[$0] == 13 && bytes.dropFirst($0 + 1).first != 10) }.count
            let shown = String(decoding: bytes, as: UTF8.self).debugDescription
            do {
                // Read: every session lies on a data line of the input and ends after it starts.
                let batch = try CSVTimetableReader(options: ReaderOptions()).read(bytes, file: "exams.csv", source: "exams")
                for exam in batch.exams {
                    #expect(
                        exam.sourceLine >= 2 && exam.sourceLine <= lines,
                        "\(shown): session on line \(exam.sourceLine) of \(lines)")
                    #expect(exam.end > exam.start, "\(shown): \(utc(exam))")
                }
            } catch let error as DiagnosticsError {
                // Or refused: with at least one diagnostic, each naming the file and a line of the input.
                #expect(!error.diagnostics.isEmpty, "\(shown)")
                for diagnostic in error.diagnostics {
                    #expect(diagnostic.file == "exams.csv", "\(shown): \(diagnostic)")
                    #expect(diagnostic.line.map { (1...lines).contains($0) } == true, "\(shown): \(diagnostic) (\(lines) lines)")
                    #expect(!diagnostic.message.isEmpty, "\(shown): \(diagnostic)")
                }
            } catch {
                Issue.record("\(shown): not a diagnostics error: \(error)")
            }
        }
    }
}

@Suite struct CSVEncodingTests {
    private let csv = "code,title,date,start,end\nA1,Café Society,2027-01-12,09:00,10:00\n"

    @Test func utf16WithBOMIsTranscoded() throws {
        let little: [UInt8] = [0xFF, 0xFE] + csv.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + csv.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        for bytes in [little, big] {
            let batch = try CSVTimetableReader(options: ReaderOptions()).read(bytes, file: "exams.csv", source: "exams")
            #expect(batch.exams.map(\.title) == ["Café Society"])
            #expect(batch.exams.map(utc) == ["2027-01-12T09:00:00Z/2027-01-12T10:00:00Z"])
            #expect(batch.warnings.isEmpty)
        }
    }

    @Test func windows1252IsReadWithAWarning() throws {
        // "Café" and a curly apostrophe as Windows-1252 bytes (0xE9, 0x92): not valid UTF-8.
        let bytes =
            Array("code,title,date,start,end\nA1,Caf".utf8) + [0xE9] + Array(" Owner".utf8) + [0x92]
            + Array("s,2027-01-12,09:00,10:00\n".utf8)
        let batch = try CSVTimetableReader(options: ReaderOptions()).read(bytes, file: "exams.csv", source: "exams")
        #expect(batch.exams.map(\.title) == ["Café Owner’s"])
        #expect(
            batch.warnings.map(\.description) == [
                "exams.csv: the file is not UTF-8, so it was read as Windows-1252 (older Excel's CSV); if accents or "
                    + "symbols look wrong, save it as CSV UTF-8 and import it again"
            ])
    }

    @Test func utf8HasNoWarning() throws {
        let batch = try CSVTimetableReader(options: ReaderOptions()).read(Array(csv.utf8), file: "exams.csv", source: "exams")
        #expect(batch.exams.map(\.title) == ["Café Society"])
        #expect(batch.warnings.isEmpty)
    }
}
