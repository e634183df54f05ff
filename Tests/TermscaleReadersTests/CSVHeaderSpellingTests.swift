import Foundation
import TermscaleCore
import Testing

@testable import TermscaleReaders

/// Header names as registries write them, and the mapping report: which column feeds which
/// field, and a warning for every column that feeds nothing.
@Suite struct CSVHeaderSpellingTests {
    /// Reads `csv` as `exams.csv` and returns the whole batch (sessions, warnings, mapping).
    private func batch(_ csv: String, options: ReaderOptions = ReaderOptions()) throws -> ImportBatch {
        try CSVTimetableReader(options: options).read(Array(csv.utf8), file: "exams.csv", source: "exams")
    }

    /// The mapping as `field=column` in field order.
    private func fields(_ batch: ImportBatch) -> [String] {
        (batch.columnMapping?.assignments ?? []).map { "\($0.field)=\($0.column.number)" }
    }

    // MARK: The export from the issue

    @Test func courseNameExportImportsItsTitlesWithoutColumns() throws {
        // UPEI's registry export: camelCase headers, month-name dates, 12-hour times, room splits.
        let csv = """
            courseCode,courseName,examDate,startTime,endTime,location
            ACCT-1010-1,Introductory Financial Accounting,Oct-01-2024,01:30 PM,03:30 PM,Room 242
            BIO-1310-2,Cell Biology,Nov-04-2024,09:00 AM,12:00 PM,Duffy Science Centre 104
            BIO-1310-2,Cell Biology,Nov-04-2024,09:00 AM,12:30 PM,Duffy Science Centre 105
            """
        let halifax = try #require(IANAZone(identifier: "America/Halifax"))
        let read = try batch(csv, options: ReaderOptions(zone: halifax))
        #expect(read.exams.map(\.code) == ["ACCT-1010-1", "BIO-1310-2"])
        #expect(read.exams.map(\.title) == ["Introductory Financial Accounting", "Cell Biology"])
        // October is ADT (UTC-3); 4 November is after the clocks went back, AST (UTC-4).
        #expect(
            read.exams.map(utc) == ["2024-10-01T16:30:00Z/2024-10-01T18:30:00Z", "2024-11-04T13:00:00Z/2024-11-04T16:30:00Z"])
        #expect(read.exams.map(\.location) == ["Room 242", "Duffy Science Centre 104, Duffy Science Centre 105"])
        #expect(read.warnings == [])
        #expect(
            read.columnMapping
                == ColumnMapping(
                    assignments: [
                        .init(field: "date", column: .init(number: 3, header: "examDate")),
                        .init(field: "start", column: .init(number: 4, header: "startTime")),
                        .init(field: "end", column: .init(number: 5, header: "endTime")),
                        .init(field: "code", column: .init(number: 1, header: "courseCode")),
                        .init(field: "title", column: .init(number: 2, header: "courseName")),
                        .init(field: "location", column: .init(number: 6, header: "location")),
                    ], unused: []))
    }

    // MARK: Synonyms, in every spelling

    static let row = "MATH1001,Linear Algebra,12/01/2027,09:30,11:30,120,Hall A"

    @Test(arguments: [
        // Code and title: course/module/paper/subject/unit with code/title/name.
        "courseCode,courseName,examDate,startTime,endTime,numberOfStudents,location",
        "course_code,course_name,exam_date,start_time,end_time,no_of_students,venue",
        "MODULE CODE,MODULE TITLE,EXAM DATE,START TIME,END TIME,ENROLLED,ROOM",
        "Paper,Paper Title,Date,From,To,Enrolment,Building",
        "Subject Code,Subject Name,Exam Day,Begins,Ends,Enrollment,Exam Room",
        "unitCode,unitTitle,day,starts,finishes,studentCount,rooms",
        "Exam Code,Exam Title,Date,Exam Start Time,Exam End Time,Headcount,Exam Venue",
        "Code,Description,Date,Start,Finish Time,No. of Students,Location",
        "Module,Name,Date,Time,Until,Students,Venue",
        "code,title,date,start,end,Number Enrolled,venue",
    ])
    func examSynonymsInAnySpelling(header: String) throws {
        let exam = try #require(try batch(header + "\n" + Self.row).exams.first)
        #expect(exam.code == "MATH1001")
        #expect(exam.title == "Linear Algebra")
        #expect(utc(exam) == "2027-01-12T09:30:00Z/2027-01-12T11:30:00Z")
        #expect(exam.candidates == 120)
        #expect(exam.location == "Hall A")
    }

    @Test(arguments: ["Duration", "length", "MINUTES", "Duration (mins)", "duration_minutes", "examDuration"])
    func durationSynonyms(header: String) throws {
        let read = try batch("Course,Exam Date,Start Time,\(header)\nMATH1001,2027-01-12,09:30,90")
        #expect(read.exams.map(utc) == ["2027-01-12T09:30:00Z/2027-01-12T11:00:00Z"])
        #expect(fields(read) == ["date=2", "start=3", "duration=4", "code=1"])
    }

    @Test func aBareCourseIsTheCodeUnlessAnotherColumnIsTheCode() throws {
        #expect(
            fields(try batch("Course,Date,Start,End\nMATH1001,2027-01-12,09:30,11:30")) == [
                "date=2", "start=3", "end=4", "code=1",
            ])
        let both = try batch("Course Code,Course,Date,Start,End\nMATH1001,Linear Algebra,2027-01-12,09:30,11:30")
        #expect(fields(both) == ["date=3", "start=4", "end=5", "code=1", "title=2"])
        #expect(both.exams.map(\.title) == ["Linear Algebra"])
    }

    @Test func theBestNameWinsAndTheOtherColumnIsReported() throws {
        // "Date" beats "Day"; "Course Name" beats "Name"; a column is claimed once.
        let read = try batch(
            "Day,Date,Name,Course Name,Code,Start,End\nTuesday,2027-01-12,Dr Smith,Linear Algebra,MATH1001,09:30,11:30")
        #expect(fields(read) == ["date=2", "start=6", "end=7", "code=5", "title=4"])
        #expect(
            read.warnings.map(\.description) == [
                "exams.csv: column 1 'Day' feeds nothing; map it with --columns or ignore this",
                "exams.csv: column 3 'Name' feeds nothing; map it with --columns or ignore this",
            ])
    }

    @Test func fromAndToAreTimesForExamsButDaysForWindows() throws {
        let exams = try batch("Module,Date,From,To\nMATH1001,2027-01-12,09:30,11:30")
        #expect(exams.exams.map(utc) == ["2027-01-12T09:30:00Z/2027-01-12T11:30:00Z"])
        let windows = try readWindows("Title,From,To\nReading Week,2027-02-15,2027-02-19")
        #expect(windows.map(utc) == ["2027-02-15T00:00:00Z/2027-02-20T00:00:00Z"])
    }

    @Test func noHeaderNameBelongsToTwoExamFieldsExceptTheBareSubjects() {
        var fieldsByName: [String: [CSVField]] = [:]
        for field in CSVField.allCases {
            for name in CSVColumnLayout.headerNames(for: field, kind: .exam) {
                fieldsByName[CSVColumnLayout.normalized(name), default: []].append(field)
            }
        }
        let shared = fieldsByName.filter { $0.value.count > 1 }
        #expect(shared.keys.sorted() == ["course", "module", "paper", "subject", "unit"])
        #expect(shared.values.allSatisfy { $0 == [.code, .title] })
    }

    @Test func everyExistingSpellingStillMatches() {
        let before: [CSVField: [String]] = [
            .date: ["date", "exam date", "date and time", "date time", "exam date and time"],
            .start: ["start", "start time", "time"],
            .end: ["end", "end time", "finish", "finish time"],
            .duration: ["duration", "length"],
            .code: ["code", "module code", "course code", "module"],
            .title: ["title", "module title", "course title", "name", "exam"],
            .location: ["venue", "room", "location"],
            .candidates: [
                "candidates", "no of candidates", "number of candidates", "students", "number of students",
                "headcount", "expected",
            ],
        ]
        for (field, names) in before {
            let now = CSVColumnLayout.headerNames(for: field, kind: .exam)
            #expect(names.filter { !now.contains($0) } == [], "\(field)")
        }
    }

    // MARK: Columns that feed nothing

    @Test func everyColumnThatFeedsNothingIsNamedOnce() throws {
        let csv = """
            Exam Date,Start Time,Duration,Module Code,Module Title,Venue,Invigilator,,Notes,
            2027-01-12,09:30,2h,MATH1001,Linear Algebra,Hall A,Dr Smith,,,
            2027-01-13,14:00,90,PHYS1002,Waves,Hall B,Dr Jones,spare,,
            """
        let read = try batch(csv)
        #expect(read.exams.count == 2)
        // Column 8 is unnamed but holds a value; column 10 is unnamed and empty: not worth a word.
        #expect(
            read.warnings.map(\.description) == [
                "exams.csv: column 7 'Invigilator' feeds nothing; map it with --columns or ignore this",
                "exams.csv: column 8 feeds nothing; map it with --columns or ignore this",
                "exams.csv: column 9 'Notes' feeds nothing; map it with --columns or ignore this",
            ])
        #expect(read.columnMapping?.unused.map(\.number) == [7, 8, 9])
    }

    @Test func columnsMappingAColumnStopsItsWarning() throws {
        let spec = try CSVColumnSpec(parsing: "location=Invigilator")
        let read = try batch(
            "Date,Start,End,Code,Invigilator\n2027-01-12,09:30,11:30,MATH1001,Dr Smith", options: ReaderOptions(columns: spec))
        #expect(read.warnings == [])
        #expect(fields(read) == ["date=1", "start=2", "end=3", "code=4", "location=5"])
        #expect(read.exams.map(\.location) == ["Dr Smith"])
    }

    @Test func withoutAHeaderColumnsAreNamedByNumber() throws {
        let spec = try CSVColumnSpec(parsing: "code=1,date=2,start=3,duration=4")
        let read = try batch("MATH1001,2027-01-12,09:30,2h,Hall A", options: ReaderOptions(columns: spec, hasHeader: false))
        #expect(
            read.columnMapping
                == ColumnMapping(
                    assignments: [
                        .init(field: "date", column: .init(number: 2, header: nil)),
                        .init(field: "start", column: .init(number: 3, header: nil)),
                        .init(field: "duration", column: .init(number: 4, header: nil)),
                        .init(field: "code", column: .init(number: 1, header: nil)),
                    ], unused: [.init(number: 5, header: nil)]))
        #expect(read.warnings.map(\.description) == ["exams.csv: column 5 feeds nothing; map it with --columns or ignore this"])
    }

    @Test func windowsReportTheirMappingToo() throws {
        let read = try CSVTimetableReader(options: ReaderOptions(kind: .window)).read(
            Array("Category,Title,Start Date,End Date,Owner\nteaching,Term 1,2026-09-28,2026-12-11,Registry".utf8),
            file: "calendar.csv", source: "calendar")
        #expect(read.windows.count == 1)
        #expect(fields(read) == ["date=3", "title=2", "category=1", "end_date=4"])
        #expect(
            read.warnings.map(\.description) == [
                "calendar.csv: column 5 'Owner' feeds nothing; map it with --columns or ignore this"
            ])
    }
}
