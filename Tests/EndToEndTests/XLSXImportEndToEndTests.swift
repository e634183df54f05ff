import Foundation
import TermscaleTestSupport
import Testing

/// `termscale import` of Excel workbooks: the same sessions as the CSV they were made from, and a
/// damaged workbook refused at its cell with the database untouched.
@Suite struct XLSXImportEndToEndTests {
    static let fixtures = TermscaleBinary.packageRoot.appendingPathComponent("Tests/TermscaleReadersTests/Fixtures/xlsx")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// Each shipped CSV sample, its kind, and how many events it gives.
    static let samples: [(csv: String, stem: String, kind: String, count: String)] = [
        (
            TermscaleBinary.packageRoot.appendingPathComponent("calendars/exams-2027-01.csv").path, "exams-2027-01",
            "exam", "298 exam sessions"
        ),
        (fixture("windows-2026-27.csv"), "windows-2026-27", "window", "6 windows"),
    ]

    /// `calendar --format json` of a new database holding `file` as source `sample`.
    func stored(_ file: String, kind: String, in folder: TemporaryFolder, expecting count: String) throws -> String {
        let db = folder.path(URL(fileURLWithPath: file).lastPathComponent + ".sqlite")
        let imported = try TermscaleBinary.run(["import", file, "--kind", kind, "--source", "sample", "--db", db])
        #expect(imported.exitCode == 0, "\(file): \(imported.stderr)")
        #expect(imported.stdout.contains(": \(count), new source"), "\(imported.stdout)")
        #expect(imported.stderr == "", "\(file)")
        let listing = try TermscaleBinary.run(["calendar", "--db", db, "--format", "json"])
        #expect(listing.exitCode == 0)
        return listing.stdout
    }

    @Test(arguments: 0..<2)
    func workbooksFromOpenpyxlAndLibreOfficeStoreExactlyTheCSVsEvents(_ index: Int) throws {
        // Given a shipped CSV sample and the two workbooks made from it
        let sample = Self.samples[index]
        let folder = try TemporaryFolder()

        // When each is imported into its own database
        let fromCSV = try stored(sample.csv, kind: sample.kind, in: folder, expecting: sample.count)
        let fromOpenpyxl = try stored(
            Self.fixture("\(sample.stem).openpyxl.xlsx"), kind: sample.kind, in: folder, expecting: sample.count)
        let fromLibreOffice = try stored(
            Self.fixture("\(sample.stem).libreoffice.xlsx"), kind: sample.kind, in: folder, expecting: sample.count)

        // Then every stored event is the same: instants, titles, codes, rooms, candidates, lines
        #expect(fromCSV.contains("\"start\""))
        #expect(fromOpenpyxl == fromCSV)
        #expect(fromLibreOffice == fromCSV)
    }

