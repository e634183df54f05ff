/// Renders one kind of report in one output format: one type per format, chosen by the command's
/// `--format`. Renderers return the text; the command decides where it goes.
public protocol ReportRenderer<Report>: Sendable {
    associatedtype Report
    func render(_ report: Report) -> String
}
