import TermscaleCore
import Testing

@testable import TermscaleReaders

/// The bounds on expanding one rule: UNTIL ends a scan even when the filters never match, and a
/// rule still running `maxYears` after its start is flagged; the days looked at are counted.
@Suite struct RecurrenceBoundsTests {
    let start = LocalDateTime(2027, 1, 4, 9)

    func expand(_ text: String, maxYears: Int? = 200) throws -> RecurrenceRule.Expansion {
        guard case .success(let rule) = RecurrenceRule.parse(text) else {
            Issue.record("\(text) does not parse")
            return RecurrenceRule.Expansion(occurrences: [], cutAtHorizon: false, exceededLimit: false)
        }
        return rule.expand(from: start, horizon: LocalDateTime(2029, 1, 3), limit: 50_000, maxYears: maxYears) { local in
            if case .date(let until)? = rule.until { return local.date > until }
            return false
        }
    }

    @Test func untilEndsTheScanOfAFilterThatNeverMatches() throws {
        // 30 February never comes; the scan stops at the first day after UNTIL, not at year 9999.
        let never = try expand("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;UNTIL=20300101")
        #expect(never.occurrences == [start] && !never.exceededYears)
        #expect(never.examinedDays == 1094) // 2027-01-04 … 2030-01-01 (2028 is a leap year)
        let monthly = try expand("FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2;UNTIL=20300101")
        // One a month, but every day of the three Februaries: 34 + 28 + 29 + 28.
        #expect(monthly.occurrences == [start] && monthly.examinedDays == 119)
    }

    @Test func aCountNeverReachedIsFlaggedAtMaxYears() throws {
        let never = try expand("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=2")
        #expect(never.exceededYears && never.occurrences == [start])
        #expect(never.examinedDays == 73_410) // 2027-01-04 … 2227-12-31
        // Without maxYears the scan goes on to year 9999, as before.
        let unbounded = try expand("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=2", maxYears: nil)
        #expect(!unbounded.exceededYears && unbounded.occurrences == [start])
    }

    @Test func theDaysLookedAtAreCounted() throws {
        let weekly = try expand("FREQ=WEEKLY;COUNT=12")
        #expect(weekly.occurrences.count == 12 && weekly.examinedDays == 84)
        let leap = try expand("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=40")
        #expect(leap.occurrences.last == LocalDateTime(2184, 2, 29, 9) && leap.examinedDays == 57_400)
    }
}
