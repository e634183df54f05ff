import Foundation

/// Text forms of instants, computed without `DateFormatter` (exact and fast).
public enum UTCFormat {
    /// `prefix` then the instant in basic ISO 8601, `20270112T0830Z` (with `seconds`,
    /// `20270112T083000Z`), written byte by byte into one string: names made of it (actions,
    /// mix-switch schedules) are written many times a push, and a simulated year runs 105,000.
    public static func compact(_ date: Date, seconds withSeconds: Bool, prefix: String = "") -> String {
        let seconds = Self.seconds(date)
        let t = LocalDateTime(secondsAsIfUTC: seconds)
        let second = Int(((seconds % 60) + 60) % 60)
        guard (0...9999).contains(t.date.year) else {
            return prefix + "\(t.date.year.zeroPadded(to: 4))\(t.date.month.zeroPadded(to: 2))\(t.date.day.zeroPadded(to: 2))T"
                + "\(t.hour.zeroPadded(to: 2))\(t.minute.zeroPadded(to: 2))" + (withSeconds ? second.zeroPadded(to: 2) : "") + "Z"
        }
        return String(unsafeUninitializedCapacity: prefix.utf8.count + 16) { out in
            var i = 0
            func put(_ byte: UInt8) {
                out[i] = byte
                i += 1
            }
            func two(_ value: Int) {
                put(48 + UInt8(value / 10))
                put(48 + UInt8(value % 10))
            }
            for byte in prefix.utf8 { put(byte) }
            two(t.date.year / 100)
            two(t.date.year % 100)
            two(t.date.month)
            two(t.date.day)
            put(UInt8(ascii: "T"))
            two(t.hour)
            two(t.minute)
            if withSeconds { two(second) }
            put(UInt8(ascii: "Z"))
            return i
        }
    }

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

extension UTCFormat {
    /// Parses an RFC 3339 instant with seconds: `2027-01-12T09:30:00Z` or with an offset
    /// (`2027-01-12T09:30:00+01:00`); a fraction of a second is accepted and dropped. Nil when
    /// malformed or the wall time is invalid.
    public static func parseRFC3339(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func num(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for c in b[from..<(from + count)] {
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 116, b[13] == 58, b[16] == 58,
            let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let s = num(17, 2)
        else { return nil }
        let local = LocalDateTime(y, mo, d, h, mi, s)
        guard local.isValid, s < 60 else { return nil }
        var i = 19
        if i < b.count, b[i] == 46 { // fraction
            i += 1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 90 || b[i] == 122 { // Z
            i += 1
        } else if b[i] == 43 || b[i] == 45, let oh = num(i + 1, 2), i + 3 < b.count, b[i + 3] == 58,
            let om = num(i + 4, 2), oh < 24, om < 60
        {
            offset = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        return date(local.secondsAsIfUTC - Int64(offset))
    }
}
