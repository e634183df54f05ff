import Foundation
import TermscaleCore

/// EventBridge Scheduler in memory, behaving as AWS does where moto does not: it refuses what
/// AWS refuses (a name or group name outside 1–64 `[0-9a-zA-Z-_.]`, a second schedule of one name,
/// a schedule in a group that does not exist, an `at` already past on its clock, a missing or
/// malformed role ARN, an input that is not JSON, a description over 512 characters), and it fires
/// its schedules: `advance(to:delay:)` hands each due schedule's decoded input to the target given
/// at `init` (the simulation connects it to `InMemoryAutoScalingGroup.updateGroup`), then deletes
/// the schedule, as `ActionAfterCompletion: DELETE` does. Faults can be injected per operation.
///
/// A past `at`: the API reference does not say; practitioners report CreateSchedule refusing a
/// one-time schedule whose time has passed, and a schedule AWS did accept would fire at once or
/// never. This scheduler refuses it with `ValidationException`, so code written against it never
/// relies on either.
///
/// EventBridge Scheduler's own retries of a failing target are not modelled: a target that throws
/// is recorded with its error in `firedSchedules`, and the schedule is deleted all the same.
///
/// Thread-safe: every method holds one lock, released while the target runs. `advance` returns at
/// once when nothing is due, so a simulation may call it every simulated minute.
public final class InMemoryScheduler: @unchecked Sendable {
    /// Where a fired schedule's input goes: UpdateAutoScalingGroup with the decoded parameters.
    public typealias Target = @Sendable (MixSwitchInput) throws -> Void

    public typealias Fault = InMemoryFault
    public typealias Call = InMemoryCall

    /// A schedule that fired: when, in which group, and what the target answered.
    public struct FiredSchedule: Equatable, Sendable {
        public var group: String
        public var schedule: MixSwitchSchedule
        /// The instant it fired: its `at` plus the delay `advance` was given.
        public var firedAt: Date
        /// Why the target failed (the error's description); nil when it succeeded.
        public var targetError: String?
    }

    private struct Group {
        var schedules: [String: MixSwitchSchedule] = [:]
    }

    private struct State {
        var now: Date
        var groups: [String: Group] = [:]
        var faults: [String: [Fault]] = [:]
        var calls: [Call] = []
        var fired: [FiredSchedule] = []
        /// The earliest `at` of any schedule; nil when there is none. Kept so `advance` is O(1)
        /// when nothing is due.
        var earliest: Date?

        mutating func recomputeEarliest() {
            earliest = groups.values.lazy.flatMap { $0.schedules.values.lazy.map(\.at) }.min()
        }
    }

    private let lock = NSLock()
    private var state: State
    private let target: Target

    public init(now: Date, target: @escaping Target) {
        state = State(now: now)
        self.target = target
    }

    // MARK: Test and simulation controls

    /// The scheduler's clock.
    public var now: Date { locked { $0.now } }

    /// The schedule group `name` (which may not exist yet: `createGroupIfMissing` creates it).
    public func group(named name: String) -> some ScheduleGroupAPI {
        InMemoryScheduleGroup(scheduler: self, scheduleGroupName: name)
    }

    /// Moves the clock to `instant`, firing every schedule due by then (`at + delay ≤ instant`) in
    /// `at` order (then group, then name): each one's input is decoded and handed to the target,
    /// then the schedule is deleted. AWS fires a schedule within about a minute of its time; pass
    /// that lateness as `delay`.
    public func advance(to instant: Date, delay: TimeInterval = 0) {
        let due: [(group: String, schedule: MixSwitchSchedule)] = locked { s in
            defer { s.now = Swift.max(s.now, instant) }
            guard let earliest = s.earliest, earliest.addingTimeInterval(delay) <= instant else { return [] }
            var due: [(group: String, schedule: MixSwitchSchedule)] = []
            for (groupName, group) in s.groups {
                for schedule in group.schedules.values where schedule.at.addingTimeInterval(delay) <= instant {
                    due.append((groupName, schedule))
                }
            }
            for (groupName, schedule) in due { s.groups[groupName]?.schedules[schedule.name] = nil }
            s.recomputeEarliest()
            return due.sorted { ($0.schedule.at, $0.group, $0.schedule.name) < ($1.schedule.at, $1.group, $1.schedule.name) }
        }
        for (groupName, schedule) in due {
            var failure: String?
            do {
                try target(try MixSwitchInput(json: schedule.input))
            } catch {
                failure = String(describing: error)
            }
            let fired = FiredSchedule(
                group: groupName, schedule: schedule, firedAt: schedule.at.addingTimeInterval(delay), targetError: failure)
            locked { $0.fired.append(fired) }
        }
    }

