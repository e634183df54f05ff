import Foundation
import TermscaleReports

/// `termscale schedule`: the push's cron line or systemd units, every path made absolute.
public enum ScheduleSetup {
    /// The schedule for `policies` and the database at `database`, both resolved against
    /// `workingDirectory`, run by the executable at `executable` (resolved the same way).
    public static func make(
        executable: String, policies: [String], database: String, everyMinutes: Int, logFile: String,
        workingDirectory: String
    ) -> PushSchedule {
        func absolute(_ path: String) -> String {
            URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingDirectory, isDirectory: true))
                .standardizedFileURL.path
        }
        return PushSchedule(
            executable: absolute(executable), policies: policies.map(absolute), database: absolute(database),
            everyMinutes: everyMinutes, logFile: absolute(logFile))
    }

    /// This process's executable, as the kernel knows it (`/proc/self/exe`), else argv[0].
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
