// TEMPORARY until the html branch is merged.
public struct PlanHTMLRenderer: PlanRenderer {
    public init() {}
    public func render(_ report: PlanReport) -> String { "" }
}
import TermscaleCore
public struct PolicyRenderer {
    public init() {}
    public func render(_ policy: Policy, file: String) -> String { "" }
}