    /// Queues `fault` for the next call of `operation` (e.g. `CreateSchedule`), whichever group it is for.
    public func inject(_ fault: Fault, into operation: String) {
        locked { $0.faults[operation, default: []].append(fault) }
    }

    /// Every call received, in order.
    public var calls: [Call] { locked { $0.calls } }
    /// How many calls were received.
    public var callCount: Int { locked { $0.calls.count } }
    /// When the next schedule is due (its `at`), nil when none is held.
    public var nextDue: Date? { locked { $0.earliest } }
    /// The write calls received.
    public var writeCalls: [Call] { calls.filter(\.isWrite) }
    /// The schedules that have fired, in the order they fired.
    public var firedSchedules: [FiredSchedule] { locked { $0.fired } }
    /// The schedule groups that exist, by name.
    public var groupNames: [String] { locked { $0.groups.keys.sorted() } }

    /// The schedules of group `name` not yet fired, in `at` order (then name); empty for no group.
    public func schedules(inGroup name: String) -> [MixSwitchSchedule] {
        locked { s in
            s.groups[name]?.schedules.values.sorted { ($0.at, $0.name) < ($1.at, $1.name) } ?? []
        }
    }

    // MARK: The API, for InMemoryScheduleGroup

    func createGroupIfMissing(_ group: String) throws {
        try call("CreateScheduleGroup", group: group, write: true, detail: group) { s in
            try Self.validateName(group, what: "schedule group name", action: "CreateScheduleGroup")
            // AWS answers ConflictException for an existing group, which the protocol counts as done.
            if s.groups[group] == nil { s.groups[group] = Group() }
        }
    }

    func listSchedules(_ group: String) throws -> [ScheduleSummary]? {
        try call("ListSchedules", group: group, write: false, detail: group) { s in
            s.groups[group].map { g in
                g.schedules.keys.sorted().map {
                    ScheduleSummary(name: $0, state: "ENABLED", targetArn: MixSwitchSchedule.targetArn)
                }
            }
        }
    }

    func getSchedule(_ group: String, name: String) throws -> MixSwitchSchedule? {
        try call("GetSchedule", group: group, write: false, detail: name) { s in s.groups[group]?.schedules[name] }
    }

    func createSchedule(_ group: String, _ schedule: MixSwitchSchedule) throws {
        let detail = "\(schedule.name) \(SchedulerClient.atExpression(schedule.at))"
        try call("CreateSchedule", group: group, write: true, detail: detail) { s in
            let action = "CreateSchedule"
            try Self.validateName(schedule.name, what: "schedule name", action: action)
            guard s.groups[group] != nil else {
                throw Self.error("ResourceNotFoundException", "Schedule group \(group) does not exist.", 404, action)
            }
            guard s.groups[group]?.schedules[schedule.name] == nil else {
                throw Self.error("ConflictException", "Schedule \(schedule.name) already exists.", 409, action)
            }
            // AWS keeps whole seconds: at(yyyy-mm-ddThh:mm:ss).
            var stored = schedule
            stored.at = UTCFormat.date(UTCFormat.seconds(schedule.at))
            guard stored.at >= UTCFormat.date(UTCFormat.seconds(s.now)) else {
                throw Self.validation(
                    "The schedule expression \(SchedulerClient.atExpression(stored.at)) is in the past "
                        + "(it is \(UTCFormat.rfc3339(s.now))).", action)
            }
            guard !schedule.roleArn.isEmpty else { throw Self.validation("Target.RoleArn is required.", action) }
            guard Self.isRoleArn(schedule.roleArn) else {
                throw Self.validation("Target.RoleArn \(schedule.roleArn) is not an IAM role ARN.", action)
            }
            guard !schedule.input.isEmpty, (try? AWSJSON.parse(schedule.input)) != nil else {
                throw Self.validation("Target.Input is not valid JSON.", action)
            }
            guard schedule.description.count <= 512 else {
                throw Self.validation("Description is longer than 512 characters.", action)
            }
            s.groups[group]?.schedules[schedule.name] = stored
            if s.earliest.map({ stored.at < $0 }) ?? true { s.earliest = stored.at }
        }
    }

