import Foundation
import TermscaleCore

/// Placeholder replaced by the HTML report.
public struct CostHTMLRenderer: ReportRenderer {
    public init() {}
    public func render(_ reports: [CostReport]) -> String { "" }
}
