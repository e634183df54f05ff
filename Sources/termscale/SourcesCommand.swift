import ArgumentParser
import TermscaleCore
import TermscaleKit
import TermscaleReports

struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the imported sources: kind, format, event count, date range, when imported."
    )

    @Option(help: "How to print the report.") var format: OutputFormat = .table
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReportingErrors {
            let sources = try CalendarQuery.sources(on: store.openForReading())
            try output.console.emit(format.sourcesRenderer.render(sources))
        }
    }
}
