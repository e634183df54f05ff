import Foundation

/// One AWS scheduled update action that sets the group's MinSize at an instant.
public struct ScheduledAction: Hashable, Sendable {
    /// `termscale-<group>-<yyyymmddThhmmZ>`: unique per group and start time, as AWS requires.
    public var name: String
    /// When it fires (UTC, a whole minute).
    public var startTime: Date
    public var minSize: Int

    /// AWS's hard quota of scheduled actions per group (not raisable), shared by every tool that
    /// schedules actions on the group.
    public static let quotaPerGroup = 125

    public init(name: String, startTime: Date, minSize: Int) {
        self.name = name
        self.startTime = startTime
        self.minSize = minSize
    }

    /// `termscale-moodle-web-20270112T0830Z` for group `moodle-web` at 2027-01-12T08:30Z
    /// (seconds are not part of the name: start times are whole minutes).
    public static func name(group: String, startTime: Date) -> String {
        UTCFormat.compact(startTime, seconds: false, prefix: namePrefix(group: group))
    }

    /// `termscale-<group>-`: what every one of termscale's action names on `group` starts with,
    /// so its own actions can be told from others'.
    public static func namePrefix(group: String) -> String { "termscale-\(group)-" }
}
