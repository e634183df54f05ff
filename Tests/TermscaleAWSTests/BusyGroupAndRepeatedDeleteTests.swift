import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// Two answers a push must not treat as failures: a delete of what is already gone (a retried
/// BatchDeleteScheduledAction whose first answer was lost), and a busy group ("try again next run").
@Suite struct BusyGroupAndRepeatedDeleteTests {
    /// What AWS (and moto) answers when some names are gone: one already deleted, one refused for
    /// another reason.
    static let partlyDeleted = """
        <BatchDeleteScheduledActionResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
          <BatchDeleteScheduledActionResult>
            <FailedScheduledActions>
              <member>
                <ScheduledActionName>termscale-moodle-web-20310113T0845Z</ScheduledActionName>
                <ErrorCode>ValidationError</ErrorCode>
                <ErrorMessage>Scheduled action name not found</ErrorMessage>
              </member>
              <member>
                <ScheduledActionName>termscale-moodle-web-20310113T1230Z</ScheduledActionName>
                <ErrorCode>ResourceContention</ErrorCode>
                <ErrorMessage>You already have a pending update to an Auto Scaling resource</ErrorMessage>
              </member>
            </FailedScheduledActions>
          </BatchDeleteScheduledActionResult>
          <ResponseMetadata><RequestId>d1</RequestId></ResponseMetadata>
        </BatchDeleteScheduledActionResponse>
        """

    @Test func aNameAlreadyGoneIsDeletedAndOnlyRealFailuresAreReturned() throws {
        let logs = LogCapture()
        let transport = ScriptedTransport([.xml(200, Self.partlyDeleted)])
        let client = AutoScalingClient(
            query: AWSQueryClient(
                endpoint: URL(string: "https://autoscaling.eu-west-2.amazonaws.com")!, service: "autoscaling",
                region: "eu-west-2", credentials: { RetryTests.credentials }, transport: transport, logger: logs.logger))
        let names = ["termscale-moodle-web-20310113T0845Z", "termscale-moodle-web-20310113T1230Z"]
        let failures = try client.deleteScheduledActions(group: "moodle-web", names: names)
        #expect(
            failures == [
                BatchItemFailure(
                    name: "termscale-moodle-web-20310113T1230Z", code: "ResourceContention",
                    message: "You already have a pending update to an Auto Scaling resource")
            ])
        #expect(
            logs.lines.contains {
                $0.contains(
                    "BatchDeleteScheduledAction: termscale-moodle-web-20310113T0845Z: ValidationError: Scheduled action "
                        + "name not found: already gone, counted as deleted")
            })
    }

    @Test func whichItemFailuresMeanNotFound() {
        func failure(_ code: String?, _ message: String?) -> BatchItemFailure {
            BatchItemFailure(name: "a", code: code, message: message)
        }
        #expect(failure("ValidationError", "Scheduled action name not found").isScheduledActionNotFound)
        #expect(failure("ValidationError", "scheduled action 'a' not found").isScheduledActionNotFound)
        #expect(failure("ResourceNotFound", nil).isScheduledActionNotFound)
        #expect(!failure("ValidationError", "Given start time is in the past").isScheduledActionNotFound)
        #expect(
            !failure("ValidationError", "AutoScalingGroup name not found - AutoScalingGroup 'x' not found")
                .isScheduledActionNotFound)
        #expect(!failure("AlreadyExists", "Scheduled action not found elsewhere").isScheduledActionNotFound)
        #expect(!failure(nil, "Scheduled action name not found").isScheduledActionNotFound)
    }

    // MARK: A busy group

    @Test func scalingActivityInProgressIsNotRetriedAndSaysTryAgainNextRun() throws {
        let sleeps = SleepRecorder()
        let transport = ScriptedTransport([
            .error(
                400, code: "ScalingActivityInProgress",
                message: "Scaling activity 4c2f… is in progress and blocks this action"),
            MixedInstancesPolicyTests.updated,
        ])
        let client = RetryTests().client(transport, sleeps: sleeps)
        #expect {
            try client.updateAutoScalingGroup(name: "moodle-web", minSize: 6)
        } throws: { error in
            guard let error = error as? AWSServiceError else { return false }
            return error.isTryAgainNextRun && error.code == "ScalingActivityInProgress"
                && error.action == "UpdateAutoScalingGroup"
                && error.description
                    == "UpdateAutoScalingGroup failed: ScalingActivityInProgress (HTTP 400): the group is busy with a "
                    + "scaling activity or another change, and nothing was changed: try again on the next run. "
                    + "AWS said: Scaling activity 4c2f… is in progress and blocks this action (request ID req-ScalingActivityInProgress)"
        }
        #expect(transport.requests.count == 1)
        #expect(sleeps.delays == [])
    }

    @Test func resourceInUseFromPutScalingPolicyIsNotRetried() throws {
        // Even with a 5xx status, a busy group is never retried within the run.
        for status in [400, 500] {
            let transport = ScriptedTransport([.error(status, code: "ResourceInUse"), MixedInstancesPolicyTests.updated])
            let client = RetryTests().client(transport, sleeps: SleepRecorder())
            #expect {
                try client.putTargetTrackingPolicy(group: "moodle-web", ScalingPolicyTests.ours)
            } throws: { error in
                (error as? AWSServiceError)?.isTryAgainNextRun == true
            }
            #expect(transport.requests.count == 1)
        }
    }

    @Test func onlyABusyGroupIsTryAgainNextRun() {
        #expect(AWSServiceError.tryAgainNextRunCodes == ["ScalingActivityInProgress", "ResourceInUse"])
        for code in ["Throttling", "ResourceContention", "ValidationError", "AlreadyExists", "LimitExceeded", "AccessDenied"] {
            #expect(!AWSServiceError(code: code, message: "", httpStatus: 400).isTryAgainNextRun, "\(code)")
        }
    }
}
