import Foundation
import TermscaleCore
import TermscaleReaders
import Testing

/// Finding columns: header synonyms matched loosely, `--columns` by name and number, `--no-header`.
@Suite struct CSVColumnTests {
    private let row = "MATH1001,Linear Algebra,12/01/2027,09:30,11:30,120,Hall A,2h"

    /// Reads `row` under `header` and says which fields came out.
    private func read(_ header: String) throws -> ExamSession {
        try #require(try readExams(header + "\n" + row).first)
    }

    @Test(arguments: [
        "code,title,date,start,end,candidates,venue,duration",
        "Module Code,Module Title,Exam Date,Start Time,End Time,No. of Candidates,Room,Length",
        "COURSE CODE,Course Title,exam_date,start-time,Finish,Number of Candidates,Location,x",
        "Module,Name,Date,Time,end,Students,venue,x",
        "code,Exam,date,start,end,Number of Students,venue,x",
        "code,title,date,start,end,Headcount,venue,x",
        "code,title,date,start,end,Expected,venue,x",
        "code,title,date,start,end,  no of  candidates ,venue,x",
    ])
    func headerSynonymsAndPunctuation(_ header: String) throws {
        let exam = try read(header)
        #expect(exam.code == "MATH1001")
        #expect(exam.title == "Linear Algebra")
        #expect(exam.location == "Hall A")
        #expect(exam.candidates == 120)
        #expect(utc(exam) == "2027-01-12T09:30:00Z/2027-01-12T11:30:00Z")
    }

    @Test func durationColumnWhenThereIsNoEnd() throws {
        let exam = try read("code,title,date,start,x,candidates,venue,Duration")
        #expect(utc(exam) == "2027-01-12T09:30:00Z/2027-01-12T11:30:00Z")
    }

    @Test func titleFallsBackToCodeAndUnknownColumnsAreIgnored() throws {
        let exam = try read("code,Notes,date,start,end,candidates,Invigilator,x")
        #expect(exam.code == "MATH1001")
        #expect(exam.title == "MATH1001")
        #expect(exam.location == nil)
    }

    @Test func noCodeColumnMeansNilCode() throws {
        let exam = try read("x,title,date,start,end,candidates,venue,y")
        #expect(exam.code == nil)
        #expect(exam.title == "Linear Algebra")
    }

    @Test func columnsByNameAndNumberOverrideTheHeader() throws {
        let csv = """
            Paper,Day,Resit Day,Begins,Ends,Start Time
            MATH1001,12/01/2027,19/01/2027,09:30,11:30,14:00
            """
        let spec = try CSVColumnSpec(parsing: "code=Paper,date=resit-day,start=4,end=ends")
        let exam = try #require(try readExams(csv, options: ReaderOptions(columns: spec)).first)
        #expect(exam.code == "MATH1001")
        #expect(utc(exam) == "2027-01-19T09:30:00Z/2027-01-19T11:30:00Z")
    }

    @Test func columnClaimedByColumnsIsNotAlsoMatchedByName() throws {
        // "Module" would be the code by name; --columns makes it the title instead.
        let csv = "Module,Course Code,date,start,end\nLinear Algebra,MATH1001,2027-01-12,09:30,11:30"
        let spec = try CSVColumnSpec(parsing: "title=Module")
        let exam = try #require(try readExams(csv, options: ReaderOptions(columns: spec)).first)
        #expect(exam.title == "Linear Algebra")
        #expect(exam.code == "MATH1001")
    }

    @Test func noHeaderTakesEveryColumnByNumber() throws {
        let csv = "\nMATH1001,2027-01-12,09:30,2h,Hall A\nPHYS1,2027-01-13,14:00,90,\n"
        let spec = try CSVColumnSpec(parsing: "code=1,date=2,start=3,duration=4,location=5")
        let exams = try readExams(csv, options: ReaderOptions(columns: spec, hasHeader: false))
        #expect(exams.map(\.code) == ["MATH1001", "PHYS1"])
        #expect(exams.map(\.sourceLine) == [2, 3])
        #expect(exams.map(utc) == ["2027-01-12T09:30:00Z/2027-01-12T11:30:00Z", "2027-01-13T14:00:00Z/2027-01-13T15:30:00Z"])
    }

    @Test func noHeaderWithoutEnoughColumnsIsExplained() throws {
        let spec = try CSVColumnSpec(parsing: "code=1,date=2")
        #expect(
            problems("MATH1001,2027-01-12,09:30,2h", options: ReaderOptions(columns: spec, hasHeader: false)) == [
                "exams.csv:1: --columns: the file has no header (--no-header), so give every field's column by number; "
                    + "missing: start ('start', 'start time', 'time', 'from', …); end or duration: end ('end', 'end time', "
                    + "'finish', 'finish time', …) or duration ('duration', 'length', 'minutes', 'mins', …) "
                    + "(e.g. --columns date=1,start=2,duration=3,code=4)"
            ])
    }

    @Test func noHeaderRefusesColumnNames() throws {
        let spec = try CSVColumnSpec(parsing: "code=1,date=2,start=Start Time,duration=4")
        #expect(
            problems("MATH1001,2027-01-12,09:30,2h", options: ReaderOptions(columns: spec, hasHeader: false)) == [
                "exams.csv:1: --columns: start=Start Time: the file has no header (--no-header), so columns can only be "
                    + "given by number, e.g. start=3"
            ])
    }

    @Test func mappedColumnsThatDoNotExist() throws {
        let spec = try CSVColumnSpec(parsing: "date=9,start=Begins")
        let csv = "\ncode,date,start,end\nA1,2027-01-12,09:00,10:00"
        #expect(
            problems(csv, options: ReaderOptions(columns: spec)) == [
                "exams.csv:2: --columns: date=9: there is no column 9; the file has 4 columns",
                "exams.csv:2: --columns: start=Begins: no column is named 'Begins'; the header has 'code', 'date', 'start', 'end'",
            ])
    }

    @Test func missingColumnsAreListedAtTheHeaderLine() {
        let csv = "Module Title,Exam Date,Room\nLinear Algebra,2027-01-12,Hall A"
        #expect(
            problems(csv) == [
                "exams.csv:1: no column for start ('start', 'start time', 'time', 'from', …); end or duration: end "
                    + "('end', 'end time', 'finish', 'finish time', …) or duration ('duration', 'length', 'minutes', "
                    + "'mins', …); the header has "
                    + "'Module Title', 'Exam Date', 'Room'. Rename the columns or map them with --columns "
                    + "(e.g. --columns date=3 or date=Exam Day)"
            ])
    }

    @Test func missingTitleAndCode() {
        #expect(
            problems("date,start,end\n2027-01-12,09:00,10:00") == [
                "exams.csv:1: no column for title or code: title ('title', 'module title', 'course title', "
                    + "'paper title', …) or code ('code', 'module code', 'course code', 'paper code', …); the header "
                    + "has 'date', "
                    + "'start', 'end'. Rename the columns or map them with --columns (e.g. --columns date=3 or date=Exam Day)"
            ])
    }

    @Test func columnPastTheHeaderNames() throws {
        let spec = try CSVColumnSpec(parsing: "candidates=5")
        let csv = "code,date,start,end\nA1,2027-01-12,09:00,10:00,75"
        #expect(try readExams(csv, options: ReaderOptions(columns: spec)).map(\.candidates) == [75])
    }
}
