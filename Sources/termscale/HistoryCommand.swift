import ArgumentParser
import TermscaleCore
import TermscaleKit
import TermscaleReports

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the recorded pushes, newest first: when, which group, the outcome, each change and error.",
        discussion:
            "The change record of what termscale wrote to each Auto Scaling group (dry runs, which write nothing, are not recorded)."
    )

    @Option(help: ArgumentHelp("Only the pushes of this Auto Scaling group.", valueName: "group")) var group: String?
    @Option(help: "How many pushes to show, newest first.") var limit = PushHistory.defaultLimit
    @Option(help: "How to print the report.") var format: OutputFormat = .table
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, the number of pushes to show.") }
    }

    func run() throws {
        try runReportingErrors {
            let records = try PushHistory.records(on: store.openForReading(), group: group, limit: limit)
            try output.console.emit(format.historyRenderer.render(records))
        }
    }
}
