import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReports

struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "List the stored exam sessions and windows in start order.",
        discussion: "Events overlapping [--from, --to) are shown; dates are local to --timezone."
    )

    @OptionGroup var dates: DateRangeOptions
    @Option(help: "Only exam sessions or only windows.") var kind: EventKind?
    @Option(help: "How to print the report.") var format: OutputFormat = .table
    @Option(help: ArgumentHelp("IANA zone for the table's local times and for --from/--to.", valueName: "zone"))
    var timezone: IANAZone = .europeLondon
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReportingErrors {
            let query = try CalendarQuery(from: dates.from, to: dates.to, kind: kind, zone: timezone)
            let events = try query.run(on: store.openForReading())
            let label = ZoneLabel.system(timezone, environment: output.console.environment)
            try output.console.emit(format.calendarRenderer(label: label).render(events))
        }
    }
}
