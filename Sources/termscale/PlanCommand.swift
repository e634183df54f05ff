import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReports

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Preview the capacity plan and the scheduled actions for a week.",
        discussion: """
            Dates are local to the policy's time zone; --from is inclusive, --to exclusive. Without \
            --week or --from, the seven days from today (in the policy's zone) are shown. The actions \
            are those a push would schedule for the MinSize changes inside the range.
            """
    )

    @Option(help: ArgumentHelp("The policy file of the Auto Scaling group.", valueName: "file")) var policy: String
    @Option(help: ArgumentHelp("An ISO week.", valueName: "YYYY-Www")) var week: ISOWeek?
    @Option(help: ArgumentHelp("First local date, inclusive.", valueName: "YYYY-MM-DD")) var from: CivilDate?
    @Option(help: ArgumentHelp("Local date to stop before; default --from + 7 days.", valueName: "YYYY-MM-DD"))
    var to: CivilDate?
    @Option(help: ArgumentHelp("The current instant; default the system clock.", valueName: "RFC3339")) var now: Instant?
    @Option(help: "How to print the report.") var format: PlanFormat = .table
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    /// The days asked for: `--week`, `--from`/`--to`, or the coming seven.
    var range: PlanRange {
        get throws {
            if let week { return .week(week) }
            guard let from else { return .comingWeek }
            return .dates(try to.map { try LocalDateRange(from: from, to: $0) } ?? .days(7, from: from))
        }
    }

    func validate() throws {
        if week != nil && (from != nil || to != nil) { throw ValidationError("give --week or --from/--to, not both") }
        if to != nil && from == nil { throw ValidationError("--to needs --from") }
        do { _ = try range } catch { throw ValidationError(String(describing: error)) }
    }

    func run() throws {
        try runReportingErrors {
            let file = try PolicyLoader().load(path: policy)
            let label = ZoneLabel.system(file.policy.timezone, environment: output.console.environment)
            let report = try PlanPreview.report(
                policy: file, store: store.openForReading(), range: range,
                now: now?.date ?? Date(), label: label)
            let console = output.console
            try console.emit(
                format.renderer(color: console.color).render(report), warnings: report.warnings,
                listsWarnings: format == .table)
        }
    }
}
