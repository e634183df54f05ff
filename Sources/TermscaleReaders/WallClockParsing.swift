import TermscaleCore

/// Reads the dates, times of day and durations timetables are written in, from their UTF-8 bytes
/// (no `DateFormatter`, `Calendar` or regular expressions: these run once per row).
///
/// Results are wall-clock values with no zone; resolve them with `LocalTimeResolver`.
public enum WallClockParsing {
    /// The day `text` names.
    ///
    /// Accepts `2027-01-12`, `12/01/2027`, `12/1/2027`, `12 Jan 2027`, `12 January 2027`,
    /// `Jan 12, 2027`, `12th January 2027`, each optionally after a weekday (`Tue`, `Tuesday,`),
    /// which must then match. Numeric dates may use `/`, `-` or `.`; a 4-digit first number is a
    /// year (year-month-day), otherwise `order` says whether day or month comes first. Years have
    /// four digits.
    public static func date(_ text: String, order: DateOrder) -> Result<CivilDate, WallClockParseError> {
        let display = trimmed(text)
        let tokens = tokenize(Array(text.utf8))
        var rest = tokens[...]
        var weekday: Int?
        if case .word(let w)? = rest.first, let wd = weekdays[w] {
            weekday = wd
            rest = rest.dropFirst()
        }
        let unrecognized = WallClockParseError.unrecognizedDate(text: display, order: order)

        let date: CivilDate
        switch matchDate(Array(rest)) {
        case .none:
            return .failure(unrecognized)
        case .exact(let y, let m, let d):
            guard let valid = CivilDate(validYear: y, month: m, day: d) else {
                return .failure(.nonexistentDate(text: display, reason: whyNot(y, m, d)))
            }
            date = valid
        case .numeric(let a, let b, let y):
            let (d, m) = order == .dmy ? (a, b) : (b, a)
            if let valid = CivilDate(validYear: y, month: m, day: d) {
                date = valid
            } else if let other = CivilDate(validYear: y, month: d, day: m) {
                return .failure(.contradictsDateOrder(text: display, order: order, otherWay: other))
            } else {
                return .failure(.nonexistentDate(text: display, reason: whyNot(y, m, d)))
            }
        }
        if let weekday, weekday != date.isoWeekday {
            return .failure(.weekdayMismatch(text: display, date: date, written: weekday))
        }
        return .success(date)
    }

    /// The time of day `text` names, as seconds after midnight (0..<86400).
    ///
    /// Accepts `09:30`, `9:30`, `9.30`, `0930`, `14:00:00`, and 12-hour forms `9:30am`,
    /// `9.30 am`, `2pm`, `2 p.m.`, where `12pm` is noon and `12am` midnight; also `noon`,
    /// `midday` and `midnight`.
    public static func timeOfDay(_ text: String) -> Result<Int, WallClockParseError> {
        let display = trimmed(text)
        let bytes = lowercasedASCII(display)
        let unrecognized = WallClockParseError.unrecognizedTime(text: display)
        switch bytes {
        case Array("noon".utf8), Array("midday".utf8): return .success(12 * 3600)
        case Array("midnight".utf8): return .success(0)
        default: break
        }
        var i = 0
        func digits(max: Int) -> (value: Int, count: Int) {
            var value = 0
            var count = 0
            while i < bytes.count, count < max, isDigit(bytes[i]) {
                value = value * 10 + Int(bytes[i] - 48)
                count += 1
                i += 1
            }
            return (value, count)
        }
        var hour: Int
        var minute = 0
        var second = 0
        var hasMinutes = false
        let h = digits(max: 4)
        switch h.count {
        case 1, 2:
            hour = h.value
            if i < bytes.count, bytes[i] == colon || bytes[i] == dot {
                i += 1
                let m = digits(max: 2)
                guard m.count == 2 else { return .failure(unrecognized) }
                minute = m.value
                hasMinutes = true
                if i < bytes.count, bytes[i] == colon || bytes[i] == dot {
                    i += 1
                    let s = digits(max: 2)
                    guard s.count == 2 else { return .failure(unrecognized) }
                    second = s.value
                }
            }
        case 4:
            hour = h.value / 100
            minute = h.value % 100
            hasMinutes = true
        default:
            return .failure(unrecognized)
        }
        while i < bytes.count, bytes[i] == space { i += 1 }
        // am / pm / a.m. / p.m.
        var suffix: [UInt8] = []
        while i < bytes.count {
            if bytes[i] != dot { suffix.append(bytes[i]) }
            i += 1
        }
        let meridiem: UInt8?
        switch suffix {
        case []: meridiem = nil
        case Array("am".utf8): meridiem = UInt8(ascii: "a")
        case Array("pm".utf8): meridiem = UInt8(ascii: "p")
        default: return .failure(unrecognized)
        }
        guard hasMinutes || meridiem != nil else { return .failure(unrecognized) }
        guard (0...59).contains(minute), (0...59).contains(second) else { return .failure(.timeOutOfRange(text: display)) }
        if let meridiem {
            guard (1...12).contains(hour) else { return .failure(.timeOutOfRange(text: display)) }
            if hour == 12 { hour = 0 }
            if meridiem == UInt8(ascii: "p") { hour += 12 }
        } else {
            guard (0...23).contains(hour) else { return .failure(.timeOutOfRange(text: display)) }
        }
        return .success(hour * 3600 + minute * 60 + second)
    }

