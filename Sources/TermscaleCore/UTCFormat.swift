import Foundation

/// Text forms of instants, computed without `DateFormatter` (exact and fast).
public enum UTCFormat {
    /// RFC 3339 in UTC with seconds and `Z`: `2027-01-12T09:30:00Z`.
    public static func rfc3339(_ date: Date) -> String {
        rfc3339(seconds: Int64(date.timeIntervalSince1970.rounded(.down)))
    }

    public static func rfc3339(seconds: Int64) -> String {
        LocalDateTime(secondsAsIfUTC: seconds).description + "Z"
    }

    /// The instant `seconds` after the epoch as a `Date`.
    public static func date(_ seconds: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Whole seconds since the epoch.
    public static func seconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }
}
