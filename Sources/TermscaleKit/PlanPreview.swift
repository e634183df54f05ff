import Foundation
import TermscaleCore
import TermscaleReaders
import TermscaleReports
import TermscaleStore

/// Which days `termscale plan` shows.
public enum PlanRange: Sendable, Equatable {
    /// Seven days from the local date of `now` (the default).
    case comingWeek
    /// The ISO week starting on this Monday (`--week 2027-W02`).
    case week(monday: CivilDate)
    /// `--from` (inclusive) to `--to` (exclusive), local dates.
    case dates(from: CivilDate, to: CivilDate)

    /// The first day and the day after the last, local to `zone`.
    public func days(now: Date, zone: any ZoneRules) -> (CivilDate, CivilDate) {
        switch self {
        case .comingWeek:
            let today = ZoneLabel(zone: zone).local(now).date
            return (today, today.adding(days: 7))
        case .week(let monday): return (monday, monday.adding(days: 7))
        case let .dates(from, to): return (from, to)
        }
    }
}

/// `termscale plan`: the capacity plan of a range of days, the scheduled actions that carry it
/// out, and the sessions behind them.
public struct PlanPreview: Sendable {
    public var readFile: @Sendable (String) throws -> [UInt8]

    public init(readFile: @escaping @Sendable (String) throws -> [UInt8] = Importer.readFromDisk) {
        self.readFile = readFile
    }

    /// Reads and validates a policy file.
    /// - Throws: `TermscaleError.invalidInput` listing every problem with its line and key path.
    public func loadPolicy(path: String) throws -> Policy {
        let bytes = try readFile(path)
        do {
            return try PolicyReader.read(bytes, file: path)
        } catch let error as DiagnosticsError {
            throw TermscaleError.invalidInput(error)
        }
    }

    /// Plans `range` for `policy` from the events in `store`, as of `now`.
    ///
    /// The actions are those a push would schedule for the MinSize changes inside the range: the
    /// plan is compiled from just before `max(now, from)` to `to`, within the policy's budget.
    public func report(policy: Policy, policyFile: String, store: CalendarStore, range: PlanRange, now: Date,
                       abbreviation: @escaping @Sendable (Int) -> String? = { _ in nil }) throws -> PlanReport {
        guard let zone = IANAZone(identifier: policy.timezone) else {
            throw TermscaleError.usage("\(policyFile): timezone '\(policy.timezone)' is not an IANA zone")
        }
        let (firstDay, endDay) = range.days(now: now, zone: zone)
        guard firstDay < endDay else {
            throw TermscaleError.usage("--to (\(endDay)) must be after --from (\(firstDay)); --to is exclusive")
        }
        let from = CalendarQuery.startOfDay(firstDay, in: zone)
        let to = CalendarQuery.startOfDay(endDay, in: zone)

        // Sessions whose raised period can reach into the range: pre-warm is at most an hour,
        // hold and extra time are bounded by the session itself, so two days either side and the
        // store's overlap query cover them all.
        let margin: TimeInterval = 2 * 86_400
        let events = try store.events(from: from.addingTimeInterval(-margin), to: to.addingTimeInterval(margin))
        let exams = events.compactMap(\.exam)
        let windows = events.compactMap(\.window)

        let plan = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from, to: to)
        // Compile from a day before the range so a change at its very first instant is an action.
        let compileFrom = max(now, from.addingTimeInterval(-1))
        let widePlan = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy,
                                            from: min(compileFrom, from).addingTimeInterval(-86_400), to: to)
        let schedule = ActionCompiler.compile(plan: widePlan, policy: policy, now: compileFrom, horizonEnd: to)

        var warnings = plan.warnings
        let horizonEnd = now.addingTimeInterval(TimeInterval(policy.limits.horizonDays) * 86_400)
        if let beyond = schedule.actions.first(where: { $0.startTime >= horizonEnd }) {
            warnings.append("actions from \(UTCFormat.rfc3339(beyond.startTime)) are beyond the \(policy.limits.horizonDays)-day push horizon from now (\(UTCFormat.rfc3339(now))): a push now schedules only those before \(UTCFormat.rfc3339(horizonEnd))")
        }
        if to <= now {
            warnings.append("the whole range is in the past: no action can be scheduled for it")
        }

        let prewarm = TimeInterval(policy.exams.prewarmMinutes * 60)
        let shown = exams.filter { exam in
            let duration = exam.end.timeIntervalSince(exam.start)
            let released = exam.end.addingTimeInterval(duration * Double(policy.exams.extraTimePercent) / 100
                                                       + Double(policy.exams.holdAfterMinutes * 60))
            return exam.start.addingTimeInterval(-prewarm) < to && released > from
        }
        return PlanReport(
            policy: policy, policyFile: policyFile, label: ZoneLabel(zone: zone, abbreviation: abbreviation),
            from: from, to: to, now: now, plan: plan, schedule: schedule, exams: shown,
            windows: windows.filter { $0.start < to && $0.end > from }, warnings: warnings)
    }
}
