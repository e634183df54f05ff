import Foundation
import TermscaleAWS
import Testing

@Suite struct AWSQueryTests {
    struct Action {
        var name: String
        var start: Date
        var minSize: Int?
        var maxSize: Int?
        var desired: Int?
        var timeZone: String?
    }

    /// 2027-01-12T08:00:00Z
    static let prewarm = Date(timeIntervalSince1970: 1_799_740_800)

    @Test func batchPutWithTwoMembersEncodesExactly() {
        // Given two scheduled actions, one with spaces and a plus, one with reserved characters
        // and non-ASCII text
        let actions = [
            Action(name: "exam group+1 prewarm", start: Self.prewarm, minSize: 4, desired: 6),
            Action(
                name: "release a/b=c&d;Prüfung~x_y.z-", start: Self.prewarm.addingTimeInterval(4.5 * 3600 + 0.75),
                maxSize: 10, timeZone: "Europe/London"),
        ]
        var parameters = AWSQueryParameters()
        parameters.add("AutoScalingGroupName", "exam group+1")
        parameters.addList("ScheduledUpdateGroupActions", actions) { item, action in
            item.add("ScheduledActionName", action.name)
            item.add("StartTime", action.start)
            item.add("MinSize", action.minSize)
            item.add("MaxSize", action.maxSize)
            item.add("DesiredCapacity", action.desired)
            item.add("TimeZone", action.timeZone)
        }

        // When the request body is built
        let request = AWSQueryRequest(action: "BatchPutScheduledUpdateGroupAction", parameters: parameters)

        // Then it is the exact form encoding: parameters in order, space as +, %XX uppercase,
        // members counted from 1, timestamps in whole UTC seconds
        #expect(
            request.body == "Action=BatchPutScheduledUpdateGroupAction&Version=2011-01-01"
                + "&AutoScalingGroupName=exam+group%2B1"
                + "&ScheduledUpdateGroupActions.member.1.ScheduledActionName=exam+group%2B1+prewarm"
                + "&ScheduledUpdateGroupActions.member.1.StartTime=2027-01-12T08%3A00%3A00Z"
                + "&ScheduledUpdateGroupActions.member.1.MinSize=4"
                + "&ScheduledUpdateGroupActions.member.1.DesiredCapacity=6"
                + "&ScheduledUpdateGroupActions.member.2.ScheduledActionName=release+a%2Fb%3Dc%26d%3BPr%C3%BCfung~x_y.z-"
                + "&ScheduledUpdateGroupActions.member.2.StartTime=2027-01-12T12%3A30%3A00Z"
                + "&ScheduledUpdateGroupActions.member.2.MaxSize=10"
                + "&ScheduledUpdateGroupActions.member.2.TimeZone=Europe%2FLondon")
    }

    @Test func everyReservedCharacterIsPercentEncodedAndUnreservedStayLiteral() {
        #expect(
            AWSQuery.encode("!*'();:@&=+$,/?#[]%\"<>\\^`{|} \t\n")
                == "%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D%25%22%3C%3E%5C%5E%60%7B%7C%7D+%09%0A")
        #expect(AWSQuery.encode("AZaz09-_.~") == "AZaz09-_.~")
        #expect(AWSQuery.encode("Prüfungszeit 😀") == "Pr%C3%BCfungszeit+%F0%9F%98%80")
    }

    @Test func nestedStructuresStringListsAndBooleans() {
        var parameters = AWSQueryParameters()
        parameters.addStructure("MixedInstancesPolicy") { policy in
            policy.addStructure("InstancesDistribution") { distribution in
                distribution.add("OnDemandBaseCapacity", 0)
                distribution.add("OnDemandPercentageAboveBaseCapacity", 100)
            }
        }
        parameters.addStructure("TargetTrackingConfiguration") { config in
            config.add("TargetValue", 50.0)
            config.add("DisableScaleIn", true)
            config.add("Unset", nil as String?)
        }
        parameters.addList("ScheduledActionNames", ["a b", "c"])
        #expect(
            parameters.items.map { "\($0.0)=\($0.1)" } == [
                "MixedInstancesPolicy.InstancesDistribution.OnDemandBaseCapacity=0",
                "MixedInstancesPolicy.InstancesDistribution.OnDemandPercentageAboveBaseCapacity=100",
                "TargetTrackingConfiguration.TargetValue=50",
                "TargetTrackingConfiguration.DisableScaleIn=true",
                "ScheduledActionNames.member.1=a b",
                "ScheduledActionNames.member.2=c",
            ])
        #expect(AWSQuery.boolean(false) == "false")
        #expect(AWSQuery.timestamp(Date(timeIntervalSince1970: 1_799_740_800.999)) == "2027-01-12T08:00:00Z")
    }

    @Test func httpRequestPostsTheFormToTheEndpointRoot() throws {
        let query = AWSQueryRequest(action: "DescribeScheduledActions", parameters: [("AutoScalingGroupName", "exams")])

        let aws = query.httpRequest(endpoint: try #require(URL(string: "https://autoscaling.eu-west-2.amazonaws.com")))
        #expect(aws.method == "POST")
        #expect(aws.url.absoluteString == "https://autoscaling.eu-west-2.amazonaws.com/")
        #expect(aws.header("Host") == "autoscaling.eu-west-2.amazonaws.com")
        #expect(aws.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(aws.body == Array("Action=DescribeScheduledActions&Version=2011-01-01&AutoScalingGroupName=exams".utf8))

        let moto = query.httpRequest(endpoint: try #require(URL(string: "http://127.0.0.1:5000")))
        #expect(moto.url.absoluteString == "http://127.0.0.1:5000/")
        #expect(moto.header("Host") == "127.0.0.1:5000")

        let defaultPort = query.httpRequest(
            endpoint: try #require(URL(string: "https://autoscaling.cn-north-1.amazonaws.com.cn:443/")))
        #expect(defaultPort.header("Host") == "autoscaling.cn-north-1.amazonaws.com.cn")
    }

    @Test func signedQueryRequestSignsHostContentTypeAndDate() throws {
        let query = AWSQueryRequest(action: "DescribeScheduledActions", parameters: [("AutoScalingGroupName", "exams")])
        let request = query.httpRequest(endpoint: try #require(URL(string: "http://127.0.0.1:5000")))
        let signed = SigV4Signer(service: "autoscaling", region: "eu-west-2").sign(
            request, credentials: Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret", source: "test"),
            date: Self.prewarm)
        let authorization = try #require(signed.header("Authorization"))
        #expect(
            authorization.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20270112/eu-west-2/autoscaling/aws4_request, "
                    + "SignedHeaders=content-type;host;x-amz-date, Signature="))
        #expect(signed.header("X-Amz-Date") == "20270112T080000Z")
    }
}
