/// One out-of-range or inconsistent value in a policy, located by its key path in the file.
public struct PolicyProblem: Hashable, Sendable, CustomStringConvertible {
    /// Dotted path of the key as the policy file spells it (`exams.prewarm_minutes`, `windows.teaching`).
    public var keyPath: String
    public var message: String

    public init(keyPath: String, message: String) {
        self.keyPath = keyPath
        self.message = message
    }

    /// `key.path: message`.
    public var description: String { "\(keyPath): \(message)" }
}
