import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// Standard mode's retry quota and its error lists, against botocore's own numbers.
@Suite struct RetryQuotaTests {
    static let url = "https://autoscaling.eu-west-2.amazonaws.com/"

    /// A client whose strategy sleeps nowhere and shares `quota`.
    static func client(_ transport: ScriptedTransport, quota: RetryQuota, sleeps: SleepRecorder = SleepRecorder())
        -> AutoScalingClient
    {
        let retry = RetryStrategy(maxAttempts: 3, sleep: { sleeps.record($0) }, random: { 0.5 }, quota: quota)
        return AutoScalingClient(
            query: AWSQueryClient(
                endpoint: URL(string: url)!, service: "autoscaling", region: "eu-west-2",
                credentials: { RetryTests.credentials }, transport: transport, retry: retry,
                now: { utc("2031-01-13T08:00:00Z") }))
    }

    struct BotocoreLists: Decodable {
        var throttlingCodes: [String]
        var transientCodes: [String]
        var transientStatuses: [Int]
        var initialCapacity: Int
        var retryCost: Int
        var timeoutRetryCost: Int
        var noRetryIncrement: Int
        var maxBackoff: Double
        var defaultMaxAttempts: Int
    }

    @Test func listsAndNumbersAreBotocoresStandardMode() throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let botocore = try decoder.decode(BotocoreLists.self, from: Botocore.run("botocore_retry_codes.py", []))

