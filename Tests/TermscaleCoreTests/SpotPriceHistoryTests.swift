import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

/// The time-weighted mean of a Spot price history against hand-computed values. Every window
/// here is 2027-01-01 00:00–10:00 UTC (36,000 s) unless a test says otherwise.
@Suite struct SpotPriceHistoryTests {
    static let from = utc(2027, 1, 1, 0)
    static let to = utc(2027, 1, 1, 10)

    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    func point(_ zone: String, _ price: String, _ at: Date) -> SpotPricePoint {
        SpotPricePoint(
            availabilityZone: zone, instanceType: "c6i.xlarge", productDescription: "Linux/UNIX", price: d(price),
            timestamp: at)
    }

    func mean(_ points: [SpotPricePoint], from: Date = from, to: Date = to) throws -> SpotPriceMean {
        try SpotPriceHistory.timeWeightedMean(points, from: from, to: to)
    }

    /// Zone a: 0.06 from before the window, 0.07 from 04:00, 0.50 from 12:00 (after the window).
    /// Zone b: 0.05 then 0.052, both before the window (only the later one is in effect), 0.058 from 05:00.
    @Test func twoZonesWithAChangeMidWindowARecordBeforeAndOneAfter() throws {
        let points = [
            point("eu-west-2a", "0.0600", utc(2026, 12, 31, 20)), point("eu-west-2a", "0.0700", utc(2027, 1, 1, 4)),
            point("eu-west-2a", "0.5000", utc(2027, 1, 1, 12)),
            point("eu-west-2b", "0.0500", utc(2026, 12, 30, 0)), point("eu-west-2b", "0.0520", utc(2026, 12, 31, 23)),
            point("eu-west-2b", "0.0580", utc(2027, 1, 1, 5)),
        ]
        let result = try mean(points.reversed())
        // a: (4 h × 0.06 + 6 h × 0.07) / 10 h = 0.66 / 10 = 0.066.
        // b: (5 h × 0.052 + 5 h × 0.058) / 10 h = 0.55 / 10 = 0.055.
        // (0.066 + 0.055) / 2 = 0.0605.
        #expect(
            result
                == SpotPriceMean(
                    price: d("0.0605"), exactPrice: d("0.0605"), availabilityZones: ["eu-west-2a", "eu-west-2b"],
                    records: 4, from: Self.from, to: Self.to))
    }

    /// Zone a has 0.10 all window; zone b's history starts at 06:00 with 0.20, so it is averaged over
    /// 06:00–10:00 only; zone c's only record is at 11:00, after the window, and it is left out.
    @Test func aZoneCountsFromItsFirstRecordAndOneAfterTheWindowIsLeftOut() throws {
        let result = try mean([
            point("eu-west-2c", "0.90", utc(2027, 1, 1, 11)), point("eu-west-2b", "0.20", utc(2027, 1, 1, 6)),
            point("eu-west-2a", "0.10", utc(2026, 12, 1)),
        ])
        // a: 0.10; b: 0.20 × 4 h / 4 h = 0.20; (0.10 + 0.20) / 2 = 0.15.
        #expect(result.price == d("0.15") && result.exactPrice == d("0.15"))
        #expect(result.availabilityZones == ["eu-west-2a", "eu-west-2b"])
        #expect(result.records == 2)
    }

    /// One zone, 0.1 for 1 h then 0.2 for 2 h of a 3 h window: 0.5 / 3 = 0.1666…, 0.166667 rounded.
    @Test func aSingleZoneIsRoundedToSixDecimals() throws {
        let result = try mean(
            [point("eu-west-2a", "0.1", utc(2027, 1, 1, 0)), point("eu-west-2a", "0.2", utc(2027, 1, 1, 1))],
            from: utc(2027, 1, 1, 0), to: utc(2027, 1, 1, 3))
        #expect(result.price == d("0.166667"))
        #expect(result.exactPrice > d("0.16666666666666666666") && result.exactPrice < d("0.16666666666666666667"))
        #expect(result.availabilityZones == ["eu-west-2a"] && result.records == 2)
    }

    /// 0.000001 for one second and 0 for the next: 0.0000005, a half, rounds away from zero.
    @Test func aHalfRoundsAwayFromZero() throws {
        let start = utc(2027, 1, 1, 0)
        let result = try mean(
            [point("eu-west-2a", "0.000001", start), point("eu-west-2a", "0", start.addingTimeInterval(1))],
            from: start, to: start.addingTimeInterval(2))
        #expect(result.exactPrice == d("0.0000005"))
        #expect(result.price == d("0.000001"))
    }

    /// Two records with one timestamp: the later one given is in effect, the other is not used.
    @Test func ofTwoRecordsAtOneInstantTheLastGivenWins() throws {
        let result = try mean([
            point("eu-west-2a", "0.30", utc(2026, 12, 31)), point("eu-west-2a", "0.40", utc(2026, 12, 31)),
        ])
        #expect(result.price == d("0.4") && result.records == 1)
    }

    /// moto's answer: one record a zone, all in 2006, long before a 30-day window.
    @Test func recordsLongBeforeTheWindowAreThePriceAllThrough() throws {
        let old = utc("2006-01-02T15:04:05Z")
        let result = try mean(
            ["eu-west-2a", "eu-west-2b", "eu-west-2c"].map { point($0, "0.00001", old) },
            from: utc(2027, 1, 1), to: utc(2027, 1, 31))
        #expect(result.price == d("0.00001") && result.exactPrice == d("0.00001"))
        #expect(result.availabilityZones.count == 3 && result.records == 3)
    }

    @Test func aWindowWithoutRecordsHasNoMean() {
        #expect(throws: SpotPriceHistoryError.noRecords(from: Self.from, to: Self.to)) {
            try mean([])
        }
        #expect(throws: SpotPriceHistoryError.noRecords(from: Self.from, to: Self.to)) {
            try mean([point("eu-west-2a", "0.1", Self.to), point("eu-west-2b", "0.1", utc(2027, 2, 1))])
        }
    }

    @Test func anEmptyWindowOrMixedSeriesAreRefused() {
        #expect(throws: SpotPriceHistoryError.emptyWindow(from: Self.to, to: Self.to)) {
            try mean([point("eu-west-2a", "0.1", Self.from)], from: Self.to, to: Self.to)
        }
        var windows = point("eu-west-2b", "0.2", Self.from)
        windows.productDescription = "Windows"
        #expect(
            throws: SpotPriceHistoryError.mixedSeries(
                instanceTypes: ["c6i.xlarge"], productDescriptions: ["Linux/UNIX", "Windows"])
        ) {
            try mean([point("eu-west-2a", "0.1", Self.from), windows])
        }
        #expect(
            SpotPriceHistoryError.noRecords(from: Self.from, to: Self.to).description
                == "no Spot price was in effect between 2027-01-01T00:00:00Z and 2027-01-01T10:00:00Z: "
                + "the price history holds no record before the window's end")
    }
}
