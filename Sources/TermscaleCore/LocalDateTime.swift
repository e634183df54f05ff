/// A wall-clock date and time with no zone attached: what a timetable says ("12 Jan 2027, 09:30").
///
/// It names an instant only once resolved in a zone, see `LocalTimeResolver`.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: CivilDate
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(date: CivilDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    public init(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) {
        self.init(date: CivilDate(year: year, month: month, day: day), hour: hour, minute: minute, second: second)
    }

    /// Valid date, hour 0–23, minute 0–59, second 0–60 (a leap second is read as :59 + 1 s).
    public var isValid: Bool {
        date.isValid && (0...23).contains(hour) && (0...59).contains(minute) && (0...60).contains(second)
    }

    /// Seconds since 1970-01-01T00:00 of this wall time read as if it were UTC.
    public var secondsAsIfUTC: Int64 {
        Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The wall time that `seconds` since the epoch shows in UTC.
    public init(secondsAsIfUTC seconds: Int64) {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        self.init(
            date: CivilDate(daysSinceEpoch: Int(days)), hour: Int(rest / 3600),
            minute: Int(rest % 3600 / 60), second: Int(rest % 60))
    }

    public func adding(seconds: Int64) -> LocalDateTime {
        LocalDateTime(secondsAsIfUTC: secondsAsIfUTC + seconds)
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.secondsAsIfUTC < rhs.secondsAsIfUTC
    }

    /// `YYYY-MM-DDThh:mm:ss`.
    public var description: String {
        "\(date)T\(hour.zeroPadded(to: 2)):\(minute.zeroPadded(to: 2)):\(second.zeroPadded(to: 2))"
    }
}
