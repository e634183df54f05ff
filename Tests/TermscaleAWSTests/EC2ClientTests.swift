import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// DescribeSpotPriceHistory against scripted answers: the exact request of every page, EC2's
/// answer shape, prices read as the decimals AWS wrote, and EC2's error shape.
@Suite struct EC2ClientTests {
    static let from = utc(2027, 1, 1)
    static let to = utc(2027, 1, 31)

    func client(_ transport: ScriptedTransport) -> EC2Client {
        EC2Client(
            query: AWSQueryClient(
                endpoint: URL(string: "https://ec2.eu-west-2.amazonaws.com/")!, service: "ec2", region: "eu-west-2",
                credentials: { RetryTests.credentials }, transport: transport,
                retry: RetryStrategy(maxAttempts: 1, sleep: { _ in })))
    }

    /// One page of EC2's answer: `(zone, price, timestamp)` items and the token, as AWS writes them.
    static func page(_ items: [(String, String, String)], next: String?) -> ScriptedTransport.Step {
        .xml(
            200,
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <DescribeSpotPriceHistoryResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>
                <spotPriceHistorySet>
            """
                + items.map { zone, price, time in
                    """
                    <item><instanceType>c6i.xlarge</instanceType><productDescription>Linux/UNIX</productDescription>\
                    <spotPrice>\(price)</spotPrice><timestamp>\(time)</timestamp>\
                    <availabilityZone>\(zone)</availabilityZone></item>
                    """
                }.joined(separator: "\n")
                + "\n    </spotPriceHistorySet>\n" + (next.map { "    <nextToken>\($0)</nextToken>\n" } ?? "")
                + "</DescribeSpotPriceHistoryResponse>")
    }

    static let firstPageRequest =
        "Action=DescribeSpotPriceHistory&Version=2016-11-15&InstanceType.1=c6i.xlarge&ProductDescription.1=Linux%2FUNIX"
        + "&StartTime=2027-01-01T00%3A00%3A00Z&EndTime=2027-01-31T00%3A00%3A00Z&MaxResults=1000"

    @Test func pagesAreFollowedUntilTheTokenIsEmptyWithTheSameQueryEachTime() throws {
        let transport = ScriptedTransport([
            Self.page(
                [("eu-west-2a", "0.062100", "2027-01-30T21:14:07.000Z"), ("eu-west-2b", "0.058900", "2027-01-29T03:00:00.000Z")],
                next: "page+2/token=="),
            Self.page([("eu-west-2a", "0.061000", "2026-12-31T23:59:59.999999999Z")], next: "t3"),
            Self.page([], next: ""),
        ])
        let points = try client(transport).describeSpotPriceHistory(
            instanceType: "c6i.xlarge", productDescription: "Linux/UNIX", from: Self.from, to: Self.to)
        #expect(
            transport.bodies == [
                Self.firstPageRequest, Self.firstPageRequest + "&NextToken=page%2B2%2Ftoken%3D%3D",
                Self.firstPageRequest + "&NextToken=t3",
            ])
        #expect(transport.sent.allSatisfy { $0.hasPrefix("POST https://ec2.eu-west-2.amazonaws.com/ | ") })
        #expect(
            points == [
                SpotPricePoint(
                    availabilityZone: "eu-west-2a", instanceType: "c6i.xlarge", productDescription: "Linux/UNIX",
                    price: Decimal(string: "0.0621")!, timestamp: utc("2027-01-30T21:14:07Z")),
                SpotPricePoint(
                    availabilityZone: "eu-west-2b", instanceType: "c6i.xlarge", productDescription: "Linux/UNIX",
                    price: Decimal(string: "0.0589")!, timestamp: utc("2027-01-29T03:00:00Z")),
                SpotPricePoint(
                    availabilityZone: "eu-west-2a", instanceType: "c6i.xlarge", productDescription: "Linux/UNIX",
                    price: Decimal(string: "0.061")!, timestamp: utc("2026-12-31T23:59:59Z")),
            ])
        // Signed for EC2 in the region.
        let authorization = try #require(transport.requests.first?.headers.first { $0.name == "Authorization" }?.value)
        #expect(authorization.contains("/eu-west-2/ec2/aws4_request"), "\(authorization)")
    }

    @Test func aTokenThatComesBackIsALoop() {
        let transport = ScriptedTransport([
            Self.page([("eu-west-2a", "0.06", "2027-01-30T00:00:00Z")], next: "t1"),
            Self.page([("eu-west-2b", "0.06", "2027-01-30T00:00:00Z")], next: "t1"),
        ])
        #expect {
            try client(transport).describeSpotPriceHistory(
                instanceType: "c6i.xlarge", productDescription: "Linux/UNIX", from: Self.from, to: Self.to)
        } throws: { error in
            (error as? AWSServiceError)?.code == "PagingLoop"
        }
    }

    @Test func aPriceThatIsNotADecimalIsAMalformedAnswer() {
        let transport = ScriptedTransport([
            Self.page(
                [("eu-west-2a", "0.06", "2027-01-30T00:00:00Z"), ("eu-west-2b", "6e-2", "2027-01-30T00:00:00Z")], next: nil)
        ])
        #expect {
            try client(transport).describeSpotPriceHistory(
                instanceType: "c6i.xlarge", productDescription: "Linux/UNIX", from: Self.from, to: Self.to)
        } throws: { error in
            (error as? AWSServiceError)?.description
                == "DescribeSpotPriceHistory failed: MalformedResponse (HTTP 200). "
                + "AWS said: spotPriceHistorySet item 2: spotPrice '6e-2' is not a decimal number"
        }
    }

    @Test func pricesAreReadAsWrittenNeverThroughDouble() {
        #expect(EC2Client.decimal("0.1632") == Decimal(string: "0.1632"))
        #expect(EC2Client.decimal("0.00001")?.description == "0.00001")
        #expect(EC2Client.decimal("12") == 12)
        for bad in ["", ".5", "5.", "1.2.3", "-0.1", "0,1", "0.1 ", "١.٢", "NaN"] {
            #expect(EC2Client.decimal(bad) == nil, "\(bad)")
        }
    }

    /// EC2's own error document: `<Response><Errors><Error>…</Errors><RequestID>`.
    @Test func ec2sUnauthorizedOperationSaysWhichPermissionToGrant() {
        let transport = ScriptedTransport([
            .xml(
                403,
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform \
                this operation.</Message></Error></Errors><RequestID>b0b4fc9c-5d8e-4b1a-9f1e-EXAMPLE</RequestID></Response>
                """)
        ])
        #expect {
            try client(transport).describeSpotPriceHistory(
                instanceType: "c6i.xlarge", productDescription: "Linux/UNIX", from: Self.from, to: Self.to)
        } throws: { error in
            guard let error = error as? AWSServiceError else { return false }
            return error
                == AWSServiceError(
                    code: "UnauthorizedOperation", message: "You are not authorized to perform this operation.",
                    requestID: "b0b4fc9c-5d8e-4b1a-9f1e-EXAMPLE", httpStatus: 403, action: "DescribeSpotPriceHistory",
                    service: "ec2")
                && error.description
                    == "DescribeSpotPriceHistory failed: UnauthorizedOperation (HTTP 403): the credentials are not "
                    + "allowed to call DescribeSpotPriceHistory: grant ec2:DescribeSpotPriceHistory to the IAM user or "
                    + "role in an IAM policy. AWS said: You are not authorized to perform this operation. "
                    + "(request ID b0b4fc9c-5d8e-4b1a-9f1e-EXAMPLE)"
        }
    }
}

