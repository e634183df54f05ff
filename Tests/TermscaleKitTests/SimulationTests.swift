import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleReports
import TermscaleStore
import TermscaleTestSupport
import Testing

@testable import TermscaleKit

/// The simulation on the push tests' calendar and policy: MGMT1001 (3,800 candidates,
/// 09:30–11:30Z on Tue 12 Jan 2027) raised to MinSize 21 from 08:45 to 11:45, PHYS2001 (120,
/// 14:00–15:30Z) to 3 from 13:15 to 15:45; min 2, one on-demand instance then all Spot; instances
/// boot in 5 minutes; cron every 5 minutes.
@Suite struct SimulationTests {
    static func simulate(_ settings: SimulationSettings, policy: PolicyFile = PushTests.file) throws -> SimulationReport {
        try Simulation(policy: policy, settings: settings).run(store: PushTests.store())
    }

    static func day(_ settings: (inout SimulationSettings) -> Void = { _ in }) -> SimulationSettings {
        var s = SimulationSettings(from: utc("2027-01-12T00:00:00Z"), to: utc("2027-01-13T00:00:00Z"))
        settings(&s)
        return s
    }

    @Test func withCronWorkingEveryStartIsCoveredOnDemand() throws {
        let r = try Self.simulate(Self.day())
        #expect(r.sessions.map(\.label) == ["MGMT1001", "PHYS2001"])
        #expect(r.sessions.map(\.planned) == [21, 3])
        #expect(r.sessions.map(\.inService) == [21, 3])
        #expect(r.covered == 2 && r.coveredOnDemand == 2)
        // MGMT1001's 19 extra instances launched on-demand: the mix switched at 08:35 (10 minutes
        // before the raise), so 20 of the 21 are on-demand; the floor's second instance is Spot.
        #expect(r.sessions[0].onDemand == 20)
        // 288 runs of three reads; writes: the first run's actions and target-tracking policy, the
        // mix switched four times (to on-demand and back, for each exam), and MinSize set by the
        // runs at 08:45 and 13:15, whose raise fires a few seconds late (the push repairs it).
        #expect(r.runs == SimulationRuns(runs: 288, failed: 0, skipped: 0, changed: 7, withErrors: 0, apiCalls: 864 + 2 + 4 + 2))
        #expect(r.fleet.launches == 20)
    }

    @Test func aFleetSlowerThanThePrewarmIsShortByExactlyTheDifference() throws {
        // Launched at the 08:45 raise (by the action, or by the push at 08:45 if the action is
        // late), in service 50 minutes later: 09:35, five minutes after MGMT1001 starts.
        let r = try Self.simulate(Self.day { $0.bootMinutes = 50 })
        #expect(r.shortfalls.map(\.label) == ["MGMT1001", "PHYS2001"])
        #expect(r.shortfalls.map(\.minutesShort) == [5, 5])
        #expect(r.shortfalls.map(\.inService) == [2, 2])
        // The plan keeps the policy's boot time; the report says which one the fleet used.
        #expect(r.bootMinutes == 50 && r.policy.instance.bootMinutes == 5)
    }

    @Test func withTheCronHostDownAfterOnePushTheExamCapacityLaunchesOnSpot() throws {
        let r = try Self.simulate(Self.day { $0.cronDown = utc("2027-01-12T00:01:00Z")..<utc("2027-01-13T00:00:00Z") })
        #expect(r.runs.runs == 1 && r.runs.skipped == 287)
        // The raises still run (they are scheduled actions), on the policy's mix: one on-demand
        // instance, all the rest Spot.
        #expect(r.covered == 2 && r.coveredOnDemand == 0)
        #expect(r.onSpot.map(\.label) == ["MGMT1001", "PHYS2001"])
        #expect(r.onSpot.map(\.spotExamCapacity) == [19, 1])
        #expect(r.onSpot.map(\.onDemand) == [1, 1])
    }

    @Test func outagesAreDrawnPerTickFromTheSeed() throws {
        let a = try Self.simulate(Self.day { $0.cronOutageRate = 0.5 })
        let b = try Self.simulate(Self.day { $0.cronOutageRate = 0.5 })
        let c = try Self.simulate(Self.day { ($0.cronOutageRate, $0.seed) = (0.5, 2) })
        #expect(a == b)
        #expect(a.runs.failed != c.runs.failed)
        #expect((110...178).contains(a.runs.failed), "about half of 288: \(a.runs.failed)")
        // Every run the outage spared made its three reads.
        #expect(a.runs.apiCalls >= 3 * (a.runs.runs - a.runs.failed))
    }

    @Test func aQuietDayCostsTheFloorExactly() throws {
        // No exam on Wed 13 Jan: two instances all day, one on-demand (the base) and one Spot.
        let r = try Self.simulate(
            SimulationSettings(from: utc("2027-01-13T00:00:00Z"), to: utc("2027-01-14T00:00:00Z")))
        #expect(r.sessions.isEmpty && r.fleet.launches == 0)
        #expect(r.fleet.line.onDemandHours == 24 && r.fleet.line.spotHours == 24)
        #expect(r.fleet.line.cost.roundedToCents == Decimal(string: "5.36")) // 24 × 0.1632 + 24 × 0.06
        #expect(r.planCost.hours == 48)
        #expect(r.inService == [SimulationFleetStep(at: utc("2027-01-13T00:00:00Z"), onDemand: 1, spot: 1)])
    }

    @Test func spotInterruptionsAreReplacedAndCounted() throws {
        let r = try Self.simulate(Self.day { ($0.spotInterruptionsPerDay, $0.seed) = (6, 3) })
        #expect(r.fleet.spotInterruptions > 0)
        #expect(r.covered == 2)
    }

    @Test func aLateChangeIsImportedIntoTheCopyNeverTheUsersDatabase() throws {
        let folder = try TemporaryFolder()
        let late = folder.path("late.csv")
        try Data(
            """
            Exam Date,Start Time,Duration,Module Code,Module Title,No. of Candidates
            12/01/2027,16:00,1h,LATE1001,Added late,600

            """.utf8
        ).write(to: URL(fileURLWithPath: late))
        let store = try PushTests.store()
        let settings = Self.day {
            $0.lateChanges = [.init(at: utc("2027-01-12T15:40:00Z"), path: late, kind: .exam, listedIn: "changes.csv", line: 2)]
            $0.bootMinutes = 25
        }
        let r = try Simulation(policy: PushTests.file, settings: settings).run(store: store)
        // Added 20 minutes before its start: the push at 15:40 raises MinSize at once, and the
        // instances come into service at 16:05.
        let added = try #require(r.sessions.first { $0.label == "LATE1001" })
        #expect(added.planned == 5 && added.inService == 2 && added.minutesShort == 5)
        #expect(r.lateChanges.count == 1)
        #expect(try store.sources().map(\.name) == ["jan.csv"], "the user's database is untouched")
    }
}
