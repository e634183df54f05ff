/// How a command prints its result.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case json
}