    func deleteSchedule(_ group: String, name: String) throws {
        try call("DeleteSchedule", group: group, write: true, detail: name) { s in
            // A schedule (or group) already gone is what AWS calls ResourceNotFoundException: done.
            guard let removed = s.groups[group]?.schedules.removeValue(forKey: name) else { return }
            // Only the earliest schedule's removal can move `earliest`: the rest need no walk over all.
            if removed.at == s.earliest { s.recomputeEarliest() }
        }
    }

    // MARK: Rules

    /// 1–64 characters of `[0-9a-zA-Z-_.]`, AWS's rule for schedule and group names.
    public static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                    true
                default: false
                }
            }
    }

    private static func validateName(_ name: String, what: String, action: String) throws {
        guard isValidName(name) else {
            throw validation("The \(what) '\(name)' must be 1 to 64 characters of [0-9a-zA-Z-_.].", action)
        }
    }

    /// `arn:aws(-partition)?:iam::<12 digits>:role/<path and name>`, the model's pattern for `RoleArn`.
    static func isRoleArn(_ arn: String) -> Bool {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[3].isEmpty else { return false }
        let partition = parts[1]
        let suffix = partition.dropFirst(4)
        guard
            partition == "aws"
                || (partition.hasPrefix("aws-") && !suffix.isEmpty && suffix.allSatisfy { $0.isASCII && $0.isLowercase })
        else { return false }
        guard parts[4].count == 12, parts[4].allSatisfy(\.isASCIIDigit) else { return false }
        guard parts[5].hasPrefix("role/"), parts[5].count > 5 else { return false }
        return parts[5].dropFirst(5).allSatisfy { c in
            c.isASCII && (c.isLetter || c.isNumber || "_+=,.@/-".contains(c))
        }
    }

    private static func error(_ code: String, _ message: String, _ status: Int, _ action: String) -> AWSServiceError {
        AWSServiceError(code: code, message: message, httpStatus: status, action: action, service: "scheduler")
    }

    private static func validation(_ message: String, _ action: String) -> AWSServiceError {
        error("ValidationException", message, 400, action)
    }

    /// One API call: logged, then its queued fault (if any), then `body` under the lock.
    private func call<T>(
        _ operation: String, group: String, write: Bool, detail: String, _ body: (inout State) throws -> T
    ) throws -> T {
        try locked { s in
            s.calls.append(Call(operation: operation, detail: detail, isWrite: write))
            return try InMemoryFault.apply(s.faults.take(operation), operation: operation, url: "memory://scheduler/\(group)") {
                try body(&s)
            }
        }
    }

    private func locked<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}

/// One schedule group of an `InMemoryScheduler`.
public struct InMemoryScheduleGroup: ScheduleGroupAPI {
    public let scheduler: InMemoryScheduler
    public let scheduleGroupName: String

    public func createGroupIfMissing() throws { try scheduler.createGroupIfMissing(scheduleGroupName) }
    public func listSchedules() throws -> [ScheduleSummary]? { try scheduler.listSchedules(scheduleGroupName) }
    public func getSchedule(name: String) throws -> MixSwitchSchedule? {
        try scheduler.getSchedule(scheduleGroupName, name: name)
    }
    public func createSchedule(_ schedule: MixSwitchSchedule) throws { try scheduler.createSchedule(scheduleGroupName, schedule) }
    public func deleteSchedule(name: String) throws { try scheduler.deleteSchedule(scheduleGroupName, name: name) }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
