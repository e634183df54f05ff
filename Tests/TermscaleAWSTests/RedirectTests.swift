import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// A 3xx answer is never followed: one request reaches the endpoint, none the place it points to,
/// and the error names the status and the Location.
@Suite struct RedirectTests {
    func client(_ transport: any HTTPTransport, endpoint: String, sleeps: SleepRecorder) -> AutoScalingClient {
        AutoScalingClient(
            query: AWSQueryClient(
                endpoint: URL(string: endpoint)!, service: "autoscaling", region: "eu-west-2",
                credentials: { RetryTests.credentials }, transport: transport,
                retry: RetryStrategy(maxAttempts: 3, sleep: { sleeps.record($0) }, random: { 0.5 }),
                now: { utc("2031-01-13T08:00:00Z") }))
    }

    @Test(arguments: [301, 302, 307, 308])
    func aRedirectIsNeverFollowedOverRealHTTP(status: Int) throws {
        let server = try FakeServer([
            .init("POST", "/", .init(status: status, headers: ["Location": "/elsewhere?X-Amz-Credential=abc"])),
            .init("POST", "/elsewhere?X-Amz-Credential=abc", .init(body: String(decoding: RetryTests.emptyBody, as: UTF8.self))),
        ])
        defer { server.stop() }
        let sleeps = SleepRecorder()

        #expect {
            _ = try client(CurlTransport(caBundle: nil), endpoint: server.baseURL, sleeps: sleeps)
                .describeScheduledActions(group: "g")
        } throws: { error in
            guard let error = error as? AWSServiceError else { return false }
            return error.httpStatus == status && error.code == "HTTP \(status)" && error.redirectedTo == "/elsewhere"
                && !error.isRetryable
        }
        #expect(try server.requests().map(\.path) == ["/"])
        #expect(sleeps.delays.isEmpty)
    }

    @Test func theMessageNamesTheStatusAndTheLocationWithoutItsQuery() throws {
        let transport = ScriptedTransport([
            .respond(
                HTTPResponse(
                    status: 301,
                    headers: [
                        ("Location", "https://autoscaling.eu-west-1.amazonaws.com/?token=secret"), ("x-amzn-RequestId", "r-9"),
                    ],
                    body: Array("<html>Moved</html>".utf8)))
        ])
        let sleeps = SleepRecorder()
        #expect {
            _ = try client(transport, endpoint: "https://autoscaling.eu-west-2.amazonaws.com", sleeps: sleeps)
                .describeScheduledActions(group: "g")
        } throws: { error in
            String(describing: error)
                == "DescribeScheduledActions failed: HTTP 301 (HTTP 301): the endpoint redirected the call to "
                + "https://autoscaling.eu-west-1.amazonaws.com/; termscale never follows a redirect (a signed request "
                + "is not sent on to another host): set --endpoint-url (or AWS_ENDPOINT_URL, or the region) to the "
                + "service's own endpoint (request ID r-9)"
        }
        #expect(transport.requests.count == 1)

        let nowhere = AWSServiceError(redirect: HTTPResponse(status: 302), action: "CreateSchedule", service: "scheduler")
        #expect(nowhere.redirectedTo == "<no Location header>")
        #expect(
            nowhere.description.hasPrefix(
                "CreateSchedule failed: HTTP 302 (HTTP 302): the endpoint redirected the call to <no Location header>;"))
    }

    @Test func restJSONCallsAreNotFollowedEither() throws {
        let transport = ScriptedTransport([
            .respond(HTTPResponse(status: 307, headers: [("Location", "https://scheduler.example/schedules/x")]))
        ])
        let rest = AWSRestJSONClient(
            endpoint: URL(string: "https://scheduler.eu-west-2.amazonaws.com")!, service: "scheduler", region: "eu-west-2",
            credentials: { RetryTests.credentials }, transport: transport,
            retry: RetryStrategy(sleep: { _ in }, random: { 0.5 }))
        #expect(
            throws: AWSServiceError(
                code: "HTTP 307", message: "", httpStatus: 307, action: "GetSchedule", service: "scheduler",
                redirectedTo: "https://scheduler.example/schedules/x")
        ) {
            _ = try rest.call(AWSRestJSONRequest(action: "GetSchedule", method: "GET", path: ["schedules", "x"]))
        }
        #expect(transport.requests.count == 1)
    }
}
