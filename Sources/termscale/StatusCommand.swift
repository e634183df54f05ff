import ArgumentParser
import Foundation
import Logging
import TermscaleKit

/// `--region`, `--profile`, `--endpoint-url`, `--allow-insecure-endpoint`, `--verbose`: shared by
/// every command that talks to AWS.
struct AWSOptionGroup: ParsableArguments {
    @Option(help: "AWS region; default: the policy's, AWS_REGION, AWS_DEFAULT_REGION, the profile, the instance.") var region: String?
    @Option(help: "Profile of ~/.aws/credentials and ~/.aws/config; default AWS_PROFILE, else default.") var profile: String?
    @Option(help: "Auto Scaling endpoint; default AWS_ENDPOINT_URL_AUTO_SCALING, AWS_ENDPOINT_URL, the regional one.") var endpointURL: String?
    @Flag(help: "Allow plain http:// to an endpoint that is not a loopback address.") var allowInsecureEndpoint = false
    @Flag(help: "Log every AWS call (action, status, request id, retries) to stderr; never secrets.") var verbose = false

    var options: AWSOptions {
        AWSOptions(region: region, profile: profile, endpointURL: endpointURL, allowInsecureEndpoint: allowInsecureEndpoint)
    }

    var logger: Logger {
        var logger = Logger(label: "termscale.aws") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }
}

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

    @Option(help: "The policy file of the Auto Scaling group.") var policy: String
    @OptionGroup var aws: AWSOptionGroup

    func run() throws {
        try runReportingErrors {
            let policy = try PlanPreview().loadPolicy(path: self.policy)
            let session = try AWSSession.make(policy: policy, options: aws.options,
                                              environment: ProcessInfo.processInfo.environment, logger: aws.logger)
            let status = try GroupStatus.read(session, policy: policy)
            printOut(status.render(session: session, now: Date()))
        }
    }
}
