import Foundation
import TermscaleCore

/// A Spot price history in memory that answers as DescribeSpotPriceHistory does: of the records
/// of the instance type and product description asked, those from `from` to `to` (both included)
/// and, per zone, the last one before `from`; newest first. It keeps every question asked.
/// Thread-safe.
public final class InMemorySpotPriceHistory: SpotPriceHistoryAPI, @unchecked Sendable {
    /// One question as it was asked.
    public struct Request: Hashable, Sendable {
        public var instanceType: String
        public var productDescription: String
        public var from: Date
        public var to: Date

        public init(instanceType: String, productDescription: String, from: Date, to: Date) {
            self.instanceType = instanceType
            self.productDescription = productDescription
            self.from = from
            self.to = to
        }
    }

    public let region: String
    private let points: [SpotPricePoint]
    private let failure: (any Error & Sendable)?
    private let lock = NSLock()
    private var asked: [Request] = []

    /// - Parameter failure: thrown by every call instead of answering, when given.
    public init(region: String, _ points: [SpotPricePoint], failure: (any Error & Sendable)? = nil) {
        self.region = region
        self.points = points
        self.failure = failure
    }

    /// Every question asked, in order.
    public var requests: [Request] { lock.withLock { asked } }

    public func spotPriceHistory(instanceType: String, productDescription: String, from: Date, to: Date) throws
        -> [SpotPricePoint]
    {
        lock.withLock {
            asked.append(Request(instanceType: instanceType, productDescription: productDescription, from: from, to: to))
        }
        if let failure { throw failure }
        let series = points.filter { $0.instanceType == instanceType && $0.productDescription == productDescription }
        let within = series.filter { $0.timestamp >= from && $0.timestamp <= to }
        let before = Dictionary(grouping: series.filter { $0.timestamp < from }, by: \.availabilityZone)
            .values.compactMap { zone in zone.max { $0.timestamp < $1.timestamp } }
        return (within + before).sorted {
            ($0.timestamp, $0.availabilityZone) > ($1.timestamp, $1.availabilityZone)
        }
    }
}
