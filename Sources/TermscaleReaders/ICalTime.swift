import TermscaleCore

/// A DATE or DATE-TIME value as written (RFC 5545 §3.3.4, §3.3.5), before any zone is applied.
public enum ICalTime: Hashable, Sendable {
    /// `VALUE=DATE` (`20270329`): a whole day.
    case date(CivilDate)
    /// A date-time; `utc` when written with a trailing `Z`, otherwise a wall time read in its
    /// `TZID` or, without one, floating.
    case dateTime(LocalDateTime, utc: Bool)

    /// Parses `YYYYMMDD`, `YYYYMMDDTHHMMSS` or `YYYYMMDDTHHMMSSZ`; nil for anything else,
    /// including dates that do not exist.
    public static func parse(_ text: some StringProtocol) -> ICalTime? {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == UInt8(ascii: " ") { bytes.removeLast() }
        guard bytes.count >= 8, let year = digits(bytes, 0, 4), let month = digits(bytes, 4, 2),
            let day = digits(bytes, 6, 2)
        else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid else { return nil }
        // A DATE with a stray `Z` (Google writes `RDATE:20131210Z`) is still that date.
        if bytes.count == 8 || bytes.count == 9 && (bytes[8] == UInt8(ascii: "Z") || bytes[8] == UInt8(ascii: "z")) {
            return .date(date)
        }
        guard bytes.count == 15 || bytes.count == 16, bytes[8] == UInt8(ascii: "T") || bytes[8] == UInt8(ascii: "t"),
            let hour = digits(bytes, 9, 2), let minute = digits(bytes, 11, 2),
            let second = digits(bytes, 13, 2)
        else { return nil }
        var utc = false
        if bytes.count == 16 {
            guard bytes[15] == UInt8(ascii: "Z") || bytes[15] == UInt8(ascii: "z") else { return nil }
            utc = true
        }
        let local = LocalDateTime(date: date, hour: hour, minute: minute, second: second)
        guard local.isValid else { return nil }
        return .dateTime(local, utc: utc)
    }

    /// The wall time (midnight for a date).
    public var local: LocalDateTime {
        switch self {
        case .date(let d): return LocalDateTime(date: d)
        case .dateTime(let t, _): return t
        }
    }

    public var isDate: Bool {
        if case .date = self { return true }
        return false
    }
}

/// Parses a UTC-OFFSET value (`+0100`, `-0500`, `+055001`, `-0000`) to seconds east of UTC.
public func parseUTCOffset(_ text: some StringProtocol) -> Int? {
    let bytes = Array(text.utf8.filter { $0 != UInt8(ascii: " ") })
    guard bytes.count == 5 || bytes.count == 7 else { return nil }
    let sign: Int
    switch bytes[0] {
    case UInt8(ascii: "+"): sign = 1
    case UInt8(ascii: "-"): sign = -1
    default: return nil
    }
    guard let hours = digits(bytes, 1, 2), let minutes = digits(bytes, 3, 2), hours < 24, minutes < 60 else { return nil }
    var seconds = 0
    if bytes.count == 7 {
        guard let s = digits(bytes, 5, 2), s < 60 else { return nil }
        seconds = s
    }
    return sign * (hours * 3600 + minutes * 60 + seconds)
}

/// The decimal number in `bytes[start..<start+count]`, or nil if any byte is not a digit.
@inline(__always)
func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
    guard start >= 0, count > 0, start + count <= bytes.count else { return nil }
    var value = 0
    for k in start..<(start + count) {
        let byte = bytes[k]
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
}
