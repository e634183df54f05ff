import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReports

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that each policy's group is ready for the plan now (read-only): the pre-flight before an exam.",
        discussion: """
            Checks MinSize against the plan now, the InService instances, the on-demand mix when the plan \
            needs it, the next raise and every scheduled action of the horizon, and the target-tracking \
            policy. Exit 0 when every check of every group passes, 1 otherwise (so cron or a monitoring \
            agent can page someone).
            """
    )

    @OptionGroup var policies: PoliciesOptions
    @Option(help: ArgumentHelp("The current instant; default the system clock.", valueName: "RFC3339")) var now: Instant?
    @Option(help: "How to print the report.") var format: OutputFormat = .table
    @OptionGroup var store: StoreOptions
    @OptionGroup var aws: AWSOptionGroup
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReportingErrors {
            let files = try policies.load()
            let reports = try Verify.checkAll(
                files, store: store.openForReading(), now: now?.date ?? Date(),
                connect: AWSSessionPool(make: aws.session(for:)).connect)
            try output.console.emit(format.verifyRenderer.render(reports))
            if !reports.allSatisfy(\.passed) { throw ExitCode.failure }
        }
    }
}
