import Foundation
import TermscaleCore
import Testing

@testable import TermscaleReaders

/// Workbooks read as the same table a CSV export of them gives.
@Suite struct XLSXTimetableReaderTests {
    static let header = row(1, "Date", "Start", "Duration", "Code", "Title")

    @Test func sharedStringsWithRichTextRunsAndTypedDatesAndTimes() throws {
        // Given shared strings, one of them rich text with a phonetic run, and a date and a time cell
        var workbook = TestWorkbook(
            """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>\
            <c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>\
            <row r="2"><c r="A2" s="1"><v>46399</v></c><c r="B2" s="2"><v>0.395833333333333</v></c>\
            <c r="C2" t="inlineStr"><is><t>2h</t></is></c><c r="D2" t="s"><v>6</v></c><c r="E2" t="s"><v>5</v></c></row>
            """)
        workbook.sharedStrings = [
            "<t>Date</t>", "<t>Start</t>", "<t>Duration</t>", "<t>Code</t>", "<t>Title</t>",
            "<r><t>Calc</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">ulus </t></r><r><t>&amp; Analysis</t></r>"
                + "<rPh sb=\"0\" eb=\"1\"><t>カ</t></rPh>",
            "<t>MATH1001</t>",
        ]

        // When it is read
        let batch = try readXLSX(workbook)

        // Then the strings, the date and the time are the CSV's
        let exam = try #require(batch.exams.first)
        #expect(exam.title == "Calculus & Analysis")
        #expect(exam.code == "MATH1001")
        #expect(utc(exam) == "2027-01-12T09:30:00Z/2027-01-12T11:30:00Z")
        #expect(exam.sourceLine == 2)
        #expect(batch.columnMapping?.assignments.map(\.field) == ["date", "start", "duration", "code", "title"])
    }

    @Test func inlineStringsFormulaStringsISODatesNumbersAndCellsWithoutReferences() throws {
        // Given a date-and-time cell of type d, a duration as a number, a formula's string, and
        // cells without `r` (each is the next column)
        let workbook = TestWorkbook(
            row(1, "Date", "Duration", "Title", "Code", "Candidates")
                + """
                <row r="2"><c t="d"><v>2027-01-12T09:30:00</v></c><c><v>90</v></c>\
                <c t="str"><f>UPPER("x")</f><v>Mechanics</v></c><c t="inlineStr"><is><r><t>PHYS</t></r><r><t>1002</t></r></is></c>\
                <c><v>120</v></c></row>
                """)
        let exam = try #require(try readXLSX(workbook).exams.first)
        #expect(utc(exam) == "2027-01-12T09:30:00Z/2027-01-12T11:00:00Z")
        #expect(exam.title == "Mechanics")
        #expect(exam.code == "PHYS1002")
        #expect(exam.candidates == 120)
    }

    @Test func zeroPaddedCodesKeepTheirZeros() throws {
        var workbook = TestWorkbook(
            row(1, "Date", "Start", "Duration", "Code")
                + "<row r=\"2\"><c s=\"1\"><v>46399</v></c><c s=\"2\"><v>0.375</v></c><c><v>60</v></c>"
                + "<c s=\"4\"><v>42</v></c></row>")
        workbook.styles = [0, 14, 20, 22, 164]
        workbook.customFormats = [164: "00000"]
        let exam = try #require(try readXLSX(workbook).exams.first)
        #expect(exam.code == "00042")
        #expect(utc(exam) == "2027-01-12T09:00:00Z/2027-01-12T10:00:00Z")
    }

