import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// Retries as the SDKs' standard mode, proven with injected faults.
@Suite struct RetryTests {
    static let credentials = Credentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: "FQoGZXIvYXdzEXAMPLETOKEN", source: "test")
    static let emptyBody = Array(
        """
        <DescribeScheduledActionsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">\
        <DescribeScheduledActionsResult><ScheduledUpdateGroupActions/></DescribeScheduledActionsResult>\
        <ResponseMetadata><RequestId>ok</RequestId></ResponseMetadata></DescribeScheduledActionsResponse>
        """.utf8)
    static let empty = ScriptedTransport.Step.respond(
        HTTPResponse(status: 200, headers: [("Content-Type", "text/xml")], body: emptyBody))

    func client(
        _ transport: ScriptedTransport, attempts: Int = 3, sleeps: SleepRecorder, logs: LogCapture = LogCapture(),
        endpoint: String = "https://autoscaling.eu-west-2.amazonaws.com"
    ) -> AutoScalingClient {
        let clock = SplitMixClock()
        let retry = RetryStrategy(maxAttempts: attempts, sleep: { sleeps.record($0) }, random: { 0.5 })
        return AutoScalingClient(
            query: AWSQueryClient(
                endpoint: URL(string: endpoint)!, service: "autoscaling",
                region: "eu-west-2",
                credentials: { Self.credentials }, transport: transport, retry: retry, now: { clock.tick() }, logger: logs.logger)
        )
    }

    @Test func throttlingIsRetriedWithExponentialBackoff() throws {
        let transport = ScriptedTransport([
            .error(400, code: "Throttling", message: "Rate exceeded"),
            .error(400, code: "Throttling", message: "Rate exceeded"), Self.empty,
        ])
        let sleeps = SleepRecorder()
        #expect(try client(transport, sleeps: sleeps).describeScheduledActions(group: "moodle-web").isEmpty)
        #expect(transport.requests.count == 3)
        // random 0.5 × min(2^(n−1), 20): 0.5 then 1.0.
        #expect(sleeps.delays == [0.5, 1.0])
        // Each attempt is signed afresh (the clock moved), with the same body.
        #expect(Set(transport.requests.compactMap { $0.header("X-Amz-Date") }).count == 3)
        #expect(
            Set(transport.bodies) == [
                "Action=DescribeScheduledActions&Version=2011-01-01&AutoScalingGroupName=moodle-web&MaxRecords=100"
            ])
    }

    @Test func serverErrorsStopAtTheAttemptLimit() throws {
        let transport = ScriptedTransport([
            .error(503, code: "ServiceUnavailable"), .error(500, code: "InternalFailure"),
            .error(503, code: "ServiceUnavailable"), Self.empty,
        ])
        let sleeps = SleepRecorder()
        #expect {
            _ = try client(transport, sleeps: sleeps).describeScheduledActions(group: "g")
        } throws: { error in
            guard let exhausted = error as? AWSRetriesExhausted else { return false }
            return exhausted.attempts == 3 && (exhausted.lastError as? AWSServiceError)?.code == "ServiceUnavailable"
                && exhausted.description.hasPrefix("DescribeScheduledActions failed after 3 attempts")
        }
        #expect(transport.requests.count == 3)
        #expect(sleeps.delays == [0.5, 1.0])
    }

    @Test func connectionResetsAndTimeoutsAreRetried() throws {
        let transport = ScriptedTransport([
            .fail(.connectionFailed(url: "https://autoscaling.eu-west-2.amazonaws.com/", reason: "Connection reset by peer")),
            .fail(.timedOut(url: "https://autoscaling.eu-west-2.amazonaws.com/", seconds: 30)),
            Self.empty,
        ])
        let sleeps = SleepRecorder()
        #expect(try client(transport, sleeps: sleeps).describeScheduledActions(group: "g").isEmpty)
        #expect(transport.requests.count == 3)
        #expect(sleeps.delays == [0.5, 1.0])
    }

    /// Over real TLS: the first handshake is reset by the peer (curl 35), the retry gets through.
    @Test func aTLSHandshakeResetIsRetriedAndTheCallSucceeds() throws {
        let server = try FakeServer(
            [.init("POST", "/", .init(status: 200, body: String(decoding: Self.emptyBody, as: UTF8.self)))], tls: true,
            resetTLSHandshakes: 1)
        defer { server.stop() }
        let curl = CurlTransport(connectTimeout: 2, totalTimeout: 5, caBundle: FakeServer.certificatePath)
        let recorded = ScriptedTransport([.passThrough, .passThrough], inner: curl)
        let sleeps = SleepRecorder()

        let actions = try client(recorded, sleeps: sleeps, endpoint: "https://localhost:\(server.port)")
            .describeScheduledActions(group: "g")

        #expect(actions.isEmpty)
        #expect(recorded.requests.count == 2)
        #expect(sleeps.delays == [0.5])
        #expect(try server.requests().count == 1)
    }

    /// A certificate that does not verify is final: one attempt, no sleep.
    @Test func aCertificateFailureIsNotRetried() throws {
        let server = try FakeServer([.init("POST", "/", .init(status: 200, body: "<x/>"))], tls: true)
        defer { server.stop() }
        let curl = CurlTransport(connectTimeout: 2, totalTimeout: 5, caBundle: nil)
        let recorded = ScriptedTransport([.passThrough], inner: curl)
        let sleeps = SleepRecorder()

        #expect {
            _ = try client(recorded, sleeps: sleeps, endpoint: "https://localhost:\(server.port)")
                .describeScheduledActions(group: "g")
        } throws: { error in
            if case .tlsFailed = error as? TransportError { return true }
            return false
        }
        #expect(recorded.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
        #expect(try server.requests().isEmpty)
    }

    /// An endpoint answering 11 MiB of garbage: cut off at 10 MiB, an error at once, not retried.
    @Test func anAnswerOverTenMiBIsAnErrorAndNotRetried() throws {
        let server = try FakeServer([
            .init("POST", "/", .init(body: String(repeating: "garbage ", count: 128), omitLength: true, repeatBody: 11 * 1024))
        ])
        defer { server.stop() }
        let recorded = ScriptedTransport([.passThrough], inner: CurlTransport(caBundle: nil))
        let sleeps = SleepRecorder()

        #expect(throws: TransportError.responseTooLarge(url: "\(server.baseURL)/", limit: 10_485_760)) {
            _ = try client(recorded, sleeps: sleeps, endpoint: server.baseURL).describeScheduledActions(group: "g")
        }
        #expect(recorded.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
    }

    @Test func validationErrorsFailAtOnce() throws {
        let transport = ScriptedTransport([
            .error(400, code: "ValidationError", message: "Given start time is in the past"), Self.empty,
        ])
        let sleeps = SleepRecorder()
        #expect {
            _ = try client(transport, sleeps: sleeps).describeScheduledActions(group: "g")
        } throws: { error in
            (error as? AWSServiceError)?.code == "ValidationError"
        }
        #expect(transport.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
    }

    @Test func authErrorsFailAtOnceAndSayWhatToDo() throws {
        let transport = ScriptedTransport([
            .error(
                403, code: "SignatureDoesNotMatch",
                message: "The request signature we calculated does not match the signature you provided.")
        ])
        #expect {
            _ = try client(transport, sleeps: SleepRecorder()).describeScheduledActions(group: "g")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("check your credentials") && text.contains("clock")
        }
        #expect(transport.requests.count == 1)
    }

    @Test func attemptLimitComesFromTheEnvironment() throws {
        #expect(RetryStrategy.standard(environment: ["AWS_MAX_ATTEMPTS": "5"]).maxAttempts == 5)
        #expect(RetryStrategy.standard(environment: ["AWS_MAX_ATTEMPTS": "zero"]).maxAttempts == 3)
        #expect(RetryStrategy.standard(environment: [:]).maxAttempts == 3)
        let transport = ScriptedTransport(Array(repeating: .error(400, code: "Throttling"), count: 5) + [Self.empty])
        let sleeps = SleepRecorder()
        #expect(throws: AWSRetriesExhausted.self) {
            _ = try client(transport, attempts: 5, sleeps: sleeps).describeScheduledActions(group: "g")
        }
        #expect(transport.requests.count == 5)
        #expect(sleeps.delays == [0.5, 1, 2, 4])
    }

    @Test func backoffIsCappedAtTwentySeconds() {
        let retry = RetryStrategy(maxAttempts: 10, sleep: { _ in }, random: { 0.999 })
        #expect(retry.delay(beforeRetry: 1) == 0.999)
        #expect(retry.delay(beforeRetry: 5) == 0.999 * 16)
        #expect(retry.delay(beforeRetry: 6) == 0.999 * 20)
        #expect(retry.delay(beforeRetry: 9) == 0.999 * 20)
    }

    @Test func batchesOfFiftyAndEveryFailureSurfaced() throws {
        let ok = ScriptedTransport.Step.xml(
            200,
            "<BatchPutScheduledUpdateGroupActionResponse><BatchPutScheduledUpdateGroupActionResult><FailedScheduledUpdateGroupActions/></BatchPutScheduledUpdateGroupActionResult></BatchPutScheduledUpdateGroupActionResponse>"
        )
        let partial = ScriptedTransport.Step.xml(
            200,
            """
            <BatchPutScheduledUpdateGroupActionResponse><BatchPutScheduledUpdateGroupActionResult>\
            <FailedScheduledUpdateGroupActions><member><ScheduledActionName>a-101</ScheduledActionName>\
            <ErrorCode>AlreadyExists</ErrorCode><ErrorMessage>start time taken</ErrorMessage></member>\
            </FailedScheduledUpdateGroupActions></BatchPutScheduledUpdateGroupActionResult></BatchPutScheduledUpdateGroupActionResponse>
            """)
        let transport = ScriptedTransport([ok, ok, partial])
        let start = utc("2027-01-12T08:45:00Z")
        let actions = (0..<120).map {
            ScheduledActionRequest(name: "a-\($0)", startTime: start.addingTimeInterval(Double($0) * 600), minSize: $0 % 7 + 2)
        }
        let failures = try client(transport, sleeps: SleepRecorder()).putScheduledActions(group: "moodle-web", actions)
        #expect(failures == [BatchItemFailure(name: "a-101", code: "AlreadyExists", message: "start time taken")])
        #expect(transport.requests.count == 3)
        let counts = transport.bodies.map { $0.components(separatedBy: ".ScheduledActionName=").count - 1 }
        #expect(counts == [50, 50, 20])
        #expect(
            transport.bodies[0].hasPrefix(
                "Action=BatchPutScheduledUpdateGroupAction&Version=2011-01-01&AutoScalingGroupName=moodle-web&ScheduledUpdateGroupActions.member.1.ScheduledActionName=a-0&ScheduledUpdateGroupActions.member.1.StartTime=2027-01-12T08%3A45%3A00Z&ScheduledUpdateGroupActions.member.1.MinSize=2&ScheduledUpdateGroupActions.member.2.ScheduledActionName=a-1"
            ))
    }

    @Test func pagesAreFollowedAndALoopIsRefused() throws {
        func page(_ names: [String], next: String?) -> ScriptedTransport.Step {
            ScriptedTransport.Step.xml(
                200,
                "<DescribeScheduledActionsResponse><DescribeScheduledActionsResult><ScheduledUpdateGroupActions>"
                    + names.map {
                        "<member><ScheduledActionName>\($0)</ScheduledActionName><StartTime>2027-01-12T08:45:00.123Z</StartTime><MinSize>4</MinSize></member>"
                    }.joined()
                    + "</ScheduledUpdateGroupActions>" + (next.map { "<NextToken>\($0)</NextToken>" } ?? "")
                    + "</DescribeScheduledActionsResult></DescribeScheduledActionsResponse>")
        }
        let transport = ScriptedTransport([page(["a", "b"], next: "t1"), page(["c"], next: "t2"), page(["d"], next: nil)])
        let actions = try client(transport, sleeps: SleepRecorder()).describeScheduledActions(group: "g")
        #expect(actions.map(\.name) == ["a", "b", "c", "d"])
        #expect(actions[0].startTime == utc("2027-01-12T08:45:00Z"))
        #expect(transport.bodies[1].hasSuffix("&NextToken=t1"))
        let looping = ScriptedTransport([page(["a"], next: "t1"), page(["b"], next: "t1")])
        #expect(throws: AWSServiceError.self) {
            _ = try client(looping, sleeps: SleepRecorder()).describeScheduledActions(group: "g")
        }
    }

    @Test func secretsNeverAppearInLogsOrErrors() throws {
        let logs = LogCapture()
        let echo = ScriptedTransport.Step.error(
            403, code: "SignatureDoesNotMatch", message: "Canonical request had token \(Self.credentials.sessionToken!)")
        let transport = ScriptedTransport([.error(400, code: "Throttling"), Self.empty, echo])
        let c = client(transport, sleeps: SleepRecorder(), logs: logs)
        _ = try c.describeScheduledActions(group: "g")
        var texts: [String] = []
        do { _ = try c.describeScheduledActions(group: "g") } catch {
            texts += [String(describing: error), error.localizedDescription]
        }
        texts += logs.lines + [String(describing: Self.credentials), String(reflecting: Self.credentials)]
        #expect(logs.lines.count >= 4)
        for text in texts {
            #expect(!text.contains(Self.credentials.secretAccessKey), "secret in: \(text)")
            #expect(!text.contains(Self.credentials.sessionToken!), "token in: \(text)")
        }
    }
}

/// A clock that moves one second per reading.
final class SplitMixClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t = 1_799_000_000.0
    func tick() -> Date {
        lock.withLock {
            t += 1
            return Date(timeIntervalSince1970: t)
        }
    }
}

@Suite struct CredentialsRedactionTests {
    @Test func dumpAndDescriptionsHideTheSecretAndToken() {
        let c = RetryTests.credentials
        var dumped = ""
        dump(c, to: &dumped)
        for text in [dumped, String(describing: c), String(reflecting: c), "\(c)", "\([c])"] {
            #expect(!text.contains(c.secretAccessKey), "\(text)")
            #expect(!text.contains(c.sessionToken!), "\(text)")
        }
        #expect(String(describing: c) == "AKID…MPLE from test")
    }
}
