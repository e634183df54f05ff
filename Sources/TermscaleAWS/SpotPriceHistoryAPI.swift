import Foundation
import TermscaleCore

/// EC2's Spot price history, as `termscale cost --spot-price aws` reads it.
///
/// Two implementations: `EC2Client` (DescribeSpotPriceHistory, all pages) and
/// `InMemorySpotPriceHistory`, which answers from records held in memory by AWS's rule.
public protocol SpotPriceHistoryAPI: Sendable {
    /// The region whose history this is (`eu-west-2`).
    var region: String { get }
    /// The records of `instanceType` for `productDescription` from `from` to `to` in every zone
    /// of the region and, per zone, the last one before `from` (the price in effect at `from`).
    func spotPriceHistory(instanceType: String, productDescription: String, from: Date, to: Date) throws
        -> [SpotPricePoint]
}

extension EC2Client: SpotPriceHistoryAPI {
    public var region: String { query.signer.region }

    public func spotPriceHistory(instanceType: String, productDescription: String, from: Date, to: Date) throws
        -> [SpotPricePoint]
    {
        try describeSpotPriceHistory(instanceType: instanceType, productDescription: productDescription, from: from, to: to)
    }
}
