import TermscaleCore

/// An RRULE (RFC 5545 §3.3.10), limited to what timetables use: FREQ DAILY, WEEKLY, MONTHLY or
/// YEARLY with INTERVAL, COUNT, UNTIL, BYDAY (ordinals for MONTHLY/YEARLY), BYMONTHDAY, BYMONTH,
/// BYSETPOS and WKST.
public struct RecurrenceRule: Hashable, Sendable {
    public enum Frequency: String, Sendable, Hashable {
        case daily = "DAILY"
        case weekly = "WEEKLY"
        case monthly = "MONTHLY"
        case yearly = "YEARLY"
    }

    /// A BYDAY entry: an ISO weekday (1 = Monday … 7 = Sunday) and an optional ordinal
    /// (`-1FR` = last Friday; 0 = every such weekday).
    public struct WeekdayNumber: Hashable, Sendable {
        public var ordinal: Int
        public var weekday: Int
    }

    public var frequency: Frequency
    public var interval: Int = 1
    public var count: Int?
    public var until: ICalTime?
    public var byDay: [WeekdayNumber] = []
    public var byMonthDay: [Int] = []
    public var byMonth: [Int] = []
    public var bySetPos: [Int] = []
    /// ISO weekday the week starts on (default Monday).
    public var weekStart: Int = 1
    /// Single-valued BYHOUR/BYMINUTE/BYSECOND parts (as Outlook writes in VTIMEZONEs); usable only
    /// when they equal DTSTART's time of day.
    public var fixedTime: [String: Int] = [:]

    /// Why the rule cannot be expanded from `start`: a BYHOUR/BYMINUTE/BYSECOND that differs
    /// from DTSTART's time of day (this reader keeps DTSTART's time for every occurrence).
    public func unsupportedTimeParts(start: LocalDateTime) -> RecurrenceRuleError? {
        let actual = ["BYHOUR": start.hour, "BYMINUTE": start.minute, "BYSECOND": start.second]
        for (name, value) in fixedTime.sorted(by: { $0.key < $1.key }) where actual[name] != value {
            return .unsupported("\(name)=\(value) differs from DTSTART's time of day")
        }
        return nil
    }

    public init(frequency: Frequency) { self.frequency = frequency }

