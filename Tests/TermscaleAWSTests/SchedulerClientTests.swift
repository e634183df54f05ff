import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// The EventBridge Scheduler calls against a scripted transport: each request's exact method, path,
/// query and body, every page followed, and each answer read as the protocol promises.
@Suite struct SchedulerClientTests {
    static let group = "termscale-moodle-web"
    static let role = "arn:aws:iam::111122223333:role/termscale-scheduler"
    static let input =
        #"{"AutoScalingGroupName":"moodle-web","MixedInstancesPolicy":{"InstancesDistribution":{"OnDemandPercentageAboveBaseCapacity":100}}}"#
    static let schedule = MixSwitchSchedule(
        name: "termscale-moodle-web-20310113T0800Z-on-demand", at: utc("2031-01-13T08:00:00Z"), input: input, roleArn: role,
        description: "moodle-web: 100 % on-demand for the exams of 13 Jan")

    static func client(_ transport: ScriptedTransport) -> SchedulerClient {
        SchedulerClient(rest: AWSRestJSONClientTests.client(transport))
    }

    static func json(_ status: Int, _ body: String) -> ScriptedTransport.Step {
        .respond(HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(body.utf8)))
    }

    static let notFound = AWSRestJSONClientTests.jsonError(404, "ResourceNotFoundException", message: "not there")

    /// Each request as `METHOD path?query`.
    static func lines(_ transport: ScriptedTransport) -> [String] {
        transport.requests.map { request in
            let query = request.url.query(percentEncoded: true).map { "?\($0)" } ?? ""
            return "\(request.method) \(request.url.path(percentEncoded: true))\(query)"
        }
    }

    // MARK: CreateSchedule

    @Test func aScheduleIsCreatedWithTermscalesFixedSettings() throws {
        let transport = ScriptedTransport([Self.json(200, #"{"ScheduleArn":"arn:aws:scheduler:eu-west-2:1:schedule/g/n"}"#)])
        try Self.client(transport).createSchedule(group: Self.group, Self.schedule)

        #expect(Self.lines(transport) == ["POST /schedules/termscale-moodle-web-20310113T0800Z-on-demand"])
        let token = SchedulerClient.clientToken(group: Self.group, Self.schedule)
        let expected =
            #"{"ActionAfterCompletion":"DELETE","ClientToken":"\#(token)","#
            + #""Description":"moodle-web: 100 % on-demand for the exams of 13 Jan","FlexibleTimeWindow":{"Mode":"OFF"},"#
            + #""GroupName":"termscale-moodle-web","ScheduleExpression":"at(2031-01-13T08:00:00)","#
            + #""ScheduleExpressionTimezone":"UTC","State":"ENABLED","Target":{"#
            + #""Arn":"arn:aws:scheduler:::aws-sdk:autoscaling:updateAutoScalingGroup","#
            + #""Input":"{\"AutoScalingGroupName\":\"moodle-web\",\"MixedInstancesPolicy\":{\"InstancesDistribution\":"#
            + #"{\"OnDemandPercentageAboveBaseCapacity\":100}}}","#
            + #""RetryPolicy":{"MaximumEventAgeInSeconds":3600,"MaximumRetryAttempts":10},"#
            + #""RoleArn":"arn:aws:iam::111122223333:role/termscale-scheduler"}}"#
        #expect(transport.bodies == [expected])
        #expect(transport.requests[0].header("Content-Type") == "application/json")
    }

    @Test func theClientTokenIsTheSameForTheSameScheduleAndOnlyForIt() {
        let token = SchedulerClient.clientToken(group: Self.group, Self.schedule)
        #expect(token.count == 64)
        #expect(token.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(SchedulerClient.clientToken(group: Self.group, Self.schedule) == token)
        // A fraction of a second is not sent, so it does not change the request either.
        var sameRequest = Self.schedule
        sameRequest.at = Self.schedule.at.addingTimeInterval(0.25)
        #expect(SchedulerClient.clientToken(group: Self.group, sameRequest) == token)
        var changes: [MixSwitchSchedule] = []
        for change in 0..<5 {
            var other = Self.schedule
            switch change {
            case 0: other.name += "x"
            case 1: other.at = other.at.addingTimeInterval(60)
            case 2: other.input = other.input.replacingOccurrences(of: "100", with: "25")
            case 3: other.roleArn += "2"
            default: other.description = ""
            }
            changes.append(other)
        }
        let tokens =
            changes.map { SchedulerClient.clientToken(group: Self.group, $0) } + [
                SchedulerClient.clientToken(group: "termscale-other", Self.schedule)
            ]
        #expect(Set(tokens + [token]).count == 7)
    }

    @Test func atExpressionsAreWholeSecondsInUTC() {
        #expect(SchedulerClient.atExpression(utc("2031-01-13T08:00:00Z").addingTimeInterval(59.9)) == "at(2031-01-13T08:00:59)")
        #expect(SchedulerClient.instant(atExpression: "at(2031-01-13T08:00:59)") == utc("2031-01-13T08:00:59Z"))
        for notAt in ["at(2031-01-13T08:00)", "at(2031-02-30T08:00:00)", "cron(0 8 13 1 ? 2031)", "at(2031-01-13 08:00:00)", ""] {
            #expect(SchedulerClient.instant(atExpression: notAt) == nil, "\(notAt)")
        }
    }

    // MARK: ListSchedules

    static func page(_ names: [String], next: String?) -> ScriptedTransport.Step {
        let items = names.map {
            #"{"Arn":"arn:aws:scheduler:eu-west-2:111122223333:schedule/termscale-moodle-web/\#($0)","GroupName":"termscale-moodle-web","#
                + #""Name":"\#($0)","State":"ENABLED","Target":{"Arn":"arn:aws:scheduler:::aws-sdk:autoscaling:updateAutoScalingGroup"}}"#
        }
        let token = next.map { #","NextToken":"\#($0)""# } ?? #","NextToken":null"#
        return json(200, #"{"Schedules":[\#(items.joined(separator: ","))]\#(token)}"#)
    }

    @Test func everyPageIsFollowedWithItsToken() throws {
        let first = (0..<100).map { "termscale-a-\($0)" }
        let transport = ScriptedTransport([
            Self.page(first, next: "page/2+="), Self.page(["termscale-b-0", "termscale-b-1"], next: "page 3"),
            Self.page(["termscale-c-0"], next: nil),
        ])
        let summaries = try #require(try Self.client(transport).listSchedules(group: Self.group))
        #expect(summaries.map(\.name) == first + ["termscale-b-0", "termscale-b-1", "termscale-c-0"])
        #expect(summaries.allSatisfy { $0.state == "ENABLED" && $0.targetArn == MixSwitchSchedule.targetArn })
        #expect(
            Self.lines(transport) == [
                "GET /schedules?ScheduleGroup=termscale-moodle-web&MaxResults=100",
                "GET /schedules?ScheduleGroup=termscale-moodle-web&MaxResults=100&NextToken=page%2F2%2B%3D",
                "GET /schedules?ScheduleGroup=termscale-moodle-web&MaxResults=100&NextToken=page%203",
            ])
        #expect(transport.requests.allSatisfy { $0.body.isEmpty && $0.header("Content-Type") == nil })
    }

    @Test func aTokenSeenTwiceIsALoopNotAnEndlessList() throws {
        let transport = ScriptedTransport([Self.page(["a"], next: "t1"), Self.page(["b"], next: "t1")])
        let error = try #require(throws: AWSServiceError.self) { try Self.client(transport).listSchedules(group: Self.group) }
        #expect(error.code == "PagingLoop")
        #expect(error.message == "ListSchedules returned NextToken t1 twice")
    }

    @Test func aMissingGroupIsNilWhetherAWSSaysSoOrListsNothing() throws {
        // AWS's model: ResourceNotFoundException.
        let refused = ScriptedTransport([Self.notFound])
        #expect(try Self.client(refused).listSchedules(group: Self.group) == nil)
        #expect(Self.lines(refused) == ["GET /schedules?ScheduleGroup=termscale-moodle-web&MaxResults=100"])

        // moto: an empty list; GetScheduleGroup tells a missing group from an empty one.
        let missing = ScriptedTransport([Self.page([], next: nil), Self.notFound])
        #expect(try Self.client(missing).listSchedules(group: Self.group) == nil)
        #expect(
            Self.lines(missing) == [
                "GET /schedules?ScheduleGroup=termscale-moodle-web&MaxResults=100",
                "GET /schedule-groups/termscale-moodle-web",
            ])
        let empty = ScriptedTransport([
            Self.page([], next: nil), Self.json(200, #"{"Name":"termscale-moodle-web","State":"ACTIVE"}"#),
        ])
        #expect(try Self.client(empty).listSchedules(group: Self.group) == [])
    }

    // MARK: GetSchedule

    static let described = """
        {"ActionAfterCompletion":"DELETE","Arn":"arn:aws:scheduler:eu-west-2:111122223333:schedule/termscale-moodle-web/n",
         "CreationDate":1.9250784E9,"Description":"moodle-web: 100 % on-demand for the exams of 13 Jan",
         "FlexibleTimeWindow":{"Mode":"OFF"},"GroupName":"termscale-moodle-web",
         "Name":"termscale-moodle-web-20310113T0800Z-on-demand","ScheduleExpression":"at(2031-01-13T08:00:00)",
         "ScheduleExpressionTimezone":"UTC","State":"ENABLED",
         "Target":{"Arn":"arn:aws:scheduler:::aws-sdk:autoscaling:updateAutoScalingGroup",
          "Input":"{\\"AutoScalingGroupName\\":\\"moodle-web\\",\\"MixedInstancesPolicy\\":{\\"InstancesDistribution\\":{\\"OnDemandPercentageAboveBaseCapacity\\":100}}}",
          "RetryPolicy":{"MaximumEventAgeInSeconds":3600,"MaximumRetryAttempts":10},
          "RoleArn":"arn:aws:iam::111122223333:role/termscale-scheduler"}}
        """

    @Test func aScheduleIsReadBackAsItWasWritten() throws {
        let transport = ScriptedTransport([Self.json(200, Self.described), Self.notFound])
        let client = Self.client(transport)
        #expect(try client.getSchedule(group: Self.group, name: Self.schedule.name) == Self.schedule)
        #expect(try client.getSchedule(group: Self.group, name: "termscale-gone") == nil)
        #expect(
            Self.lines(transport) == [
                "GET /schedules/termscale-moodle-web-20310113T0800Z-on-demand?groupName=termscale-moodle-web",
                "GET /schedules/termscale-gone?groupName=termscale-moodle-web",
            ])
    }

    @Test func aScheduleTermscaleCannotHaveWrittenIsRefusedByName() throws {
        let cron = Self.described.replacingOccurrences(of: "at(2031-01-13T08:00:00)", with: "cron(0 8 * * ? *)")
        let zoned = Self.described.replacingOccurrences(of: #""UTC""#, with: #""Europe/London""#)
        let lambda = Self.described.replacingOccurrences(
            of: "arn:aws:scheduler:::aws-sdk:autoscaling:updateAutoScalingGroup", with: "arn:aws:lambda:eu-west-2:1:function:f")
        let transport = ScriptedTransport([Self.json(200, cron), Self.json(200, zoned), Self.json(200, lambda)])
        let client = Self.client(transport)
        let reasons = try (0..<3).map { _ in
            try #require(throws: SchedulerClientError.self) { try client.getSchedule(group: Self.group, name: "n") }
        }
        #expect(
            reasons == [
                .notAMixSwitchSchedule(
                    group: Self.group, name: "n",
                    reason: #"its expression "cron(0 8 * * ? *)" is not a one-time at(yyyy-mm-ddThh:mm:ss)"#),
                .notAMixSwitchSchedule(
                    group: Self.group, name: "n", reason: "its expression is in time zone Europe/London, not UTC"),
                .notAMixSwitchSchedule(
                    group: Self.group, name: "n",
                    reason:
                        #"its target is "arn:aws:lambda:eu-west-2:1:function:f", not arn:aws:scheduler:::aws-sdk:autoscaling:updateAutoScalingGroup"#
                ),
            ])
        #expect(
            reasons[0].description.hasSuffix(
                "delete the schedule (aws scheduler delete-schedule --group-name termscale-moodle-web --name n) and the next "
                    + "push recreates what the plan needs"))
    }

    // MARK: Groups and deletes

    @Test func anExistingGroupAndAScheduleAlreadyGoneAreNotErrors() throws {
        let transport = ScriptedTransport([
            Self.json(200, #"{"ScheduleGroupArn":"arn"}"#),
            AWSRestJSONClientTests.jsonError(
                409, "ConflictException", message: "Schedule group termscale-moodle-web already exists."),
            Self.json(200, "{}"), Self.notFound,
        ])
        let client = Self.client(transport)
        #expect(try client.createScheduleGroup(name: Self.group))
        #expect(try !client.createScheduleGroup(name: Self.group))
        #expect(try client.deleteSchedule(group: Self.group, name: "termscale-x"))
        #expect(try !client.deleteSchedule(group: Self.group, name: "termscale-x"))
        #expect(
            Self.lines(transport) == [
                "POST /schedule-groups/termscale-moodle-web", "POST /schedule-groups/termscale-moodle-web",
                "DELETE /schedules/termscale-x?groupName=termscale-moodle-web",
                "DELETE /schedules/termscale-x?groupName=termscale-moodle-web",
            ])
        #expect(transport.bodies == ["{}", "{}", "", ""])
    }

    @Test func aConflictOnCreateScheduleIsAnErrorAsInAWS() throws {
        let transport = ScriptedTransport([
            AWSRestJSONClientTests.jsonError(409, "ConflictException", message: "Schedule n already exists.")
        ])
        let group = LiveScheduleGroup(client: Self.client(transport), scheduleGroupName: Self.group)
        let error = try #require(throws: AWSServiceError.self) { try group.createSchedule(Self.schedule) }
        #expect(error.code == "ConflictException")
        #expect(
            error.description
                == "CreateSchedule failed: ConflictException (HTTP 409). AWS said: Schedule n already exists. (request ID req-409)"
        )
    }
}
