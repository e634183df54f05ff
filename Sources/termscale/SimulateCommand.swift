import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReports

extension SimulationFormat: ExpressibleByArgument {}

/// A probability from 0 to 1, such as `0.05`.
struct Probability: ExpressibleByArgument {
    let value: Double

    init?(argument: String) {
        guard let value = Double(argument), value.isFinite, (0...1).contains(value) else { return nil }
        self.value = value
    }
}

/// A rate of events per day, 0 or more, such as `0.5`.
struct DailyRate: ExpressibleByArgument {
    let value: Double

    init?(argument: String) {
        guard let value = Double(argument), value.isFinite, value >= 0 else { return nil }
        self.value = value
    }
}

/// Two RFC 3339 instants with explicit offsets, `FROM/TO`, the first before the second.
struct InstantRange: ExpressibleByArgument {
    let range: Range<Date>

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let from = UTCFormat.parseRFC3339(String(parts[0])),
            let to = UTCFormat.parseRFC3339(String(parts[1])), from < to
        else { return nil }
        range = from..<to
    }
}

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay a range with the real push against an in-memory Auto Scaling group and check every exam start.",
        discussion: """
            Dates are local to the policy's zone; without --from/--to, the whole span of the stored \
            calendar. Every cron_interval_minutes the push runs (unless the run fails, --cron-outage-rate, \
            or the host is down, --cron-down) against a group that fires scheduled actions up to \
            --action-delay-max seconds late, boots instances in --boot-minutes, buys each launch as the \
            distribution then in force says and loses Spot instances at --spot-interruptions-per-day. \
            Nothing is written to the database: it is copied into memory first, and --late-changes files \
            are imported into that copy.
            """
    )

    @Option(help: ArgumentHelp("The policy file of the Auto Scaling group.", valueName: "file")) var policy: String
    @OptionGroup var dates: DateRangeOptions
    @Option(help: ArgumentHelp("The probability that a cron run fails without a call (0–1).", valueName: "P"))
    var cronOutageRate: Probability?
    @Option(help: ArgumentHelp("When the cron host is down: two RFC 3339 instants.", valueName: "FROM/TO"))
    var cronDown: InstantRange?
    @Option(help: ArgumentHelp("The most a scheduled action fires late, in seconds.", valueName: "seconds"))
    var actionDelayMax: Int = SimulationSettings.defaultActionDelayMax
    @Option(
        help: ArgumentHelp(
            "Minutes from launch to InService in the simulated fleet; default the policy's instance.boot_minutes "
                + "(the plan keeps the policy's).", valueName: "N"))
    var bootMinutes: Int?
    @Option(help: ArgumentHelp("Interruptions of each Spot instance per day.", valueName: "R"))
    var spotInterruptionsPerDay: DailyRate?
    @Option(
        help: ArgumentHelp(
            "A CSV of at,file,kind lines: at each instant the file is imported (kind exam or window) into the "
                + "simulation's copy of the calendar; relative paths are read from this file's folder.", valueName: "file"))
    var lateChanges: String?
    @Option(help: ArgumentHelp("The seed of every random draw.", valueName: "N")) var seed: UInt64 = 1
    @Option(help: "How to print the report.") var format: SimulationFormat = .table
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    var request: SimulationRequest {
        get throws {
            SimulationRequest(
                days: try dates.from.flatMap { from in try dates.to.map { try LocalDateRange(from: from, to: $0) } },
                cronOutageRate: cronOutageRate?.value ?? 0, cronDown: cronDown?.range, actionDelayMax: actionDelayMax,
                bootMinutes: bootMinutes, spotInterruptionsPerDay: spotInterruptionsPerDay?.value ?? 0,
                lateChanges: lateChanges, seed: seed)
        }
    }

    func validate() throws {
        if (dates.from == nil) != (dates.to == nil) { throw ValidationError("give both --from and --to, or neither") }
        if actionDelayMax < 0 { throw ValidationError("--action-delay-max is a number of seconds, 0 or more") }
        if let bootMinutes, !(0...1440).contains(bootMinutes) {
            throw ValidationError("--boot-minutes is a number of minutes from 0 to 1440")
        }
    }

    func run() throws {
        try runReportingErrors {
            let file = try PolicyLoader().load(path: policy)
            let database = try store.openForReading()
            let settings = try request.settings(policy: file.policy, store: database)
            let report = try Simulation(policy: file, settings: settings).run(store: database)
            try output.console.emit(format.renderer.render(report))
        }
    }
}
