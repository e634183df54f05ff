import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleTestSupport
import Testing

/// The in-memory group's fleet: launches, boots, purchase options, scale-in, Spot interruptions
/// and late actions, as `InMemoryAutoScalingGroup` documents them.
@Suite struct InMemoryFleetTests {
    /// One on-demand instance, then 25 % on-demand above it.
    static func mix(percent: Int = 25) -> MixedInstancesPolicy {
        MixedInstancesPolicy(
            launchTemplate: .init(id: "lt-0123", version: "$Latest"), overrides: [.init(instanceType: "c6i.xlarge")],
            instancesDistribution: .init(
                onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: percent,
                spotAllocationStrategy: "price-capacity-optimized"))
    }

    static func group(_ fleet: InMemoryAutoScalingGroup.Fleet, minSize: Int = 2) -> InMemoryAutoScalingGroup {
        InMemoryAutoScalingGroup(
            name: "moodle-web", minSize: minSize, maxSize: 40, mixedInstancesPolicy: mix(), now: utc("2027-01-12T08:00:00Z"),
            fleet: fleet)
    }

    static func markets(_ group: InMemoryAutoScalingGroup) -> String {
        group.instances.map { $0.market == .onDemand ? "D" : "S" }.joined()
    }

    static func states(_ group: InMemoryAutoScalingGroup) throws -> [String: Int] {
        let described = try #require(try group.describeGroup())
        return Dictionary(grouping: described.instances, by: { $0.lifecycleState ?? "-" }).mapValues(\.count)
    }

    @Test func aRaisedMinSizeLaunchesTheDifferenceWhichComesIntoServiceAfterItsBoot() throws {
        let group = Self.group(.init(bootTime: 8 * 60))
        // The starting two: in service at once, on-demand (1 base + ⌈1 × 25 %⌉ = 2 of 2).
        #expect(Self.markets(group) == "DD")
        #expect(try Self.states(group) == ["InService": 2])

        group.advance(to: utc("2027-01-12T08:45:00Z"))
        try group.updateGroup(minSize: 10, mixedInstancesPolicy: nil)
        #expect(group.desiredCapacity == 10)
        // 10 wanted: 1 + ⌈9 × 25 / 100⌉ = 4 on-demand, so 2 more on-demand, then 6 Spot.
        #expect(Self.markets(group) == "DDDDSSSSSS")
        #expect(try Self.states(group) == ["InService": 2, "Pending": 8])
        #expect(group.nextChange == utc("2027-01-12T08:53:00Z"))
        group.advance(to: utc("2027-01-12T08:52:59Z"))
        #expect(try Self.states(group) == ["InService": 2, "Pending": 8])
        group.advance(to: utc("2027-01-12T08:53:00Z"))
        #expect(try Self.states(group) == ["InService": 10])
        #expect(group.instances.map(\.id).last == "i-00000009")
    }

    @Test func aChangedDistributionAppliesToNewLaunchesOnly() throws {
        let group = Self.group(.init())
        try group.updateGroup(minSize: 6, mixedInstancesPolicy: nil)
        #expect(Self.markets(group) == "DDDSSS") // 1 + ⌈5 × 25 %⌉ = 3
        // 100 % on-demand above base and MinSize 9 in one call: the new three are on-demand, the
        // Spot three stay.
        try group.updateGroup(minSize: 9, mixedInstancesPolicy: Self.mix(percent: 100))
        #expect(Self.markets(group) == "DDDSSSDDD")
    }

