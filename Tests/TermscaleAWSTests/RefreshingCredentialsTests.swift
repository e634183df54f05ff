import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// A provider that gives its answers in turn (the last one repeats) and counts the fetches; with
/// `gate`, each fetch after the first `ungated` waits for the gate to open before answering.
final class SequenceProvider: CredentialProvider, @unchecked Sendable {
    enum Answer {
        case none
        case credentials(Credentials)
        case failure(AWSConfigurationError)
    }

    let name = "sequence"
    private let lock = NSLock()
    private var answers: [Answer]
    private var _fetches = 0
    let gate: DispatchSemaphore?
    let ungated: Int

    init(_ answers: [Answer], gate: DispatchSemaphore? = nil, ungated: Int = 0) {
        self.answers = answers
        self.gate = gate
        self.ungated = ungated
    }

    var fetches: Int { lock.withLock { _fetches } }

    func credentials() throws -> Credentials? {
        let (answer, fetch) = lock.withLock {
            _fetches += 1
            return (answers.count > 1 ? answers.removeFirst() : answers[0], _fetches)
        }
        if let gate, fetch > ungated, gate.wait(timeout: .now() + 30) == .timedOut {
            Issue.record("the test never opened the gate")
        }
        switch answer {
        case .none: return nil
        case .credentials(let credentials): return credentials
        case .failure(let error): throw error
        }
    }
}

/// When cached credentials are fetched again: botocore's advisory (15 minutes) and mandatory
/// (10 minutes) windows, the back-off after a failed advisory fetch, and one fetch for many threads.
@Suite struct RefreshingCredentialsTests {
    static let expiration = utc("2026-11-22T10:00:00Z")
    static let failure = AWSConfigurationError.credentialEndpointFailed(
        provider: "instance role", url: "http://169.254.169.254/latest/api/token", status: 500, message: "down")

    static func temporary(_ secret: String, expiring: Date = expiration) -> Credentials {
        Credentials(
            accessKeyID: Secret.accessKeyID, secretAccessKey: secret, sessionToken: Secret.sessionToken,
            expiration: expiring, source: "sequence")
    }

    static let renewed = temporary(Secret.secretKey2, expiring: utc("2026-11-22T16:00:00Z"))

