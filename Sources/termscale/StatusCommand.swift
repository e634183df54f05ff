import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReports

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the policy's Auto Scaling group as AWS has it now (read-only).",
        discussion: """
            Sizes, instances, the Spot/on-demand mix, and the scheduled actions against AWS's quota \
            of 125. Exit 78 when no region or credentials can be found, 69 when AWS refuses or \
            cannot be reached after the retries.
            """
    )

    @Option(help: ArgumentHelp("The policy file of the Auto Scaling group.", valueName: "file")) var policy: String
    @Option(help: "How to print the report.") var format: OutputFormat = .table
    @OptionGroup var aws: AWSOptionGroup
    @OptionGroup var output: OutputOptions

    func run() throws {
        try runReportingErrors {
            let file = try PolicyLoader().load(path: policy)
            let status = try GroupStatus.read(aws.session(for: file.policy), policy: file.policy, now: Date())
            try output.console.emit(format.statusRenderer.render(status))
        }
    }
}
