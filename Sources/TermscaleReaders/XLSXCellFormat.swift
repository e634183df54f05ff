import TermscaleCore

/// What a cell's number format says its number is, for turning it into the text a CSV would have.
///
/// Excel stores dates and times as plain numbers (days since the workbook's epoch, the fraction
/// being the time of day); only the cell's number format makes one a date. Built-in formats
/// 14–22, 27–36, 45–47 and 50–58 are dates and times; a custom format is one when its first
/// section has a date or time token (`y`, `d`, `h`, `s`, `m`, `AM/PM`, `[h]`) outside quotes,
/// escapes and brackets.
enum XLSXCellFormat: Equatable, Sendable {
    /// A number: written as plain decimal text (`143`, `1.5`).
    case number
    /// An integer padded with zeros to `width` digits (format `00000`), so codes keep them.
    case zeroPadded(width: Int)
    case date
    /// A time of day; `elapsed` (`[h]:mm`) counts whole days into the hours, as a duration.
    case time(elapsed: Bool)
    case dateTime

    /// The built-in format `id` (ECMA-376 Part 1, 18.8.30), as far as dates and times go.
    static func builtIn(_ id: Int) -> XLSXCellFormat {
        switch id {
        case 14...17, 27...31, 34...36, 50...58: .date
        case 18...21, 32, 33, 45, 47: .time(elapsed: false)
        case 46: .time(elapsed: true)
        case 22: .dateTime
        default: .number
        }
    }

    /// A custom format code such as `dd/mm/yyyy`, `h:mm AM/PM`, `[h]:mm` or `"Room "0`.
    static func custom(_ code: String) -> XLSXCellFormat {
        let section = firstSection(code)
        if !section.isEmpty && section.allSatisfy({ $0 == "0" }) { return .zeroPadded(width: section.count) }
        var date = false
        var time = false
        var elapsed = false
        var month = false
        var chars = section.lowercased()[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case "\"":
                chars = chars.drop(while: { $0 != "\"" }).dropFirst()
            case "\\", "_", "*":
                chars = chars.dropFirst()
            case "[":
                let inside = chars.prefix(while: { $0 != "]" })
                chars = chars.dropFirst(inside.count).dropFirst()
                if let first = inside.first, "hms".contains(first), inside.allSatisfy({ $0 == first }) {
                    time = true
                    elapsed = true
                }
            case "y", "d": date = true
            case "h", "s": time = true
            case "m": month = true
            case "a":
                if chars.hasPrefix("m/pm") || chars.hasPrefix("/p") { time = true }
            default: break
            }
        }
        // `m` is minutes beside hours or seconds, else a month.
        if month && !time { date = true }
        switch (date, time) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time(elapsed: elapsed)
        case (false, false): return .number
        }
    }

    /// The first `;`-separated section (the one for positive numbers), quotes respected.
    private static func firstSection(_ code: String) -> Substring {
        var inQuotes = false
        var escaped = false
        for index in code.indices {
            let c = code[index]
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "\"" {
                inQuotes.toggle()
            } else if c == ";" && !inQuotes {
                return code[..<index]
            }
        }
        return code[...]
    }

    /// The days between 1970-01-01 and day 0 of each date system.
    private static let epoch1900 = -25_569  // 1899-12-30: serial 61 is 1900-03-01
    private static let epoch1904 = -24_107  // 1904-01-01 is serial 0

    /// The text a CSV export would hold for `value` in a cell of this format: `2027-01-11`,
    /// `09:30`, `2027-01-11 09:30`, `143`, `00042`; or why it cannot be a date.
    ///
    /// Times are rounded to the nearest second (a serial time is a binary fraction of a day, so
    /// 09:30 is stored as 09:29:59.99999…) and shown with seconds only when there are some.
    /// The 1900 system keeps Excel's bug: serial 60 is 29 February 1900, which never existed,
    /// and serials 1–59 are one day later than a true count would make them.
    func text(_ value: Double, date1904: Bool) -> Result<String, XLSXValueProblem> {
        switch self {
        case .number:
            return .success(Self.decimal(value))
        case .zeroPadded(let width):
            guard value >= 0, value == value.rounded(), value < 1e15 else { return .success(Self.decimal(value)) }
            return .success(Int64(value).zeroPadded(to: width))
        case .time(let elapsed):
            guard value >= 0, value < 1e7 else { return .failure(.notATime(value)) }
            let seconds = Int64((value * 86_400).rounded())
            return .success(Self.clock(elapsed ? seconds : seconds % 86_400, allowingDays: elapsed))
        case .date, .dateTime:
            guard value.isFinite, value >= 0, value < 2_958_466 else { return .failure(.notADate(value)) }
            var seconds = Int64((value * 86_400).rounded())
            if self == .date { seconds -= seconds % 86_400 }
            let serial = Int(seconds / 86_400)
            let days: Int
            if date1904 {
                days = serial + Self.epoch1904
            } else if serial >= 61 {
                days = serial + Self.epoch1900
            } else if serial >= 1 && serial < 60 {
                days = serial + Self.epoch1900 + 1
            } else {
                return .failure(serial == 60 ? .leapDay1900 : .dayZero)
            }
            let date = CivilDate(daysSinceEpoch: days).description
            guard self == .dateTime else { return .success(date) }
            return .success(date + " " + Self.clock(seconds % 86_400, allowingDays: false))
        }
    }

    /// `09:30`, `09:30:15`; with `allowingDays`, `26:00` for a day and two hours.
    static func clock(_ seconds: Int64, allowingDays: Bool) -> String {
        let hours = seconds / 3600
        var text = hours.zeroPadded(to: 2) + ":" + (seconds / 60 % 60).zeroPadded(to: 2)
        if seconds % 60 != 0 { text += ":" + (seconds % 60).zeroPadded(to: 2) }
        return text
    }

    /// `143`, `1.5`, `-2`: integers without `.0`, others as Swift's shortest round-trip text.
    static func decimal(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

/// Why a number in a date- or time-formatted cell is not one.
enum XLSXValueProblem: Error, Equatable {
    case notADate(Double)
    case notATime(Double)
    case leapDay1900
    case dayZero

    var message: String {
        switch self {
        case .notADate(let value):
            "\(XLSXCellFormat.decimal(value)) is formatted as a date but is no day between 1900 and 9999; "
                + "type the date again (e.g. 2027-01-12)"
        case .notATime(let value):
            "\(XLSXCellFormat.decimal(value)) is formatted as a time but is no time of day; type the time again "
                + "(e.g. 09:30)"
        case .leapDay1900:
            "is 29 February 1900, a day that never existed (Excel's 1900 leap-year bug); type the date again"
        case .dayZero:
            "is day 0 of the 1900 date system (Excel shows 0 January 1900); type the date again (e.g. 2027-01-12)"
        }
    }
}
