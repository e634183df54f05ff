import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// DescribeSpotPriceHistory against a real moto_server with signature checking on, signed with an
/// IAM user's key over libcurl. moto 5.2.1 answers one record a zone for any instance type it
/// knows in the region: price 0.00001, "Linux/UNIX (Amazon VPC)" whatever was asked, stamped
/// 2006-01-02T15:04:05, and ignores the window and the page size.
@Suite(.serialized) struct MotoSpotPriceTests {
    static let region = "eu-west-2"
    static let allowSpotPrices =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"autoscaling:*","Resource":"*"},"#
        + #"{"Effect":"Allow","Action":"ec2:DescribeSpotPriceHistory","Resource":"*"}]}"#

    /// An EC2 client signing as a moto IAM user whose only policy is `userPolicy`.
    static func client(userPolicy: String) throws -> (MotoServer, EC2Client) {
        let moto = try MotoServer(unauthenticatedRequests: MotoServer.autoScalingSetupRequests)
        let account = try moto.setUpAutoScalingGroup("moodle-web", region: region, userPolicy: userPolicy)
        let key = Credentials(accessKeyID: account.accessKeyID, secretAccessKey: account.secretAccessKey, source: "moto")
        let query = AWSQueryClient(
            endpoint: moto.endpoint, service: AWSService.ec2.endpointPrefix, region: region, credentials: { key },
            transport: CurlTransport(), retry: RetryStrategy(maxAttempts: 1, sleep: { _ in }))
        return (moto, EC2Client(query: query))
    }

    @Test func theLiveClientReadsMotosRecordsAndTheirMean() throws {
        let (moto, client) = try Self.client(userPolicy: Self.allowSpotPrices)
        defer { _ = moto }
        let from = utc(2027, 1, 1)
        let to = utc(2027, 1, 31)
        let points = try client.spotPriceHistory(
            instanceType: "c6i.xlarge", productDescription: EC2Client.linuxProductDescription, from: from, to: to)
        #expect(
            points
                == ["eu-west-2a", "eu-west-2b", "eu-west-2c"].map {
                    SpotPricePoint(
                        availabilityZone: $0, instanceType: "c6i.xlarge", productDescription: "Linux/UNIX (Amazon VPC)",
                        price: Decimal(string: "0.00001")!, timestamp: utc("2006-01-02T15:04:05Z"))
                })
        // Each zone's 2006 record is the price in effect all through the window.
        let mean = try SpotPriceHistory.timeWeightedMean(points, from: from, to: to)
        #expect(
            mean
                == SpotPriceMean(
                    price: Decimal(string: "0.00001")!, exactPrice: Decimal(string: "0.00001")!,
                    availabilityZones: ["eu-west-2a", "eu-west-2b", "eu-west-2c"], records: 3, from: from, to: to))
    }

    /// moto checks EC2 actions against the user's policy as it does Auto Scaling's, answering with
    /// its own `<ErrorResponse><Errors>` shape and code AccessDenied (AWS's EC2 says
    /// UnauthorizedOperation in a `<Response>`, see EC2ClientTests).
    @Test func aUserWithoutThePermissionIsDeniedAndToldWhatToGrant() throws {
        let (moto, client) = try Self.client(userPolicy: MotoServer.allowAllAutoScaling)
        defer { _ = moto }
        #expect {
            try client.spotPriceHistory(
                instanceType: "c6i.xlarge", productDescription: EC2Client.linuxProductDescription, from: utc(2027, 1, 1),
                to: utc(2027, 1, 31))
        } throws: { error in
            guard let error = error as? AWSServiceError else { return false }
            return error.code == "AccessDenied" && error.httpStatus == 403
                && error.message
                    == "User: arn:aws:iam::123456789012:user/termscale-ci is not authorized to perform: "
                    + "ec2:DescribeSpotPriceHistory"
                && error.description.contains("grant ec2:DescribeSpotPriceHistory to the IAM user or role")
        }
    }
}
