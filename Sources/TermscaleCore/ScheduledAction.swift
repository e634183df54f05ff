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
        let t = LocalDateTime(secondsAsIfUTC: UTCFormat.seconds(startTime))
        guard (0...9999).contains(t.date.year) else {
            return namePrefix(group: group)
                + "\(t.date.year.zeroPadded(to: 4))\(t.date.month.zeroPadded(to: 2))\(t.date.day.zeroPadded(to: 2))T"
                + "\(t.hour.zeroPadded(to: 2))\(t.minute.zeroPadded(to: 2))Z"
        }
        // Written byte by byte into one string: a push names every action twice a run, and a
        // simulated year runs 105,000 pushes.
        let head = "termscale-".utf8
        return String(unsafeUninitializedCapacity: head.count + group.utf8.count + 15) { out in
            var i = 0
            func put(_ byte: UInt8) {
                out[i] = byte
                i += 1
            }
            func two(_ value: Int) {
                put(48 + UInt8(value / 10))
                put(48 + UInt8(value % 10))
            }
            for byte in head { put(byte) }
            for byte in group.utf8 { put(byte) }
            put(UInt8(ascii: "-"))
            two(t.date.year / 100)
            two(t.date.year % 100)
            two(t.date.month)
            two(t.date.day)
            put(UInt8(ascii: "T"))
            two(t.hour)
            two(t.minute)
            put(UInt8(ascii: "Z"))
            return i
        }
    }

    /// `termscale-<group>-`: what every one of termscale's action names on `group` starts with,
    /// so its own actions can be told from others'.
    public static func namePrefix(group: String) -> String { "termscale-\(group)-" }
}