        #expect(AWSServiceError.throttlingCodes == Set(botocore.throttlingCodes))
        #expect(Set(botocore.transientCodes).subtracting(AWSServiceError.transientCodes).isEmpty)
        #expect(AWSServiceError.retryableStatuses == Set(botocore.transientStatuses))
        #expect(RetryQuota.initialCapacity == botocore.initialCapacity)
        #expect(RetryQuota.retryCost == botocore.retryCost)
        #expect(RetryQuota.timeoutRetryCost == botocore.timeoutRetryCost)
        #expect(RetryQuota.noRetryIncrement == botocore.noRetryIncrement)
        #expect(RetryStrategy(random: { 0.5 }).delay(beforeRetry: 10) == 0.5 * botocore.maxBackoff)
        #expect(RetryStrategy.standard(environment: [:]).maxAttempts == botocore.defaultMaxAttempts)
        // Every code of both lists is retried at any status.
        for code in botocore.throttlingCodes + botocore.transientCodes {
            #expect(AWSServiceError(code: code, message: "", httpStatus: 400).isRetryable, "\(code)")
        }
    }

    @Test func eachCodeOfBotocoresListsIsRetriedByTheClient() throws {
        for code in [
            "ThrottledException", "EC2ThrottledException", "BandwidthLimitExceeded", "RequestTimeout",
            "PriorRequestNotComplete", "LimitExceededException",
        ] {
            let transport = ScriptedTransport([.error(400, code: code), RetryTests.empty])
            #expect(try Self.client(transport, quota: RetryQuota()).describeScheduledActions(group: "g").isEmpty, "\(code)")
            #expect(transport.requests.count == 2, "\(code)")
        }
        // Auto Scaling's quota error is not botocore's throttling code, and is final.
        let quotaError = ScriptedTransport([.error(400, code: "LimitExceeded"), RetryTests.empty])
        #expect(throws: AWSServiceError.self) {
            _ = try Self.client(quotaError, quota: RetryQuota()).describeScheduledActions(group: "g")
        }
        #expect(quotaError.requests.count == 1)
    }

    @Test func stsIDPCommunicationErrorIsRetriedForSTSOnly() {
        #expect(AWSServiceError(code: "IDPCommunicationError", message: "", httpStatus: 400, service: "sts").isRetryable)
        #expect(!AWSServiceError(code: "IDPCommunicationError", message: "", httpStatus: 400).isRetryable)
    }

    @Test func retriesTakeFiveTimeoutsTenAndSuccessesGiveBack() throws {
        let quota = RetryQuota()
        #expect(quota.available == 500)
        let timeout = ScriptedTransport.Step.fail(.timedOut(url: Self.url, seconds: 30))
        let transport = ScriptedTransport([
            // Call 1: two timeouts (10 each), then success gives back the last retry's 10.
            timeout, timeout, RetryTests.empty,
            // Call 2: a 503 (5), then success gives back 5.
            .error(503, code: "ServiceUnavailable"), RetryTests.empty,
            // Call 3: success at once gives back 1.
            RetryTests.empty,
            // Call 4: a reset (5) and a throttle (5), then success gives back 5.
            .fail(.connectionFailed(url: Self.url, reason: "reset")), .error(400, code: "Throttling"), RetryTests.empty,
        ])
        let client = Self.client(transport, quota: quota)

        _ = try client.describeScheduledActions(group: "g")
        #expect(quota.available == 490)
        _ = try client.describeScheduledActions(group: "g")
        #expect(quota.available == 490)
        _ = try client.describeScheduledActions(group: "g")
        #expect(quota.available == 491)
        _ = try client.describeScheduledActions(group: "g")
        #expect(quota.available == 486)
        // Never above the capacity.
        let full = RetryQuota()
        _ = try Self.client(ScriptedTransport([RetryTests.empty]), quota: full).describeScheduledActions(group: "g")
        #expect(full.available == 500)
    }

    @Test func anEmptyQuotaStopsRetryingAndTheErrorSaysSo() throws {
        // 50 calls failing three times each take 50 × 2 × 5 = 500 tokens; the 51st is not retried.
        let quota = RetryQuota()
        let sleeps = SleepRecorder()
        let failing = ScriptedTransport(Array(repeating: .error(503, code: "ServiceUnavailable"), count: 151))
        let client = Self.client(failing, quota: quota, sleeps: sleeps)
        for _ in 0..<50 {
            #expect(throws: AWSRetriesExhausted.self) { _ = try client.describeScheduledActions(group: "g") }
        }
        #expect(quota.available == 0)
        #expect(failing.requests.count == 150)
        #expect(sleeps.delays.count == 100)

        #expect {
            _ = try client.describeScheduledActions(group: "g")
        } throws: { error in
            guard let stopped = error as? AWSRetriesExhausted else { return false }
            return stopped.stoppedBy == .retryQuota && stopped.attempts == 1
                && (stopped.lastError as? AWSServiceError)?.code == "ServiceUnavailable"
                && stopped.description.hasPrefix(
                    "DescribeScheduledActions failed after 1 attempt and was not retried: the client's retry quota is used up")
        }
        #expect(failing.requests.count == 151)
        #expect(sleeps.delays.count == 100)
    }

    @Test func successesRefillTheQuotaUntilARetryFitsAgain() throws {
        let quota = RetryQuota(capacity: 500)
        #expect(quota.acquire(500))
        // Four successes give back 4: still short of a retry's 5.
        let steps: [ScriptedTransport.Step] =
            Array(repeating: RetryTests.empty, count: 4) + [.error(503, code: "ServiceUnavailable")]
            + Array(repeating: RetryTests.empty, count: 1) + [.error(503, code: "ServiceUnavailable"), RetryTests.empty]
        let transport = ScriptedTransport(steps)
        let client = Self.client(transport, quota: quota)
        for _ in 0..<4 { _ = try client.describeScheduledActions(group: "g") }
        #expect(quota.available == 4)
        #expect {
            _ = try client.describeScheduledActions(group: "g")
        } throws: { ($0 as? AWSRetriesExhausted)?.stoppedBy == .retryQuota }
        // A fifth success makes 5: the next failure is retried (and its success gives the 5 back).
        _ = try client.describeScheduledActions(group: "g")
        #expect(quota.available == 5)
        #expect(try client.describeScheduledActions(group: "g").isEmpty)
        #expect(quota.available == 5)
        #expect(transport.requests.count == 8)
    }

    @Test func eachClientHasItsOwnQuota() {
        let one = RetryStrategy.standard(environment: [:])
        let two = RetryStrategy.standard(environment: [:])
        #expect(one.quota !== two.quota)
        #expect(one.quota.available == 500)
        let copy = one
        #expect(copy.quota === one.quota)
    }
}
