import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleReports

/// The replay loop of `Simulation` and what it counts.
struct SimulationRunState {
    let settings: SimulationSettings
    let policy: Policy
    let calendar: SimulationCalendar
    let group: InMemoryAutoScalingGroup
    var participants: [SimulationParticipant] = []
    /// API calls made outside the group (EventBridge Scheduler's).
    var extraCalls: () -> Int = { 0 }

    var sessions: [SimulationSession] = []
    /// Sessions short at their start, followed until covered or over: index into `sessions`.
    var watches: [Int] = []
    var runs = SimulationRuns(runs: 0, failed: 0, skipped: 0, changed: 0, withErrors: 0, apiCalls: 0)
    var applied: [SimulationLateChange] = []
    let initialInstances: Int

    init(settings: SimulationSettings, policy: Policy, calendar: SimulationCalendar, group: InMemoryAutoScalingGroup) {
        self.settings = settings
        self.policy = policy
        self.calendar = calendar
        self.group = group
        initialInstances = group.instances.count
    }

    /// Replays `settings.from..<settings.to`: `push` runs the push at a cron instant, `importing`
    /// applies a late change (see `Simulation` for the order of events at one instant).
    mutating func replay(
        push: (Date) throws -> PushReport, importing: (SimulationLateChange) throws -> Void
    ) throws {
        let (from, to) = (settings.from, settings.to)
        let interval = Int64(policy.limits.cronIntervalMinutes) * 60
        var tickIndex = (UTCFormat.seconds(from) + interval - 1) / interval
        var changes = settings.lateChanges.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map(\.element)[...]
        var done: Date?
        while true {
            let tick = UTCFormat.date(tickIndex * interval)
            let candidates: [Date?] = [
                tick, changes.first?.at, nextSessionStart(after: done),
                watches.isEmpty ? nil : participants.compactMap { $0.nextChange() }.min(),
                watches.map { sessions[$0].end }.min(),
            ]
            guard let now = candidates.compactMap({ $0 }).filter({ $0 >= from }).min(), now < to else { break }
            for participant in participants { participant.advance(now) }
            while let change = changes.first, change.at <= now {
                try importing(change)
                applied.append(change)
                changes.removeFirst()
            }
            if tick == now {
                try runCron(at: now, tick: tickIndex, push: push)
                tickIndex += 1
            }
            checkSessions(startingAt: now, after: done)
            followShortfalls(at: now)
            done = now
        }
    }

    /// The first session start after `instant` (from `settings.from` when nil), in the calendar
    /// as it is now.
    func nextSessionStart(after instant: Date?) -> Date? {
        let exams = calendar.planner.examSessions
        let index = SimulationCalendar.firstIndex(exams.count) { i in
            instant.map { exams[i].start > $0 } ?? (exams[i].start >= settings.from)
        }
        return index < exams.count ? exams[index].start : nil
    }

    mutating func runCron(at now: Date, tick: Int64, push: (Date) throws -> PushReport) throws {
        if let down = settings.cronDown, down.contains(now) {
            runs.skipped += 1
            return
        }
        runs.runs += 1
        var rng = SplitMix64(seed: settings.seed ^ 0x4352_4F4E ^ (UInt64(bitPattern: tick) &* 0x9E37_79B9_7F4A_7C15))
        if Double(rng.next() >> 11) / Double(UInt64(1) << 53) < settings.cronOutageRate {
            runs.failed += 1
            return
        }
        let report = try push(now)
        if report.outcome == .changed || report.outcome == .partlyApplied { runs.changed += 1 }
        if !report.errors.isEmpty { runs.withErrors += 1 }
    }

