import Foundation
import TermscaleCore
import TermscaleReaders
import Testing

/// Wall times are read in the options' zone; Europe/London's 2027 changes are at 2027-03-28
/// 01:00 UTC (forward) and 2027-10-31 01:00 UTC (back).
@Suite struct CSVTimeZoneTests {
    @Test func sessionsEitherSideOfBothChanges() throws {
        let csv = """
            code,date,start,end
            A,2027-03-26,09:00,11:00
            B,2027-03-29,09:00,11:00
            C,2027-10-29,09:00,11:00
            D,2027-11-01,09:00,11:00
            """
        #expect(
            try readExams(csv).map(utc) == [
                "2027-03-26T09:00:00Z/2027-03-26T11:00:00Z",
                "2027-03-29T08:00:00Z/2027-03-29T10:00:00Z",
                "2027-10-29T08:00:00Z/2027-10-29T10:00:00Z",
                "2027-11-01T09:00:00Z/2027-11-01T11:00:00Z",
            ])
    }

    @Test func durationsAcrossAChangeAreExactElapsedTime() throws {
        let csv = """
            code,date,start,duration
            A,2027-03-28,00:30,2h
            B,2027-10-31,00:30,2h
            """
        #expect(
            try readExams(csv).map(utc) == [
                "2027-03-28T00:30:00Z/2027-03-28T02:30:00Z",
                "2027-10-30T23:30:00Z/2027-10-31T01:30:00Z",
            ])
    }

    @Test func endTimesAcrossAChangeAreWallTimes() throws {
        // 00:30 GMT to 03:30 BST is two hours of elapsed time.
        let exam = try #require(try readExams("code,date,start,end\nA,2027-03-28,00:30,03:30").first)
        #expect(utc(exam) == "2027-03-28T00:30:00Z/2027-03-28T02:30:00Z")
    }

    @Test func gapAndRepeatedHourAreRefused() {
        let csv = """
            code,date,start,end
            A,2027-03-28,01:30,03:00
            B,2027-10-31,01:30,03:00
            C,2027-03-28,00:30,01:15
            D,2027-10-31,00:30,01:15
            """
        #expect(
            problems(csv) == [
                "exams.csv:2: start: 2027-03-28 01:30 does not exist in Europe/London: the clocks go forward over it; "
                    + "check the timetable for the right time",
                "exams.csv:3: start: 2027-10-31 01:30 happens twice in Europe/London: the clocks go back over it, so it "
                    + "could be either; move the session or give its times in UTC with --timezone UTC",
                "exams.csv:4: end: 2027-03-28 01:15 does not exist in Europe/London: the clocks go forward over it; "
                    + "check the timetable for the right time",
                "exams.csv:5: end: 2027-10-31 01:15 happens twice in Europe/London: the clocks go back over it, so it "
                    + "could be either; move the session or give its times in UTC with --timezone UTC",
            ])
    }

    @Test func otherZones() throws {
        let csv = "code,date,start,end\nA,2027-01-12,09:00,10:00\nB,2027-03-14,03:00,04:00"
        let newYork = try #require(IANAZone(identifier: "America/New_York"))
        // 2027-03-14 is New York's spring-forward day: 03:00 EDT = 07:00Z.
        #expect(
            try readExams(csv, options: ReaderOptions(zone: newYork)).map(utc) == [
                "2027-01-12T14:00:00Z/2027-01-12T15:00:00Z",
                "2027-03-14T07:00:00Z/2027-03-14T08:00:00Z",
            ])
        #expect(
            try readExams(csv, options: ReaderOptions(zone: FixedOffsetZone.utc)).map(utc) == [
                "2027-01-12T09:00:00Z/2027-01-12T10:00:00Z",
                "2027-03-14T03:00:00Z/2027-03-14T04:00:00Z",
            ])
    }
}
