import Foundation
import TermscaleCore

/// Shows instants as wall-clock times of one zone, with the zone's abbreviation (`GMT`, `BST`).
public struct ZoneLabel: Sendable {
    public let zone: any ZoneRules
    /// The abbreviation for a UTC offset in seconds, if known (from the system's tzdata);
    /// otherwise the label falls back to `UTC+01:00` style.
    public let abbreviation: @Sendable (Int) -> String?

    public init(zone: any ZoneRules, abbreviation: @escaping @Sendable (Int) -> String? = { _ in nil }) {
        self.zone = zone
        self.abbreviation = abbreviation
    }

    /// The wall-clock time `date` shows in the zone.
    public func local(_ date: Date) -> LocalDateTime {
        let t = UTCFormat.seconds(date)
        return LocalDateTime(secondsAsIfUTC: t + Int64(zone.utcOffset(atUTC: t)))
    }

    /// `GMT`, `BST`, or `UTC+05:30` when no abbreviation is known.
    public func abbreviation(at date: Date) -> String {
        let offset = zone.utcOffset(atUTC: UTCFormat.seconds(date))
        if let name = abbreviation(offset) { return name }
        if offset == 0 { return "UTC" }
        let sign = offset < 0 ? "-" : "+"
        let m = abs(offset) / 60
        return "UTC\(sign)\((m / 60).zeroPadded(to: 2)):\((m % 60).zeroPadded(to: 2))"
    }

    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Tue 12 Jan 2027`.
    public func dayText(_ local: LocalDateTime) -> String {
        let d = local.date
        return "\(Self.weekdays[d.isoWeekday - 1]) \(d.day.zeroPadded(to: 2)) \(Self.months[d.month - 1]) \(d.year)"
    }

    /// `09:30`.
    public func timeText(_ local: LocalDateTime) -> String { "\(local.hour.zeroPadded(to: 2)):\(local.minute.zeroPadded(to: 2))" }
}