    @Test func theImportReportNamesTheFormatAndTheMapping() throws {
        let folder = try TemporaryFolder()
        let file = Self.fixture("exams-2027-01.libreoffice.xlsx")
        let result = try TermscaleBinary.run(["import", file, "--db", folder.path("state.sqlite")])
        #expect(result.exitCode == 0)
        #expect(
            result.stdout == """
                \(file): source 'exams-2027-01.libreoffice.xlsx' (exam, xlsx): 298 exam sessions, new source
                  mapping: date ← 'Exam Date' (column 1), start ← 'Start Time' (2), duration ← 'Duration' (3), \
                code ← 'Module Code' (4), title ← 'Module Title' (5), location ← 'Venue' (6), \
                candidates ← 'No. of Candidates' (7)

                """)
    }

    @Test(arguments: [
        (
            "bad-cell.xlsx",
            "bad-cell.xlsx:Exams!B4: 'nine thirty' is not a number, but the cell says it holds one; the workbook is damaged"
        ),
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
    func aDamagedWorkbookIsRefusedAtItsCellAndTheDatabaseIsUntouched(_ name: String, _ message: String) throws {
        // Given a database holding an earlier import of the source
        let folder = try TemporaryFolder()
        let db = folder.path("state.sqlite")
        let first = try TermscaleBinary.run(["import", Self.fixture("hidden-row.xlsx"), "--source", "jan", "--db", db])
        #expect(first.exitCode == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let listed = try TermscaleBinary.run(["calendar", "--db", db, "--format", "json"]).stdout

        // When a damaged workbook is imported as the same source (run from the fixtures' folder,
        // so the message names the file as given)
        let result = try TermscaleBinary.run(
            ["import", name, "--source", "jan", "--db", db], in: Self.fixtures)

        // Then it is exit 65 with the file and cell, and nothing changed
        #expect(result.exitCode == 65)
        #expect(result.stderr == message + "\n")
        #expect(result.stdout == "")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        #expect(try TermscaleBinary.run(["calendar", "--db", db, "--format", "json"]).stdout == listed)
    }

    @Test func badRowsAreAllReportedAtTheirCells() throws {
        let folder = try TemporaryFolder()
        let result = try TermscaleBinary.run(
            ["import", "bad-rows.xlsx", "--db", folder.path("state.sqlite")], in: Self.fixtures)
        #expect(result.exitCode == 65)
        #expect(
            result.stderr == """
                bad-rows.xlsx:Exams!C3: end: '13:00' is not after the start '14:00'; an exam must end after it starts, \
                on the same day
                bad-rows.xlsx:Exams!F4: candidates: 'many' is not a number of candidates; give a whole number such as \
                120 or 1,200
                bad-rows.xlsx:Exams!E4: title: is empty, and so is the code; every exam needs a title or a code
                bad-rows.xlsx:Exams!A5: date: '31/02/2027' does not exist: February 2027 has 28 days; correct the date

                """)
        #expect(!FileManager.default.fileExists(atPath: folder.path("state.sqlite")))
    }

    @Test func sheetAndHeaderRowAreUsageErrorsForACSVFile() throws {
        let folder = try TemporaryFolder()
        let csv = try folder.write("jan.csv", "Date,Start,Duration,Code\n12/01/2027,09:30,2h,MATH1001\n")
        for option in [["--sheet", "2"], ["--header-row", "3"]] {
            let result = try TermscaleBinary.run(["import", csv, "--db", folder.path("state.sqlite")] + option)
            #expect(result.exitCode == 64, "\(option)")
            #expect(
                result.stderr.contains(
                    "--sheet and --header-row are for XLSX workbooks, and \(csv) is CSV; import it without them"),
                "\(result.stderr)")
        }
        let explicit = try TermscaleBinary.run(["import", csv, "--format", "csv", "--sheet", "1", "--db", folder.path("s")])
        #expect(explicit.exitCode == 64)
        #expect(explicit.stderr.contains("--sheet and --header-row are for XLSX workbooks, not --format csv"))
    }

    @Test func anUnknownSheetListsTheSheets() throws {
        let folder = try TemporaryFolder()
        let result = try TermscaleBinary.run(
            ["import", "two-sheets.xlsx", "--sheet", "June", "--db", folder.path("state.sqlite")],
            in: Self.fixtures)
        #expect(result.exitCode == 65)
        #expect(
            result.stderr == """
                two-sheets.xlsx: --sheet: the workbook has no sheet 'June'; its sheets are 'January', 'May Exams' \
                (give a name, or a number from 1 to 2)

                """)
    }

    @Test func aWorkbookWithoutItsExtensionIsRecognisedByItsContent() throws {
        let folder = try TemporaryFolder()
        let copy = folder.path("timetable-export")
        try FileManager.default.copyItem(atPath: Self.fixture("two-sheets.xlsx"), toPath: copy)
        let result = try TermscaleBinary.run(["import", copy, "--sheet", "May Exams", "--db", folder.path("s.sqlite")])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("source 'timetable-export' (exam, xlsx): 2 exam sessions, new source"))
    }
}