    static let weekdays = ["MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6, "SU": 7]

    /// Parses the value of an RRULE property.
    /// - Returns: the rule, or a message saying what is wrong or unsupported.
    public static func parse(_ text: String) -> Result<RecurrenceRule, RecurrenceRuleError> {
        var frequency: Frequency?
        var rule = RecurrenceRule(frequency: .daily)
        var seen = Set<String>()
        for part in text.split(separator: ";") {
            let item = String(part).trimmingSpaces()
            if item.isEmpty { continue }
            guard let eq = item.firstIndex(of: "=") else { return .failure(.malformed("'\(item)' is not NAME=VALUE")) }
            let name = item[..<eq].uppercased().trimmingSpaces()
            let value = String(item[item.index(after: eq)...]).uppercased().filter { $0 != " " && $0 != "\t" }
            guard seen.insert(name).inserted else { return .failure(.malformed("\(name) is given twice")) }
            func ints(_ range: ClosedRange<Int>, allowZero: Bool = false) -> [Int]? {
                var out: [Int] = []
                for piece in value.split(separator: ",", omittingEmptySubsequences: false) {
                    guard piece.count <= 6, let n = Int(piece), range.contains(n), allowZero || n != 0 else { return nil }
                    out.append(n)
                }
                return out.isEmpty ? nil : out
            }
            switch name {
            case "FREQ":
                switch value {
                case "HOURLY", "MINUTELY", "SECONDLY":
                    return .failure(.unsupported("FREQ=\(value) is not supported (only DAILY, WEEKLY, MONTHLY, YEARLY)"))
                default:
                    guard let f = Frequency(rawValue: value) else { return .failure(.malformed("unknown FREQ '\(value)'")) }
                    frequency = f
                }
            case "INTERVAL":
                guard let n = ints(1...10_000)?.first, !value.contains(",") else {
                    return .failure(.malformed("INTERVAL must be a whole number from 1 to 10000"))
                }
                rule.interval = n
            case "COUNT":
                guard let n = ints(1...999_999)?.first, !value.contains(",") else {
                    return .failure(.malformed("COUNT must be a whole number from 1 to 999999"))
                }
                rule.count = n
            case "UNTIL":
                guard let u = ICalTime.parse(value) else {
                    return .failure(.malformed("UNTIL '\(value)' is not a DATE (YYYYMMDD) or DATE-TIME (YYYYMMDDTHHMMSSZ)"))
                }
                rule.until = u
            case "BYMONTH":
                guard let list = ints(1...12) else { return .failure(.malformed("BYMONTH must list months 1–12")) }
                rule.byMonth = list
            case "BYMONTHDAY":
                guard let list = ints(-31...31) else { return .failure(.malformed("BYMONTHDAY must list days ±1–31")) }
                rule.byMonthDay = list
            case "BYSETPOS":
                guard let list = ints(-366...366) else { return .failure(.malformed("BYSETPOS must list positions ±1–366")) }
                rule.bySetPos = list
            case "WKST":
                guard let day = weekdays[value] else { return .failure(.malformed("WKST '\(value)' is not a weekday (MO…SU)")) }
                rule.weekStart = day
            case "BYDAY":
                for piece in value.split(separator: ",", omittingEmptySubsequences: false) {
                    guard piece.count >= 2, piece.count <= 5, let day = weekdays[String(piece.suffix(2))] else {
                        return .failure(.malformed("BYDAY entry '\(piece)' is not a weekday such as MO, 1MO or -1FR"))
                    }
                    let prefix = piece.dropLast(2)
                    var ordinal = 0
                    if !prefix.isEmpty {
                        guard let n = Int(prefix), n != 0, (-53...53).contains(n) else {
                            return .failure(.malformed("BYDAY entry '\(piece)' has a bad ordinal (±1–53)"))
                        }
                        ordinal = n
                    }
                    rule.byDay.append(WeekdayNumber(ordinal: ordinal, weekday: day))
                }
            case "BYHOUR", "BYMINUTE", "BYSECOND":
                // Only a single value, which must then equal DTSTART's (see `unsupportedTimeParts`).
                guard let n = ints(0...60, allowZero: true)?.first, !value.contains(",") else {
                    return .failure(.unsupported("\(name) with several values is not supported"))
                }
                rule.fixedTime[name] = n
            case "BYWEEKNO", "BYYEARDAY", "RSCALE", "SKIP":
                return .failure(.unsupported("\(name) is not supported"))
            default:
                if name.hasPrefix("X-") { continue }
                return .failure(.malformed("unknown rule part '\(name)'"))
            }
        }
        guard let frequency else { return .failure(.malformed("FREQ is missing")) }
        rule.frequency = frequency
        if rule.count != nil && rule.until != nil {
            return .failure(.malformed("COUNT and UNTIL must not both be given"))
        }
        if rule.byDay.contains(where: { $0.ordinal != 0 }) && !(frequency == .monthly || frequency == .yearly) {
            return .failure(.malformed("BYDAY ordinals such as 1MO are only allowed with FREQ=MONTHLY or YEARLY"))
        }
        if frequency == .weekly && !rule.byMonthDay.isEmpty {
            return .failure(.malformed("BYMONTHDAY is not allowed with FREQ=WEEKLY"))
        }
        return .success(rule)
    }

    /// The result of expanding a rule.
    public struct Expansion: Sendable {
        /// Wall times of the occurrences, ascending, starting with DTSTART itself.
        public var occurrences: [LocalDateTime]
        /// The rule had neither COUNT nor UNTIL and was cut at the horizon.
        public var cutAtHorizon: Bool
        /// More than the limit of occurrences; `occurrences` is incomplete.
        public var exceededLimit: Bool
        /// The rule had not ended `maxYears` after the start; `occurrences` is incomplete.
        public var exceededYears = false
        /// Days looked at to find the occurrences: the work the expansion took, which its
        /// caller may bound across many rules.
        public var examinedDays = 0
    }

    /// Expands the rule from `start` (DTSTART's wall time, which counts as the first occurrence).
    ///
    /// Works in wall-clock time: every occurrence has DTSTART's time of day.
    /// - Parameters:
    ///   - horizon: wall time (exclusive) where a rule without COUNT or UNTIL stops.
    ///   - limit: stop, setting `exceededLimit`, once more than this many occurrences are found.
    ///   - maxYears: stop, setting `exceededYears`, at periods starting this many years after
    ///     `start`: a rule whose filters rarely or never match (`BYMONTH=2;BYMONTHDAY=30`) would
    ///     otherwise be scanned to year 9999 before its COUNT is reached. nil: no such stop.
    ///   - isAfterUntil: whether an occurrence lies after UNTIL (the caller knows the zone).
    public func expand(
        from start: LocalDateTime, horizon: LocalDateTime, limit: Int, maxYears: Int? = nil,
        isAfterUntil: (LocalDateTime) -> Bool
    ) -> Expansion {
        var result = Expansion(occurrences: [start], cutAtHorizon: false, exceededLimit: false)
        let bounded = count != nil || until != nil
        if let count, count <= 1 { return result }
        let startDay = start.date.daysSinceEpoch
        let timeOfDay = start.hour * 3600 + start.minute * 60 + start.second
        var period = 0
        var candidates: [CivilDate] = []
        candidates.reserveCapacity(366)
        let lastYear = maxYears.map { start.date.year + $0 } ?? Int.max
        // Whether a period starting on `day` lies wholly after UNTIL: no later candidate can
        // match, so a rule whose filters rarely match stops there, not at year 9999.
        func pastUntil(_ day: CivilDate) -> Bool {
            until != nil && isAfterUntil(LocalDateTime(secondsAsIfUTC: Int64(day.daysSinceEpoch) * 86_400 + Int64(timeOfDay)))
        }
        while true {
            candidates.removeAll(keepingCapacity: true)
            // No occurrence of this period or a later one comes before the period's first day, so
            // UNTIL and the horizon end the expansion here too: a rule whose filters select no day
            // (BYDAY=9TU) then stops at its UNTIL or the horizon, not after `maxYears` of empty periods.
            let periodStart = LocalDateTime(
                secondsAsIfUTC: Int64(firstDay(ofPeriod: period, start: start.date)) * 86_400 + Int64(timeOfDay))
            if until != nil && isAfterUntil(periodStart) { return result }
            if !bounded && periodStart >= horizon {
                result.cutAtHorizon = true
                return result
            }
            // The first day of the period, and a guard against running past year 9999.
            switch frequency {
            case .daily:
                let day = CivilDate(daysSinceEpoch: startDay + period * interval)
                guard day.year <= 9999 else { return result }
                guard day.year <= lastYear else { return result.exceedingYears() }
                if pastUntil(day) { return result }
                result.examinedDays += 1
                if matchesFilters(day, ordinalScopeYear: false) { candidates.append(day) }
            case .weekly:
                let offset = (start.date.isoWeekday - weekStart + 7) % 7
                let first = startDay - offset + period * interval * 7
                guard CivilDate(daysSinceEpoch: first).year <= 9999 else { return result }
                guard CivilDate(daysSinceEpoch: first).year <= lastYear else { return result.exceedingYears() }
                if pastUntil(CivilDate(daysSinceEpoch: first)) { return result }
                result.examinedDays += 7
                for k in 0..<7 {
                    let day = CivilDate(daysSinceEpoch: first + k)
                    let weekdayOK =
                        byDay.isEmpty
                        ? day.isoWeekday == start.date.isoWeekday
                        : byDay.contains { $0.weekday == day.isoWeekday }
                    if weekdayOK && (byMonth.isEmpty || byMonth.contains(day.month)) { candidates.append(day) }
                }
                candidates.sort()
            case .monthly:
                let total = start.date.year * 12 + start.date.month - 1 + period * interval
                let year = total / 12
                let month = total % 12 + 1
                guard year <= 9999 else { return result }
                guard year <= lastYear else { return result.exceedingYears() }
                if pastUntil(CivilDate(year: year, month: month, day: 1)) { return result }
                if byMonth.isEmpty || byMonth.contains(month) {
                    result.examinedDays += appendDays(
                        year: year, month: month, defaultDay: start.date.day, ordinalScopeYear: false, into: &candidates)
                } else {
                    result.examinedDays += 1
                }
            case .yearly:
                let year = start.date.year + period * interval
                guard year <= 9999 else { return result }
                guard year <= lastYear else { return result.exceedingYears() }
                if pastUntil(CivilDate(year: year, month: 1, day: 1)) { return result }
                let months: [Int]
                if !byMonth.isEmpty {
                    months = byMonth.sorted()
                } else if byDay.isEmpty && byMonthDay.isEmpty {
                    months = [start.date.month]
                } else {
                    months = Array(1...12)
                }
                for month in months {
                    result.examinedDays += appendDays(
                        year: year, month: month, defaultDay: start.date.day,
                        ordinalScopeYear: byMonth.isEmpty, into: &candidates)
                }
            }
            period += 1
            if !bySetPos.isEmpty && !candidates.isEmpty {
                var picked: [CivilDate] = []
                for pos in bySetPos {
                    let index = pos > 0 ? pos - 1 : candidates.count + pos
                    if index >= 0 && index < candidates.count && !picked.contains(candidates[index]) {
                        picked.append(candidates[index])
                    }
                }
                candidates = picked.sorted()
            }
            for day in candidates {
                let occurrence = LocalDateTime(secondsAsIfUTC: Int64(day.daysSinceEpoch) * 86_400 + Int64(timeOfDay))
                if occurrence <= start { continue }
                if until != nil && isAfterUntil(occurrence) { return result }
                if !bounded && occurrence >= horizon {
                    result.cutAtHorizon = true
                    return result
                }
                result.occurrences.append(occurrence)
                if let count, result.occurrences.count >= count { return result }
                if result.occurrences.count > limit {
                    result.exceededLimit = true
                    return result
                }
            }
        }
    }

    /// The first day (days since 1970-01-01) of expansion period `period` of a rule starting on
    /// `start`: the day, the week (from WKST), the month or the year `expand` looks in.
    private func firstDay(ofPeriod period: Int, start: CivilDate) -> Int {
        switch frequency {
        case .daily: return start.daysSinceEpoch + period * interval
        case .weekly: return start.daysSinceEpoch - (start.isoWeekday - weekStart + 7) % 7 + period * interval * 7
        case .monthly:
            let total = start.year * 12 + start.month - 1 + period * interval
            return CivilDate(year: total / 12, month: total % 12 + 1, day: 1).daysSinceEpoch
        case .yearly: return CivilDate(year: start.year + period * interval, month: 1, day: 1).daysSinceEpoch
        }
    }

    /// Appends the days of one month that the BYMONTHDAY/BYDAY parts select (or `defaultDay`).
    /// - Returns: the number of days looked at.
    private func appendDays(
        year: Int, month: Int, defaultDay: Int, ordinalScopeYear: Bool, into out: inout [CivilDate]
    ) -> Int {
        let length = CivilDate.daysInMonth(year: year, month: month)
        if byDay.isEmpty && byMonthDay.isEmpty {
            if defaultDay <= length { out.append(CivilDate(year: year, month: month, day: defaultDay)) }
            return 1
        }
        for day in 1...length {
            let date = CivilDate(year: year, month: month, day: day)
            if matchesFilters(date, ordinalScopeYear: ordinalScopeYear) { out.append(date) }
        }
        return length
    }

    /// BYMONTH, BYMONTHDAY and BYDAY (with ordinals counted in the month or the year).
    private func matchesFilters(_ date: CivilDate, ordinalScopeYear: Bool) -> Bool {
        if !byMonth.isEmpty && !byMonth.contains(date.month) { return false }
        if !byMonthDay.isEmpty {
            let length = CivilDate.daysInMonth(year: date.year, month: date.month)
            guard byMonthDay.contains(where: { $0 > 0 ? $0 == date.day : length + 1 + $0 == date.day }) else { return false }
        }
        if !byDay.isEmpty {
            let weekday = date.isoWeekday
            let (index, length): (Int, Int)
            if ordinalScopeYear {
                let jan1 = CivilDate(year: date.year, month: 1, day: 1).daysSinceEpoch
                index = date.daysSinceEpoch - jan1 + 1
                length = CivilDate.isLeapYear(date.year) ? 366 : 365
            } else {
                index = date.day
                length = CivilDate.daysInMonth(year: date.year, month: date.month)
            }
            let nth = (index - 1) / 7 + 1
            let nthFromEnd = -((length - index) / 7 + 1)
            guard
                byDay.contains(where: {
                    $0.weekday == weekday && ($0.ordinal == 0 || $0.ordinal == nth || $0.ordinal == nthFromEnd)
                })
            else { return false }
        }
        return true
    }
}

/// Why an RRULE cannot be used.
public enum RecurrenceRuleError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformed(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .malformed(let what): return "malformed RRULE: \(what); fix the rule"
        case .unsupported(let what): return "unsupported RRULE: \(what); list the occurrences with RDATE instead"
        }
    }
}

extension RecurrenceRule.Expansion {
    fileprivate func exceedingYears() -> Self {
        var result = self
        result.exceededYears = true
        return result
    }
}
