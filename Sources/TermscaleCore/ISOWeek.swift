/// An ISO 8601 week (`2027-W02`): Monday to Sunday, week 1 being the one that holds 4 January.
public struct ISOWeek: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let week: Int
    /// The week's first day.
    public let monday: CivilDate

    /// Week `week` of ISO year `year`, or nil when that year has no such week (52 or 53 weeks).
    public init?(year: Int, week: Int) {
        guard let monday = CivilDate.mondayOfISOWeek(year: year, week: week) else { return nil }
        self.year = year
        self.week = week
        self.monday = monday
    }

    /// The week `date` falls in. Its ISO year is the year of its Thursday, so 1 January 2027 (a
    /// Friday) is in 2026-W53.
    public init(containing date: CivilDate) {
        let monday = date.adding(days: 1 - date.isoWeekday)
        let thursday = monday.adding(days: 3)
        let dayOfYear = thursday.daysSinceEpoch - CivilDate(year: thursday.year, month: 1, day: 1).daysSinceEpoch
        self.year = thursday.year
        self.week = dayOfYear / 7 + 1
        self.monday = monday
    }

    /// Parses `2027-W02`, `2027W02` or `2027-w2`; nil for anything else or a week the year lacks.
    public init?(parsing text: String) {
        let parts = text.uppercased().replacing("-W", with: "W").split(separator: "W", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, (1...2).contains(parts[1].count),
            let year = Int(parts[0]), let week = Int(parts[1])
        else { return nil }
        self.init(year: year, week: week)
    }

    /// The seven days, as a range of local dates.
    public var days: LocalDateRange { LocalDateRange(uncheckedFrom: monday, to: monday.adding(days: 7)) }

    /// `2027-W02`.
    public var description: String { "\(year)-W\(week.zeroPadded(to: 2))" }
}
