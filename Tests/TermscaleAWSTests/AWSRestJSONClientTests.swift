import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// The REST-JSON protocol beside Query: requests built and signed as botocore builds them, errors
/// read from the `x-amzn-ErrorType` header and the JSON body, and the same retries as Query.
@Suite struct AWSRestJSONClientTests {
    static let endpoint = URL(string: "https://scheduler.eu-west-2.amazonaws.com")!

    static func client(
        _ transport: ScriptedTransport, attempts: Int = 3, sleeps: SleepRecorder = SleepRecorder(),
        logs: LogCapture = LogCapture()
    ) -> AWSRestJSONClient {
        AWSRestJSONClient(
            endpoint: endpoint, service: "scheduler", region: "eu-west-2", credentials: { RetryTests.credentials },
            transport: transport, retry: RetryStrategy(maxAttempts: attempts, sleep: { sleeps.record($0) }, random: { 0.5 }),
            now: { utc("2031-01-12T06:00:00Z") }, logger: logs.logger)
    }

    /// A JSON error answer as AWS sends it: the type in the header, the message in the body.
    static func jsonError(_ status: Int, _ type: String, message: String = "message", field: String = "Message")
        -> ScriptedTransport.Step
    {
        .respond(
            HTTPResponse(
                status: status,
                headers: [
                    ("x-amzn-ErrorType", type), ("x-amzn-RequestId", "req-\(status)"), ("Content-Type", "application/json"),
                ],
                body: Array(#"{"\#(field)":"\#(message)"}"#.utf8)))
    }

    static let get = AWSRestJSONRequest(
        action: "GetSchedule", method: "GET", path: ["schedules", "termscale-x"], query: [("groupName", "termscale-g")])

    // MARK: Requests

    @Test func aRequestIsItsMethodEncodedPathQueryAndJSONBody() {
        let post = AWSRestJSONRequest(
            action: "CreateSchedule", method: "POST", path: ["schedules", "a b:c/d"],
            body: .object([("GroupName", .string("g")), ("Mode", .string("OFF"))]))
        let request = post.httpRequest(endpoint: URL(string: "http://127.0.0.1:5000/")!)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "http://127.0.0.1:5000/schedules/a%20b%3Ac%2Fd")
        #expect(request.headers.map { "\($0.name): \($0.value)" } == ["Host: 127.0.0.1:5000", "Content-Type: application/json"])
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"GroupName":"g","Mode":"OFF"}"#)

        let list = AWSRestJSONRequest(
            action: "ListSchedules", method: "GET", path: ["schedules"],
            query: [("ScheduleGroup", "termscale-g"), ("MaxResults", "100"), ("NextToken", "a/b+c= d")])
        let get = list.httpRequest(endpoint: Self.endpoint.appending(path: "/"))
        #expect(
            get.url.absoluteString
                == "https://scheduler.eu-west-2.amazonaws.com/schedules?ScheduleGroup=termscale-g&MaxResults=100&NextToken=a%2Fb%2Bc%3D%20d"
        )
        #expect(get.headers.map(\.name) == ["Host"])
        #expect(get.body.isEmpty)
    }

