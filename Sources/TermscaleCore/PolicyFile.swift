/// A policy as read from its file: the values, and the file as the user named it (for messages
/// and report headers).
public struct PolicyFile: Sendable, Equatable {
    /// The path as given on the command line.
    public var path: String
    public var policy: Policy

    public init(path: String, policy: Policy) {
        self.path = path
        self.policy = policy
    }
}
