import Foundation

/// The SDKs' "standard" retry mode: a fixed number of attempts with full-jitter exponential
/// backoff, within the client's `RetryQuota`. Sleep and randomness are injected so tests can run
/// it instantly and exactly.
public struct RetryStrategy: Sendable {
    /// Attempts in all, the first included (`AWS_MAX_ATTEMPTS`, default 3).
    public var maxAttempts: Int
    /// Seconds to wait; live: `Thread.sleep`.
    public var sleep: @Sendable (TimeInterval) -> Void
    /// A number in [0, 1); live: the system generator.
    public var random: @Sendable () -> Double
    /// The retry tokens, shared by every copy of this strategy: one per client, as in botocore.
    public var quota: RetryQuota

    public init(
        maxAttempts: Int = 3, sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }, quota: RetryQuota = RetryQuota()
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.sleep = sleep
        self.random = random
        self.quota = quota
    }

    /// The standard strategy with `AWS_MAX_ATTEMPTS` from `environment` when it is a positive
    /// whole number, and a full quota of its own.
    public static func standard(environment: [String: String]) -> RetryStrategy {
        RetryStrategy(maxAttempts: environment["AWS_MAX_ATTEMPTS"].flatMap(Int.init).flatMap { $0 >= 1 ? $0 : nil } ?? 3)
    }

    /// Seconds to wait before retry `n` (1 for the second attempt): random × min(2^(n−1), 20).
    public func delay(beforeRetry n: Int) -> TimeInterval {
        random() * min(pow(2, Double(n - 1)), 20)
    }
}
