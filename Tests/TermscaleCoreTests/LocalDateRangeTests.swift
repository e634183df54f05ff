import Testing

@testable import TermscaleCore

@Suite struct LocalDateRangeTests {
    let jan11 = CivilDate(year: 2027, month: 1, day: 11)
    let jan18 = CivilDate(year: 2027, month: 1, day: 18)

    @Test func toMustComeAfterFrom() throws {
        let range = try LocalDateRange(from: jan11, to: jan18)
        #expect(range.from == jan11 && range.to == jan18)
        #expect(throws: LocalDateRange.Error(from: jan11, to: jan11)) { try LocalDateRange(from: jan11, to: jan11) }
        #expect(throws: LocalDateRange.Error(from: jan18, to: jan11)) { try LocalDateRange(from: jan18, to: jan11) }
        #expect(
            LocalDateRange.Error(from: jan18, to: jan11).description
                == "--to (2027-01-11) must be after --from (2027-01-18); --to is exclusive")
    }

    @Test func openBoundsAreCheckedOnlyWhenBothAreGiven() throws {
        try LocalDateRange.validate(from: nil, to: jan11)
        try LocalDateRange.validate(from: jan18, to: nil)
        try LocalDateRange.validate(from: jan11, to: jan18)
        #expect(throws: LocalDateRange.Error.self) { try LocalDateRange.validate(from: jan18, to: jan11) }
    }

    @Test func daysFromADate() {
        #expect(LocalDateRange.days(7, from: jan11).to == jan18)
        // Across the end of a leap February.
        let feb28 = CivilDate(year: 2028, month: 2, day: 28)
        #expect(LocalDateRange.days(2, from: feb28).to == CivilDate(year: 2028, month: 3, day: 1))
    }
}

@Suite struct ISOWeekTests {
    @Test func parsesTheSpellingsPeopleUse() {
        for text in ["2027-W02", "2027W02", "2027-w2", "2027w2"] {
            #expect(ISOWeek(parsing: text)?.monday == CivilDate(year: 2027, month: 1, day: 11), "\(text)")
        }
        #expect(ISOWeek(parsing: "2027-W02")?.description == "2027-W02")
        #expect(ISOWeek(parsing: "2027-W02")?.days.to == CivilDate(year: 2027, month: 1, day: 18))
    }

    @Test func refusesWeeksTheYearLacksAndOtherText() {
        // 2026 starts on a Thursday: it has 53 weeks; 2027 has 52.
        #expect(ISOWeek(parsing: "2026-W53")?.monday == CivilDate(year: 2026, month: 12, day: 28))
        for text in ["2027-W53", "2027-W00", "2027-W", "27-W02", "2027-02", "2027-W002", "2027-W02-1", "", "W02"] {
            #expect(ISOWeek(parsing: text) == nil, "\(text)")
        }
    }

    @Test func week1HoldsTheFourthOfJanuary() {
        // 1 January 2027 is a Friday, so week 1 starts on Monday 4 January; 2026-W01 starts in 2025.
        #expect(ISOWeek(year: 2027, week: 1)?.monday == CivilDate(year: 2027, month: 1, day: 4))
        #expect(ISOWeek(year: 2026, week: 1)?.monday == CivilDate(year: 2025, month: 12, day: 29))
    }

    @Test func theWeekADateFallsInTakesItsThursdaysYear() {
        // Friday 1 January 2027 is in 2026-W53; Monday 29 December 2025 starts 2026-W01.
        #expect(ISOWeek(containing: CivilDate(year: 2027, month: 1, day: 1)).description == "2026-W53")
        #expect(ISOWeek(containing: CivilDate(year: 2027, month: 1, day: 1)).monday == CivilDate(year: 2026, month: 12, day: 28))
        #expect(ISOWeek(containing: CivilDate(year: 2025, month: 12, day: 29)).description == "2026-W01")
        #expect(ISOWeek(containing: CivilDate(year: 2027, month: 1, day: 17)).description == "2027-W02")
        #expect(ISOWeek(containing: CivilDate(year: 2027, month: 1, day: 17)) == ISOWeek(year: 2027, week: 2))
    }
}
