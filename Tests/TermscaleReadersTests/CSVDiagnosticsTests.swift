import Foundation
import TermscaleCore
import TermscaleReaders
import Testing

/// Each kind of bad row, with its exact `file:line: field: message`, and all reported together.
@Suite struct CSVDiagnosticsTests {
    private let header = "code,title,date,start,end,duration,candidates\n"

    @Test func impossibleDates() {
        let csv =
            header + """
                A1,Alpha,31/04/2027,09:00,10:00,,
                A2,Alpha,2027-02-29,09:00,10:00,,
                A3,Alpha,13/13/2027,09:00,10:00,,
                A4,Alpha,0/01/2027,09:00,10:00,,
                """
        #expect(
            problems(csv) == [
                "exams.csv:2: date: '31/04/2027' does not exist: April 2027 has 30 days; correct the date",
                "exams.csv:3: date: '2027-02-29' does not exist: February 2027 has 28 days; correct the date",
                "exams.csv:4: date: '13/13/2027' does not exist: there is no month 13; correct the date",
                "exams.csv:5: date: '0/01/2027' does not exist: there is no day 0; correct the date",
            ])
    }

    @Test func unreadableDateTimeAndDuration() {
        let csv =
            header + """
                A1,Alpha,next Tuesday,09:00,10:00,,
                A2,Alpha,2027-01-12,half nine,10:00,,
                A3,Alpha,2027-01-12,09:00,,a while,
                A4,Alpha,2027-01-12,25:00,,2h,
                """
        #expect(
            problems(csv) == [
                "exams.csv:2: date: 'next Tuesday' is not a date; write it as 2027-01-12, 12/01/2027 (day first), "
                    + "12 Jan 2027 or Tuesday 12 January 2027",
                "exams.csv:3: start: 'half nine' is not a time of day; write it as 09:30, 9.30, 9:30am, 2pm or 14:00:00",
                "exams.csv:4: duration: 'a while' is not a duration; write minutes (120), h:mm (2:30), 2h 30m, "
                    + "2.5 hours, 90 mins or PT2H30M",
                "exams.csv:5: start: '25:00' is not a time of day: hours go to 23 (1–12 with am/pm) and minutes and "
                    + "seconds to 59",
            ])
    }

    @Test func weekdayThatContradictsTheDate() {
        #expect(
            problems(header + "A1,Alpha,\"Monday, 12 January 2027\",09:00,10:00,,") == [
                "exams.csv:2: date: 'Monday, 12 January 2027': 12 January 2027 is a Tuesday, not a Monday; correct "
                    + "the day name or the date"
            ])
    }

    @Test func slashDateThatContradictsTheDateOrder() {
        let csv =
            header + """
                A1,Alpha,12/01/2027,09:00,10:00,,
                A2,Alpha,01/13/2027,09:00,10:00,,
                A3,Alpha,02/14/2027,09:00,10:00,,
                """
        #expect(
            problems(csv) == [
                "exams.csv:3: date: '01/13/2027' is impossible read as day/month/year but is 13 January 2027 read as "
                    + "month/day/year, so this file's dates are probably month/day/year and others may be misread; "
                    + "if so, import it with --date-order mdy",
                "exams.csv:4: date: '02/14/2027' is impossible read as day/month/year but is 14 February 2027 read as "
                    + "month/day/year, so this file's dates are probably month/day/year and others may be misread; "
                    + "if so, import it with --date-order mdy",
            ])
        let fixed = try? readExams(csv, options: ReaderOptions(dateOrder: .mdy))
        #expect(
            fixed?.map(utc) == [
                "2027-12-01T09:00:00Z/2027-12-01T10:00:00Z",
                "2027-01-13T09:00:00Z/2027-01-13T10:00:00Z",
                "2027-02-14T09:00:00Z/2027-02-14T10:00:00Z",
            ])
        #expect(
            problems(header + "A1,Alpha,13/01/2027,09:00,10:00,,", options: ReaderOptions(dateOrder: .mdy)) == [
                "exams.csv:2: date: '13/01/2027' is impossible read as month/day/year but is 13 January 2027 read as "
                    + "day/month/year, so this file's dates are probably day/month/year and others may be misread; "
                    + "if so, import it with --date-order dmy"
            ])
    }

    @Test func badCandidates() {
        let csv =
            header + """
                A1,Alpha,2027-01-12,09:00,10:00,,-5
                A2,Alpha,2027-01-12,09:00,10:00,,twelve
                A3,Alpha,2027-01-12,09:00,10:00,,12.5
                A4,Alpha,2027-01-12,09:00,10:00,,"1,20"
                A5,Alpha,2027-01-12,09:00,10:00,, 1,
                """
        #expect(
            problems(csv) == [
                "exams.csv:2: candidates: '-5' is negative; the number of candidates must be 0 or more (leave it empty if unknown)",
                "exams.csv:3: candidates: 'twelve' is not a number of candidates; give a whole number such as 120 or 1,200",
                "exams.csv:4: candidates: '12.5' is not a number of candidates; give a whole number such as 120 or 1,200",
                "exams.csv:5: candidates: '1,20' is not a number of candidates; give a whole number such as 120 or 1,200",
            ])
    }

    @Test func zeroAndNegativeDurations() {
        let csv =
            header + """
                A1,Alpha,2027-01-12,09:00,,0,
                A2,Alpha,2027-01-12,09:00,,-30,
                A3,Alpha,2027-01-12,09:00,,0h 0m,
                """
        #expect(
            problems(csv) == [
                "exams.csv:2: duration: '0' is not a positive duration; an exam must last longer than zero",
                "exams.csv:3: duration: '-30' is not a positive duration; an exam must last longer than zero",
                "exams.csv:4: duration: '0h 0m' is not a positive duration; an exam must last longer than zero",
            ])
    }

    @Test func endNotAfterStart() {
        let csv =
            header + """
                A1,Alpha,2027-01-12,11:00,10:00,,
                A2,Alpha,2027-01-12,11:00,11:00,,
                """
        #expect(
            problems(csv) == [
                "exams.csv:2: end: '10:00' is not after the start '11:00'; an exam must end after it starts, on the same day",
                "exams.csv:3: end: '11:00' is not after the start '11:00'; an exam must end after it starts, on the same day",
            ])
    }

    @Test func missingValues() {
        let csv =
            header + """
                A1,Alpha,,09:00,10:00,,
                A2,Alpha,2027-01-12,,10:00,,
                A3,Alpha,2027-01-12,09:00,,,
                ,,2027-01-12,09:00,10:00,,
                A5,Alpha
                """
        #expect(
            problems(csv) == [
                "exams.csv:2: date: is empty; every exam needs its date (e.g. 2027-01-12)",
                "exams.csv:3: start: is empty; every exam needs its start time (e.g. 09:30)",
                "exams.csv:4: end: is empty, and so is duration; give the exam's end time or duration (e.g. 11:30 or 2h)",
                "exams.csv:5: title: is empty, and so is the code; every exam needs a title or a code",
                "exams.csv:6: date: is empty; every exam needs its date (e.g. 2027-01-12)",
                "exams.csv:6: start: is empty; every exam needs its start time (e.g. 09:30)",
                "exams.csv:6: end: is empty, and so is duration; give the exam's end time or duration (e.g. 11:30 or 2h)",
            ])
    }

    @Test func everyBadRowIsReportedAndGoodRowsDoNotHideThem() {
        let csv =
            header + """
                A1,Alpha,2027-01-12,09:00,10:00,,10
                A2,Alpha,2027-02-30,09:00,10:00,,10
                A3,Alpha,2027-01-12,09:00,10:00,,10
                A4,Alpha,2027-01-12,9:00,,0,x
                """
        #expect(
            problems(csv, file: "timetable/jan.csv") == [
                "timetable/jan.csv:3: date: '2027-02-30' does not exist: February 2027 has 28 days; correct the date",
                "timetable/jan.csv:5: duration: '0' is not a positive duration; an exam must last longer than zero",
                "timetable/jan.csv:5: candidates: 'x' is not a number of candidates; give a whole number such as 120 or 1,200",
            ])
    }

    @Test func diagnosticsCarryFileLineAndField() throws {
        let error = try #require(throws: DiagnosticsError.self) {
            try readExams(header + "\nA1,Alpha,2027-01-12,09:00,10:00,,-1")
        }
        #expect(
            error.diagnostics == [
                Diagnostic(
                    file: "exams.csv", line: 3, field: "candidates",
                    message: "'-1' is negative; the number of candidates must be 0 or more (leave it empty if unknown)")
            ])
    }
}
