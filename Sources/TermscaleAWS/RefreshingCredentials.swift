import Foundation

/// Caches another provider's credentials and fetches new ones when the cached ones are within
/// `refreshMargin` of their expiration. Long-term credentials (no expiration) are fetched once.
/// Safe to share between threads; one caller refreshes while the others wait for its result.
public final class RefreshingCredentials: CredentialProvider, @unchecked Sendable {
    /// Five minutes, as the SDKs: a request signed now must still be valid when AWS checks it.
    public static let refreshMargin: TimeInterval = 5 * 60

    private let provider: any CredentialProvider
    private let now: @Sendable () -> Date
    private let lock = NSLock()
    private var cached: Credentials? // guarded by lock

    /// - Parameter now: the clock deciding when credentials are about to expire.
    public init(_ provider: any CredentialProvider, now: @escaping @Sendable () -> Date = { Date() }) {
        self.provider = provider
        self.now = now
    }

    public var name: String { provider.name }

    /// - Throws: the provider's error when a refresh fails and the cached credentials have expired
    ///   (if they are still valid, only inside the margin, they are used once more).
    public func credentials() throws -> Credentials? {
        lock.lock()
        defer { lock.unlock() }
        let current = now()
        if let cached, isFresh(cached, at: current) { return cached }
        do {
            let fetched = try provider.credentials()
            cached = fetched
            return fetched
        } catch {
            if let cached, let expiration = cached.expiration, current < expiration { return cached }
            throw error
        }
    }

    private func isFresh(_ credentials: Credentials, at date: Date) -> Bool {
        guard let expiration = credentials.expiration else { return true }
        return date < expiration.addingTimeInterval(-Self.refreshMargin)
    }
}
