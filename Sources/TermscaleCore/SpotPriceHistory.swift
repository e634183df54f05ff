import Foundation

/// One record of EC2's Spot price history: from `timestamp` on, the Spot price of
/// `instanceType` in `availabilityZone` is `price` per instance-hour, until the zone's next
/// record.
public struct SpotPricePoint: Hashable, Sendable {
    /// `eu-west-2a`.
    public var availabilityZone: String
    /// `c6i.xlarge`.
    public var instanceType: String
    /// What the price is for: `Linux/UNIX`, `Windows`, `Linux/UNIX (Amazon VPC)`…
    public var productDescription: String
    /// Per instance-hour, in the partition's currency (USD; CNY in the China regions), exactly as
    /// AWS wrote it (`0.062100`).
    public var price: Decimal
    /// When this price took effect.
    public var timestamp: Date

    public init(availabilityZone: String, instanceType: String, productDescription: String, price: Decimal, timestamp: Date) {
        self.availabilityZone = availabilityZone
        self.instanceType = instanceType
        self.productDescription = productDescription
        self.price = price
        self.timestamp = timestamp
    }
}

/// A Spot price averaged over a window: what `SpotPriceHistory.timeWeightedMean` found.
public struct SpotPriceMean: Hashable, Sendable {
    /// The mean per instance-hour rounded half away from zero to 6 decimals, the precision AWS
    /// quotes Spot prices in: the price to use.
    public var price: Decimal
    /// The mean before rounding: exact where the division terminates, else to `Decimal`'s 38 digits.
    public var exactPrice: Decimal
    /// The zones averaged, sorted.
    public var availabilityZones: [String]
    /// The records in effect for part of the window, over all zones.
    public var records: Int
    /// The window averaged over: start inclusive, end exclusive.
    public var from: Date
    public var to: Date

    public init(
        price: Decimal, exactPrice: Decimal, availabilityZones: [String], records: Int, from: Date, to: Date
    ) {
        self.price = price
        self.exactPrice = exactPrice
        self.availabilityZones = availabilityZones
        self.records = records
        self.from = from
        self.to = to
    }
}

/// Why a Spot price history has no mean.
public enum SpotPriceHistoryError: Error, Hashable, Sendable, LocalizedError, CustomStringConvertible {
    /// The window is empty or reversed.
    case emptyWindow(from: Date, to: Date)
    /// No zone has a record before the window's end: nothing was in effect during it.
    case noRecords(from: Date, to: Date)
    /// The records are of more than one instance type or product description, whose prices
    /// cannot be one series per zone.
    case mixedSeries(instanceTypes: [String], productDescriptions: [String])

    public var description: String {
        switch self {
        case .emptyWindow(let from, let to):
            return "the Spot price window \(UTCFormat.rfc3339(from)) to \(UTCFormat.rfc3339(to)) is empty: "
                + "its end must be after its start"
        case .noRecords(let from, let to):
            return "no Spot price was in effect between \(UTCFormat.rfc3339(from)) and \(UTCFormat.rfc3339(to)): "
                + "the price history holds no record before the window's end"
        case .mixedSeries(let types, let descriptions):
            return "the Spot price history mixes instance types (\(types.joined(separator: ", "))) or product "
                + "descriptions (\(descriptions.joined(separator: ", "))): ask for one of each"
        }
    }

    public var errorDescription: String? { description }
}

/// The mean of a Spot price history, weighted by how long each price was in effect.
public enum SpotPriceHistory {
    /// The time-weighted mean Spot price over `from..<to`.
    ///
    /// In each availability zone the price is a step function: a record is in effect from its
    /// timestamp until the zone's next record, the last one until `to`. A record before `from` (AWS
    /// sends the last change before the start, the price in effect at the start) counts from
    /// `from`; records at or after `to` do not count. Of records with the same timestamp in a
    /// zone, the last given is in effect. A zone counts only from its first record on (a zone
    /// whose history starts mid-window is averaged over the rest of it), and a zone whose records
    /// all lie at or after `to` is left out.
    ///
    /// Each zone's mean is Σ price × seconds in effect ÷ the zone's seconds; the result is the
    /// plain mean of the zones' means (each zone one vote, as Auto Scaling may launch in any of
    /// them). Instants count in whole seconds (fractions dropped). The sums are exact; the mean is
    /// one `Decimal` division per distinct zone duration (one in the usual case, every zone having a
    /// record before `from`), so it is exact when that quotient terminates, and then rounded half
    /// away from zero to 6 decimals.
    /// - Parameter points: one instance type and product description, any zones, any order.
    /// - Throws: `SpotPriceHistoryError.emptyWindow` unless `from < to` (in whole seconds);
    ///   `.noRecords` when no zone has a record before `to`; `.mixedSeries` when the points are of
    ///   more than one instance type or product description.
    public static func timeWeightedMean(
        _ points: [SpotPricePoint], from: Date, to: Date
    ) throws(SpotPriceHistoryError) -> SpotPriceMean {
        let start = UTCFormat.seconds(from)
        let end = UTCFormat.seconds(to)
        guard start < end else { throw .emptyWindow(from: from, to: to) }
        let types = Set(points.map(\.instanceType))
        let descriptions = Set(points.map(\.productDescription))
        guard types.count <= 1, descriptions.count <= 1 else {
            throw .mixedSeries(instanceTypes: types.sorted(), productDescriptions: descriptions.sorted())
        }

        // Per distinct duration (seconds a zone is averaged over): the zones' Σ price × seconds.
        var sums: [Int64: Decimal] = [:]
        var zones: [String] = []
        var records = 0
        for (zone, history) in Dictionary(grouping: points, by: \.availabilityZone) {
            // A stable sort keeps the given order among equal timestamps: the last one wins.
            let steps = history.map { (UTCFormat.seconds($0.timestamp), $0.price) }
                .enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element)
            guard let first = steps.first, first.0 < end else { continue }
            let zoneStart = max(start, first.0)
            var sum: Decimal = 0
            for (index, step) in steps.enumerated() {
                let next = index + 1 < steps.count ? steps[index + 1].0 : end
                let seconds = min(next, end) - max(step.0, zoneStart)
                guard seconds > 0 else { continue }
                sum += step.1 * Decimal(seconds)
                records += 1
            }
            sums[end - zoneStart, default: 0] += sum
            zones.append(zone)
        }
        guard !zones.isEmpty else { throw .noRecords(from: from, to: to) }

        let count = Decimal(zones.count)
        let mean = sums.keys.sorted().reduce(Decimal(0)) { total, seconds in
            total + sums[seconds]! / (Decimal(seconds) * count)
        }
        return SpotPriceMean(
            price: Decimal.rounded(mean, scale: 6, .plain), exactPrice: mean, availabilityZones: zones.sorted(),
            records: records, from: from, to: to)
    }
}
