import Foundation
import TermscaleCore

/// The fleet's rules (see `InMemoryAutoScalingGroup`): what happens by itself, capacity,
/// launches, terminations and the seeded draws. Called with the group's lock held.
extension InMemoryAutoScalingGroup.State {
    /// Something the group does by itself at a given instant.
    enum Event {
        /// The scheduled action of that name fires.
        case action(String)
        /// The Spot instance of that id is interrupted.
        case interruption(String)
        /// Target tracking brings DesiredCapacity down to MinSize.
        case scaleIn
    }

    /// The earliest thing due, with actions `late` seconds behind their own delay; on a tie an
    /// action first (it was due first), then an interruption, then the scale-in.
    func nextEvent(late: TimeInterval) -> (time: Date, event: Event)? {
        var next: (time: Date, event: Event)?
        // Actions fire in start order: the next one is the first by start time (then name).
        if let action = actions.values.min(by: { Self.startOrder($0, $1) }) {
            let start = action.startTime ?? .distantPast
            let due =
                start == .distantPast
                ? start : start.addingTimeInterval(late + delay(of: action.name, startTime: start))
            next = (Swift.max(due, lastFired), .action(action.name))
        }
        for instance in instances {
            if let at = instance.interruptAt, next.map({ at < $0.time }) ?? true { next = (at, .interruption(instance.id)) }
        }
        if let at = scaleInAt, next.map({ at < $0.time }) ?? true { next = (at, .scaleIn) }
        return next
    }

    /// The actions in start order (then name).
    mutating func inStartOrder() -> [ScheduledActionDescription] {
        if let sorted = sortedActions { return sorted }
        let sorted = actions.values.sorted(by: Self.startOrder)
        sortedActions = sorted
        return sorted
    }

    static func startOrder(_ a: ScheduledActionDescription, _ b: ScheduledActionDescription) -> Bool {
        (a.startTime ?? .distantPast, a.name) < (b.startTime ?? .distantPast, b.name)
    }

    mutating func run(_ event: Event) {
        switch event {
        case .action(let name):
            guard let action = actions.removeValue(forKey: name) else { return }
            if let min = action.minSize { minSize = min }
            if let max = action.maxSize { maxSize = max }
            if let desired = action.desiredCapacity { desiredCapacity = desired }
            lastFired = now
            fired.append(action)
            setDesired(Swift.min(Swift.max(desiredCapacity, minSize), maxSize))
        case .interruption(let id):
            guard let index = instances.firstIndex(where: { $0.id == id }) else { return }
            retire(at: index, interrupted: true)
            launch(desiredCapacity - instances.count, bootTime: fleet.bootTime)
        case .scaleIn:
            scaleInAt = nil
            setDesired(Swift.min(desiredCapacity, minSize))
        }
    }

    /// MinSize as UpdateAutoScalingGroup (or a person) sets it: DesiredCapacity raised to it.
    mutating func setMinSize(_ value: Int) {
        minSize = value
        setDesired(Swift.max(desiredCapacity, value))
    }

    /// DesiredCapacity set, and the fleet brought to it: launches or terminations at once, and
    /// target tracking's scale-in timed from the moment it exceeds MinSize.
    mutating func setDesired(_ value: Int) {
        desiredCapacity = value
        if instances.count < value {
            launch(value - instances.count, bootTime: fleet.bootTime)
        } else if instances.count > value {
            terminate(instances.count - value)
        }
        if desiredCapacity <= minSize {
            scaleInAt = nil
        } else if scaleInAt == nil, let delay = fleet.scaleInDelay {
            scaleInAt = now.addingTimeInterval(delay)
        }
    }

    /// How many of `desired` instances the distribution wants on-demand: the base, then the
    /// percentage of the rest rounded up. All of them without a MixedInstancesPolicy.
    func onDemandShare(of desired: Int) -> Int {
        guard let d = mixedInstancesPolicy?.instancesDistribution else { return desired }
        let base = Swift.min(desired, d.onDemandBaseCapacity ?? 0)
        let above = Swift.max(0, desired - base)
        let percent = d.onDemandPercentageAboveBaseCapacity ?? 100
        return base + (above * percent + 99) / 100
    }

    /// Launches `count` instances at `now`, each bought as the distribution says given those
    /// already running.
    mutating func launch(_ count: Int, bootTime: TimeInterval) {
        guard count > 0 else { return }
        let wanted = onDemandShare(of: desiredCapacity)
        var onDemand = instances.filter { $0.market == .onDemand }.count
        for _ in 0..<count {
            let serial = launches
            launches += 1
            let market: InMemoryAutoScalingGroup.Market = onDemand < wanted ? .onDemand : .spot
            if market == .onDemand { onDemand += 1 }
            instances.append(
                InMemoryAutoScalingGroup.Instance(
                    id: "i-" + serial.zeroPadded(to: 8, radix: 16), market: market, launchedAt: now,
                    inServiceAt: now.addingTimeInterval(bootTime), terminatedAt: nil, interrupted: false,
                    interruptAt: market == .spot ? interruption(ofLaunch: serial) : nil))
        }
    }

    /// Terminates `count` instances: each from the purchase option above its share of the
    /// DesiredCapacity, the most recently launched of it.
    mutating func terminate(_ count: Int) {
        let wanted = onDemandShare(of: desiredCapacity)
        for _ in 0..<count {
            let onDemand = instances.filter { $0.market == .onDemand }.count
            let market: InMemoryAutoScalingGroup.Market = onDemand > wanted ? .onDemand : .spot
            let index = instances.lastIndex { $0.market == market } ?? instances.count - 1
            retire(at: index, interrupted: false)
        }
    }

    mutating func retire(at index: Int, interrupted: Bool) {
        var instance = instances.remove(at: index)
        instance.terminatedAt = now
        instance.interrupted = interrupted
        instance.interruptAt = nil
        retired.append(instance)
    }

    // MARK: Seeded draws

    /// How late the action of `name` starting at `startTime` fires: 0…`actionDelayMax` whole
    /// seconds, uniform, the same whenever it is asked.
    func delay(of name: String, startTime: Date) -> TimeInterval {
        let most = UInt64(Swift.max(0, fleet.actionDelayMax.rounded(.down)))
        guard most > 0 else { return 0 }
        var rng = SplitMix64(
            seed: fleet.seed ^ Self.fnv1a(name) ^ (UInt64(bitPattern: UTCFormat.seconds(startTime)) &* 0x9E37_79B9_7F4A_7C15))
        return TimeInterval(rng.next() % (most + 1))
    }

    /// When the Spot instance of launch number `serial` is interrupted: an exponential time with
    /// rate `spotInterruptionsPerDay` after now; nil when the rate is 0.
    func interruption(ofLaunch serial: Int) -> Date? {
        guard fleet.spotInterruptionsPerDay > 0 else { return nil }
        var rng = SplitMix64(seed: fleet.seed ^ 0x5350_4F54 ^ (UInt64(serial) &* 0xBF58_476D_1CE4_E5B9))
        let uniform = Double(rng.next() >> 11) / Double(UInt64(1) << 53)
        let days = -log1p(-uniform) / fleet.spotInterruptionsPerDay
        return now.addingTimeInterval((days * 86_400).rounded())
    }

    /// FNV-1a, 64 bits: a stable hash of a name (Swift's own is seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