    @Test func targetTrackingScalesInToMinSizeFifteenMinutesLaterTheOverRepresentedOptionFirst() throws {
        let group = Self.group(.init(scaleInDelay: InMemoryAutoScalingGroup.Fleet.targetTrackingScaleIn))
        try group.updateGroup(minSize: 6, mixedInstancesPolicy: Self.mix(percent: 100))
        #expect(Self.markets(group) == "DDDDDD")
        try group.updateGroup(minSize: 2, mixedInstancesPolicy: Self.mix(percent: 0))
        // Lowering MinSize leaves DesiredCapacity where it was, for now.
        #expect(group.desiredCapacity == 6)
        #expect(group.nextChange == utc("2027-01-12T08:15:00Z"))
        group.advance(to: utc("2027-01-12T08:14:59Z"))
        #expect(group.instances.count == 6)
        group.advance(to: utc("2027-01-12T08:15:00Z"))
        #expect(group.desiredCapacity == 2)
        // All on-demand, 1 wanted: the newest go first.
        #expect(group.instances.map(\.id) == ["i-00000000", "i-00000001"])
        #expect(group.allInstances.filter { $0.terminatedAt == utc("2027-01-12T08:15:00Z") }.count == 4)
    }

    @Test func withoutAScaleInDelayDesiredCapacityStaysUp() throws {
        let group = Self.group(.init())
        try group.updateGroup(minSize: 6, mixedInstancesPolicy: nil)
        try group.updateGroup(minSize: 2, mixedInstancesPolicy: nil)
        group.advance(to: utc("2027-01-13T08:00:00Z"))
        #expect(group.desiredCapacity == 6 && group.instances.count == 6)
        #expect(group.nextChange == nil)
    }

    @Test func spotInterruptionsAreReplacedAndBootAgainTheSameForTheSameSeed() throws {
        func run(seed: UInt64) throws -> [InMemoryAutoScalingGroup.Instance] {
            let group = Self.group(.init(bootTime: 600, spotInterruptionsPerDay: 24, seed: seed))
            try group.updateGroup(minSize: 6, mixedInstancesPolicy: nil)
            group.advance(to: utc("2027-01-12T20:00:00Z"))
            #expect(group.instances.count == 6)
            return group.allInstances
        }
        let instances = try run(seed: 7)
        let interrupted = instances.filter(\.interrupted)
        #expect(interrupted.count > 10, "24 a day for each of 3 Spot instances over 12 hours")
        #expect(interrupted.allSatisfy { $0.market == .spot })
        // Each interruption launches its replacement at that instant, booting again; the
        // distribution (3 on-demand of 6) makes it Spot.
        for gone in interrupted {
            let replacement = instances.first { $0.launchedAt == gone.terminatedAt && $0.id > gone.id }
            #expect(replacement?.market == .spot)
            #expect(replacement?.inServiceAt == gone.terminatedAt?.addingTimeInterval(600))
        }
        #expect(instances.filter { $0.market == .onDemand }.allSatisfy { $0.terminatedAt == nil })
        #expect(try run(seed: 7) == instances)
        #expect(try run(seed: 8) != instances)
    }

    @Test func actionsFireUpToTheMaximumDelayLateAndInStartOrder() throws {
        let group = Self.group(.init(actionDelayMax: 120, seed: 1))
        let starts = (0..<40).map { utc("2027-01-12T09:00:00Z").addingTimeInterval(Double($0) * 60) }
        let failures = try group.putScheduledActions(
            starts.enumerated().map { i, start in .init(name: "a-\(i)", startTime: start, minSize: 2 + i % 5) })
        #expect(failures.isEmpty)
        var fired: [(name: String, at: Date)] = []
        while let next = group.nextChange, next < utc("2027-01-12T10:00:00Z") {
            let before = group.firedActions.count
            group.advance(to: next)
            fired += group.firedActions.dropFirst(before).map { ($0.name, next) }
        }
        #expect(fired.map(\.name) == (0..<40).map { "a-\($0)" })
        let delays = zip(fired, starts).map { $0.at.timeIntervalSince($1) }
        #expect(delays.allSatisfy { (0...120).contains($0) })
        #expect(Set(delays).count > 10, "the delays vary")
        #expect(delays.allSatisfy { $0 == $0.rounded() }, "whole seconds")
    }
}
