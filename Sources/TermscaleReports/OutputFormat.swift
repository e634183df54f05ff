/// How a command that prints records (`calendar`, `sources`, `status`) prints them.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case json
}

/// How `termscale plan` prints.
public enum PlanFormat: String, Sendable, CaseIterable {
    case table
    case json
    case html
}
