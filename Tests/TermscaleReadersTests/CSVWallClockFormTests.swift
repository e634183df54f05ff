import Foundation
import TermscaleCore
import TermscaleReaders
import Testing

/// Every accepted date, time and duration form, read through a whole timetable row so each
/// assertion is on the exact UTC instant (January: Europe/London is on UTC).
@Suite struct CSVWallClockFormTests {
    private func exam(
        date: String = "2027-01-12", start: String = "09:30", duration: String = "2h",
        order: DateOrder = .dmy
    ) throws -> ExamSession {
        let csv = "code,date,start,duration\nMATH1001,\"\(date)\",\(start),\(duration)\n"
        return try #require(try readExams(csv, options: ReaderOptions(dateOrder: order)).first)
    }

    @Test(arguments: [
        "2027-01-12", "12/01/2027", "12/1/2027", "12 Jan 2027", "12 January 2027", "Tuesday 12 January 2027",
        "Tue 12 Jan 2027", "Tuesday, 12 January 2027", "Tue, 12 Jan 2027", "Jan 12, 2027", "12th January 2027",
        "12-01-2027", "  12 JAN 2027 ", "12-Jan-2027", "12.01.2027", "2027/01/12", "12\u{00A0}Jan\u{00A0}2027",
    ])
    func dateForms(_ date: String) throws {
        #expect(UTCFormat.rfc3339(try exam(date: date).start) == "2027-01-12T09:30:00Z")
    }

    @Test func slashDatesAreMonthFirstWithMDY() throws {
        #expect(UTCFormat.rfc3339(try exam(date: "01/12/2027", order: .mdy).start) == "2027-01-12T09:30:00Z")
        #expect(UTCFormat.rfc3339(try exam(date: "03/01/2027", order: .mdy).start) == "2027-03-01T09:30:00Z")
        #expect(UTCFormat.rfc3339(try exam(date: "03/01/2027", order: .dmy).start) == "2027-01-03T09:30:00Z")
    }

    @Test(arguments: [
        ("09:30", "2027-01-12T09:30:00Z"), ("9:30", "2027-01-12T09:30:00Z"), ("9.30", "2027-01-12T09:30:00Z"),
        ("9:30am", "2027-01-12T09:30:00Z"), ("9.30 am", "2027-01-12T09:30:00Z"), ("2pm", "2027-01-12T14:00:00Z"),
        ("12pm", "2027-01-12T12:00:00Z"), ("12am", "2027-01-12T00:00:00Z"), ("14:00", "2027-01-12T14:00:00Z"),
        ("14:00:00", "2027-01-12T14:00:00Z"), ("2:15 PM", "2027-01-12T14:15:00Z"), ("9.30 a.m.", "2027-01-12T09:30:00Z"),
        ("0930", "2027-01-12T09:30:00Z"), ("noon", "2027-01-12T12:00:00Z"), ("14:00:30", "2027-01-12T14:00:30Z"),
    ])
    func timeForms(_ time: String, _ expected: String) throws {
        #expect(UTCFormat.rfc3339(try exam(start: time).start) == expected)
    }

    @Test(arguments: [
        ("120", 7200), ("2:30", 9000), ("2h", 7200), ("2h 30m", 9000), ("150m", 9000), ("2.5h", 9000),
        ("2 Hours", 7200), ("1.5 Hours", 5400), ("90 mins", 5400), ("PT2H30M", 9000), ("pt90m", 5400),
        ("1 hour and 30 minutes", 5400), ("2hrs", 7200), ("1:30:30", 5430), ("2h30", 9000), ("1 hr 15", 4500),
    ])
    func durationForms(_ duration: String, _ seconds: Int) throws {
        let session = try exam(duration: duration)
        #expect(UTCFormat.seconds(session.end) - UTCFormat.seconds(session.start) == Int64(seconds))
        #expect(try WallClockParsing.duration(duration).get() == seconds)
    }

    @Test(arguments: ["two hours", "2x", "1:5", "h", "PT", "30m 2", "2h 30.5", "PT2H30", "1.2.3h", ""])
    func unreadableDurations(_ text: String) {
        #expect(throws: WallClockParseError.self) { try WallClockParsing.duration(text).get() }
    }

    @Test(arguments: ["9", "25:00", "9:60", "13pm", "0am", "9:3", "nine", "9:30 xm", "12345"])
    func unreadableTimes(_ text: String) {
        #expect(throws: WallClockParseError.self) { try WallClockParsing.timeOfDay(text).get() }
    }

    @Test(arguments: ["12/01/27", "2027/13/01", "12 Janu 2027", "Tuesday", "12 Jan", "2027-01-12-03", "1e5", "٣/١/٢٠٢٧"])
    func unreadableDates(_ text: String) {
        #expect(throws: WallClockParseError.self) { try WallClockParsing.date(text, order: .dmy).get() }
    }

