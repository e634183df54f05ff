import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleKit

/// `--spot-price aws` below the command: the 30-day window asked, the mean, and AWS's failures as
/// termscale reports them; in memory, then through an `AWSSession` against moto.
@Suite struct SpotPriceLookupTests {
    static let now = utc("2027-01-31T12:00:00Z")

    func point(_ zone: String, _ price: String, _ at: String, type: String = "c6i.xlarge") -> SpotPricePoint {
        SpotPricePoint(
            availabilityZone: zone, instanceType: type, productDescription: "Linux/UNIX", price: Decimal(string: price)!,
            timestamp: utc(at))
    }

    @Test func theMeanOfTheLastThirtyDays() throws {
        let history = InMemorySpotPriceHistory(
            region: "eu-west-2",
            [
                point("eu-west-2a", "0.0600", "2026-12-25T00:00:00Z"), point("eu-west-2a", "0.0700", "2027-01-16T12:00:00Z"),
                point("eu-west-2b", "0.0500", "2027-01-21T12:00:00Z"), point("eu-west-2b", "0.9000", "2027-02-01T00:00:00Z"),
                point("eu-west-2c", "0.0100", "2027-01-10T00:00:00Z", type: "c5.xlarge"),
            ])
        let mean = try SpotPriceLookup.meanSpotPrice(api: history, instanceType: "c6i.xlarge", now: Self.now)
        #expect(
            history.requests == [
                .init(
                    instanceType: "c6i.xlarge", productDescription: "Linux/UNIX", from: utc("2027-01-01T12:00:00Z"),
                    to: Self.now)
            ])
        // a: 0.06 for 15 days, 0.07 for 15 → 0.065; b: from its first record, 10 days at 0.05 → 0.05.
        // (0.065 + 0.05) / 2 = 0.0575.
        #expect(
            mean
                == SpotPriceMean(
                    price: Decimal(string: "0.0575")!, exactPrice: Decimal(string: "0.0575")!,
                    availabilityZones: ["eu-west-2a", "eu-west-2b"], records: 3, from: utc("2027-01-01T12:00:00Z"),
                    to: Self.now))
    }

    @Test func anAWSFailureIsReportedWithItsAdviceAndExit69() {
        let denied = AWSServiceError(
            code: "UnauthorizedOperation", message: "You are not authorized to perform this operation.", httpStatus: 403,
            action: "DescribeSpotPriceHistory", service: "ec2")
        let history = InMemorySpotPriceHistory(region: "eu-west-2", [], failure: denied)
        #expect {
            try SpotPriceLookup.meanSpotPrice(api: history, instanceType: "c6i.xlarge", now: Self.now)
        } throws: { error in
            guard let error = error as? TermscaleError, case .aws(let message) = error else { return false }
            return error.exitCode == 69 && message == denied.description
                && message.contains("grant ec2:DescribeSpotPriceHistory")
        }
    }

    @Test func noPriceInTheWindowSaysWhatToCheck() {
        let history = InMemorySpotPriceHistory(region: "eu-west-2", [point("eu-west-2a", "0.06", "2027-02-01T00:00:00Z")])
        #expect {
            try SpotPriceLookup.meanSpotPrice(api: history, instanceType: "c6i.xlarge", now: Self.now)
        } throws: { error in
            guard let error = error as? TermscaleError, case .aws(let message) = error else { return false }
            return message
                == "AWS has no Spot price for c6i.xlarge (Linux/UNIX) in eu-west-2 from 2027-01-01T12:00:00Z to "
                + "2027-01-31T12:00:00Z: check the policy's instance.type and region (an instance type not offered "
                + "as Spot there has no history), or leave out --spot-price aws to use the policy's spot_price"
        }
    }

    @Test func aBadEC2EndpointStopsOnlyTheSpotPriceLookup() throws {
        let session = try AWSSession.make(
            policy: Policy.fixture(), options: AWSOptions(),
            environment: [
                "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_ENDPOINT_URL_EC2": "ec2.local",
            ])
        #expect(session.endpoint.url.absoluteString == "https://autoscaling.eu-west-2.amazonaws.com/")
        #expect {
            _ = try session.ec2()
        } throws: { error in
            guard let error = error as? TermscaleError, case .awsConfiguration(let message) = error else { return false }
            return message == "endpoint 'ec2.local' from AWS_ENDPOINT_URL_EC2 is not an http(s) URL with a host"
        }
        let regional = try AWSSession.make(
            policy: Policy.fixture(region: "cn-north-1"), options: AWSOptions(),
            environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"])
        let ec2 = try regional.ec2()
        #expect(
            ec2.endpoint == Endpoint(url: URL(string: "https://ec2.cn-north-1.amazonaws.com.cn/")!, source: "region cn-north-1"))
        #expect(ec2.client.region == "cn-north-1" && ec2.client.query.signer.service == "ec2")
    }
}

