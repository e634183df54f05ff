import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReports

extension CostFormat: ExpressibleByArgument {}
extension CostPeriodKind: ExpressibleByArgument {}

struct CostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Forecast what the calendar-driven plan costs, against peak-all-year and reactive-only.",
        discussion: """
            Dates are local to each policy's zone; without --from/--to, the whole span of the stored \
            calendar. The floor (MinSize over time) is priced by purchase option at the policy's prices; \
            money is exact decimal and the periods add up to the total to the cent.
            """
    )

    @OptionGroup var policies: PoliciesOptions
    @OptionGroup var dates: DateRangeOptions
    @Option(help: "Cut the range into weeks, months, or stretches between calendar windows' edges.")
    var by: CostPeriodKind = .month
    @Option(
        help: ArgumentHelp(
            "A CSV of hour_of_week,instances (0 = Monday 00:00 local): the average instances target tracking runs "
                + "above the floor, priced at the mixed rate. Without it the floor alone is priced.",
            valueName: "file"))
    var load: String?
    @Option(help: "How to print the report.") var format: CostFormat = .table
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if (dates.from == nil) != (dates.to == nil) { throw ValidationError("give both --from and --to, or neither") }
    }

    func run() throws {
        try runReportingErrors {
            let days = try dates.from.flatMap { from in try dates.to.map { try LocalDateRange(from: from, to: $0) } }
            let database = try store.openForReading()
            let profile = try load.map { try LoadProfileLoader().load(path: $0) }
            let reports = try CostForecastQuery.reports(
                policies: policies.load(), store: database, request: CostRequest(days: days, by: by, load: profile))
            try output.console.emit(format.renderer.render(reports))
        }
    }
}
