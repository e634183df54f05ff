import Foundation

extension CivilDate {
    /// The Monday of ISO 8601 week `week` of `year` (week 1 holds 4 January), or nil when the
    /// year has no such week (52 or 53 weeks).
    public static func mondayOfISOWeek(year: Int, week: Int) -> CivilDate? {
        guard (1...9998).contains(year), week >= 1, week <= isoWeeks(in: year) else { return nil }
        let jan4 = CivilDate(year: year, month: 1, day: 4)
        return jan4.adding(days: 1 - jan4.isoWeekday + 7 * (week - 1))
    }

    /// 53 when 1 January is a Thursday, or a Wednesday in a leap year; otherwise 52.
    public static func isoWeeks(in year: Int) -> Int {
        let jan1 = CivilDate(year: year, month: 1, day: 1).isoWeekday
        return jan1 == 4 || (jan1 == 3 && isLeapYear(year)) ? 53 : 52
    }

    /// Parses `YYYY-MM-DD`, or nil.
    public static func parseISO(_ text: String) -> CivilDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        return CivilDate(validYear: y, month: m, day: d)
    }
}