/// Through `AWSSession` as `termscale cost` will call it: the credentials from the environment,
/// `--endpoint-url` to moto for both services, signatures checked, and the README's IAM policy
/// (docs/iam-policy.json) as the user's only policy, so it cannot lack the permission.
@Suite(.serialized) struct SpotPriceLookupMotoTests {
    static func readmePolicy() throws -> String {
        try String(contentsOf: TermscaleBinary.packageRoot.appendingPathComponent("docs/iam-policy.json"), encoding: .utf8)
    }

    static func session(userPolicy: String) throws -> (MotoServer, AWSSession) {
        let moto = try MotoServer(unauthenticatedRequests: MotoServer.autoScalingSetupRequests)
        let key = try moto.setUpAutoScalingGroup("moodle-web", region: "eu-west-2", userPolicy: userPolicy)
        let session = try AWSSession.make(
            policy: Policy.fixture(instanceType: "c6i.xlarge"), options: AWSOptions(endpointURL: moto.endpoint.absoluteString),
            environment: [
                "AWS_ACCESS_KEY_ID": key.accessKeyID, "AWS_SECRET_ACCESS_KEY": key.secretAccessKey,
                "AWS_EC2_METADATA_DISABLED": "true", "HOME": NSTemporaryDirectory(),
            ])
        return (moto, session)
    }

    @Test func theREADMEPolicyAllowsItAndTheEC2ClientSharesTheSessionsKeyAndEndpoint() throws {
        let (moto, session) = try Self.session(userPolicy: try Self.readmePolicy())
        defer { _ = moto }
        // One call of each client, signed with the one resolved key.
        #expect(try session.client.describeAutoScalingGroup(name: "moodle-web")?.minSize == 2)
        let now = utc("2027-01-31T12:00:00Z")
        let mean = try SpotPriceLookup.meanSpotPrice(
            session: session, policy: Policy.fixture(instanceType: "c6i.xlarge"), now: now)
        #expect(mean.price == Decimal(string: "0.00001")!)
        #expect(mean.availabilityZones == ["eu-west-2a", "eu-west-2b", "eu-west-2c"] && mean.records == 3)
        #expect(mean.from == utc("2027-01-01T12:00:00Z") && mean.to == now)
        #expect(try session.ec2().endpoint == Endpoint(url: moto.endpoint.appending(path: "/"), source: "--endpoint-url"))
    }

    @Test func aUserWithoutThePermissionGetsExit69AndWhatToGrant() throws {
        let (moto, session) = try Self.session(userPolicy: MotoServer.allowAllAutoScaling)
        defer { _ = moto }
        #expect {
            try SpotPriceLookup.meanSpotPrice(session: session, policy: Policy.fixture(instanceType: "c6i.xlarge"), now: Date())
        } throws: { error in
            guard let error = error as? TermscaleError, case .aws(let message) = error else { return false }
            return error.exitCode == 69
                && message.hasPrefix(
                    "DescribeSpotPriceHistory failed: AccessDenied (HTTP 403): the credentials are not allowed to call "
                        + "DescribeSpotPriceHistory: grant ec2:DescribeSpotPriceHistory to the IAM user or role")
        }
    }
}
