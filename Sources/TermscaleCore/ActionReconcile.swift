import Foundation

/// What a push must change on a group's scheduled actions so they carry the plan out: the pure
/// half of the reconcile, values in and a diff out.
///
/// The rules, exactly (all instants UTC, whole minutes):
/// - termscale owns the actions whose names start with `ScheduledAction.namePrefix(group:)`; it
///   never touches the others ("foreign"), and never reuses their start times.
/// - No action starts before `now + leadTime` (AWS refuses start times in the past, and one a few
///   seconds ahead may be in the past when it arrives). A change of MinSize inside that lead is
///   not scheduled: its level is part of `minSizeNow`, which the push sets at once.
/// - No two actions share a start time (AWS's `AlreadyExists`). An owned action that collides
///   moves by a minute at a time: a raise earlier, a release later — never the other way, so
///   capacity is never late and never released early. A raise pushed into the lead by this is
///   applied now instead.
/// - Owned actions already due (start before `now`) are left alone: AWS runs them or has run
///   them. One due within the lead stays when it sets the level the plan has at its time, and is
///   deleted (with a note) when it does not, so a release that is no longer wanted never runs.
/// - The diff: a desired action whose name is not owned is a *put*; one whose owned namesake
///   differs in start time, MinSize or any other field (MaxSize, DesiredCapacity, a recurrence a
///   person added) is an *update*; an owned action that is not desired is a *delete*; the rest are
///   unchanged.
public enum ActionReconcile {
    /// The result: what to write, and the MinSize to be in force now.
    public struct Diff: Equatable, Sendable {
        /// New actions, in start order.
        public var puts: [ScheduledAction]
        /// Owned actions to rewrite (same name), in start order.
        public var updates: [ScheduledAction]
        /// Owned actions that are no longer wanted, by name, in name order.
        public var deletes: [String]
        /// Owned actions that already match.
        public var unchanged: Int
        /// The actions the group holds once the diff is applied (owned ones), in start order.
        public var desired: [ScheduledAction]
        /// The MinSize the plan wants in force now: the highest level of `now..<now + lead`,
        /// and of any raise moved into the lead.
        public var minSizeNow: Int
        /// What was moved and why, for the push's warnings.
        public var notes: [String]
        /// Owned actions due within the lead that stay, as planned (counted in `unchanged`).
        public var dueAsPlanned: [String] = []
        /// Owned actions due within the lead that were deleted: the plan no longer has them.
        public var dueNotPlanned: [String] = []

        public var isEmpty: Bool { puts.isEmpty && updates.isEmpty && deletes.isEmpty }
    }

    /// An action as the group holds it (termscale's or anyone's).
    public struct LiveAction: Equatable, Sendable {
        public var name: String
        public var startTime: Date?
        public var minSize: Int?
        /// Whether anything but name, start time and MinSize is set (MaxSize, DesiredCapacity,
        /// a recurrence, an end time): an owned action like that is rewritten.
        public var hasOtherFields: Bool

        public init(name: String, startTime: Date?, minSize: Int?, hasOtherFields: Bool = false) {
            self.name = name
            self.startTime = startTime
            self.minSize = minSize
            self.hasOtherFields = hasOtherFields
        }
    }