    @Test func leapDayExistsOnlyInLeapYears() throws {
        #expect(try WallClockParsing.date("29/02/2028", order: .dmy).get() == CivilDate(year: 2028, month: 2, day: 29))
        #expect(
            WallClockParsing.date("29/02/2027", order: .dmy)
                == .failure(.nonexistentDate(text: "29/02/2027", reason: "February 2027 has 28 days")))
    }
}

@Suite struct CSVTimeRangeTests {
    @Test(arguments: [
        ("09:30-11:30", "2027-01-12T09:30:00Z/2027-01-12T11:30:00Z"),
        ("9.30 – 11.30", "2027-01-12T09:30:00Z/2027-01-12T11:30:00Z"),
        ("2pm to 4:30pm", "2027-01-12T14:00:00Z/2027-01-12T16:30:00Z"),
    ])
    func startColumnHoldingARange(_ time: String, _ expected: String) throws {
        let exams = try readExams("code,date,time\nA1,2027-01-12,\(time)")
        #expect(exams.map(utc) == [expected])
    }

    @Test func endColumnWinsOverARange() throws {
        let exams = try readExams("code,date,time,end\nA1,2027-01-12,09:30-11:30,12:00")
        #expect(exams.map(utc) == ["2027-01-12T09:30:00Z/2027-01-12T12:00:00Z"])
    }

    @Test func backwardsRange() {
        #expect(
            problems("code,date,time\nA1,2027-01-12,11:30-09:30") == [
                "exams.csv:2: start: '11:30-09:30' ends before it starts; an exam must end after it starts, on the same day"
            ])
    }

    @Test func rangeFileWithAPlainTime() {
        #expect(
            problems("code,date,time\nA1,2027-01-12,09:30-11:30\nA2,2027-01-12,14:00") == [
                "exams.csv:3: start: '14:00' has no end; the file has no end or duration column, so write the time as a "
                    + "range such as 09:30-11:30"
            ])
    }
}

/// A time in the date's cell, as spreadsheets export date-time columns.
@Suite struct CSVDateTimeCellTests {
    @Test(arguments: [
        ("12/01/2027 09:30", "2027-01-12T09:30:00Z/2027-01-12T11:30:00Z"),
        ("2027-01-12T14:00:00", "2027-01-12T14:00:00Z/2027-01-12T16:00:00Z"),
        ("Tue 12 Jan 2027 2pm", "2027-01-12T14:00:00Z/2027-01-12T16:00:00Z"),
        ("2027-03-29 9:00 am", "2027-03-29T08:00:00Z/2027-03-29T10:00:00Z"),
    ])
    func examDateAndTimeInOneColumn(_ cell: String, _ expected: String) throws {
        let exams = try readExams("Code,Date and Time,Duration\nA1,\(cell),2h")
        #expect(exams.map(utc) == [expected])
    }

    @Test func startColumnWinsOverATimeInTheDateCell() throws {
        let exams = try readExams("code,date,start,end\nA1,12/01/2027 08:00,09:30,11:30")
        #expect(exams.map(utc) == ["2027-01-12T09:30:00Z/2027-01-12T11:30:00Z"])
    }

    @Test func endBeforeATimeInTheDateCell() {
        #expect(
            problems("code,date,end\nA1,12/01/2027 11:00,10:30") == [
                "exams.csv:2: end: '10:30' is not after the start '11:00'; an exam must end after it starts, on the same day"
            ])
    }

    @Test func badTimeInTheDateCell() {
        #expect(
            problems("Code,Date and Time,Duration\nA1,12/01/2027 25:00,2h") == [
                "exams.csv:2: date: '25:00' is not a time of day: hours go to 23 (1–12 with am/pm) and minutes and "
                    + "seconds to 59"
            ])
    }

    @Test func windowDaysWithTimes() throws {
        let csv = "Title,From,To\nEnrolment desk,2027-09-20 09:00,2027-09-24 17:00\n"
        #expect(try readWindows(csv).map(utc) == ["2027-09-20T08:00:00Z/2027-09-24T16:00:00Z"])
    }

    @Test func dateAndTimeParsing() throws {
        let plain = try WallClockParsing.dateAndTime("12 Jan 2027", order: .dmy).get()
        #expect(plain.date == CivilDate(year: 2027, month: 1, day: 12))
        #expect(plain.time == nil)
        let timed = try WallClockParsing.dateAndTime("01/12/2027 4:15 p.m.", order: .mdy).get()
        #expect(timed.date == CivilDate(year: 2027, month: 1, day: 12))
        #expect(timed.time == 16 * 3600 + 15 * 60)
    }
}
