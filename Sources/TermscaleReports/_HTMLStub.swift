// TEMPORARY until the html branch is merged.
import TermscaleCore
public struct PolicyRenderer {
    public init() {}
    public func render(_ policy: Policy, file: String) -> String { "" }
}
