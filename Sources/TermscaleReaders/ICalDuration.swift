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
        var days = 0
        var seconds = 0
        var inTime = false
        var sawComponent = false
        var sawTimeComponent = false
        var lastRank = 0
        while i < bytes.count {
            let byte = bytes[i] & ~0x20 // ASCII uppercase
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
            case (UInt8(ascii: "W"), false):
                rank = 1
                days += value * 7
            case (UInt8(ascii: "D"), false):
                rank = 2
                days += value
            case (UInt8(ascii: "H"), true):
                rank = 3
                seconds += value * 3600
            case (UInt8(ascii: "M"), true):
                rank = 4
                seconds += value * 60
            case (UInt8(ascii: "S"), true):
                rank = 5
                seconds += value
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