    /// Checks the sessions starting at `now` (those the calendar has now).
    mutating func checkSessions(startingAt now: Date, after done: Date?) {
        let exams = calendar.planner.examSessions
        var index = SimulationCalendar.firstIndex(exams.count) { exams[$0].start >= now }
        guard index < exams.count, exams[index].start == now else { return }
        let planner = calendar.planner
        let planned = planner.minSize(at: now)
        let since = planner.onDemandSince(now)
        let live = group.instances.filter { $0.inServiceAt <= now }
        let onDemand = live.filter { $0.market == .onDemand }.count
        let spotForExams = since.map { since in live.filter { $0.market == .spot && $0.launchedAt >= since }.count } ?? 0
        while index < exams.count, exams[index].start == now {
            let exam = exams[index]
            sessions.append(
                SimulationSession(
                    code: exam.code, title: exam.title, start: exam.start, end: exam.end, source: exam.source,
                    sourceLine: exam.sourceLine, planned: planned, inService: live.count, onDemand: onDemand,
                    spotExamCapacity: spotForExams, minutesShort: 0))
            if live.count < planned { watches.append(sessions.count - 1) }
            index += 1
        }
    }

    /// Closes each shortfall whose instances are in service by `now`, or whose session is over.
    mutating func followShortfalls(at now: Date) {
        guard !watches.isEmpty else { return }
        let inService = group.instances.filter { $0.inServiceAt <= now }.count
        watches.removeAll { i in
            let s = sessions[i]
            guard now > s.start, inService >= s.planned || now >= s.end else { return false }
            let seconds = min(now, s.end).timeIntervalSince(s.start)
            sessions[i].minutesShort = Int((seconds / 60).rounded(.up))
            return true
        }
    }

    /// The report, once the range is replayed.
    func report(policyFile: String) -> SimulationReport {
        let (from, to) = (settings.from, settings.to)
        var sessions = self.sessions
        // A shortfall still open at the end of the range: short until then.
        for i in watches {
            sessions[i].minutesShort = Int((min(to, sessions[i].end).timeIntervalSince(sessions[i].start) / 60).rounded(.up))
        }
        let instances = group.allInstances
        var onDemandSeconds: Int64 = 0
        var spotSeconds: Int64 = 0
        var changes: [Date: (onDemand: Int, spot: Int)] = [:]
        for instance in instances {
            let end = instance.terminatedAt ?? to
            let seconds = max(0, UTCFormat.seconds(min(end, to)) - UTCFormat.seconds(max(instance.launchedAt, from)))
            let isOnDemand = instance.market == .onDemand
            if isOnDemand { onDemandSeconds += seconds } else { spotSeconds += seconds }
            guard instance.inServiceAt < end else { continue }
            changes[max(instance.inServiceAt, from), default: (0, 0)].onDemand += isOnDemand ? 1 : 0
            changes[max(instance.inServiceAt, from), default: (0, 0)].spot += isOnDemand ? 0 : 1
            if end < to {
                changes[end, default: (0, 0)].onDemand -= isOnDemand ? 1 : 0
                changes[end, default: (0, 0)].spot -= isOnDemand ? 0 : 1
            }
        }
        var inService: [SimulationFleetStep] = []
        var (od, spot) = (0, 0)
        for (at, change) in changes.sorted(by: { $0.key < $1.key }) where at < to {
            (od, spot) = (od + change.onDemand, spot + change.spot)
            if inService.last?.onDemand != od || inService.last?.spot != spot {
                inService.append(.init(at: at, onDemand: od, spot: spot))
            }
        }
        let plan = calendar.planner.plan(from: from, to: to)
        var planned: [SimulationStep] = []
        for segment in plan.segments where planned.last?.value != segment.minSize {
            planned.append(.init(at: segment.start, value: segment.minSize))
        }
        var runs = self.runs
        runs.apiCalls = group.callCount + extraCalls()
        return SimulationReport(
            policyFile: policyFile, policy: policy, settings: settings, mixSwitch: policy.mix.switchedBy.rawValue,
            sessions: sessions, runs: runs,
            fleet: SimulationFleet(
                launches: instances.count - initialInstances, spotInterruptions: instances.filter(\.interrupted).count,
                line: CostModel.fleetLine(onDemandSeconds: onDemandSeconds, spotSeconds: spotSeconds, policy: policy)),
            planCost: CostModel.cost(of: plan, policy: policy, in: from..<to), planned: planned, inService: inService,
            lateChanges: applied)
    }
}