    @Test func datesBeforeAndAfterTheFictitiousLeapDayOf1900() throws {
        // A serial date in a date-and-time cell (style 3, format 22), and serial 60, which is no day
        let workbook = TestWorkbook(
            row(1, "Date", "Duration", "Title")
                + "<row r=\"2\"><c s=\"3\"><v>61.375</v></c><c><v>60</v></c><c t=\"inlineStr\"><is><t>March</t></is></c></row>"
                + "<row r=\"3\"><c s=\"3\"><v>59.375</v></c><c><v>60</v></c><c t=\"inlineStr\"><is><t>Feb</t></is></c></row>"
        )
        let exams = try readXLSX(workbook, options: ReaderOptions(zone: IANAZone(identifier: "UTC")!)).exams
        #expect(exams.map(utc) == ["1900-03-01T09:00:00Z/1900-03-01T10:00:00Z", "1900-02-28T09:00:00Z/1900-02-28T10:00:00Z"])

        let leapDay = TestWorkbook(
            row(1, "Date", "Duration", "Title")
                + "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>60</v></c><c><v>60</v></c><c t=\"inlineStr\"><is><t>X</t></is></c></row>")
        #expect(
            xlsxProblems(try leapDay.bytes) == [
                "exams.xlsx:Exams!A2: is 29 February 1900, a day that never existed (Excel's 1900 leap-year bug); "
                    + "type the date again"
            ])
    }

    @Test func mergedDateCellsCoverTheRowsBelow() throws {
        let batch = try XLSXTimetableReader(options: ReaderOptions()).read(
            try xlsxFixture("merged-dates.xlsx"), file: "merged-dates.xlsx", source: "jan")
        #expect(batch.exams.map(\.code) == ["MATH1001", "PHYS1002", "CHEM2001", "BIOL1001"])
        #expect(
            batch.exams.map(utc) == [
                "2027-01-12T09:30:00Z/2027-01-12T11:30:00Z", "2027-01-12T14:00:00Z/2027-01-12T16:00:00Z",
                "2027-01-13T09:30:00Z/2027-01-13T12:30:00Z", "2027-01-13T14:00:00Z/2027-01-13T15:30:00Z",
            ])
        // The two rooms of MATH1001 (rows 2 and 3, one merged date) are one session.
        #expect(batch.exams[0].location == "Sports Hall, Room 2")
        #expect(batch.exams[0].candidates == 150)
        #expect(batch.warnings.isEmpty)
    }

    @Test func mergedRangesInXML() throws {
        // A merged title across two columns fills both; a merged date down three rows fills them.
        let workbook = TestWorkbook(
            """
            <sheetData>\(row(1, "Date", "Start", "Duration", "Code", "Title"))\
            <row r="2"><c r="A2" s="1"><v>46399</v></c><c r="B2" s="2"><v>0.375</v></c>\
            <c r="C2" t="inlineStr"><is><t>1h</t></is></c><c r="D2" t="inlineStr"><is><t>A1</t></is></c></row>\
            <row r="3"><c r="A3" s="1"/><c r="B3" s="2"><v>0.5</v></c>\
            <c r="C3" t="inlineStr"><is><t>1h</t></is></c><c r="D3" t="inlineStr"><is><t>B2</t></is></c></row>\
            </sheetData><mergeCells count="1"><mergeCell ref="A2:A4"/></mergeCells>
            """)
        let exams = try readXLSX(workbook).exams
        #expect(exams.map(utc) == ["2027-01-12T09:00:00Z/2027-01-12T10:00:00Z", "2027-01-12T12:00:00Z/2027-01-12T13:00:00Z"])
    }

    @Test func aHiddenRowIsSkippedWithOneWarning() throws {
        let batch = try XLSXTimetableReader(options: ReaderOptions()).read(
            try xlsxFixture("hidden-row.xlsx"), file: "hidden-row.xlsx", source: "jan")
        #expect(batch.exams.map(\.code) == ["MATH1001", "CHEM2001"])
        #expect(batch.exams.map(\.sourceLine) == [2, 4])
        #expect(
            batch.warnings.map(\.description) == [
                "hidden-row.xlsx: sheet 'Exams': 1 hidden row was skipped (row 3); unhide it in the workbook to import it"
            ])
    }

    @Test func hiddenRowsAreCountedAndTheFirstFewNamed() throws {
        let rows = (2...8).map { row($0, "12/01/2027", "09:\($0)0", "1h", "C\($0)", hidden: $0 != 2) }
        let batch = try readXLSX(TestWorkbook(Self.header + rows.joined()))
        #expect(batch.exams.map(\.code) == ["C2"])
        #expect(
            batch.warnings.map(\.description) == [
                "exams.xlsx: sheet 'Exams': 6 hidden rows were skipped (rows 3, 4, 5, 6, 7 and 1 more); unhide them "
                    + "in the workbook to import them"
            ])
    }

    @Test func oneWorkbookIsThe1904DateSystem() throws {
        let batch = try XLSXTimetableReader(options: ReaderOptions()).read(
            try xlsxFixture("date-1904.xlsx"), file: "date-1904.xlsx", source: "jan")
        #expect(batch.exams.map(\.code) == ["MATH1001", "PHYS1002"])
        #expect(batch.exams.map(utc) == ["2027-01-12T09:30:00Z/2027-01-12T11:30:00Z", "2027-03-01T14:00:00Z/2027-03-01T15:30:00Z"])

        var workbook = TestWorkbook(
            Self.header + "<row r=\"2\"><c s=\"1\"><v>44937</v></c><c s=\"2\"><v>0.375</v></c>"
                + "<c t=\"inlineStr\"><is><t>1h</t></is></c><c t=\"inlineStr\"><is><t>X1</t></is></c></row>")
        workbook.date1904 = true
        #expect(try readXLSX(workbook).exams.map(utc) == ["2027-01-12T09:00:00Z/2027-01-12T10:00:00Z"])
    }

    @Test func titleLinesAboveTheHeaderAreSkippedAndEmptyStyledCellsIgnored() throws {
        let batch = try XLSXTimetableReader(options: ReaderOptions()).read(
            try xlsxFixture("title-lines.xlsx"), file: "title-lines.xlsx", source: "jan")
        #expect(batch.exams.map(\.code) == ["MATH1001", "PHYS1002"])
        #expect(batch.exams.map(\.sourceLine) == [5, 6])
        #expect(batch.columnMapping?.unused == [])
        #expect(
            batch.warnings.map(\.description) == [
                "title-lines.xlsx: sheet 'Exam Timetable': the header is row 4; rows 1 and 2 above it were skipped as "
                    + "title lines (give --header-row N if the header is elsewhere)"
            ])
    }

    @Test func headerRowOption() throws {
        let bytes = try xlsxFixture("title-lines.xlsx")
        let given = try XLSXTimetableReader(options: ReaderOptions(headerRow: 4)).read(bytes, file: "t.xlsx", source: "t")
        #expect(given.exams.map(\.code) == ["MATH1001", "PHYS1002"])
        #expect(given.warnings.isEmpty)

        #expect(
            xlsxProblems(bytes, options: ReaderOptions(headerRow: 3), file: "t.xlsx") == [
                "t.xlsx:'Exam Timetable'!3:3: --header-row: row 3 of sheet 'Exam Timetable' is empty or hidden; its "
                    + "first rows with values are 1, 2, 4, 5, 6"
            ])
        #expect(
            xlsxProblems(bytes, options: ReaderOptions(headerRow: 2), file: "t.xlsx") == [
                "t.xlsx:'Exam Timetable'!2:2: no column for date ('date', 'exam date', 'date and time', 'date time', "
                    + "…); start ('start', 'start time', 'time', 'from', …); end or duration: end ('end', 'end time', "
                    + "'finish', 'finish time', …) or duration ('duration', 'length', 'minutes', 'mins', …); title or "
                    + "code: title ('title', 'module title', 'course title', 'paper title', …) or code ('code', "
                    + "'module code', 'course code', 'paper code', …); the header has 'January 2027 examination "
                    + "timetable (provisional)'. Rename the columns or map them with --columns (e.g. --columns date=3 "
                    + "or date=Exam Day)"
            ])
    }

    @Test func withoutAHeaderTheFirstRowIsReported() throws {
        let workbook = TestWorkbook(row(1, "When", "What") + row(2, "12/01/2027", "Calculus"))
        let problems = xlsxProblems(try workbook.bytes)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("exams.xlsx:Exams!1:1: no column for date") == true)
    }

    @Test func sheetsByNameAndNumber() throws {
        let bytes = try xlsxFixture("two-sheets.xlsx")
        func codes(_ sheet: String?) throws -> [String?] {
            try XLSXTimetableReader(options: ReaderOptions(sheet: sheet)).read(bytes, file: "t.xlsx", source: "t")
                .exams.map(\.code)
        }
        #expect(try codes(nil) == ["MATH1001"])
        #expect(try codes("May Exams") == ["MATH2001", "PHYS2002"])
        #expect(try codes("may exams") == ["MATH2001", "PHYS2002"])
        #expect(try codes("2") == ["MATH2001", "PHYS2002"])
        #expect(try codes("1") == ["MATH1001"])
        #expect(
            xlsxProblems(bytes, options: ReaderOptions(sheet: "3"), file: "t.xlsx") == [
                "t.xlsx: --sheet: the workbook has no sheet '3'; its sheets are 'January', 'May Exams' (give a name, "
                    + "or a number from 1 to 2)"
            ])
    }

    @Test func aSheetNamedLikeANumberIsFoundByName() throws {
        let workbook = TestWorkbook(sheets: [
            ("2026", Self.header + row(2, "12/01/2026", "09:00", "1h", "OLD1")),
            ("2027", Self.header + row(2, "12/01/2027", "09:00", "1h", "NEW1")),
        ])
        #expect(try readXLSX(workbook, options: ReaderOptions(sheet: "2027")).exams.map(\.code) == ["NEW1"])
        #expect(try readXLSX(workbook, options: ReaderOptions(sheet: "2")).exams.map(\.code) == ["NEW1"])
    }

    @Test func rowProblemsNameTheirCellsWithAQuotedSheetName() throws {
        let workbook = TestWorkbook(
            Self.header + row(2, "12/01/2027", "9.30am?", "1h", "MATH1001") + row(3, "12/01/2027", "09:00", "", "X"),
            name: "Exam Timetable")
        let problems = xlsxProblems(try workbook.bytes)
        #expect(
            problems == [
                "exams.xlsx:'Exam Timetable'!B2: start: '9.30am?' is not a time of day; write it as 09:30, 9.30, 9:30am, 2pm or 14:00:00",
                "exams.xlsx:'Exam Timetable'!C3: duration: is empty; give the exam's duration (e.g. 2h or 120)",
            ])
    }

    @Test(arguments: [
        ("bad-cell.xlsx", "bad-cell.xlsx:Exams!B4: 'nine thirty' is not a number, but the cell says it holds one; the workbook is damaged"),
        (
            "bad-ref.xlsx",
            "bad-ref.xlsx:Exams!D4: the cell reference '4D' is not the next cell of row 4 (a column letter and row "
                + "number such as D4); the workbook is damaged, save it again"
        ),
        (
            "broken-xml.xlsx",
            "broken-xml.xlsx:Exams!D4: xl/worksheets/sheet1.xml is not well-formed XML after this cell (at byte 1370): "
                + "unexpected '<' in the tag <c>; the workbook is damaged, save it again from Excel or LibreOffice"
        ),
        (
            "truncated.xlsx",
            "truncated.xlsx: is not a readable XLSX workbook: its ZIP container is damaged or cut short; save it again "
                + "from Excel or LibreOffice (or export the sheet as CSV)"
        ),
    ])
    func brokenWorkbooks(_ name: String, _ message: String) throws {
        #expect(xlsxProblems(try xlsxFixture(name), file: name) == [message])
    }

    @Test func brokenXMLInOtherPartsNamesThePart() throws {
        var workbook = TestWorkbook(Self.header)
        workbook.sharedStrings = ["<t>Date</t>", "<t>Start &bogus; time</t>"]
        let sharedStringsProblems = xlsxProblems(try workbook.bytes)
        #expect(
            sharedStringsProblems == [
                "exams.xlsx: xl/sharedStrings.xml is not well-formed XML (at byte 104): unknown entity &bogus;; the "
                    + "workbook is damaged, save it again from Excel or LibreOffice"
            ])
        let cut = TestWorkbook(Self.header + "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>12/01")
        let cutProblems = xlsxProblems(try cut.bytes)
        #expect(
            cutProblems == [
                "exams.xlsx:Exams!A2: xl/worksheets/sheet1.xml is not well-formed XML after this cell (at byte 420): "
                    + "</sheetData> where </t> was expected; the workbook is damaged, save it again from Excel or "
                    + "LibreOffice"
            ])
    }

    @Test func aSharedStringThatIsNotThereIsADamagedCell() throws {
        var workbook = TestWorkbook(Self.header + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>7</v></c></row>")
        workbook.sharedStrings = ["<t>x</t>"]
        #expect(
            xlsxProblems(try workbook.bytes) == [
                "exams.xlsx:Exams!A2: the cell points at shared string '7', which the workbook does not have (it has 1); "
                    + "the workbook is damaged, save it again"
            ])
    }

    @Test func aZipBombStopsAtTheCap() throws {
        // Given a sheet part that decompresses to 2 MiB (a comment of spaces deflates to a few KiB)
        let padding = "<!--" + String(repeating: " ", count: 2 << 20) + "-->"
        let workbook = TestWorkbook(padding + Self.header)
        let bytes = try workbook.bytes
        #expect(bytes.count < 64 << 10)

        // Then with a 1 MiB cap it is refused, naming the part; with room it is read (a header, no rows)
        #expect(
            xlsxProblems(bytes, maxPartBytes: 1 << 20) == [
                "exams.xlsx: xl/worksheets/sheet1.xml decompresses to more than 1 MiB, far more than any timetable; "
                    + "the file is damaged or a ZIP bomb, and was not read"
            ])
        #expect(xlsxProblems(bytes, maxPartBytes: 4 << 20) == [])
    }

    @Test func anEmptySheet() throws {
        #expect(
            xlsxProblems(try TestWorkbook("").bytes) == [
                "exams.xlsx: sheet 'Exams' is empty; expected a header row naming the columns, then one row per exam session"
            ])
    }

    @Test func windowsFromAWorkbook() throws {
        let batch = try XLSXTimetableReader(options: ReaderOptions(kind: .window)).read(
            try xlsxFixture("windows-2026-27.libreoffice.xlsx"), file: "w.xlsx", source: "w")
        #expect(batch.windows.map(\.category) == ["teaching", "vacation", "exams", "reading-week", "teaching", "exams"])
        #expect(batch.windows.first.map(utc) == "2026-09-27T23:00:00Z/2026-12-12T00:00:00Z")
    }

    @Test func detectedByContent() throws {
        let bytes = try xlsxFixture("two-sheets.xlsx")
        #expect(SourceFormat.detect(path: "export", bytes: bytes) == .xlsx)
        #expect(SourceFormat.detect(path: "export.XLSX", bytes: []) == .xlsx)
        #expect(SourceFormat.detect(path: "export", bytes: [0x50, 0x4B, 0x03, 0x04] + Array("word/document.xml".utf8)) == .csv)
    }

    @Test func cellReferences() {
        #expect(XLSXSheet.parseReference("A1")! == (0, 1))
        #expect(XLSXSheet.parseReference("$AB$12")! == (27, 12))
        #expect(XLSXSheet.parseReference("XFD1048576")! == (16_383, 1_048_576))
        for bad in ["4D", "A0", "A", "12", "XFE1", "A1048577", "A-1", ""] { #expect(XLSXSheet.parseReference(bad) == nil, "\(bad)") }
        #expect([0, 25, 26, 701, 702].map(XLSXSheet.columnName) == ["A", "Z", "AA", "ZZ", "AAA"])
        #expect(XLSXSheet.reference("Exams") == "Exams")
        #expect(XLSXSheet.reference("Bob's exams") == "'Bob''s exams'")
    }
}
