import Foundation
import TermscaleAWS
import Testing

@Suite struct AWSServiceErrorTests {
    static func response(_ status: Int, _ body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [(name: "Content-Type", value: "text/xml")], body: Array(body.utf8))
    }

    @Test func readsTheAutoScalingErrorResponse() {
        let error = AWSServiceError(
            response: Self.response(
                400,
                """
                <ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
                  <Error>
                    <Type>Sender</Type>
                    <Code>ValidationError</Code>
                    <Message>Given start time is in the past</Message>
                  </Error>
                  <RequestId>9a0b1c2d-3e4f-5a6b-7c8d-9e0f1a2b3c4d</RequestId>
                </ErrorResponse>
                """), action: "BatchPutScheduledUpdateGroupAction")
        #expect(
            error
                == AWSServiceError(
                    code: "ValidationError", message: "Given start time is in the past",
                    requestID: "9a0b1c2d-3e4f-5a6b-7c8d-9e0f1a2b3c4d", httpStatus: 400,
                    type: .sender, action: "BatchPutScheduledUpdateGroupAction"))
        #expect(!error.isRetryable)
        #expect(
            error.description == "BatchPutScheduledUpdateGroupAction failed: ValidationError (HTTP 400). "
                + "AWS said: Given start time is in the past (request ID 9a0b1c2d-3e4f-5a6b-7c8d-9e0f1a2b3c4d)")
    }

    @Test func readsMotosErrorsShapeAndSaysToCheckCredentials() {
        let error = AWSServiceError(
            response: Self.response(
                403,
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <ErrorResponse>
                  <Errors>
                    <Error>
                      <Code>SignatureDoesNotMatch</Code>
                      <Message><![CDATA[The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.]]></Message>
                    </Error>
                  </Errors>
                  <RequestID>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestID>
                </ErrorResponse>
                """), action: "DescribeScheduledActions")
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.httpStatus == 403)
        #expect(error.type == nil)
        #expect(error.requestID == "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE")
        #expect(error.message.hasPrefix("The request signature we calculated does not match"))
        #expect(!error.isRetryable)
        #expect(
            error.description.contains(
                "the request signature does not match: check your credentials "
                    + "(AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"))
        #expect(error.description.contains("system clock"))
    }

    @Test func readsTheEC2ResponseShape() {
        let error = AWSServiceError(
            response: Self.response(
                403,
                """
                <Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>ec2-req-1</RequestID></Response>
                """), action: "DescribeScheduledActions")
        #expect(error.code == "UnauthorizedOperation")
        #expect(error.requestID == "ec2-req-1")
        #expect(error.description.contains("grant autoscaling:DescribeScheduledActions"))
    }

    @Test func throttlingAndServerErrorsAreRetryable() {
        let throttled = AWSServiceError(
            response: Self.response(
                400,
                """
                <ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>
                """))
        #expect(throttled.isThrottling && throttled.isRetryable)
        for code in [
            "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottled",
            "SlowDown",
        ] {
            #expect(AWSServiceError(code: code, message: "", httpStatus: 400).isThrottling)
        }
        let contention = AWSServiceError(code: "ResourceContention", message: "", httpStatus: 500, type: .receiver)
        #expect(contention.isRetryable && !contention.isThrottling)
        for status in [500, 502, 503, 504] {
            #expect(AWSServiceError(code: "InternalFailure", message: "", httpStatus: status).isRetryable)
        }
        for code in [
            "ValidationError", "AlreadyExists", "LimitExceeded", "ScalingActivityInProgress",
            "InvalidClientTokenId", "SignatureDoesNotMatch", "AccessDenied", "ExpiredToken",
        ] {
            #expect(!AWSServiceError(code: code, message: "", httpStatus: 400).isRetryable)
        }
    }

    @Test func messagesSayWhatToDo() {
        let denied = AWSServiceError(
            code: "AccessDenied", message: "User: arn:aws:iam::123456789012:user/cron is not authorized",
            httpStatus: 403, action: "BatchPutScheduledUpdateGroupAction")
        #expect(
            denied.description.contains(
                "not allowed to call BatchPutScheduledUpdateGroupAction: "
                    + "grant autoscaling:BatchPutScheduledUpdateGroupAction"))
        let expired = AWSServiceError(code: "RequestExpired", message: "Request has expired.", httpStatus: 400)
        #expect(expired.description.contains("clock may be skewed"))
        let token = AWSServiceError(
            code: "ExpiredToken", message: "The security token included in the request is expired",
            httpStatus: 403)
        #expect(token.description.contains("refresh the session"))
        let unknownKey = AWSServiceError(code: "InvalidClientTokenId", message: "", httpStatus: 403)
        #expect(unknownKey.description.contains("check your credentials"))
        #expect(
            AWSServiceError(code: "IncompleteSignature", message: "", httpStatus: 400).description
                .contains("check your credentials"))
    }

    @Test func aBodyThatIsNotAnAWSErrorKeepsTheStatus() {
        let error = AWSServiceError(
            response: HTTPResponse(
                status: 502, headers: [(name: "x-amzn-RequestId", value: "h-1")],
                body: Array("<html>Bad Gateway</html>".utf8)))
        #expect(error.code == "HTTP 502")
        #expect(error.requestID == "h-1")
        #expect(error.isRetryable)
        let garbage = AWSServiceError(response: HTTPResponse(status: 503, body: Array("Service Unavailable".utf8)))
        #expect(garbage.code == "HTTP 503" && garbage.message == "Service Unavailable" && garbage.isRetryable)
    }

    @Test func redactingRemovesSecretsEchoedByAWS() {
        let echoed = AWSServiceError(
            code: "SignatureDoesNotMatch",
            message: "canonical string x-amz-security-token:TOKEN123 was", httpStatus: 403)
        let redacted = echoed.redacting(["TOKEN123", ""])
        #expect(!redacted.description.contains("TOKEN123"))
        #expect(redacted.message == "canonical string x-amz-security-token:… was")
    }
}
