import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleKit

/// The session's EventBridge Scheduler client: its endpoint resolved like the others', its
/// credentials, transport and retries the session's.
@Suite struct AWSSessionSchedulerTests {
    static let keys = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"]

    @Test func theSchedulerEndpointIsRegionalUnlessOverridden() throws {
        let regional = try AWSSession.make(policy: Policy.fixture(), options: AWSOptions(), environment: Self.keys).scheduler()
        #expect(
            regional.endpoint
                == Endpoint(url: URL(string: "https://scheduler.eu-west-2.amazonaws.com/")!, source: "region eu-west-2"))
        #expect(regional.client.rest.signer.service == "scheduler" && regional.client.rest.signer.region == "eu-west-2")

        let environment = Self.keys.merging([
            "AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_SCHEDULER": "http://127.0.0.1:5000",
        ]) { $1 }
        let overridden = try AWSSession.make(policy: Policy.fixture(), options: AWSOptions(), environment: environment)
        #expect(
            try overridden.scheduler().endpoint
                == Endpoint(url: URL(string: "http://127.0.0.1:5000/")!, source: "AWS_ENDPOINT_URL_SCHEDULER"))
        // Auto Scaling keeps the general override.
        #expect(overridden.endpoint.url.absoluteString == "http://127.0.0.1:4566/")
        let explicit = try AWSSession.make(
            policy: Policy.fixture(), options: AWSOptions(endpointURL: "http://127.0.0.1:6000"), environment: environment)
        #expect(
            try explicit.scheduler().endpoint == Endpoint(url: URL(string: "http://127.0.0.1:6000/")!, source: "--endpoint-url"))
    }

    @Test func aBadSchedulerEndpointStopsOnlyWhatCallsTheScheduler() throws {
        let session = try AWSSession.make(
            policy: Policy.fixture(), options: AWSOptions(),
            environment: Self.keys.merging(["AWS_ENDPOINT_URL_SCHEDULER": "scheduler.local"]) { $1 })
        #expect(session.endpoint.url.absoluteString == "https://autoscaling.eu-west-2.amazonaws.com/")
        #expect {
            _ = try session.scheduleGroup(named: "termscale-moodle-web")
        } throws: { error in
            guard let error = error as? TermscaleError, case .awsConfiguration(let message) = error else { return false }
            return message == "endpoint 'scheduler.local' from AWS_ENDPOINT_URL_SCHEDULER is not an http(s) URL with a host"
        }
    }

    @Test func aScheduleGroupThroughTheSessionTalksToMotoSigned() throws {
        let moto = try MotoServer(unauthenticatedRequests: MotoServer.userSetupRequests)
        let key = try moto.createUser(
            "termscale-scheduler-user",
            policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"scheduler:*","Resource":"*"}]}"#)
        let session = try AWSSession.make(
            policy: Policy.fixture(), options: AWSOptions(endpointURL: moto.endpoint.absoluteString),
            environment: ["AWS_ACCESS_KEY_ID": key.accessKeyID, "AWS_SECRET_ACCESS_KEY": key.secretAccessKey])
        let group = try session.scheduleGroup(named: "termscale-moodle-web")
        #expect(group.scheduleGroupName == "termscale-moodle-web")
        #expect(try group.listSchedules() == nil)
        try group.createGroupIfMissing()
        #expect(try group.listSchedules() == [])
    }
}