    @Test func longTermCredentialsAreFetchedOnce() throws {
        let provider = SequenceProvider([
            .credentials(Credentials(accessKeyID: Secret.accessKeyID, secretAccessKey: Secret.secretKey, source: "a"))
        ])
        let cache = RefreshingCredentials(provider, now: TestClock(utc("2040-01-01T00:00:00Z")).now)
        for _ in 0..<3 { #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey) }
        #expect(provider.fetches == 1)
    }

    /// What the old test "refreshingKeepsLongTermCredentialsAndRetriesNil" named but never tried.
    @Test func nilIsNotCachedSoTheNextCallAsksAgain() throws {
        let provider = SequenceProvider([.none, .none, .credentials(Self.temporary(Secret.secretKey))])
        let cache = RefreshingCredentials(provider, now: TestClock(utc("2026-11-22T04:00:00Z")).now)
        #expect(try cache.credentials() == nil)
        #expect(try cache.credentials() == nil)
        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey)
        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey)
        #expect(provider.fetches == 3)
    }

    @Test func theAdvisoryRefreshStartsWhenLessThanFifteenMinutesAreLeft() throws {
        let provider = SequenceProvider([.credentials(Self.temporary(Secret.secretKey)), .credentials(Self.renewed)])
        let clock = TestClock(utc("2026-11-22T04:00:00Z"))
        let cache = RefreshingCredentials(provider, now: clock.now)
        _ = try cache.credentials()
        clock.set(utc("2026-11-22T09:45:00Z")) // exactly 15 minutes left: not yet
        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey)
        #expect(provider.fetches == 1)
        clock.set(utc("2026-11-22T09:45:01Z"))
        #expect(try cache.credentials() == Self.renewed)
        #expect(provider.fetches == 2)
        #expect(RefreshingCredentials.advisoryRefreshWindow == 900)
        #expect(RefreshingCredentials.mandatoryRefreshWindow == 600)
    }

    @Test func aFailedAdvisoryRefreshKeepsTheCachedCredentialsAndBacksOff() throws {
        let provider = SequenceProvider([.credentials(Self.temporary(Secret.secretKey)), .failure(Self.failure)])
        let clock = TestClock(utc("2026-11-22T04:00:00Z"))
        let cache = RefreshingCredentials(provider, now: clock.now)
        _ = try cache.credentials()

        // 14 minutes left: the fetch fails, the cached credentials are used.
        clock.set(utc("2026-11-22T09:46:00Z"))
        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey)
        #expect(provider.fetches == 2)
        // Not asked again on every call, for a minute.
        for _ in 0..<5 { #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey) }
        clock.set(utc("2026-11-22T09:46:59Z"))
        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey)
        #expect(provider.fetches == 2)
        clock.set(utc("2026-11-22T09:47:00Z"))
        #expect(try cache.credentials()?.secretAccessKey == Secret.secretKey)
        #expect(provider.fetches == 3)

        // In the mandatory window every call fetches, and a failure is the caller's error.
        clock.set(utc("2026-11-22T09:50:01Z"))
        #expect(throws: Self.failure) { try cache.credentials() }
        #expect(throws: Self.failure) { try cache.credentials() }
        #expect(provider.fetches == 5)
    }

    @Test func aFailedAdvisoryRefreshBacksOffOnlyUntilASuccess() throws {
        let provider = SequenceProvider([
            .credentials(Self.temporary(Secret.secretKey)), .failure(Self.failure), .credentials(Self.renewed),
        ])
        let clock = TestClock(utc("2026-11-22T09:46:00Z"))
        let cache = RefreshingCredentials(provider, now: clock.now)
        _ = try cache.credentials() // nothing cached: fetched, although already in the advisory window
        _ = try cache.credentials() // the advisory fetch fails
        clock.set(utc("2026-11-22T09:47:00Z"))
        #expect(try cache.credentials() == Self.renewed)
        #expect(provider.fetches == 3)
    }

    @Test func aMandatoryRefreshThatFailsIsAnErrorEvenBeforeExpiry() throws {
        let provider = SequenceProvider([.credentials(Self.temporary(Secret.secretKey)), .failure(Self.failure)])
        let clock = TestClock(utc("2026-11-22T09:58:00Z"))
        let cache = RefreshingCredentials(provider, now: clock.now)
        _ = try cache.credentials()
        // Two minutes left: botocore raises rather than sign with credentials about to be refused.
        #expect(throws: Self.failure) { try cache.credentials() }
    }

    /// Sixteen threads ask at once, 14 minutes before expiry: one fetches (held until the others
    /// are done), the 15 others get the cached credentials at once, and there is exactly one fetch.
    @Test func manyThreadsInTheAdvisoryWindowMakeExactlyOneFetch() throws {
        let gate = DispatchSemaphore(value: 0)
        let provider = SequenceProvider(
            [.credentials(Self.temporary(Secret.secretKey)), .credentials(Self.renewed)], gate: gate, ungated: 1)
        let clock = TestClock(utc("2026-11-22T04:00:00Z"))
        let cache = RefreshingCredentials(provider, now: clock.now)
        _ = try cache.credentials()
        clock.set(utc("2026-11-22T09:46:00Z"))

        let results = ResultLog()
        let returned = DispatchSemaphore(value: 0)
        let threads = (0..<16).map { _ in
            Thread {
                results.append(try? cache.credentials())
                returned.signal()
            }
        }
        for thread in threads { thread.start() }
        // The fetching thread is held by the gate; the other 15 come back without waiting for it.
        let deadline = DispatchTime.now() + 30
        for _ in 0..<15 { #expect(returned.wait(timeout: deadline) == .success) }
        #expect(results.all.count == 15)
        #expect(results.all.allSatisfy { $0?.secretAccessKey == Secret.secretKey })
        gate.signal()
        #expect(returned.wait(timeout: .now() + 30) == .success)

        #expect(provider.fetches == 2)
        #expect(results.all.filter { $0 == Self.renewed }.count == 1)
        #expect(try cache.credentials() == Self.renewed)
        #expect(provider.fetches == 2)
    }

    /// Sixteen threads ask at once with nothing cached (as the mandatory window): one fetch, and
    /// every thread gets its credentials.
    @Test func manyThreadsWithNothingCachedShareOneFetch() throws {
        let gate = DispatchSemaphore(value: 0)
        let provider = SequenceProvider([.credentials(Self.renewed)], gate: gate)
        let cache = RefreshingCredentials(provider, now: TestClock(utc("2026-11-22T09:55:00Z")).now)
        let results = ResultLog()
        let returned = DispatchSemaphore(value: 0)
        let threads = (0..<16).map { _ in
            Thread {
                results.append(try? cache.credentials())
                returned.signal()
            }
        }
        for thread in threads { thread.start() }
        gate.signal()
        let deadline = DispatchTime.now() + 30
        for _ in 0..<16 { #expect(returned.wait(timeout: deadline) == .success) }
        #expect(provider.fetches == 1)
        #expect(results.all.count == 16)
        #expect(results.all.allSatisfy { $0 == Self.renewed })
    }
}

final class ResultLog: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Credentials?] = []
    func append(_ result: Credentials?) { lock.withLock { results.append(result) } }
    var all: [Credentials?] { lock.withLock { results } }
}