    @Test func anEndpointKeepsItsPathAndHost() {
        let request = Self.get.httpRequest(endpoint: URL(string: "https://proxy.example.org/aws/scheduler/")!)
        #expect(
            request.url.absoluteString == "https://proxy.example.org/aws/scheduler/schedules/termscale-x?groupName=termscale-g")
        let ipv6 = Self.get.httpRequest(endpoint: URL(string: "http://[::1]:5000")!)
        #expect(ipv6.url.absoluteString == "http://[::1]:5000/schedules/termscale-x?groupName=termscale-g")
        #expect(ipv6.header("Host") == "[::1]:5000")
    }

    // MARK: Errors

    @Test func theErrorTypeHeaderLosesWhatFollowsAColon() throws {
        let transport = ScriptedTransport([
            Self.jsonError(
                400, "ValidationException:http://internal.amazon.com/coral/com.amazonaws.scheduler/",
                message: "Invalid Schedule Expression at(2031-13-01T00:00:00).")
        ])
        let error = try #require(throws: AWSServiceError.self) { try Self.client(transport).call(Self.get) }
        #expect(error.code == "ValidationException")
        #expect(error.message == "Invalid Schedule Expression at(2031-13-01T00:00:00).")
        #expect(error.requestID == "req-400")
        #expect(error.httpStatus == 400)
        #expect(error.action == "GetSchedule")
        #expect(error.service == "scheduler")
        #expect(!error.isRetryable)
        #expect(transport.requests.count == 1)
    }

    @Test func withoutTheHeaderTheBodysTypeIsRead() {
        let response = HTTPResponse(
            status: 409, headers: [("X-Amzn-RequestId", "abc")],
            body: Array(#"{"__type":"com.amazonaws.scheduler#ConflictException","message":"Schedule x already exists."}"#.utf8))
        let error = AWSServiceError(restJSONResponse: response, action: "CreateSchedule", service: "scheduler")
        #expect(error.code == "ConflictException")
        #expect(error.message == "Schedule x already exists.")
        #expect(error.requestID == "abc")
    }

    @Test func anXMLErrorIsReadAsQueryAndAnHTMLPageByItsStatus() {
        // moto answers signature and permission failures of every protocol in XML.
        let xml = HTTPResponse(
            status: 403,
            body: Array(
                """
                <?xml version="1.0" encoding="utf-8"?>
                <ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/u \
                is not authorized to perform: scheduler:ListSchedules</Message><Type>Sender</Type></Error></Errors></ErrorResponse>
                """.utf8))
        let denied = AWSServiceError(restJSONResponse: xml, action: "ListSchedules", service: "scheduler")
        #expect(denied.code == "AccessDenied")
        #expect(denied.type == .sender)
        #expect(
            denied.advice == "the credentials are not allowed to call ListSchedules: grant scheduler:ListSchedules "
                + "to the IAM user or role in an IAM policy")

        let html = HTTPResponse(status: 502, body: Array("<html><body>Bad Gateway</body></html>".utf8))
        let gateway = AWSServiceError(restJSONResponse: html, action: "ListSchedules", service: "scheduler")
        #expect(gateway.code == "HTTP 502")
        #expect(gateway.message == "<html><body>Bad Gateway</body></html>")
        #expect(gateway.isRetryable)
    }

    @Test func eachSchedulerErrorIsClassifiedAsTheSDKsClassifyIt() {
        func error(_ status: Int, _ code: String) -> AWSServiceError {
            AWSServiceError(
                restJSONResponse: HTTPResponse(status: status, headers: [("x-amzn-ErrorType", code)], body: Array("{}".utf8)),
                action: "CreateSchedule", service: "scheduler")
        }
        let retryable = [(429, "ThrottlingException"), (500, "InternalServerException"), (503, "ServiceUnavailable")]
        let final = [
            (400, "ValidationException"), (409, "ConflictException"), (404, "ResourceNotFoundException"),
            (402, "ServiceQuotaExceededException"), (403, "AccessDeniedException"), (403, "InvalidSignatureException"),
            (403, "UnrecognizedClientException"), (403, "ExpiredTokenException"),
        ]
        #expect(retryable.filter { !error($0.0, $0.1).isRetryable }.map(\.1) == [])
        #expect(final.filter { error($0.0, $0.1).isRetryable }.map(\.1) == [])
        #expect((retryable + final).filter { error($0.0, $0.1).isTryAgainNextRun }.map(\.1) == [])
        // Even a throttle or an internal error answered with an unusual status is retried.
        #expect(error(400, "ThrottlingException").isRetryable)
        #expect(error(400, "InternalServerException").isRetryable)
        #expect(error(403, "AccessDeniedException").advice?.contains("grant scheduler:CreateSchedule") == true)
        #expect(error(403, "InvalidSignatureException").advice?.hasPrefix("the request signature does not match") == true)
    }

    // MARK: Retries

    @Test func throttlingAndInternalErrorsAreRetriedEachAttemptSignedAfresh() throws {
        let transport = ScriptedTransport([
            Self.jsonError(429, "ThrottlingException", message: "Rate exceeded"),
            Self.jsonError(500, "InternalServerException", field: "message"),
            .fail(.connectionFailed(url: "https://scheduler.eu-west-2.amazonaws.com", reason: "reset")),
            .respond(HTTPResponse(status: 200, body: Array(#"{"Name":"termscale-x"}"#.utf8))),
        ])
        let sleeps = SleepRecorder()
        let logs = LogCapture()
        let answer = try Self.client(transport, attempts: 4, sleeps: sleeps, logs: logs).call(Self.get)
        #expect(answer == .object([("Name", .string("termscale-x"))]))
        #expect(transport.requests.count == 4)
        #expect(Set(transport.requests.map(\.url.absoluteString)).count == 1)
        #expect(
            transport.requests.allSatisfy { $0.header("Authorization")?.contains("/eu-west-2/scheduler/aws4_request") == true })
        #expect(sleeps.delays == [0.5, 1.0, 2.0])
        #expect(logs.lines.filter { $0.contains("GetSchedule → HTTP 429 ThrottlingException") }.count == 1)
        #expect(logs.lines.filter { $0.contains("GetSchedule → HTTP 500 InternalServerException") }.count == 1)
    }

    @Test func attemptsRunOutWithTheLastError() throws {
        let transport = ScriptedTransport([
            Self.jsonError(500, "InternalServerException"), Self.jsonError(500, "InternalServerException"),
            Self.jsonError(500, "InternalServerException"),
        ])
        let error = try #require(throws: AWSRetriesExhausted.self) { try Self.client(transport).call(Self.get) }
        #expect(error.attempts == 3)
        #expect(error.action == "GetSchedule")
        #expect((error.lastError as? AWSServiceError)?.code == "InternalServerException")
    }

    @Test func anEmptySuccessBodyIsAnEmptyObjectAndAMalformedOneAnError() throws {
        let transport = ScriptedTransport([.text(200, ""), .text(200, "{\"Schedules\": [")])
        let client = Self.client(transport)
        #expect(try client.call(Self.get) == .object([]))
        #expect(throws: AWSJSON.ParseError(offset: 15, reason: "unexpected end")) { try client.call(Self.get) }
    }

    @Test func theSecretAndTokenNeverReachAnErrorMessage() throws {
        let echo = "canonical request had \(RetryTests.credentials.sessionToken!) and \(RetryTests.credentials.secretAccessKey)"
        let transport = ScriptedTransport([Self.jsonError(403, "InvalidSignatureException", message: echo)])
        let error = try #require(throws: AWSServiceError.self) { try Self.client(transport).call(Self.get) }
        #expect(error.message == "canonical request had … and …")
    }
}
