import Foundation
import TermscaleTestSupport
import Testing

/// `termscale cost --spot-price aws`, the built binary, against moto with signature checking on.
@Suite(.serialized) struct CostSpotPriceEndToEndTests {
    static let policy = "policies/moodle-web.yaml"

    static func env(_ key: MotoAutoScalingAccount) -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": key.accessKeyID, "AWS_SECRET_ACCESS_KEY": key.secretAccessKey,
            "AWS_EC2_METADATA_DISABLED": "true", "HOME": NSTemporaryDirectory(),
        ]
    }

    @Test func theMeanOfAWSsHistoryReplacesThePolicysSpotPrice() throws {
        let moto = try MotoServer(unauthenticatedRequests: MotoServer.autoScalingSetupRequests)
        let key = try moto.setUpAutoScalingGroup(
            "moodle-web", region: "eu-west-2",
            userPolicy:
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeSpotPriceHistory","Resource":"*"}]}"#
        )
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let run = try TermscaleBinary.run(
            [
                "cost", "--policy", Self.policy, "--db", db, "--from", "2027-01-04", "--to", "2027-01-11", "--format", "json",
                "--spot-price", "aws", "--now", "2026-12-01T00:00:00Z", "--endpoint-url", moto.endpoint.absoluteString,
                "--verbose",
            ], environment: Self.env(key))
        #expect(run.exitCode == 0, "\(run.stderr)")
        #expect(run.stderr.contains("DescribeSpotPriceHistory → HTTP 200"), "\(run.stderr)")
        #expect(!run.stderr.contains(key.secretAccessKey) && !run.stdout.contains(key.secretAccessKey))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let group = try #require((object["groups"] as? [[String: Any]])?.first)
        let assumptions = try #require(group["assumptions"] as? [String])
        // moto answers 0.00001 in each of eu-west-2's three zones.
        #expect(
            assumptions.first
                == "prices per instance-hour: on-demand 0.202 USD (the policy's), Spot 0.00001 USD: the mean of AWS's "
                + "Spot price history for c6i.xlarge in eu-west-2 over 2026-11-01T00:00:00Z to 2026-12-01T00:00:00Z, "
                + "3 availability zones")
        // The winter-vacation week: 2 instances, both on-demand (base 2): no Spot hours, so the same
        // cost as with the policy's price; a week with Spot hours would differ.
        let plan = try #require(group["plan"] as? [String: Any])
        #expect((plan["spot_hours"] as? NSNumber)?.doubleValue == 0)
        #expect((plan["cost"] as? NSNumber)?.stringValue == "67.87")

        // The exam week has Spot hours: with a near-zero Spot price, they cost nothing.
        let exams = try TermscaleBinary.run(
            [
                "cost", "--policy", Self.policy, "--db", db, "--from", "2027-01-25", "--to", "2027-02-01", "--format", "json",
                "--spot-price", "aws", "--now", "2026-12-01T00:00:00Z", "--endpoint-url", moto.endpoint.absoluteString,
            ], environment: Self.env(key))
        #expect(exams.exitCode == 0, "\(exams.stderr)")
        let teaching = try #require(try JSONSerialization.jsonObject(with: Data(exams.stdout.utf8)) as? [String: Any])
        let teachingPlan = try #require(teaching["plan"] as? [String: Any])
        // 2027-W04 (teaching, floor 4 = base 2 + 2 × 25 %): 420 on-demand h × 0.202 = 84.84; 252 Spot h × 0.00001 = 0.00252.
        #expect((teachingPlan["on_demand_hours"] as? NSNumber)?.doubleValue == 420)
        #expect((teachingPlan["spot_hours"] as? NSNumber)?.doubleValue == 252)
        #expect((teachingPlan["cost"] as? NSNumber)?.stringValue == "84.84")
    }

    @Test func aUserWithoutThePermissionGetsAWSsRefusalAndExit69() throws {
        let moto = try MotoServer(unauthenticatedRequests: MotoServer.autoScalingSetupRequests)
        let key = try moto.setUpAutoScalingGroup("moodle-web", region: "eu-west-2")
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let run = try TermscaleBinary.run(
            [
                "cost", "--policy", Self.policy, "--db", db, "--from", "2027-01-04", "--to", "2027-01-11",
                "--spot-price", "aws", "--endpoint-url", moto.endpoint.absoluteString,
            ], environment: Self.env(key))
        #expect(run.exitCode == 69, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("AccessDenied") && run.stderr.contains("ec2:DescribeSpotPriceHistory"), "\(run.stderr)")
    }

    @Test func aPolicyPricedInAnotherCurrencyIsRefusedBeforeAnyCall() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let sample = try String(contentsOfFile: Self.policy, encoding: .utf8)
        let pounds = try tmp.write("gbp.yaml", sample.replacing("currency: USD", with: "currency: GBP"))
        let run = try TermscaleBinary.run(
            [
                "cost", "--policy", pounds, "--db", db, "--from", "2027-01-04", "--to", "2027-01-11", "--spot-price", "aws",
                "--endpoint-url", "http://127.0.0.1:9",
            ],
            environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "HOME": NSTemporaryDirectory()])
        #expect(run.exitCode == 64, "\(run.stderr)")
        #expect(
            run.stderr
                == "--spot-price aws reads AWS's prices in USD, but policy moodle-web prices in GBP: nothing is converted; "
                + "leave out --spot-price aws or price the policy in USD\n")
    }
}
