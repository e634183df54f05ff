/// What happens to the next call of an operation of an in-memory AWS double
/// (`InMemoryAutoScalingGroup`, `InMemoryScheduler`).
public enum InMemoryFault: Sendable {
    /// The call fails with this error before anything is applied.
    case fail(any Error & Sendable)
    /// The call is applied, then its answer is lost (the caller sees a transport error).
    case loseAnswer
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
