import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReports

extension CostFormat: ExpressibleByArgument {}
extension CostPeriodKind: ExpressibleByArgument {}

/// Where `termscale cost` takes the Spot price from.
enum SpotPriceOrigin: String, ExpressibleByArgument, CaseIterable {
    /// The policy's `instance.spot_price`.
    case policy
    /// AWS's Spot price history: the mean over the 30 days before `--now`.
    case aws
}

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
    @Option(
        help: ArgumentHelp(
            "The Spot price: the policy's spot_price, or the mean of AWS's Spot price history for the instance type "
                + "in the group's region over the 30 days before --now (needs ec2:DescribeSpotPriceHistory)."))
    var spotPrice: SpotPriceOrigin = .policy
    @Option(help: ArgumentHelp("The current instant; default the system clock.", valueName: "RFC3339")) var now: Instant?
    @Option(help: "How to print the report.") var format: CostFormat = .table
    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "AWS (for --spot-price aws)") var aws: AWSOptionGroup
    @OptionGroup var output: OutputOptions

    /// The Spot price for `file` from AWS, or nil for the policy's own.
    func spotPrice(_ file: PolicyFile) throws -> CostSpotPriceSource? {
        guard spotPrice == .aws else { return nil }
        return try SpotPriceLookup.costSource(
            session: aws.session(for: file.policy), policy: file.policy, now: now?.date ?? Date())
    }

    func validate() throws {
        if (dates.from == nil) != (dates.to == nil) { throw ValidationError("give both --from and --to, or neither") }
    }

    func run() throws {
        try runReportingErrors {
            let days = try dates.from.flatMap { from in try dates.to.map { try LocalDateRange(from: from, to: $0) } }
            let database = try store.openForReading()
            let profile = try load.map { try LoadProfileLoader().load(path: $0) }
            let reports = try CostForecastQuery.reports(
                policies: policies.load(), store: database, request: CostRequest(days: days, by: by, load: profile),
                spotPrice: spotPrice)
            try output.console.emit(format.renderer.render(reports))
        }
    }
}
