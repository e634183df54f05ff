import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleReports
import TermscaleStore
import TermscaleTestSupport
import Testing

@testable import TermscaleKit

/// A simulation's push plans from its cache (`SimulationCalendar.planning`); the live push plans
/// from the store on every run. They must give the same report, run for run.
@Suite struct SimulationPlanningTests {
    /// The sample year, plus 700 seeded sessions in the January and May periods so that the
    /// busiest horizons need more changes than the 120 actions allowed (merged).
    static func store() throws -> (Policy, CalendarStore) {
        let (policy, exams, windows) = try SampleYearBudgetTests.sampleYear()
        var rng = SplitMix64(seed: 10)
        var generated: [CalendarEvent] = []
        for i in 0..<700 {
            let first = i % 2 == 0 ? utc("2027-01-11T00:00:00Z") : utc("2027-05-10T00:00:00Z")
            let start = first.addingTimeInterval(Double(rng.below(12)) * 86_400 + Double(8 * 60 + rng.below(9 * 12) * 5) * 60)
            generated.append(
                CalendarEvent(
                    kind: .exam, code: "GEN\(i)", title: "Generated \(i)", location: nil, start: start,
                    end: start.addingTimeInterval(Double([60, 90, 120, 180][rng.below(4)]) * 60),
                    candidates: 5 + rng.below(rng.below(8) == 0 ? 3_000 : 300), category: nil, source: "generated",
                    sourceLine: i + 2))
        }
        let store = try CalendarStore.inMemory()
        func source(_ name: String, _ kind: EventKind, _ events: [CalendarEvent]) -> SourceImport {
            SourceImport(
                name: name, kind: kind, format: .csv, path: name, sha256: String(repeating: "0", count: 64),
                importedAt: utc("2026-09-01T00:00:00Z"), events: events)
        }
        try store.replaceSources([
            source("year", .window, windows.map(CalendarEvent.init)), source("exams", .exam, exams.map(CalendarEvent.init)),
            source("generated", .exam, generated),
        ])
        return (policy, store)
    }

    @Test func theCachedPlanGivesTheLivePushsReportAtRandomInstants() throws {
        let (policy, store) = try Self.store()
        let file = PolicyFile(path: "policies/moodle-web.yaml", policy: policy)
        let calendar = try SimulationCalendar(copying: store, policy: policy)
        let group = InMemoryAutoScalingGroup(
            name: policy.autoScalingGroup, minSize: 2, maxSize: policy.capacity.max,
            mixedInstancesPolicy: PushTests.defaultMix, now: utc("2026-12-20T00:00:00Z"),
            fleet: .init(bootTime: 480, scaleInDelay: 900, actionDelayMax: 120, seed: 3))
        var rng = SplitMix64(seed: 20_270_111)
        // Instants in order, most of them in or before the busy periods.
        var instants: [Date] = []
        for _ in 0..<90 {
            let around = [
                utc("2026-12-28T00:00:00Z"), utc("2027-01-10T00:00:00Z"), utc("2027-04-28T00:00:00Z"),
                utc("2027-05-12T00:00:00Z"),
            ]
            instants.append(around[rng.below(4)].addingTimeInterval(Double(rng.below(14 * 288)) * 300))
        }
        var merged = 0
        var withChanges = 0
        for now in instants.sorted() {
            group.advance(to: now)
            func push(_ planning: PushPlanning?, dryRun: Bool) throws -> PushReport {
                var push = Push(policy: file, group: group, region: "eu-west-2", now: now, dryRun: dryRun, clock: { now })
                if let planning { push.planning = planning }
                return try planning == nil ? push.run(store: store) : push.run(calendar: calendar)
            }
            let live = try push(nil, dryRun: true)
            let cached = try push(calendar.planning, dryRun: true)
            if cached != live {
                let fields = Mirror(reflecting: live).children.map(\.label)
                let differ = zip(Mirror(reflecting: live).children, Mirror(reflecting: cached).children).enumerated()
                    .filter { "\($0.element.0.value)" != "\($0.element.1.value)" }.compactMap { fields[$0.offset] }
                Issue.record("at \(UTCFormat.rfc3339(now)) the cached plan's report differs in \(differ)")
                return
            }
            if live.warnings.contains(where: { $0.contains("merged into") }) { merged += 1 }
            if !(live.puts + live.updates).isEmpty || !live.deletes.isEmpty { withChanges += 1 }
            // Then push for real (from the cache, as a simulation does), so the group moves on.
            _ = try push(calendar.planning, dryRun: false)
        }
        #expect(merged >= 20, "busy horizons, merged into the budget, were compared")
        #expect(calendar.plannedFromCache >= 170 && calendar.plannedLive <= 10, "the cache answered")
        #expect(withChanges >= 30, "runs with something to write were compared")
    }
}

extension CalendarEvent {
    init(_ exam: ExamSession) {
        self.init(
            kind: .exam, code: exam.code, title: exam.title, location: exam.location, start: exam.start, end: exam.end,
            candidates: exam.candidates, category: nil, source: exam.source, sourceLine: exam.sourceLine)
    }

    init(_ window: CalendarWindow) {
        self.init(
            kind: .window, code: nil, title: window.title, location: nil, start: window.start, end: window.end, candidates: nil,
            category: window.category, source: window.source, sourceLine: window.sourceLine)
    }
}
