import ArgumentParser
import Foundation
import Logging
import TermscaleCore
import TermscaleKit
import TermscaleStore

/// `--db`, shared by every command that touches the store.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The state database.",
            discussion:
                "Default: $TERMSCALE_DB, else $XDG_STATE_HOME/termscale/termscale.sqlite, else ~/.local/state/termscale/termscale.sqlite.",
            valueName: "path"))
    var db: String?

    func path() throws -> String {
        guard let path = DatabaseLocation.resolve(option: db, environment: ProcessInfo.processInfo.environment) else {
            throw ValidationError("No database location: pass --db PATH or set TERMSCALE_DB (HOME is not set).")
        }
        return path
    }

    /// The database for reading: an empty one when the file does not exist yet (never created).
    func openForReading() throws -> CalendarStore { try StoreAccess.openForReading(path: path()) }
}

/// `--policy FILE`, one or more: the groups a command works on.
struct PoliciesOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A policy file; repeat for several groups.", valueName: "file")) var policy: [String]

    func validate() throws {
        if policy.isEmpty { throw ValidationError("give at least one --policy") }
    }

    /// Every policy, read and validated.
    func load() throws -> [PolicyFile] { try policy.map { try PolicyLoader().load(path: $0) } }
}

/// `--from` and `--to` as local dates, either or both; `--to` is exclusive and after `--from`.
struct DateRangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First local date, inclusive.", valueName: "YYYY-MM-DD")) var from: CivilDate?
    @Option(help: ArgumentHelp("Local date to stop before (exclusive).", valueName: "YYYY-MM-DD")) var to: CivilDate?

    func validate() throws {
        do { try LocalDateRange.validate(from: from, to: to) } catch { throw ValidationError(error.description) }
    }
}

/// `--output`, shared by every command that prints a report.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    var console: Console { Console(outputPath: output, environment: ProcessInfo.processInfo.environment) }
}

/// `--region`, `--profile`, `--endpoint-url`, `--allow-insecure-endpoint`, `--verbose`: shared by
/// every command that talks to AWS.
struct AWSOptionGroup: ParsableArguments {
    @Option(help: "AWS region; default: the policy's, AWS_REGION, AWS_DEFAULT_REGION, the profile, the instance.") var region:
        String?
    @Option(help: "Profile of ~/.aws/credentials and ~/.aws/config; default AWS_PROFILE, else default.") var profile: String?
    @Option(
        help: ArgumentHelp(
            "AWS endpoint for every call (Auto Scaling; EC2 for cost --spot-price aws); default "
                + "AWS_ENDPOINT_URL_AUTO_SCALING (or _EC2), AWS_ENDPOINT_URL, the regional one."))
    var endpointURL: String?
    @Flag(help: "Allow plain http:// to an endpoint that is not a loopback address.") var allowInsecureEndpoint = false
    @Flag(help: "Log every AWS call (action, status, request id, retries) to stderr; never secrets.") var verbose = false

    /// A session for `policy`'s group, resolved from these options and the environment.
    func session(for policy: Policy) throws -> AWSSession {
        var logger = Logger(label: "termscale.aws") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        let options = AWSOptions(
            region: region, profile: profile, endpointURL: endpointURL,
            allowInsecureEndpoint: allowInsecureEndpoint)
        let session = try AWSSession.make(
            policy: policy, options: options, environment: ProcessInfo.processInfo.environment, logger: logger)
        try session.requireCredentials()
        return session
    }
}
