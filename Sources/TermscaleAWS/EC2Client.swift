import Foundation
import TermscaleCore

/// The EC2 calls termscale makes, typed, over `AWSQueryClient` (signing name `ec2`, API version
/// 2016-11-15).
///
/// EC2's Query answers are shaped unlike Auto Scaling's: no `<…Result>` wrapper, lists of
/// `<item>` in `…Set` elements, lower-camel names (`<spotPriceHistorySet><item><spotPrice>`),
/// `<nextToken>` at the root, and errors as `<Response><Errors><Error>`, which
/// `AWSServiceError` reads.
public struct EC2Client: Sendable {
    public let query: AWSQueryClient
    /// Records asked for per page: DescribeSpotPriceHistory's maximum.
    public static let pageSize = 1000
    /// What a Linux instance in a VPC is billed as in Spot price history. The `(Amazon VPC)`
    /// descriptions were shown only to accounts that also had EC2-Classic, which is retired: a
    /// VPC-only account's Linux instances, default VPC included, are `Linux/UNIX`. (moto answers
    /// `Linux/UNIX (Amazon VPC)` whatever was asked.)
    public static let linuxProductDescription = "Linux/UNIX"

    public init(query: AWSQueryClient) { self.query = query }

    /// The Spot price history of `instanceType` for `productDescription` in the client's region,
    /// every zone, following `NextToken` until it is empty: AWS's records from `from` to `to`
    /// and, per zone, the last change before `from` (the price in effect at `from`).
    /// - Throws: `AWSServiceError` from AWS; code `PagingLoop` when a token comes back a second
    ///   time, `MalformedResponse` for a record without a zone, price or timestamp AWS could mean.
    public func describeSpotPriceHistory(
        instanceType: String, productDescription: String, from: Date, to: Date
    ) throws -> [SpotPricePoint] {
        let action = "DescribeSpotPriceHistory"
        var points: [SpotPricePoint] = []
        var token: String?
        var tokens = NextTokens(action: action, service: "ec2")
        repeat {
            var p = AWSQueryParameters()
            p.add("InstanceType.1", instanceType)
            p.add("ProductDescription.1", productDescription)
            p.add("StartTime", from)
            p.add("EndTime", to)
            p.add("MaxResults", Self.pageSize)
            p.add("NextToken", token)
            let root = try query.call(AWSQueryRequest(action: action, version: AWSQuery.ec2Version, parameters: p))
            for item in root.all("spotPriceHistorySet/item") {
                points.append(try Self.point(item, number: points.count + 1, instanceType: instanceType))
            }
            token = try tokens.next(root.text("nextToken")?.trimmingCharacters(in: .whitespacesAndNewlines))
        } while token != nil
        return points
    }

    /// One `<item>` of `spotPriceHistorySet`; `number` counts from 1 over all pages, for messages.
    static func point(_ item: XMLTree, number: Int, instanceType: String) throws -> SpotPricePoint {
        func field(_ name: String) -> String? {
            item.text(name)?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func malformed(_ what: String) -> AWSServiceError {
            AWSServiceError.malformedResponse(
                "spotPriceHistorySet item \(number): \(what)", action: "DescribeSpotPriceHistory", service: "ec2")
        }
        guard let zone = field("availabilityZone"), !zone.isEmpty else { throw malformed("no availabilityZone") }
        guard let priceText = field("spotPrice"), let price = decimal(priceText) else {
            throw malformed("spotPrice '\(field("spotPrice") ?? "")' is not a decimal number")
        }
        guard let timeText = field("timestamp"), let timestamp = UTCFormat.parseRFC3339(timeText) else {
            throw malformed("timestamp '\(field("timestamp") ?? "")' is not an RFC 3339 instant")
        }
        return SpotPricePoint(
            availabilityZone: zone, instanceType: field("instanceType") ?? instanceType,
            productDescription: field("productDescription") ?? "", price: price, timestamp: timestamp)
    }

    /// AWS's price text (`0.062100`) as the exact `Decimal` it writes, never through `Double`;
    /// nil unless it is digits with at most one `.` between digits.
    static func decimal(_ text: String) -> Decimal? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}
