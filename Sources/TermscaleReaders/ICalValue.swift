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
              let day = digits(bytes, 6, 2) else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid else { return nil }
        // A DATE with a stray `Z` (Google writes `RDATE:20131210Z`) is still that date.
        if bytes.count == 8 || bytes.count == 9 && (bytes[8] == UInt8(ascii: "Z") || bytes[8] == UInt8(ascii: "z")) {
            return .date(date)
        }
        guard bytes.count == 15 || bytes.count == 16, bytes[8] == UInt8(ascii: "T") || bytes[8] == UInt8(ascii: "t"),
              let hour = digits(bytes, 9, 2), let minute = digits(bytes, 11, 2),
              let second = digits(bytes, 13, 2) else { return nil }
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

/// A DURATION value (RFC 5545 §3.3.6): nominal days (weeks count as 7 days), added in wall-clock
/// time, plus exact seconds.
public struct ICalDuration: Hashable, Sendable {
    /// Nominal days, negative for a negative duration.
    public var days: Int
    /// Exact seconds, negative for a negative duration.
    public var seconds: Int

    public init(days: Int, seconds: Int) {
        self.days = days
        self.seconds = seconds
    }

    /// Parses `P1W`, `P2D`, `PT2H30M`, `-P1DT2H`, `+PT15M`; nil when malformed.
    /// Numbers above 999,999 are refused rather than risk overflow.
    public static func parse(_ text: some StringProtocol) -> ICalDuration? {
        let bytes = Array(text.utf8.filter { $0 != UInt8(ascii: " ") })
        var i = 0
        var sign = 1
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            if bytes[i] == UInt8(ascii: "-") { sign = -1 }
            i += 1
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "P") || bytes[i] == UInt8(ascii: "p") else { return nil }
        i += 1
        var days = 0, seconds = 0
        var inTime = false
        var sawComponent = false
        var sawTimeComponent = false
        var lastRank = 0
        while i < bytes.count {
            let byte = bytes[i] & ~0x20  // ASCII uppercase
            if byte == UInt8(ascii: "T") {
                guard !inTime else { return nil }
                inTime = true
                i += 1
                continue
            }
            var value = 0
            var count = 0
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                guard count < 6 else { return nil }
                value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                count += 1
                i += 1
            }
            guard count > 0, i < bytes.count else { return nil }
            let unit = bytes[i] & ~0x20
            i += 1
            let rank: Int
            switch (unit, inTime) {
            case (UInt8(ascii: "W"), false): rank = 1; days += value * 7
            case (UInt8(ascii: "D"), false): rank = 2; days += value
            case (UInt8(ascii: "H"), true): rank = 3; seconds += value * 3600
            case (UInt8(ascii: "M"), true): rank = 4; seconds += value * 60
            case (UInt8(ascii: "S"), true): rank = 5; seconds += value
            default: return nil
            }
            guard rank > lastRank else { return nil }
            lastRank = rank
            sawComponent = true
            if inTime { sawTimeComponent = true }
        }
        guard sawComponent, !inTime || sawTimeComponent else { return nil }
        return ICalDuration(days: sign * days, seconds: sign * seconds)
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
