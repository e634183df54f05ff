import Foundation
import TermscaleCore
import Testing

@testable import TermscaleReaders

/// What fuzzing the iCalendar reader found (Fuzz/, `scripts/fuzz`), each pinned; the inputs are
/// in Fuzz/Crashes/FuzzICalendar.
@Suite struct ICalendarFuzzRegressionTests {
    static let crashes = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/Crashes/FuzzICalendar").standardized

    // MARK: A rule whose filters select no day (BYDAY=9TU: no month has a ninth Tuesday)

    /// It searched month after month for a day it never found, past its UNTIL: to year 9999 (a
    /// timeout under the fuzzer), and since the 200-year bound, to that bound, refused as a rule
    /// that "runs on more than 200 years" although its UNTIL is three months after DTSTART.
    @Test func itEndsAtItsUntil() throws {
        let rule = try RecurrenceRule.parse("FREQ=MONTHLY;INTERVAL=1;BYDAY=9TU;UNTIL=20121231T100000").get()
        let start = LocalDateTime(2012, 10, 2, 10)
        var asked: [LocalDateTime] = []
        let expansion = rule.expand(
            from: start, horizon: LocalDateTime(2014, 10, 2, 10), limit: 50_000, maxYears: 200
        ) { local in
            asked.append(local)
            return local > LocalDateTime(2012, 12, 31, 10)
        }
        #expect(expansion.occurrences == [start])
        #expect(!expansion.exceededYears && !expansion.exceededLimit && !expansion.cutAtHorizon)
        #expect(asked.last == LocalDateTime(2013, 1, 1, 10))
    }

    @Test func withoutCountOrUntilItEndsAtTheHorizon() throws {
        let rule = try RecurrenceRule.parse("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30").get()
        let expansion = rule.expand(
            from: LocalDateTime(2027, 1, 12, 9), horizon: LocalDateTime(2029, 1, 11, 9), limit: 50_000, maxYears: 200
        ) { _ in false }
        #expect(expansion.occurrences == [LocalDateTime(2027, 1, 12, 9)])
        #expect(expansion.cutAtHorizon && !expansion.exceededYears)
    }

    /// The fuzzer's input, read whole: DTSTART and the two RDATEs, and no error about the rule.
    @Test func theFoundCalendarReadsToItsThreeOccurrences() throws {
        let bytes = try [UInt8](
            Data(contentsOf: Self.crashes.appendingPathComponent("timeout-monthly-rule-selecting-no-day.ics")))
        let batch = try readICS(bytes, kind: .window)
        #expect(
            batch.windows.map { UTCFormat.rfc3339($0.start) } == [
                "2012-10-02T17:00:00Z", "2012-11-05T18:00:00Z", "2012-11-10T18:00:00Z",
            ])
        #expect(batch.warnings.map(\.description) == [])
    }
}
