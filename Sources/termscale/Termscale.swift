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
            read; 69 AWS refused a call or could not be reached after the retries; 74 the database cannot be opened or written; 78 no AWS region or credentials; 1 anything else.
            """,
        version: "0.1.0",
        subcommands: [ImportCommand.self, CalendarCommand.self, SourcesCommand.self, PlanCommand.self, PolicyCommand.self, StatusCommand.self]
    )
}

/// `--db`, shared by every command that touches the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The state database.",
        discussion: "Default: $TERMSCALE_DB, else $XDG_STATE_HOME/termscale/termscale.sqlite, else ~/.local/state/termscale/termscale.sqlite."))
    var db: String?

    func path() throws -> String {
        guard let path = DatabaseLocation.resolve(option: db, environment: ProcessInfo.processInfo.environment) else {
            throw ValidationError("No database location: pass --db PATH or set TERMSCALE_DB (HOME is not set).")
        }
        return path
    }
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

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
}

func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
