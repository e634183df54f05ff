import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReports

extension PlanFormat: ExpressibleByArgument {}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Preview the capacity plan and the scheduled actions for a week.",
        discussion: """
            Dates are local to the policy's time zone; --from is inclusive, --to exclusive. Without \
            --week or --from, the seven days from today (in the policy's zone) are shown. The actions \
            are those a push would schedule for the MinSize changes inside the range.
            """
    )

    @Option(help: "The policy file of the Auto Scaling group.") var policy: String
    @Option(help: "An ISO week, e.g. 2027-W02.") var week: String?
    @Option(help: "First local date (YYYY-MM-DD), inclusive.") var from: String?
    @Option(help: "Local date (YYYY-MM-DD) to stop before; default --from + 7 days.") var to: String?
    @Option(help: "The current instant (RFC 3339, e.g. 2027-01-04T12:00:00Z); default the system clock.") var now: String?
    @Option(help: "table, json or html.") var format: PlanFormat = .table
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var store: StoreOptions

    func range() throws -> PlanRange {
        if let week {
            guard let monday = CivilDate.parseISOWeek(week) else {
                throw ValidationError("--week: '\(week)' is not an ISO week such as 2027-W02")
            }
            return .week(monday: monday)
        }
        if let from {
            let first = try parseDate(from, option: "--from")
            let end = try to.map { try parseDate($0, option: "--to") } ?? first.adding(days: 7)
            guard first < end else {
                throw ValidationError("--to (\(end)) must be after --from (\(first)); --to is exclusive")
            }
            return .dates(from: first, to: end)
        }
        return .comingWeek
    }

    func instant() throws -> Date {
        guard let now else { return Date() }
        guard let date = UTCFormat.parseRFC3339(now) else {
            throw ValidationError("--now: '\(now)' is not an RFC 3339 instant such as 2027-01-04T12:00:00Z")
        }
        return date
    }

    func validate() throws {
        if week != nil && (from != nil || to != nil) { throw ValidationError("give --week or --from/--to, not both") }
        if to != nil && from == nil { throw ValidationError("--to needs --from") }
        _ = try range()
        _ = try instant()
    }

    func run() throws {
        try runReportingErrors {
            let preview = PlanPreview()
            let policy = try preview.loadPolicy(path: self.policy)
            let env = ProcessInfo.processInfo.environment
            let report = try preview.report(
                policy: policy, policyFile: self.policy, store: StoreAccess.openForReading(path: store.path()),
                range: range(), now: instant(),
                abbreviation: SystemZoneAbbreviations.lookup(identifier: policy.timezone, environment: env))
            let color = output == nil && isatty(STDOUT_FILENO) == 1 && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
            let text = format.renderer(color: color).render(report)
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                } catch {
                    throw TermscaleError.storage(path: output, reason: "cannot write: \(error.localizedDescription)")
                }
            } else {
                printOut(text)
            }
            if report.warnings.count > 0 && format != .table && output == nil {
                // Table output lists them already; other formats also say so on stderr.
                for w in report.warnings { printError("warning: \(w)") }
            }
        }
    }
}
