import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// EventBridge Scheduler against a real moto_server (started through scripts/moto-server, which
/// lets moto check the signature of GETs and DELETEs with a query string) with signature checking
/// on: an IAM user allowed the group's Auto Scaling calls, `scheduler:*` and `iam:PassRole` drives
/// every call the push makes, signed with its own key, over libcurl.
@Suite(.serialized) struct SchedulerMotoTests {
    static let region = "eu-west-2"
    static let asg = "moodle-web"
    static let scheduleGroup = "termscale-moodle-web"
    static let role = "arn:aws:iam::123456789012:role/termscale-scheduler"
    static let schedulerUserPolicy = """
        {"Version":"2012-10-17","Statement":[\
        {"Effect":"Allow","Action":["autoscaling:*","scheduler:*"],"Resource":"*"},\
        {"Effect":"Allow","Action":"iam:PassRole","Resource":"\(role)",\
        "Condition":{"StringEquals":{"iam:PassedToService":"scheduler.amazonaws.com"}}}]}
        """

    struct Fixture {
        let moto: MotoServer
        let key: Credentials
        /// Another user, allowed Auto Scaling only.
        let autoScalingOnly: Credentials
        /// Records every request and passes it to libcurl.
        let transport = ScriptedTransport([], inner: CurlTransport())

        func scheduler(_ credentials: Credentials? = nil, logs: LogCapture = LogCapture()) -> SchedulerClient {
            let creds = credentials ?? key
            return SchedulerClient(
                rest: AWSRestJSONClient(
                    endpoint: moto.endpoint, service: "scheduler", region: SchedulerMotoTests.region, credentials: { creds },
                    transport: transport, retry: RetryStrategy(maxAttempts: 3, sleep: { _ in }), logger: logs.logger))
        }

        func autoScaling() -> AutoScalingClient {
            let creds = key
            return AutoScalingClient(
                query: AWSQueryClient(
                    endpoint: moto.endpoint, service: "autoscaling", region: SchedulerMotoTests.region, credentials: { creds },
                    transport: CurlTransport(), retry: RetryStrategy(maxAttempts: 3, sleep: { _ in })))
        }

        /// The requests sent to the Scheduler so far, as `METHOD path?query`.
        var sent: [String] { SchedulerClientTests.lines(transport) }
    }

    /// The Auto Scaling group and its launch template, the user allowed the Scheduler and one
    /// allowed Auto Scaling only, made in moto's first (unchecked) requests.
    static func setup(userPolicy: String = schedulerUserPolicy) throws -> Fixture {
        let moto = try MotoServer(unauthenticatedRequests: MotoServer.autoScalingSetupRequests + MotoServer.userSetupRequests)
        let account = try moto.setUpAutoScalingGroup(asg, region: region, userPolicy: userPolicy)
        let other = try moto.createUser("auto-scaling-only", policy: MotoServer.allowAllAutoScaling)
        return Fixture(
            moto: moto,
            key: Credentials(accessKeyID: account.accessKeyID, secretAccessKey: account.secretAccessKey, source: "moto IAM user"),
            autoScalingOnly: Credentials(accessKeyID: other.accessKeyID, secretAccessKey: other.secretAccessKey, source: "moto"))
    }

    @Test func schedulesRoundTripSigned() throws {
        let f = try Self.setup()
        let group = LiveScheduleGroup(client: f.scheduler(), scheduleGroupName: Self.scheduleGroup)

        // No group yet: moto lists nothing, and GetScheduleGroup says it is missing.
        #expect(try group.listSchedules() == nil)
        try group.createGroupIfMissing()
        try group.createGroupIfMissing()
        #expect(try group.listSchedules() == [])

        // The switches carry the group's whole policy as Auto Scaling describes it.
        let policy = try #require(try f.autoScaling().describeAutoScalingGroup(name: Self.asg)?.mixedInstancesPolicy)
        var onDemandPolicy = policy
        onDemandPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity = 100
        let onDemand = try MixSwitchInput(groupName: Self.asg, mixedInstancesPolicy: onDemandPolicy).json()
        let restore = try MixSwitchInput(groupName: Self.asg, mixedInstancesPolicy: policy).json()
        let first = utc("2031-01-13T08:00:00Z")
        let schedules = (0..<120).map { i in
            MixSwitchSchedule(
                name: "termscale-moodle-web-\(i)", at: first.addingTimeInterval(Double(i) * 1800),
                input: i.isMultiple(of: 2) ? onDemand : restore, roleArn: Self.role, description: "switch \(i)")
        }
        for schedule in schedules { try group.createSchedule(schedule) }

        // Every page is listed: moto answers 100 at most, as AWS does.
        let listed = try #require(try group.listSchedules())
        #expect(listed.count == 120)
        #expect(Set(listed.map(\.name)) == Set(schedules.map(\.name)))
        #expect(listed.allSatisfy { $0.state == "ENABLED" && $0.targetArn == MixSwitchSchedule.targetArn })
        let lists = f.sent.filter { $0.hasPrefix("GET /schedules?") }
        #expect(lists.count == 4)
        #expect(lists.suffix(2).first == "GET /schedules?ScheduleGroup=termscale-moodle-web&MaxResults=100")
        #expect(lists.last?.hasPrefix("GET /schedules?ScheduleGroup=termscale-moodle-web&MaxResults=100&NextToken=") == true)

        // A schedule comes back as it was written, its input to the byte.
        let back = try #require(try group.getSchedule(name: "termscale-moodle-web-7"))
        #expect(back == schedules[7])
        #expect(back.input == restore)
        #expect(try MixSwitchInput(json: back.input).mixedInstancesPolicy.instancesDistribution == policy.instancesDistribution)
        #expect(try group.getSchedule(name: "termscale-moodle-web-999") == nil)

        // A second create of one name is a conflict, as in AWS.
        #expect {
            try group.createSchedule(schedules[0])
        } throws: { error in
            (error as? AWSServiceError)?.code == "ConflictException"
                && (error as? AWSServiceError)?.message == "Schedule termscale-moodle-web-0 already exists."
        }

