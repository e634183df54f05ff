import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReports

extension PushFormat: ExpressibleByArgument {}

struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract:
            "Reconcile each policy's Auto Scaling group with the plan: scheduled actions, MinSize now, mix, target tracking.",
        discussion: """
            Reads the live group, compares it with the plan and writes only the difference; a push with \
            nothing to change makes no write call. Every run is recorded (termscale history). Exit 0 when \
            every group is in sync (changed or not), 1 when every group failed, 2 when some changes were \
            applied and some were not (the next push repairs the rest), 75 when another push holds the \
            lock past --lock-timeout.
            """
    )

    @OptionGroup var policies: PoliciesOptions
    @Flag(help: "Read everything and print the diff; write nothing.") var dryRun = false
    @Option(help: ArgumentHelp("The current instant; default the system clock.", valueName: "RFC3339")) var now: Instant?
    @Option(help: ArgumentHelp("Days ahead to schedule; default the policy's limits.horizon_days.", valueName: "days"))
    var horizon: Int?
    @Option(help: ArgumentHelp("Seconds to wait for another push to finish before exiting 75.", valueName: "seconds"))
    var lockTimeout: Double = PushLock.defaultTimeout
    @Option(help: "How to print the report.") var format: PushFormat = .text
    @OptionGroup var store: StoreOptions
    @OptionGroup var aws: AWSOptionGroup
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let horizon, !(1...366).contains(horizon) { throw ValidationError("--horizon must be 1–366 days, is \(horizon)") }
        if !(0...3600).contains(lockTimeout) { throw ValidationError("--lock-timeout must be 0–3600 seconds") }
    }

    func run() throws {
        try runReportingErrors {
            let files = try policies.load()
            let reports = try Push.runAll(
                files, databasePath: store.path(), now: now?.date ?? Date(), horizonDays: horizon, dryRun: dryRun,
                lockTimeout: lockTimeout, connect: AWSSessionPool(make: aws.session(for:)).connect)
            try output.console.emit(format.renderer.render(reports))
            if Push.exitCode(reports) != 0 { throw ExitCode(Push.exitCode(reports)) }
        }
    }
}
