import ArgumentParser
import TermscaleCore
import TermscaleKit
import TermscaleReports

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Work with policy files.",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a policy file and print it resolved, defaults filled in.",
            discussion: "Every problem is printed as FILE:LINE: key.path: message; the exit code is then 65."
        )

        @Argument(help: "The policy file.") var file: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            try runReportingErrors {
                try output.console.emit(PolicyRenderer().render(PolicyLoader().load(path: file)))
            }
        }
    }
}