    /// The diff that makes `live` carry `schedule` out.
    ///
    /// - Parameters:
    ///   - schedule: the compiled actions for `now + leadTime` onwards (`ActionCompiler`), with
    ///     `currentMinSize` the level in force at `now + leadTime`.
    ///   - plannedNow: the highest MinSize the plan asks for in `now..<now + leadTime`.
    ///   - live: every scheduled action of the group.
    ///   - plannedLevel: the plan's MinSize at an instant of the lead.
    public static func diff(
        schedule: ActionSchedule, plannedNow: Int, live: [LiveAction], group: String, now: Date,
        leadTime: TimeInterval, plannedLevel: (Date) -> Int? = { _ in nil }
    ) -> Diff {
        let prefix = ScheduledAction.namePrefix(group: group)
        let leadEnd = now.addingTimeInterval(leadTime)
        // Due already: AWS's to run, not ours to diff.
        let owned = live.filter { $0.name.hasPrefix(prefix) && ($0.startTime ?? .distantFuture) >= now }
        let inLead = owned.filter { ($0.startTime ?? .distantFuture) < leadEnd }
        let dueAsPlanned = inLead.filter { a in a.minSize != nil && a.minSize == a.startTime.flatMap(plannedLevel) }.map(\.name)
        let foreignTimes = Set(live.filter { !$0.name.hasPrefix(prefix) }.compactMap(\.startTime).map(UTCFormat.seconds))
        let earliest = UTCFormat.seconds(now) + Int64(leadTime.rounded(.up))

        var minSizeNow = max(plannedNow, schedule.currentMinSize)
        var notes: [String] = []
        var taken = foreignTimes
        var placed: [(time: Int64, minSize: Int)] = []
        var previous = schedule.currentMinSize
        for action in schedule.actions {
            let planned = UTCFormat.seconds(action.startTime)
            let isRaise = action.minSize > previous
            previous = action.minSize
            var t = planned
            if isRaise {
                while taken.contains(t) { t -= 60 }
                if t < earliest {
                    minSizeNow = max(minSizeNow, action.minSize)
                    notes.append(
                        "the raise to MinSize \(action.minSize) at \(UTCFormat.rfc3339(action.startTime)) cannot be "
                            + "scheduled at or before its time after \(UTCFormat.rfc3339(seconds: earliest)): MinSize is set now")
                    continue
                }
                if let last = placed.last, t <= last.time {
                    // No free minute between the previous action and this one: the previous one
                    // carries this level too (capacity arrives earlier, never later).
                    placed[placed.count - 1].minSize = max(last.minSize, action.minSize)
                    notes.append(
                        "the raise to MinSize \(action.minSize) at \(UTCFormat.rfc3339(action.startTime)) joins the action at "
                            + "\(UTCFormat.rfc3339(seconds: last.time)): the minutes between are taken by other actions")
                    continue
                }
            } else {
                if let last = placed.last { t = max(t, last.time + 60) }
                while taken.contains(t) { t += 60 }
            }
            if t != planned {
                notes.append(
                    "\(isRaise ? "raise" : "release") at \(UTCFormat.rfc3339(action.startTime)) moved to "
                        + "\(UTCFormat.rfc3339(seconds: t)): another action starts at that minute")
            }
            taken.insert(t)
            placed.append((t, action.minSize))
        }
        var desired = placed.map { p in
            let time = UTCFormat.date(p.time)
            return ScheduledAction(name: ScheduledAction.name(group: group, startTime: time), startTime: time, minSize: p.minSize)
        }
        desired.sort { $0.startTime < $1.startTime }

        let ownedByName = Dictionary(owned.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var puts: [ScheduledAction] = []
        var updates: [ScheduledAction] = []
        var unchanged = 0
        for action in desired {
            guard let live = ownedByName[action.name] else {
                puts.append(action)
                continue
            }
            if live.startTime == action.startTime && live.minSize == action.minSize && !live.hasOtherFields {
                unchanged += 1
            } else {
                updates.append(action)
            }
        }
        let wanted = Set(desired.map(\.name)).union(dueAsPlanned)
        let deletes = owned.map(\.name).filter { !wanted.contains($0) }.sorted()
        let inLeadNames = Set(inLead.map(\.name))
        var diff = Diff(
            puts: puts, updates: updates, deletes: deletes, unchanged: unchanged + dueAsPlanned.count, desired: desired,
            minSizeNow: minSizeNow, notes: notes)
        diff.dueAsPlanned = dueAsPlanned
        diff.dueNotPlanned = deletes.filter { inLeadNames.contains($0) }
        return diff
    }
}