    /// A date, optionally followed by a time of day in the same cell, as spreadsheets export
    /// them: `12/01/2027 09:30`, `2027-01-12T09:30:00`, `Tue 12 Jan 2027 2pm`. The time (seconds
    /// after midnight) is nil when the cell holds only a date. Forms as `date(_:order:)` and
    /// `timeOfDay(_:)`.
    public static func dateAndTime(_ text: String, order: DateOrder)
        -> Result<(date: CivilDate, time: Int?), WallClockParseError>
    {
        let b = Array(trimmed(text).utf8)
        guard let split = timeStart(b) else {
            return date(text, order: order).map { ($0, nil) }
        }
        let datePart = String(decoding: b[..<(split - 1)], as: UTF8.self)
        let timePart = String(decoding: b[split...], as: UTF8.self)
        switch (date(datePart, order: order), timeOfDay(timePart)) {
        case (.success(let day), .success(let time)): return .success((day, time))
        case (.failure(let error), _), (_, .failure(let error)): return .failure(error)
        }
    }

    /// Whether `text` looks like a date followed by a time (`… 09:30`, `…T14:00`, `… 2pm`), read or
    /// not: a file laid out that way needs no separate start column.
    static func hasTrailingTime(_ text: String) -> Bool {
        timeStart(Array(trimmed(text).utf8)) != nil
    }

    /// Where a trailing time of day starts in `b` (after a space or `T`), if there is one: the
    /// digits before its first `:`, or before a final am/pm.
    private static func timeStart(_ b: [UInt8]) -> Int? {
        var end: Int
        if let colon = b.firstIndex(of: colon) {
            end = colon
        } else {
            // "… 2pm", "… 2 p.m.": step back over the am/pm and any spaces.
            end = b.count
            while end > 0, isLetter(b[end - 1]) || b[end - 1] == dot { end -= 1 }
            let suffix = b[end...].filter { $0 != dot }.map { $0 | 0x20 }
            guard suffix == Array("am".utf8) || suffix == Array("pm".utf8) else { return nil }
            while end > 0, b[end - 1] == space { end -= 1 }
        }
        var start = end
        while start > 0, isDigit(b[start - 1]) { start -= 1 }
        guard start < end, start >= 2 else { return nil }
        let before = b[start - 1]
        return before == space || before == UInt8(ascii: "T") || before == UInt8(ascii: "t") ? start : nil
    }

    /// A start and end time written in one cell, `09:30-11:30`, `9.30 – 11.30` or `2pm to 4pm`,
    /// as seconds after midnight; nil unless `text` is two times so joined.
    public static func timeRange(_ text: String) -> (start: Int, end: Int)? {
        let b = Array(text.utf8)
        // The joiner: "-", an en or em dash, or " to ".
        var cut: (Int, Int)?
        var i = 0
        while i < b.count, cut == nil {
            if b[i] == UInt8(ascii: "-") {
                cut = (i, i + 1)
            } else if b[i] == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0x93 || b[i + 2] == 0x94 {
                cut = (i, i + 3)
            } else if b[i] == space, i + 3 < b.count, b[i + 1] | 0x20 == UInt8(ascii: "t"),
                b[i + 2] | 0x20 == UInt8(ascii: "o"), b[i + 3] == space
            {
                cut = (i, i + 4)
            }
            i += 1
        }
        guard let (left, right) = cut,
            case .success(let start) = timeOfDay(String(decoding: b[..<left], as: UTF8.self)),
            case .success(let end) = timeOfDay(String(decoding: b[right...], as: UTF8.self))
        else { return nil }
        return (start, end)
    }

