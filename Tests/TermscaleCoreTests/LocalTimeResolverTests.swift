import Foundation
import Testing

@testable import TermscaleCore

@Suite struct LocalTimeResolverTests {
    let london = IANAZone(identifier: "Europe/London")!

    func utc(_ resolution: LocalTimeResolution) -> String? {
        if case .unique(let t) = resolution { return UTCFormat.rfc3339(seconds: t) }
        return nil
    }

    @Test func winterAndSummerTimes() {
        #expect(utc(LocalTimeResolver.resolve(LocalDateTime(2027, 1, 12, 9, 30), in: london)) == "2027-01-12T09:30:00Z")
        #expect(utc(LocalTimeResolver.resolve(LocalDateTime(2027, 5, 12, 9, 30), in: london)) == "2027-05-12T08:30:00Z")
    }

    /// Spring forward: 2027-03-28 01:00 UTC, London clocks jump from 01:00 GMT to 02:00 BST.
    @Test func bothSidesOfSpringForward2027() {
        #expect(utc(LocalTimeResolver.resolve(LocalDateTime(2027, 3, 26, 9, 0), in: london)) == "2027-03-26T09:00:00Z")
        #expect(utc(LocalTimeResolver.resolve(LocalDateTime(2027, 3, 28, 0, 59), in: london)) == "2027-03-28T00:59:00Z")
        #expect(utc(LocalTimeResolver.resolve(LocalDateTime(2027, 3, 28, 2, 0), in: london)) == "2027-03-28T01:00:00Z")
        #expect(utc(LocalTimeResolver.resolve(LocalDateTime(2027, 3, 29, 9, 0), in: london)) == "2027-03-29T08:00:00Z")
    }

    @Test func gapIsNonexistent() {
        let r = LocalTimeResolver.resolve(LocalDateTime(2027, 3, 28, 1, 30), in: london)
        // Before the gap the offset is +0 (→ 01:30Z); after it +1 (→ 00:30Z).
        #expect(r == .nonexistent(before: 1_806_197_400, after: 1_806_193_800))
        #expect(UTCFormat.rfc3339(seconds: 1_806_197_400) == "2027-03-28T01:30:00Z")
        #expect(
            LocalTimeResolver.instant(LocalDateTime(2027, 3, 28, 1, 30), in: london, policy: .reject)
                == .failure(.nonexistent(LocalDateTime(2027, 3, 28, 1, 30), zone: "Europe/London")))
        #expect(
            LocalTimeResolver.instant(LocalDateTime(2027, 3, 28, 1, 30), in: london, policy: .rfc5545)
                == .success(1_806_197_400))
    }

    /// Fall back: 2027-10-31 01:00 UTC, London clocks go from 02:00 BST back to 01:00 GMT.
    @Test func bothSidesOfFallBack2027() {
        #expect(utc(LocalTimeResolver.resolve(LocalDateTime(2027, 10, 29, 9, 0), in: london)) == "2027-10-29T08:00:00Z")
        #expect(utc(LocalTimeResolver.resolve(LocalDateTime(2027, 10, 31, 0, 59), in: london)) == "2027-10-30T23:59:00Z")
        #expect(utc(LocalTimeResolver.resolve(LocalDateTime(2027, 10, 31, 2, 0), in: london)) == "2027-10-31T02:00:00Z")
        #expect(utc(LocalTimeResolver.resolve(LocalDateTime(2027, 11, 1, 9, 0), in: london)) == "2027-11-01T09:00:00Z")
    }

    @Test func repeatedHourIsAmbiguous() {
        let local = LocalDateTime(2027, 10, 31, 1, 30)
        let r = LocalTimeResolver.resolve(local, in: london)
        guard case .ambiguous(let earlier, let later) = r else {
            Issue.record("\(r)")
            return
        }
        #expect(UTCFormat.rfc3339(seconds: earlier) == "2027-10-31T00:30:00Z")
        #expect(UTCFormat.rfc3339(seconds: later) == "2027-10-31T01:30:00Z")
        #expect(LocalTimeResolver.instant(local, in: london, policy: .rfc5545) == .success(earlier))
        #expect(
            LocalTimeResolver.instant(local, in: london, policy: .reject)
                == .failure(.ambiguous(local, zone: "Europe/London")))
    }

    @Test func southernHemisphereAndFractionalZones() {
        let sydney = IANAZone(identifier: "Australia/Sydney")!
        // 2027-04-04 03:00 AEDT → 02:00 AEST; 02:30 happens twice.
        guard case .ambiguous = LocalTimeResolver.resolve(LocalDateTime(2027, 4, 4, 2, 30), in: sydney) else {
            Issue.record("expected ambiguous")
            return
        }
        let kolkata = IANAZone(identifier: "Asia/Kolkata")!
        #expect(utc(LocalTimeResolver.resolve(LocalDateTime(2027, 1, 12, 9, 30), in: kolkata)) == "2027-01-12T04:00:00Z")
    }

    @Test func ianaZoneRejectsNonIANANames() {
        #expect(IANAZone(identifier: "GMT Standard Time") == nil)
        #expect(IANAZone(identifier: "Not/AZone") == nil)
        #expect(IANAZone(identifier: "America/New_York") != nil)
    }
}

@Suite struct StartOfDayTests {
    @Test func londonDaysStartAtMidnightEitherSideOfBothChanges() {
        let london = IANAZone(identifier: "Europe/London")!
        #expect(
            UTCFormat.rfc3339(seconds: LocalTimeResolver.startOfDay(CivilDate(year: 2027, month: 3, day: 28), in: london))
                == "2027-03-28T00:00:00Z")
        #expect(
            UTCFormat.rfc3339(seconds: LocalTimeResolver.startOfDay(CivilDate(year: 2027, month: 3, day: 29), in: london))
                == "2027-03-28T23:00:00Z")
        #expect(
            UTCFormat.rfc3339(seconds: LocalTimeResolver.startOfDay(CivilDate(year: 2027, month: 10, day: 31), in: london))
                == "2027-10-30T23:00:00Z")
        #expect(
            UTCFormat.rfc3339(seconds: LocalTimeResolver.startOfDay(CivilDate(year: 2027, month: 11, day: 1), in: london))
                == "2027-11-01T00:00:00Z")
    }

    /// Chile moves its clocks from 00:00 to 01:00 on 5 September 2027: that day begins at the
    /// jump (04:00Z, shown as 01:00 -03), not an hour earlier, which would still be 4 September.
    @Test func aDayWhoseMidnightIsSkippedStartsAtTheJump() {
        let santiago = IANAZone(identifier: "America/Santiago")!
        #expect(
            UTCFormat.rfc3339(seconds: LocalTimeResolver.startOfDay(CivilDate(year: 2027, month: 9, day: 5), in: santiago))
                == "2027-09-05T04:00:00Z")
        #expect(
            UTCFormat.rfc3339(seconds: LocalTimeResolver.startOfDay(CivilDate(year: 2027, month: 9, day: 6), in: santiago))
                == "2027-09-06T03:00:00Z")
    }
}