/// The in-memory history answers by AWS's rule.
@Suite struct InMemorySpotPriceHistoryTests {
    func point(_ zone: String, _ price: Decimal, _ at: String, type: String = "c6i.xlarge", os: String = "Linux/UNIX")
        -> SpotPricePoint
    {
        SpotPricePoint(availabilityZone: zone, instanceType: type, productDescription: os, price: price, timestamp: utc(at))
    }

    @Test func theRecordsInTheRangeAndTheLastBeforeItPerZoneNewestFirst() throws {
        let history = InMemorySpotPriceHistory(
            region: "eu-west-2",
            [
                point("eu-west-2a", 1, "2026-12-01T00:00:00Z"), point("eu-west-2a", 2, "2026-12-20T00:00:00Z"),
                point("eu-west-2a", 3, "2027-01-05T00:00:00Z"), point("eu-west-2a", 4, "2027-02-05T00:00:00Z"),
                point("eu-west-2b", 5, "2026-11-01T00:00:00Z"), point("eu-west-2c", 6, "2027-01-31T00:00:00Z"),
                point("eu-west-2a", 7, "2027-01-06T00:00:00Z", type: "c5.xlarge"),
                point("eu-west-2a", 8, "2027-01-07T00:00:00Z", os: "Windows"),
            ])
        let answer = try history.spotPriceHistory(
            instanceType: "c6i.xlarge", productDescription: "Linux/UNIX", from: utc(2027, 1, 1), to: utc(2027, 1, 31))
        #expect(answer.map(\.price) == [6, 3, 2, 5])
        #expect(
            history.requests == [
                .init(instanceType: "c6i.xlarge", productDescription: "Linux/UNIX", from: utc(2027, 1, 1), to: utc(2027, 1, 31))
            ])
    }

    @Test func anInjectedFailureIsThrown() {
        let denied = AWSServiceError(code: "UnauthorizedOperation", message: "", httpStatus: 403, service: "ec2")
        #expect(throws: denied) {
            try InMemorySpotPriceHistory(region: "eu-west-2", [], failure: denied).spotPriceHistory(
                instanceType: "c6i.xlarge", productDescription: "Linux/UNIX", from: utc(2027, 1, 1), to: utc(2027, 1, 31))
        }
    }
}
