import Foundation

/// Caches another provider's credentials and fetches new ones before temporary ones expire, as
/// botocore's `RefreshableCredentials` does:
///
/// - From 15 minutes before `expiration` (the advisory window), one caller fetches while every
///   other caller goes on at once with the cached credentials. If the fetch fails (or finds
///   nothing), the cached ones are still used, and no fetch is tried again for
///   `advisoryRetryDelay` — where botocore would ask the failing endpoint again on every call.
/// - From 10 minutes before (the mandatory window), and when nothing is cached yet, every caller
///   waits for one fetch and gets its outcome: new credentials, nil, or its error.
/// - A refresh is due when less than the window is left: exactly 15 minutes before is not yet.
/// - Long-term credentials (no expiration) are fetched once; nil is never cached, so the next call
///   asks again.
///
/// Safe to share between threads; the fetch runs without holding the lock.
public final class RefreshingCredentials: CredentialProvider, @unchecked Sendable {
    /// Fifteen minutes: botocore's `_DEFAULT_ADVISORY_REFRESH_TIMEOUT`.
    public static let advisoryRefreshWindow: TimeInterval = 15 * 60
    /// Ten minutes: botocore's `_DEFAULT_MANDATORY_REFRESH_TIMEOUT`.
    public static let mandatoryRefreshWindow: TimeInterval = 10 * 60
    /// How long a failed advisory refresh holds off the next one.
    public static let advisoryRetryDelay: TimeInterval = 60

    private let provider: any CredentialProvider
    private let now: @Sendable () -> Date
    private let condition = NSCondition()
    // Guarded by condition:
    private var cached: Credentials?
    private var refreshing = false
    private var finishedFetches = 0
    private var lastOutcome: Result<Credentials?, any Error>?
    private var noAdvisoryFetchBefore: Date?

    /// - Parameter now: the clock deciding when credentials are about to expire.
    public init(_ provider: any CredentialProvider, now: @escaping @Sendable () -> Date = { Date() }) {
        self.provider = provider
        self.now = now
    }

    public var name: String { provider.name }

    /// - Throws: the provider's error when a fetch fails with nothing cached or in the mandatory window.
    public func credentials() throws -> Credentials? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            let current = now()
            switch window(at: current) {
            case .fresh:
                return cached
            case .advisory:
                if refreshing { return cached }
                if let notBefore = noAdvisoryFetchBefore, current < notBefore { return cached }
                if case .success(let fetched?) = fetch() { return fetched }
                noAdvisoryFetchBefore = current.addingTimeInterval(Self.advisoryRetryDelay)
                return cached
            case .mandatory:
                guard refreshing else { return try fetch().get() }
                // Another caller is fetching: wait for it and share its outcome.
                let awaited = finishedFetches
                while refreshing && finishedFetches == awaited { condition.wait() }
                if finishedFetches != awaited, let lastOutcome { return try lastOutcome.get() }
            }
        }
    }

    private enum Window {
        case fresh, advisory, mandatory
    }

    private func window(at date: Date) -> Window {
        guard let cached else { return .mandatory }
        guard let expiration = cached.expiration else { return .fresh }
        let left = expiration.timeIntervalSince(date)
        if left >= Self.advisoryRefreshWindow { return .fresh }
        return left >= Self.mandatoryRefreshWindow ? .advisory : .mandatory
    }

    /// One fetch from the provider, the lock released meanwhile; keeps what it found and wakes the
    /// callers waiting for it. Called and returns with the lock held.
    private func fetch() -> Result<Credentials?, any Error> {
        refreshing = true
        condition.unlock()
        let outcome = Result<Credentials?, any Error> { try provider.credentials() }
        condition.lock()
        refreshing = false
        finishedFetches += 1
        lastOutcome = outcome
        if case .success(let fetched?) = outcome {
            cached = fetched
            noAdvisoryFetchBefore = nil
        }
        condition.broadcast()
        return outcome
    }
}
