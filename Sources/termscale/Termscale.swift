import ArgumentParser
import Foundation
import TermscaleKit

@main
struct Termscale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "termscale",
        abstract: "Turn a university's academic calendar into EC2 Auto Scaling behaviour.",
        discussion: """
            Exit codes: 0 success; 64 bad command-line usage; 65 bad input data (every problem is \
            listed as FILE:LINE: field: message, and nothing is stored); 66 an input file cannot be \
            read; 69 AWS refused a call or could not be reached after the retries; 73 the report cannot be written to --output; 74 the database cannot be opened, read or written; 75 another push holds the push lock (try again later); 78 no AWS region or credentials; 1 anything else.
            """,
        version: "0.1.0",
        subcommands: [
            ImportCommand.self, CalendarCommand.self, SourcesCommand.self, PlanCommand.self, PolicyCommand.self,
            StatusCommand.self, PushCommand.self, VerifyCommand.self, HistoryCommand.self, ScheduleCommand.self, CostCommand.self,
            SimulateCommand.self,
        ]
    )
}

/// Runs `body`, turning termscale's errors into a message on stderr and the documented exit code.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        guard let failure = TermscaleError(reporting: error) else { throw error }
        printError(failure.description)
        throw ExitCode(failure.exitCode)
    }
}
