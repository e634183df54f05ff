import TermscaleCore

/// Why a date, time or duration as written in a timetable could not be read. Each message quotes
/// the text and says what is accepted, so it reads well after `file:line: field:`.
public enum WallClockParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not in any accepted date form.
    case unrecognizedDate(text: String, order: DateOrder)
    /// In an accepted form, but the day does not exist (31 February, month 13).
    case nonexistentDate(text: String, reason: String)
    /// A numeric date impossible in `order` but valid the other way round, so the file very
    /// likely writes its dates in the other order.
    case contradictsDateOrder(text: String, order: DateOrder, otherWay: CivilDate)
    /// The weekday written with the date is not the date's weekday.
    case weekdayMismatch(text: String, date: CivilDate, written: Int)
    /// Not in any accepted time-of-day form.
    case unrecognizedTime(text: String)
    /// Hours, minutes or seconds out of range (`25:00`, `9:75`, `13pm`).
    case timeOutOfRange(text: String)
    /// Not in any accepted duration form.
    case unrecognizedDuration(text: String)
    /// Zero or negative.
    case durationNotPositive(text: String)

    public var description: String {
        switch self {
        case .unrecognizedDate(let text, let order):
            let slash = order == .dmy ? "12/01/2027 (day first)" : "01/12/2027 (month first)"
            return "'\(text)' is not a date; write it as 2027-01-12, \(slash), 12 Jan 2027 or Tuesday 12 January 2027"
        case .nonexistentDate(let text, let reason):
            return "'\(text)' does not exist: \(reason); correct the date"
        case .contradictsDateOrder(let text, let order, let otherWay):
            let (chosen, other, flag) =
                order == .dmy
                ? ("day/month/year", "month/day/year", "mdy") : ("month/day/year", "day/month/year", "dmy")
            return "'\(text)' is impossible read as \(chosen) but is \(WallClockParsing.longForm(otherWay)) read as "
                + "\(other), so this file's dates are probably \(other) and others may be misread; "
                + "if so, import it with --date-order \(flag)"
        case .weekdayMismatch(let text, let date, let written):
            return "'\(text)': \(WallClockParsing.longForm(date)) is a \(WallClockParsing.weekdayName(date.isoWeekday)), "
                + "not a \(WallClockParsing.weekdayName(written)); correct the day name or the date"
        case .unrecognizedTime(let text):
            return "'\(text)' is not a time of day; write it as 09:30, 9.30, 9:30am, 2pm or 14:00:00"
        case .timeOutOfRange(let text):
            return "'\(text)' is not a time of day: hours go to 23 (1–12 with am/pm) and minutes and seconds to 59"
        case .unrecognizedDuration(let text):
            return "'\(text)' is not a duration; write minutes (120), h:mm (2:30), 2h 30m, 2.5 hours, 90 mins or PT2H30M"
        case .durationNotPositive(let text):
            return "'\(text)' is not a positive duration; an exam must last longer than zero"
        }
    }
}
