import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleReports

/// `termscale cost --spot-price aws`: the Spot price to use instead of the policy's `spot_price`,
/// the mean of AWS's Spot price history over the last 30 days.
public enum SpotPriceLookup {
    /// How far back the mean looks: 30 days (AWS keeps 90).
    public static let days = 30

    /// The time-weighted mean Spot price of `instanceType` over `[now − 30 days, now)` in the
    /// region of `api`: per zone weighted by how long each price was in effect, then the plain mean
    /// of the zones, rounded to 6 decimals (`SpotPriceHistory.timeWeightedMean` has the rules).
    /// The price is per instance-hour in AWS's currency for the region (USD; CNY in China).
    /// - Parameter productDescription: what the instances are billed as; Linux in a VPC unless told.
    /// - Throws: `TermscaleError.aws` (exit 69) when AWS refuses or cannot be reached, with its
    ///   advice (`AWSSession.reporting`), or has no price in effect in the window;
    ///   `TermscaleError.awsConfiguration` (exit 78) when credentials are missing.
    public static func meanSpotPrice(
        api: any SpotPriceHistoryAPI, instanceType: String,
        productDescription: String = EC2Client.linuxProductDescription, now: Date
    ) throws -> SpotPriceMean {
        let from = now.addingTimeInterval(-Double(days) * 86_400)
        let points = try AWSSession.reporting {
            try api.spotPriceHistory(instanceType: instanceType, productDescription: productDescription, from: from, to: now)
        }
        do {
            return try SpotPriceHistory.timeWeightedMean(points, from: from, to: now)
        } catch {
            let asked = "\(instanceType) (\(productDescription)) in \(api.region)"
            let window = "\(UTCFormat.rfc3339(from)) to \(UTCFormat.rfc3339(now))"
            switch error {
            case .noRecords:
                throw TermscaleError.aws(
                    "AWS has no Spot price for \(asked) from \(window): check the policy's instance.type and region "
                        + "(an instance type not offered as Spot there has no history), or leave out --spot-price aws "
                        + "to use the policy's spot_price")
            case .mixedSeries, .emptyWindow:
                throw TermscaleError.aws("the Spot price history AWS sent for \(asked) from \(window): \(error)")
            }
        }
    }

    /// `meanSpotPrice` through `session`'s EC2 client (same region, credentials and transport as
    /// its Auto Scaling client), for `policy`'s instance type.
    /// - Throws: as `meanSpotPrice(api:…)`; `TermscaleError.awsConfiguration` for a bad EC2 endpoint.
    public static func meanSpotPrice(session: AWSSession, policy: Policy, now: Date) throws -> SpotPriceMean {
        try meanSpotPrice(api: try session.spotPriceHistory(), instanceType: policy.instance.type, now: now)
    }
}

extension SpotPriceLookup {
    /// `termscale cost --spot-price aws` for `policy`: the mean through `session`, as the cost
    /// report prints it.
    /// - Throws: `TermscaleError.usage` when the policy prices in another currency than USD (AWS's
    ///   prices are in USD, CNY in China: nothing is converted); as `meanSpotPrice`.
    public static func costSource(session: AWSSession, policy: Policy, now: Date) throws -> CostSpotPriceSource {
        let currency = session.regionName.hasPrefix("cn-") ? "CNY" : "USD"
        guard policy.instance.currency == currency else {
            throw TermscaleError.usage(
                "--spot-price aws reads AWS's prices in \(currency), but policy \(policy.name) prices in "
                    + "\(policy.instance.currency): nothing is converted; leave out --spot-price aws or price the policy in \(currency)"
            )
        }
        let mean = try meanSpotPrice(session: session, policy: policy, now: now)
        return CostSpotPriceSource(
            price: mean.price, region: session.regionName, from: mean.from, to: mean.to, zones: mean.availabilityZones.count)
    }
}
