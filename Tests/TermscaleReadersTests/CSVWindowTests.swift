import Foundation
import TermscaleCore
import TermscaleReaders
import Testing

/// Academic-calendar windows: whole local days from the first to the last (inclusive).
@Suite struct CSVWindowTests {
    @Test func windowsCoverWholeLocalDays() throws {
        let csv = """
            Category,Title,Start Date,End Date
            Teaching,Autumn Term,2026-09-28,2026-12-11
            Vacation,Christmas Vacation,12/12/2026,10/01/2027
            Exams,,2027-01-11,2027-01-22
            ,Reading Week,Mon 15 Feb 2027,19 February 2027
            Teaching,Spring Term,2027-03-22,2027-04-02
            Enrolment,Late enrolment,2027-09-20,
            """
        let windows = try readWindows(csv)
        #expect(windows.map(\.category) == ["teaching", "vacation", "exams", "reading-week", "teaching", "enrolment"])
        #expect(
            windows.map(\.title) == [
                "Autumn Term", "Christmas Vacation", "Exams", "Reading Week", "Spring Term",
                "Late enrolment",
            ])
        #expect(
            windows.map(utc) == [
                "2026-09-27T23:00:00Z/2026-12-12T00:00:00Z",
                "2026-12-12T00:00:00Z/2027-01-11T00:00:00Z",
                "2027-01-11T00:00:00Z/2027-01-23T00:00:00Z",
                "2027-02-15T00:00:00Z/2027-02-20T00:00:00Z",
                "2027-03-22T00:00:00Z/2027-04-02T23:00:00Z",
                "2027-09-19T23:00:00Z/2027-09-20T23:00:00Z",
            ])
        #expect(windows.map(\.sourceLine) == [2, 3, 4, 5, 6, 7])
        #expect(windows.allSatisfy { $0.source == "calendar" })
    }

    @Test(arguments: [
        "Type,Name,From,To", "Kind,Description,Date,Until", "category,event,start,end",
        "CATEGORY,title,Start-Date,End_Date",
    ])
    func headerSynonyms(_ header: String) throws {
        let window = try #require(try readWindows(header + "\nVacation,Easter,2027-03-29,2027-04-09").first)
        #expect(window.category == "vacation")
        #expect(window.title == "Easter")
        #expect(utc(window) == "2027-03-28T23:00:00Z/2027-04-09T23:00:00Z")
    }

    @Test func categoryOptionOverridesTheFile() throws {
        let csv = "Category,Title,From,To\nVacation,Summer School,2027-07-05,2027-07-16\n,Open Days,2027-06-25,"
        let windows = try readWindows(csv, options: ReaderOptions(kind: .window, category: "Teaching Term"))
        #expect(windows.map(\.category) == ["teaching-term", "teaching-term"])
        #expect(windows.map(\.title) == ["Summer School", "Open Days"])
    }

    @Test func categoryOptionStandsInForAMissingTitleColumn() throws {
        let csv = "From,To\n2027-07-05,2027-07-16"
        let window = try #require(try readWindows(csv, options: ReaderOptions(kind: .window, category: "Exams")).first)
        #expect(window.category == "exams")
        #expect(window.title == "Exams")
    }

    @Test func optionalStartAndEndTimes() throws {
        let csv = """
            Category,Title,Start Date,Start Time,End Date,End Time
            Enrolment,Enrolment desk,2027-09-20,09:00,2027-09-24,5pm
            Enrolment,Induction,2027-09-27,14:00,,16:30
            """
        #expect(
            try readWindows(csv).map(utc) == [
                "2027-09-20T08:00:00Z/2027-09-24T16:00:00Z",
                "2027-09-27T13:00:00Z/2027-09-27T15:30:00Z",
            ])
    }

    @Test func badWindows() {
        let csv = """
            Category,Title,Start Date,Start Time,End Date,End Time
            Teaching,Backwards,2027-02-10,,2027-02-01,
            Teaching,,31/02/2027,,,
            ,,2027-02-10,,,
            Teaching,Late,2027-02-10,16:00,,09:00
            Teaching,No start,,,2027-02-12,
            """
        #expect(
            problems(csv, options: ReaderOptions(kind: .window), file: "calendar.csv") == [
                "calendar.csv:2: end_date: '2027-02-01' is before the first day '2027-02-10'; the last day must be on "
                    + "or after the first",
                "calendar.csv:3: date: '31/02/2027' does not exist: February 2027 has 28 days; correct the date",
                "calendar.csv:4: title: is empty; every window needs a title or a category (e.g. Reading Week)",
                "calendar.csv:5: end: '09:00' on 2027-02-10 is not after the start 2027-02-10 16:00; a window must end "
                    + "after it starts",
                "calendar.csv:6: date: is empty; every window needs its first day (e.g. 2027-01-12)",
            ])
    }

    @Test func missingWindowColumns() {
        #expect(
            problems("Notes,Until\nx,2027-01-01", options: ReaderOptions(kind: .window), file: "calendar.csv") == [
                "calendar.csv:1: no column for the first day: date ('start', 'start date', 'from', 'date', …); title "
                    + "or category: title ('title', 'name', 'description', 'event', …) or category ('category', 'type', "
                    + "'kind'); the header has 'Notes', 'Until'. Rename the columns or map them with --columns "
                    + "(e.g. --columns date=3 or date=Exam Day)"
            ])
    }

    @Test func windowColumnsByNumber() throws {
        let spec = try CSVColumnSpec(parsing: "title=1,date=2,end_date=3")
        let windows = try readWindows(
            "Reading Week,2027-02-15,2027-02-19",
            options: ReaderOptions(kind: .window, columns: spec, hasHeader: false))
        #expect(windows.map(\.category) == ["reading-week"])
        #expect(windows.map(utc) == ["2027-02-15T00:00:00Z/2027-02-20T00:00:00Z"])
    }

    @Test func dateColumnWithStartAndEndTimes() throws {
        let csv = "Title,Date,Start,End\nOpen Day,2027-06-26,09:00,16:00\n"
        let window = try #require(try readWindows(csv).first)
        #expect(window.category == "open-day")
        #expect(utc(window) == "2027-06-26T08:00:00Z/2027-06-26T15:00:00Z")
    }
}
