import Foundation

/// Standard retry mode's retry quota, as botocore keeps it per client (`retries/quota.py` and
/// `RetryQuotaChecker` in `retries/standard.py`): the client starts with 500 tokens; a retry takes
/// 5, or 10 when the failure was a timeout; a call that succeeds gives back 1 when it was not
/// retried, else what its last retry took (never above 500). When a retry would take more than is
/// left, the failure is not retried: a client facing a struggling service stops multiplying its
/// load, and recovers as calls succeed again. Safe to share between threads.
public final class RetryQuota: @unchecked Sendable {
    public static let initialCapacity = 500
    /// What a retry takes.
    public static let retryCost = 5
    /// What a retry after a timeout (connecting or waiting for the answer) takes.
    public static let timeoutRetryCost = 10
    /// What a call that succeeded at its first attempt gives back.
    public static let noRetryIncrement = 1

    private let lock = NSLock()
    private let capacity: Int
    private var _available: Int // guarded by lock

    public init(capacity: Int = RetryQuota.initialCapacity) {
        self.capacity = max(0, capacity)
        _available = self.capacity
    }

    /// Tokens left.
    public var available: Int { lock.withLock { _available } }

    /// Takes `amount` tokens; false, taking none, when fewer are left.
    func acquire(_ amount: Int) -> Bool {
        lock.withLock {
            guard amount <= _available else { return false }
            _available -= amount
            return true
        }
    }

    /// Gives back `amount` tokens, up to the capacity.
    func release(_ amount: Int) {
        lock.withLock { _available = min(capacity, _available + amount) }
    }
}
