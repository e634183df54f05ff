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

    @Option(help: "First local date (YYYY-MM-DD), inclusive.") var from: String?
    @Option(help: "Local date (YYYY-MM-DD) to stop before (exclusive).") var to: String?
    @Option(help: "Only exam sessions or only windows.") var kind: EventKind?
    @Option(help: "table or json.") var format: OutputFormat = .table
    @Option(help: "IANA zone for the table's local times and for --from/--to.") var timezone: String = "Europe/London"
    @OptionGroup var store: StoreOptions

    func validate() throws {
        _ = try parseZone(timezone)
        let first = try from.map { try parseDate($0, option: "--from") }
        let last = try to.map { try parseDate($0, option: "--to") }
        if let first, let last, !(first < last) {
            throw ValidationError("--to (\(last)) must be after --from (\(first)); --to is exclusive")
        }
    }

    func run() throws {
        try runReportingErrors {
            let zone = try parseZone(timezone)
            let query = CalendarQuery(from: try from.map { try parseDate($0, option: "--from") },
                                      to: try to.map { try parseDate($0, option: "--to") }, kind: kind, zone: zone)
            let events = try query.run(on: StoreAccess.openForReading(path: store.path()))
            let env = ProcessInfo.processInfo.environment
            let label = ZoneLabel(zone: zone, abbreviation: SystemZoneAbbreviations.lookup(identifier: zone.identifier, environment: env))
            printOut(format.calendarRenderer(label: label).render(events))
        }
    }
}
