import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleKit

@Suite struct AWSSessionPoolTests {
    final class Counter: @unchecked Sendable {
        var regions: [String] = []
    }

    @Test func oneSessionPerRegionSharedByItsPolicies() throws {
        let made = Counter()
        let pool = AWSSessionPool { policy in
            made.regions.append(policy.region)
            return try AWSSession.make(
                policy: policy, options: AWSOptions(endpointURL: "http://127.0.0.1:9"),
                environment: ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"])
        }
        let london = [Policy.fixture(autoScalingGroup: "web-a"), Policy.fixture(autoScalingGroup: "web-b")]
        let dublin = Policy.fixture(autoScalingGroup: "web-c", region: "eu-west-1")
        let a = try pool.connect(london[0])
        let b = try pool.connect(london[1])
        let c = try pool.connect(dublin)
        #expect(made.regions == ["eu-west-2", "eu-west-1"])
        #expect([a.group.groupName, b.group.groupName, c.group.groupName] == ["web-a", "web-b", "web-c"])
        #expect([a.region, b.region, c.region] == ["eu-west-2", "eu-west-2", "eu-west-1"])
    }
}
