import ArgumentParser
import TermscaleKit
import TermscaleReports

struct SourcesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "List the imported sources: kind, format, event count, date range, when imported."
    )

    @Option(help: "table or json.") var format: OutputFormat = .table
    @OptionGroup var store: StoreOptions

    func run() throws {
        try runReportingErrors {
            let sources = try StoreAccess.openForReading(path: store.path()).sources()
            printOut(SourcesRenderer(format: format).render(sources))
        }
    }
}
