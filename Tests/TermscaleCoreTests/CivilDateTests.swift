import Testing

@testable import TermscaleCore

@Suite struct CivilDateTests {
    @Test func daysSinceEpochMatchesKnownDates() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1).daysSinceEpoch == 11_017)
        #expect(CivilDate(year: 2027, month: 1, day: 12).daysSinceEpoch == 20_830)
        #expect(CivilDate(year: 1969, month: 12, day: 31).daysSinceEpoch == -1)
    }

    @Test func roundTripsEveryDayOver800Years() {
        for days in stride(from: -200_000, through: 100_000, by: 1) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.isValid)
            if date.daysSinceEpoch != days {
                Issue.record("\(days) → \(date) → \(date.daysSinceEpoch)")
                return
            }
        }
    }

    @Test func weekdays() {
        #expect(CivilDate(year: 2027, month: 1, day: 12).isoWeekday == 2) // Tuesday
        #expect(CivilDate(year: 2027, month: 3, day: 28).isoWeekday == 7) // Sunday
        #expect(CivilDate(year: 1970, month: 1, day: 1).isoWeekday == 4) // Thursday
        #expect(CivilDate(year: 1969, month: 12, day: 29).isoWeekday == 1) // Monday
    }

    @Test func validity() {
        #expect(CivilDate(validYear: 2027, month: 2, day: 29) == nil)
        #expect(CivilDate(validYear: 2028, month: 2, day: 29) != nil)
        #expect(CivilDate(validYear: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(validYear: 2000, month: 2, day: 29) != nil)
        #expect(CivilDate(validYear: 2027, month: 4, day: 31) == nil)
        #expect(CivilDate(validYear: 2027, month: 13, day: 1) == nil)
        #expect(CivilDate(validYear: 0, month: 1, day: 1) == nil)
    }

    @Test func monthArithmetic() {
        #expect(CivilDate(year: 2027, month: 1, day: 31).adding(months: 1) == nil)
        #expect(CivilDate(year: 2027, month: 11, day: 30).adding(months: 3) == nil) // 30 February
        #expect(CivilDate(year: 2027, month: 11, day: 15).adding(months: 3) == CivilDate(year: 2028, month: 2, day: 15))
        #expect(CivilDate(year: 2027, month: 1, day: 15).adding(months: -1) == CivilDate(year: 2026, month: 12, day: 15))
    }

    @Test func description() {
        #expect(CivilDate(year: 2027, month: 1, day: 5).description == "2027-01-05")
        #expect(LocalDateTime(2027, 3, 28, 1, 30).description == "2027-03-28T01:30:00")
    }
}
