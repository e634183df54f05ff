import Foundation
import TermscaleCore

/// The instant an RFC 3339 text names: `utc("2027-01-12T09:30:00Z")`, or with an offset. A
/// malformed text is a typo in the test and stops it.
public func utc(_ text: String) -> Date {
    guard let date = UTCFormat.parseRFC3339(text) else { preconditionFailure("not an RFC 3339 instant: \(text)") }
    return date
}

/// The instant of a wall time read as UTC: `utc(2027, 1, 12, 9, 30)` is 2027-01-12T09:30:00Z.
public func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    UTCFormat.date(LocalDateTime(year, month, day, hour, minute, second).secondsAsIfUTC)
}
