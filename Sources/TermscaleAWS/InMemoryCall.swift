/// What happens to the next call of an operation of an in-memory AWS double
/// (`InMemoryAutoScalingGroup`, `InMemoryScheduler`).
public enum InMemoryFault: Sendable {
    /// The call fails with this error before anything is applied.
    case fail(any Error & Sendable)
    /// The call is applied, then its answer is lost (the caller sees a transport error).
    case loseAnswer
}

extension InMemoryFault {
    /// Runs the call `operation` (its effect is `body`) the way `fault` says: `.fail` throws
    /// before anything is applied, `.loseAnswer` applies it and then throws the transport error a
    /// dropped connection gives for `url`, nil just runs it.
    static func apply<T>(_ fault: InMemoryFault?, operation: String, url: String, _ body: () throws -> T) throws -> T {
        switch fault {
        case .fail(let error)?:
            throw error
        case .loseAnswer?:
            _ = try body()
            throw TransportError.connectionFailed(
                url: url, reason: "the connection closed before \(operation)'s answer arrived (injected)")
        case nil:
            return try body()
        }
    }
}

extension [String: [InMemoryFault]] {
    /// The next fault queued for `operation`, taken off its queue; nil when none is.
    mutating func take(_ operation: String) -> InMemoryFault? {
        self[operation]?.isEmpty == false ? self[operation]!.removeFirst() : nil
    }
}

/// One call as an in-memory AWS double received it: the operation and what it carried.
public struct InMemoryCall: Equatable, Sendable {
    public var operation: String
    public var detail: String
    /// Whether the operation writes (the push's "no write call" promise is about these).
    public var isWrite: Bool

    public init(operation: String, detail: String, isWrite: Bool) {
        self.operation = operation
        self.detail = detail
        self.isWrite = isWrite
    }
}