        // Deleting twice is fine: the second finds it gone.
        try group.deleteSchedule(name: "termscale-moodle-web-7")
        try group.deleteSchedule(name: "termscale-moodle-web-7")
        #expect(try !f.scheduler().deleteSchedule(group: Self.scheduleGroup, name: "termscale-moodle-web-7"))
        #expect(try group.getSchedule(name: "termscale-moodle-web-7") == nil)
        #expect(try group.listSchedules()?.count == 119)
    }

    @Test func aWrongSecretIsASignatureErrorThatLeaksNothing() throws {
        let f = try Self.setup()
        let wrong = Credentials(accessKeyID: f.key.accessKeyID, secretAccessKey: "not-the-secret-0123456789", source: "test")
        let logs = LogCapture()
        var message = ""
        #expect {
            _ = try f.scheduler(wrong, logs: logs).listSchedules(group: Self.scheduleGroup)
        } throws: { error in
            message = String(describing: error)
            return (error as? AWSServiceError)?.code == "SignatureDoesNotMatch"
        }
        #expect(message.hasPrefix("ListSchedules failed: SignatureDoesNotMatch (HTTP 403): the request signature does not match"))
        // The same GET with a query string, rightly signed, passes moto's check.
        #expect(try f.scheduler(logs: logs).listSchedules(group: Self.scheduleGroup) == nil)
        for text in logs.lines + [message] {
            #expect(!text.contains(wrong.secretAccessKey))
            #expect(!text.contains(f.key.secretAccessKey))
        }
    }

    @Test func aUserWithoutSchedulerPermissionsIsDeniedAndToldWhatToGrant() throws {
        let f = try Self.setup()
        let group = LiveScheduleGroup(client: f.scheduler(f.autoScalingOnly), scheduleGroupName: Self.scheduleGroup)
        let calls: [(String, () throws -> Void)] = [
            ("CreateScheduleGroup", { try group.createGroupIfMissing() }), ("ListSchedules", { _ = try group.listSchedules() }),
        ]
        for (action, call) in calls {
            #expect {
                try call()
            } throws: { error in
                guard let error = error as? AWSServiceError else { return false }
                return error.code == "AccessDenied" && error.httpStatus == 403 && error.action == action
                    && error.message
                        == "User: arn:aws:iam::123456789012:user/auto-scaling-only is not authorized to perform: scheduler:\(action)"
                    && error.description.contains("grant scheduler:\(action) to the IAM user or role")
            }
        }
    }

    /// docs/iam-policy.json (the README's least-privilege policy) as the user's only policy allows
    /// every Scheduler call the client makes. moto checks actions, not resources (it matches each
    /// statement's Resource against `*`) or conditions, so the ARN-scoped statements are widened to
    /// `*` first; the actions are the policy's.
    @Test func theREADMEPolicyAllowsEverySchedulerCall() throws {
        let document = try String(
            contentsOf: TermscaleBinary.packageRoot.appendingPathComponent("docs/iam-policy.json"), encoding: .utf8)
        let f = try Self.setup(userPolicy: try MotoServer.widenedToEveryResource(document))
        let group = LiveScheduleGroup(client: f.scheduler(), scheduleGroupName: Self.scheduleGroup)
        #expect(try group.listSchedules() == nil)
        try group.createGroupIfMissing()
        let schedule = MixSwitchSchedule(
            name: "termscale-moodle-web-20310113T0800Z", at: utc("2031-01-13T08:00:00Z"),
            input: #"{"AutoScalingGroupName":"moodle-web","MixedInstancesPolicy":{}}"#, roleArn: Self.role)
        try group.createSchedule(schedule)
        #expect(try group.getSchedule(name: schedule.name) == schedule)
        try group.deleteSchedule(name: schedule.name)
        #expect(try group.listSchedules() == [])
        #expect(
            Set(f.sent.map { String($0.prefix { $0 != "?" }) }) == [
                "GET /schedules", "GET /schedule-groups/termscale-moodle-web", "POST /schedule-groups/termscale-moodle-web",
                "POST /schedules/termscale-moodle-web-20310113T0800Z", "GET /schedules/termscale-moodle-web-20310113T0800Z",
                "DELETE /schedules/termscale-moodle-web-20310113T0800Z",
            ])
    }

    /// Without the widening, moto refuses an ARN-scoped statement's action, so the test above
    /// really depends on the policy's actions, and this one proves moto still checks them.
    @Test func aSchedulerActionThePolicyLacksIsRefused() throws {
        let document = try String(
            contentsOf: TermscaleBinary.packageRoot.appendingPathComponent("docs/iam-policy.json"), encoding: .utf8)
        let withoutList = document.replacingOccurrences(
            of: #""Action": "scheduler:ListSchedules""#, with: #""Action": "scheduler:TagResource""#)
        #expect(withoutList != document)
        let f = try Self.setup(userPolicy: try MotoServer.widenedToEveryResource(withoutList))
        #expect {
            _ = try LiveScheduleGroup(client: f.scheduler(), scheduleGroupName: Self.scheduleGroup).listSchedules()
        } throws: { error in
            (error as? AWSServiceError)?.code == "AccessDenied" && (error as? AWSServiceError)?.action == "ListSchedules"
        }
    }
}
