import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// Every Auto Scaling call termscale makes, its form body compared with botocore's own Query
/// serialiser (`botocore.serialize.create_serializer("query")`, through
/// `Fixtures/botocore_query_serialize.py`): the body is read back into the operation's input by
/// botocore's model (an unknown name, a list out of order or a badly typed value fails), botocore
/// serialises that input, and the two bodies must be the same bytes. As BotocoreSignatureTests does
/// for signatures.
@Suite struct QuerySerializerBotocoreTests {
    struct Reserialised: Decodable {
        var body: String?
        var error: String?
    }

    static func page(_ token: String?) -> ScriptedTransport.Step {
        ScriptedTransport.Step.xml(
            200,
            "<DescribeScheduledActionsResponse><DescribeScheduledActionsResult><ScheduledUpdateGroupActions/>"
                + (token.map { "<NextToken>\($0)</NextToken>" } ?? "")
                + "</DescribeScheduledActionsResult></DescribeScheduledActionsResponse>")
    }

    static let ok = ScriptedTransport.Step.xml(200, "<Response/>")

    /// The bodies of a representative run: every operation, both pages of a paged read, a batch
    /// over 50, names that need escaping, optional members present and absent, a whole
    /// MixedInstancesPolicy, and target-tracking policies with whole and fractional targets.
    static func bodies() throws -> [String] {
        let describedGroup = try String(contentsOf: MixedInstancesPolicyTests.everyField, encoding: .utf8)
        let transport = ScriptedTransport(
            [page("AAAA+/=bb page 2"), page(nil), ok, ok, ok, .xml(200, describedGroup)]
                + Array(repeating: ok, count: 4) + [.xml(200, "<DescribePoliciesResponse/>")])
        let client = AutoScalingClient(
            query: AWSQueryClient(
                endpoint: URL(string: "https://autoscaling.eu-west-2.amazonaws.com")!, service: "autoscaling",
                region: "eu-west-2", credentials: { RetryTests.credentials }, transport: transport,
                retry: RetryStrategy(sleep: { _ in })))
        let start = utc("2027-01-12T08:45:00Z")

        _ = try client.describeScheduledActions(group: "moodle-web")
        let actions =
            [
                ScheduledActionRequest(name: "termscale-moodle web+exam&1=ü", startTime: start, minSize: 12),
                ScheduledActionRequest(name: "日本語 😀", startTime: start.addingTimeInterval(3600), minSize: 2, maxSize: 60),
                ScheduledActionRequest(name: "desired-only", startTime: start.addingTimeInterval(7200), desiredCapacity: 0),
            ]
            + (3..<51).map {
                ScheduledActionRequest(name: "a-\($0)", startTime: start.addingTimeInterval(Double($0) * 600), minSize: $0)
            }
        _ = try client.putScheduledActions(group: "moodle web/ü", actions)
        _ = try client.deleteScheduledActions(group: "moodle-web", names: ["a b", "日本", "x/y=z", "~tilde_.-"])
        let group = try #require(try client.describeAutoScalingGroup(name: "moodle-web"))
        let policy = try #require(group.mixedInstancesPolicy)
        try client.updateAutoScalingGroup(name: "moodle-web", minSize: 4, maxSize: 60, mixedInstancesPolicy: policy)
        try client.updateAutoScalingGroup(name: "moodle-web", minSize: 0)
        try client.putTargetTrackingPolicy(
            group: "moodle-web",
            TargetTrackingPolicy(
                name: "termscale cpu 50", metricType: "ASGAverageCPUUtilization", targetValue: 50, disableScaleIn: true,
                estimatedInstanceWarmup: 300, enabled: false))
        try client.putTargetTrackingPolicy(
            group: "moodle-web",
            TargetTrackingPolicy(
                name: "requests", metricType: "ALBRequestCountPerTarget",
                resourceLabel: "app/moodle/50dc6c495c0c9188/targetgroup/web/943f017f100becff", targetValue: 1234.5))
        _ = try client.describePolicies(group: "moodle-web")
        return transport.bodies
    }

    @Test func everyBodyIsTheOneBotocoreSerialises() throws {
        let ours = try Self.bodies()
        // Both pages, two batch calls (50 + 1), one of every other call.
        #expect(ours.count == 11)
        #expect(ours[1].hasSuffix("&NextToken=AAAA%2B%2F%3Dbb+page+2"))

        let botocore = try JSONDecoder().decode(
            [Reserialised].self,
            from: Botocore.run("botocore_query_serialize.py", [], input: JSONEncoder().encode(ours)))
        try #require(botocore.count == ours.count)
        for (index, (body, theirs)) in zip(ours, botocore).enumerated() {
            #expect(theirs.error == nil, "body \(index) is not a botocore input: \(theirs.error ?? "")")
            #expect(body == theirs.body, "body \(index)")
        }
    }

    @Test func aNameTheModelDoesNotHaveIsCaught() throws {
        // The comparison is only as good as its reading back: prove that it refuses a wrong name.
        let wrong = [
            "Action=PutScalingPolicy&Version=2011-01-01&AutoScalingGroupName=g&PolicyName=p&TargetTrackingConfiguration.Target=50",
            "Action=BatchDeleteScheduledAction&Version=2011-01-01&AutoScalingGroupName=g&ScheduledActionNames.item.1=a",
            "Action=DescribeScheduledActions&Version=2011-01-01&MaxRecords=many",
        ]
        let botocore = try JSONDecoder().decode(
            [Reserialised].self,
            from: Botocore.run("botocore_query_serialize.py", [], input: JSONEncoder().encode(wrong)))
        #expect(
            botocore.map(\.error) == [
                "TargetTrackingConfiguration.Target: not a member of TargetTrackingConfiguration",
                "ScheduledActionNames.item.1: expected member.N",
                "MaxRecords: 'many' is not an integer",
            ])
    }
}
