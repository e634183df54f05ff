import Foundation
import TermscaleCore
import TermscaleReaders
import Testing

@Suite struct CSVTimetableReaderTests {
    @Test func readsATypicalTimetable() throws {
        let csv = """
            Module Code,Module Title,Exam Date,Start Time,Duration,Venue,No. of Candidates
            MATH1001,Linear Algebra,12/01/2027,09:30,2h,Great Hall,120
            PHYS2002,Quantum Mechanics,2027-01-13,14:00,90 mins,,
            """
        let exams = try readExams(csv)
        #expect(exams.count == 2)
        let first = try #require(exams.first)
        #expect(first.code == "MATH1001")
        #expect(first.title == "Linear Algebra")
        #expect(first.location == "Great Hall")
        #expect(first.candidates == 120)
        #expect(first.source == "exams")
        #expect(first.sourceLine == 2)
        #expect(utc(first) == "2027-01-12T09:30:00Z/2027-01-12T11:30:00Z")
        let second = try #require(exams.last)
        #expect(second.location == nil)
        #expect(second.candidates == nil)
        #expect(second.sourceLine == 3)
        #expect(utc(second) == "2027-01-13T14:00:00Z/2027-01-13T15:30:00Z")
    }

    @Test func reportsEveryBadRow() {
        let csv = """
            code,title,date,start,end,candidates
            A1,Alpha,31/02/2027,09:00,11:00,10
            A2,Beta,2027-01-12,09:00,11:00,-5
            A3,Gamma,2027-01-12,09:00,11:00,lots
            A4,Delta,2027-01-12,11:00,10:00,5
            """
        #expect(
            problems(csv) == [
                "exams.csv:2: date: '31/02/2027' does not exist: February 2027 has 28 days; correct the date",
                "exams.csv:3: candidates: '-5' is negative; the number of candidates must be 0 or more (leave it empty if unknown)",
                "exams.csv:4: candidates: 'lots' is not a number of candidates; give a whole number such as 120 or 1,200",
                "exams.csv:5: end: '10:00' is not after the start '11:00'; an exam must end after it starts, on the same day",
            ])
    }
}
