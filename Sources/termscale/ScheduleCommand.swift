import ArgumentParser
import Foundation
import TermscaleKit
import TermscaleReports

extension ScheduleFormat: ExpressibleByArgument {}

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Print the cron line or systemd units that run push every few minutes on the admin instance.",
        discussion: "Every path is made absolute, so the job needs no HOME, login shell or working folder."
    )

    @OptionGroup var policies: PoliciesOptions
    @Option(help: ArgumentHelp("Minutes between pushes; must divide 60.", valueName: "minutes")) var every = 5
    @Option(help: "cron or systemd.") var format: ScheduleFormat = .cron
    @Option(help: ArgumentHelp("Where cron appends the output.", valueName: "file")) var log = "/var/log/termscale/push.log"
    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !(1...60).contains(every) || 60 % every != 0 {
            throw ValidationError("--every must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)")
        }
    }

    func run() throws {
        try runReportingErrors {
            let schedule = ScheduleSetup.make(
                executable: ScheduleSetup.currentExecutable, policies: policies.policy, database: try store.path(),
                everyMinutes: every,
                logFile: log, workingDirectory: FileManager.default.currentDirectoryPath)
            try output.console.emit(format.renderer.render(schedule))
        }
    }
}