    /// The length `text` names, in seconds (always > 0).
    ///
    /// Accepts a bare number of minutes (`120`, `90.5`), `h:mm` or `h:mm:ss` (`2:30`), numbers
    /// with units (`2h`, `2h 30m`, `2h30`, `150m`, `2.5h`, `2 Hours`, `1.5 hours`, `90 mins`,
    /// `1 hour and 30 minutes`) and ISO 8601 `PT2H30M`. Fractions are rounded to whole seconds.
    public static func duration(_ text: String) -> Result<Int, WallClockParseError> {
        let display = trimmed(text)
        var bytes = lowercasedASCII(display)
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes.removeFirst()
            while bytes.first == space { bytes.removeFirst() }
        }
        guard let seconds = durationSeconds(bytes) else {
            return .failure(.unrecognizedDuration(text: display))
        }
        guard !negative, seconds > 0 else { return .failure(.durationNotPositive(text: display)) }
        return .success(seconds)
    }

    /// `12 January 2027`.
    public static func longForm(_ date: CivilDate) -> String {
        let month = (1...12).contains(date.month) ? monthNames[date.month - 1] : "month \(date.month)"
        return "\(date.day) \(month) \(date.year)"
    }

    /// `Monday` … `Sunday` for ISO weekdays 1…7.
    public static func weekdayName(_ isoWeekday: Int) -> String {
        (1...7).contains(isoWeekday) ? weekdayNames[isoWeekday - 1] : "day \(isoWeekday)"
    }

    // MARK: - Dates

    private enum DateShape {
        case exact(Int, Int, Int)
        /// Two numbers whose order `DateOrder` settles, and a year.
        case numeric(Int, Int, Int)
    }

    private static func matchDate(_ t: [Token]) -> DateShape? {
        // Numeric: 2027-01-12, 12/01/2027.
        if t.count == 3, case .number(let a, let ad, _) = t[0], case .number(let b, let bd, let bs) = t[1],
            case .number(let c, let cd, let cs) = t[2], bs != space, cs != space, bs != 0, cs != 0, bd <= 2
        {
            if ad == 4 && cd <= 2 { return .exact(a, b, c) }
            if ad <= 2 && cd == 4 { return .numeric(a, b, c) }
            return nil
        }
        var words = t.filter {
            if case .word(let w) = $0 { return !fillerWords.contains(w) }
            return true
        }
        // 12 January 2027 / 12th January 2027 / 12th of January 2027.
        if words.count == 4, case .number(_, let dd, _) = words[0], dd <= 2,
            case .word(let suffix) = words[1], ordinalSuffixes.contains(suffix)
        {
            words.remove(at: 1)
        }
        if words.count == 4, case .word(let suffix) = words[2], ordinalSuffixes.contains(suffix) {
            words.remove(at: 2)
        }
        guard words.count == 3 else { return nil }
        if case .number(let d, let dd, _) = words[0], case .word(let mw) = words[1], let m = months[mw],
            case .number(let y, let yd, _) = words[2], dd <= 2, yd == 4
        {
            return .exact(y, m, d)
        }
        if case .word(let mw) = words[0], let m = months[mw], case .number(let d, let dd, _) = words[1],
            case .number(let y, let yd, _) = words[2], dd <= 2, yd == 4
        {
            return .exact(y, m, d)
        }
        return nil
    }

    private static func whyNot(_ y: Int, _ m: Int, _ d: Int) -> String {
        guard (1...9999).contains(y) else { return "years run from 1 to 9999" }
        guard (1...12).contains(m) else { return "there is no month \(m)" }
        guard d >= 1 else { return "there is no day 0" }
        return "\(monthNames[m - 1]) \(y) has \(CivilDate.daysInMonth(year: y, month: m)) days"
    }

    // MARK: - Durations

    private static func durationSeconds(_ b: [UInt8]) -> Int? {
        guard !b.isEmpty else { return nil }
        // ISO 8601: PT2H30M.
        if b.count > 2, b[0] == UInt8(ascii: "p"), b[1] == UInt8(ascii: "t") {
            return unitSum(Array(b[2...]), allowSpaces: false, bareMinutes: false)
        }
        // h:mm or h:mm:ss.
        if b.contains(colon) {
            let parts = b.split(separator: colon, omittingEmptySubsequences: false)
            guard parts.count == 2 || parts.count == 3,
                parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDigit) }),
                parts[0].count <= 3, parts.dropFirst().allSatisfy({ $0.count == 2 })
            else { return nil }
            let values = parts.map { $0.reduce(0) { $0 * 10 + Int($1 - 48) } }
            guard values.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
            return values[0] * 3600 + values[1] * 60 + (values.count == 3 ? values[2] : 0)
        }
        return unitSum(b, allowSpaces: true, bareMinutes: true)
    }

    /// Sums `number unit` pairs; a lone number with no unit is minutes when `bareMinutes`, and a
    /// unitless whole number after hours is minutes.
    private static func unitSum(_ b: [UInt8], allowSpaces: Bool, bareMinutes: Bool) -> Int? {
        var i = 0
        var total = 0
        var components = 0
        var lastUnit = 0
        func skipSpaces() {
            while allowSpaces, i < b.count, b[i] == space || b[i] == UInt8(ascii: ",") { i += 1 }
        }
        skipSpaces()
        while i < b.count {
            // Number: up to 6 digits, optional fraction of up to 6.
            var whole = 0
            var wholeDigits = 0
            var fraction = 0
            var scale = 1
            while i < b.count, isDigit(b[i]) {
                guard wholeDigits < 6 else { return nil }
                whole = whole * 10 + Int(b[i] - 48)
                wholeDigits += 1
                i += 1
            }
            if i < b.count, b[i] == dot {
                i += 1
                while i < b.count, isDigit(b[i]) {
                    guard scale < 1_000_000 else { return nil }
                    fraction = fraction * 10 + Int(b[i] - 48)
                    scale *= 10
                    i += 1
                }
                guard scale > 1 else { return nil }
            }
            guard wholeDigits > 0 || scale > 1 else { return nil }
            skipSpaces()
            var unitWord: [UInt8] = []
            while i < b.count, isLetter(b[i]) {
                unitWord.append(b[i])
                i += 1
            }
            let unit: Int
            if unitWord.isEmpty {
                // A lone number is minutes ("120"), and so is a whole number closing after hours ("2h30").
                guard i == b.count, bareMinutes && components == 0 || allowSpaces && lastUnit == 3600 && scale == 1
                else { return nil }
                unit = 60
            } else if let u = (allowSpaces ? durationUnits[unitWord] : isoUnits[unitWord]) {
                unit = u
            } else {
                return nil
            }
            total += whole * unit + (fraction * unit + scale / 2) / scale
            components += 1
            lastUnit = unit
            skipSpaces()
            // "1 hour and 30 minutes".
            if allowSpaces, b.count - i >= 3, b[i] == UInt8(ascii: "a"), b[i + 1] == UInt8(ascii: "n"),
                b[i + 2] == UInt8(ascii: "d")
            {
                i += 3
                skipSpaces()
            }
        }
        return components > 0 ? total : nil
    }

    // MARK: - Bytes

    fileprivate enum Token: Equatable {
        /// A run of digits (value, digit count; more than 9 digits gives count 99) and the
        /// separator byte just before it (0 at the start, `space` for spaces and commas).
        case number(Int, Int, UInt8)
        /// A run of letters, lowercased.
        case word([UInt8])
    }

    /// Splits text into numbers and lowercase words. Spaces, commas and no-break spaces separate
    /// as `space`; `/`, `-`, `.` are recorded before numbers so numeric dates can be told apart.
    private static func tokenize(_ b: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        var separator: UInt8 = 0
        while i < b.count {
            let c = b[i]
            if isDigit(c) {
                var value = 0
                var count = 0
                while i < b.count, isDigit(b[i]) {
                    if count < 9 { value = value * 10 + Int(b[i] - 48) }
                    count += 1
                    i += 1
                }
                tokens.append(.number(value, count > 9 ? 99 : count, separator))
                separator = 0
            } else if isWordByte(b, i) {
                var word: [UInt8] = []
                while i < b.count, isWordByte(b, i) {
                    word.append(b[i] | (isLetter(b[i]) ? 0x20 : 0))
                    i += 1
                }
                tokens.append(.word(word))
                separator = 0
            } else {
                if c == UInt8(ascii: "/") || c == UInt8(ascii: "-") || c == dot {
                    separator = c
                } else if separator == 0 {
                    separator = space
                }
                i += c == 0xC2 ? 2 : 1
            }
        }
        return tokens
    }

    /// `text` without leading and trailing spaces, tabs, line breaks and no-break spaces
    /// (spreadsheets pad cells with them). Byte-level, so cheap enough for every field.
    static func trimmed(_ text: String) -> String {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        while start < end {
            let b = utf8[start]
            if isSpace(b) {
                start = utf8.index(after: start)
            } else if b == 0xC2, utf8.index(after: start) < end, utf8[utf8.index(after: start)] == 0xA0 {
                start = utf8.index(start, offsetBy: 2)
            } else {
                break
            }
        }
        while start < end {
            let last = utf8.index(before: end)
            let b = utf8[last]
            if isSpace(b) {
                end = last
            } else if b == 0xA0, last > start, utf8[utf8.index(before: last)] == 0xC2 {
                end = utf8.index(before: last)
            } else {
                break
            }
        }
        if start == utf8.startIndex && end == utf8.endIndex { return text }
        return String(Substring(utf8[start..<end]))
    }

    private static func lowercasedASCII(_ text: String) -> [UInt8] {
        text.utf8.map { ($0 >= 65 && $0 <= 90) ? $0 | 0x20 : $0 }
    }

    /// Letters, and non-ASCII bytes other than a no-break space (C2 A0), make words.
    private static func isWordByte(_ b: [UInt8], _ i: Int) -> Bool {
        let c = b[i]
        return isLetter(c) || c >= 0x80 && !(c == 0xC2 && i + 1 < b.count && b[i + 1] == 0xA0)
    }

    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }

    private static let space = UInt8(ascii: " ")
    private static let colon = UInt8(ascii: ":")
    private static let dot = UInt8(ascii: ".")

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ]
    private static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    private static let months: [[UInt8]: Int] = {
        var table: [[UInt8]: Int] = [:]
        for (i, name) in monthNames.enumerated() {
            table[Array(name.lowercased().utf8)] = i + 1
            table[Array(name.lowercased().utf8.prefix(3))] = i + 1
        }
        table[Array("sept".utf8)] = 9
        return table
    }()

    private static let weekdays: [[UInt8]: Int] = {
        var table: [[UInt8]: Int] = [:]
        for (i, name) in weekdayNames.enumerated() {
            table[Array(name.lowercased().utf8)] = i + 1
            table[Array(name.lowercased().utf8.prefix(3))] = i + 1
        }
        for (name, day) in [("tues", 2), ("weds", 3), ("thur", 4), ("thurs", 4)] { table[Array(name.utf8)] = day }
        return table
    }()

    private static let ordinalSuffixes: Set<[UInt8]> = [Array("st".utf8), Array("nd".utf8), Array("rd".utf8), Array("th".utf8)]
    private static let fillerWords: Set<[UInt8]> = [Array("of".utf8)]

    private static let durationUnits: [[UInt8]: Int] = {
        var table: [[UInt8]: Int] = [:]
        for name in ["h", "hr", "hrs", "hour", "hours"] { table[Array(name.utf8)] = 3600 }
        for name in ["m", "min", "mins", "minute", "minutes"] { table[Array(name.utf8)] = 60 }
        for name in ["s", "sec", "secs", "second", "seconds"] { table[Array(name.utf8)] = 1 }
        return table
    }()

    private static let isoUnits: [[UInt8]: Int] = [[UInt8(ascii: "h")]: 3600, [UInt8(ascii: "m")]: 60, [UInt8(ascii: "s")]: 1]
}
