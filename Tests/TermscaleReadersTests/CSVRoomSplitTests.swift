import Foundation
import TermscaleCore
import TermscaleReaders
import Testing

/// One sitting split over several rooms is one exam session.
@Suite struct CSVRoomSplitTests {
    @Test func roomsOfOneSittingMerge() throws {
        let csv = """
            code,title,date,start,end,venue,candidates
            MATH1001,Algebra,2027-01-12,09:30,11:30,Hall A,100
            PHYS1,Physics,2027-01-12,09:30,11:30,Hall A,30
            MATH1001,Algebra,12/01/2027,9.30,12:00,Hall B,
            MATH1001,Algebra,2027-01-12,09:30,11:30,Hall C,"1,050"
            MATH1001,Algebra,2027-01-12,09:30,11:30,Hall B,5
            MATH1001,Algebra,2027-01-19,09:30,11:30,Hall A,80
            """
        let exams = try readExams(csv)
        #expect(exams.count == 3)
        let math = try #require(exams.first)
        #expect(math.code == "MATH1001")
        #expect(math.candidates == 1155)
        #expect(math.location == "Hall A, Hall B, Hall C")
        #expect(math.sourceLine == 2)
        #expect(utc(math) == "2027-01-12T09:30:00Z/2027-01-12T12:00:00Z")
        #expect(exams.map(\.sourceLine) == [2, 3, 7])
        #expect(exams.map(\.candidates) == [1155, 30, 80])
    }

    @Test func unknownCandidatesStayUnknownOnlyWhenAllAre() throws {
        let csv = """
            code,date,start,end,room,candidates
            A1,2027-01-12,09:30,11:30,R1,
            A1,2027-01-12,09:30,11:30,R2,
            B1,2027-01-12,09:30,11:30,R1,
            B1,2027-01-12,09:30,11:30,R2,0
            """
        #expect(try readExams(csv).map(\.candidates) == [nil, 0])
    }

    @Test func rowsWithoutCodeMergeByTitle() throws {
        let csv = """
            code,title,date,start,end,room,candidates
            ,French Oral,2027-01-12,09:30,11:30,R1,4
            ,French Oral,2027-01-12,09:30,11:30,R2,6
            ,German Oral,2027-01-12,09:30,11:30,R1,3
            """
        let exams = try readExams(csv)
        #expect(exams.map(\.title) == ["French Oral", "German Oral"])
        #expect(exams.map(\.code) == [nil, nil])
        #expect(exams.map(\.candidates) == [10, 3])
        #expect(exams.map(\.location) == ["R1, R2", "R1"])
    }
}
