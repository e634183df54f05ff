import TermscaleCore

/// The offsets of a zone defined by a VTIMEZONE component in the file (RFC 5545 §3.6.5).
///
/// Every onset of every STANDARD/DAYLIGHT observance (its DTSTART, RRULE occurrences through
/// `lastYear`, RDATEs) is precomputed into a sorted transition table; lookups binary-search it.
public struct VTimeZoneRules: ZoneRules, Hashable {
    public let identifier: String
    /// Transition instants (UTC seconds), ascending.
    public let transitions: [Int64]
    /// Offset in force from `transitions[i]` on.
    public let offsets: [Int]
    /// Offset in force before the first transition.
    public let initialOffset: Int

    /// Transitions are computed through the end of this year.
    public static let lastYear = 2200
    /// Per observance, at most this many onsets are computed (a sane zone has two a year).
    static let maxOnsets = 5_000

    public init(identifier: String, transitions: [Int64], offsets: [Int], initialOffset: Int) {
        self.identifier = identifier
        self.transitions = transitions
        self.offsets = offsets
        self.initialOffset = initialOffset
    }

    /// Builds the rules of a VTIMEZONE component.
    /// - Returns: the rules, or diagnostics (with lines) for what makes the component unusable.
    public static func build(from component: ICalComponent, file: String) -> Result<VTimeZoneRules, DiagnosticsError> {
        var problems: [Diagnostic] = []
        func problem(_ line: Int, _ field: String, _ message: String) {
            problems.append(Diagnostic(file: file, line: line, field: field, message: message))
        }
        let tzid = component.property("TZID")?.text.trimmingSpaces() ?? ""
        if tzid.isEmpty { problem(component.line, "TZID", "VTIMEZONE has no TZID; add one") }
        var onsets: [(utc: Int64, from: Int, to: Int)] = []
        let observances = component.components.filter { $0.name == "STANDARD" || $0.name == "DAYLIGHT" }
        if observances.isEmpty {
            problem(component.line, "VTIMEZONE", "VTIMEZONE \(tzid) has no STANDARD or DAYLIGHT part; add one")
        }
        let horizon = LocalDateTime(date: CivilDate(year: lastYear + 1, month: 1, day: 1))
        for observance in observances {
            guard let fromProperty = observance.property("TZOFFSETFROM"), let toProperty = observance.property("TZOFFSETTO")
            else {
                problem(observance.line, observance.name, "\(observance.name) needs TZOFFSETFROM and TZOFFSETTO; add them")
                continue
            }
            guard let from = parseUTCOffset(fromProperty.value) else {
                problem(fromProperty.line, "TZOFFSETFROM", "'\(fromProperty.value)' is not a UTC offset such as +0100 or -0500")
                continue
            }
            guard let to = parseUTCOffset(toProperty.value) else {
                problem(toProperty.line, "TZOFFSETTO", "'\(toProperty.value)' is not a UTC offset such as +0100 or -0500")
                continue
            }
            guard let dtstartProperty = observance.property("DTSTART") else {
                problem(observance.line, observance.name, "\(observance.name) has no DTSTART; add one")
                continue
            }
            guard let dtstart = ICalTime.parse(dtstartProperty.value) else {
                problem(dtstartProperty.line, "DTSTART", "'\(dtstartProperty.value)' is not a DATE-TIME such as 19701025T020000")
                continue
            }
            let start = dtstart.local
            var locals: [LocalDateTime] = [start]
            for rruleProperty in observance.properties("RRULE") {
                switch RecurrenceRule.parse(rruleProperty.value) {
                case .failure(let error):
                    problem(rruleProperty.line, "RRULE", error.description)
                case .success(let rule):
                    if let error = rule.unsupportedTimeParts(start: start) {
                        problem(rruleProperty.line, "RRULE", error.description)
                        continue
                    }
                    // Onsets past the horizon are dropped, so a bounded rule is not scanned past it either.
                    let expansion = rule.expand(
                        from: start, horizon: horizon, limit: maxOnsets, maxYears: max(0, lastYear + 1 - start.date.year)
                    ) { local in
                        guard let until = rule.until else { return false }
                        switch until {
                        case .date(let d): return local.date > d
                        case .dateTime(let u, let utc):
                            // UNTIL in UTC compares with the onset instant (local - offset before).
                            return utc ? local.secondsAsIfUTC - Int64(from) > u.secondsAsIfUTC : local > u
                        }
                    }
                    locals += expansion.occurrences.dropFirst().prefix { $0 < horizon }
                }
            }
            for rdateProperty in observance.properties("RDATE") {
                for item in rdateProperty.valueList {
                    let text = item.split(separator: "/").first.map(String.init) ?? item
                    guard let time = ICalTime.parse(text) else {
                        problem(rdateProperty.line, "RDATE", "'\(item)' is not a DATE-TIME such as 19701025T020000")
                        continue
                    }
                    if case .dateTime(let t, true) = time {
                        onsets.append((t.secondsAsIfUTC, from, to))
                    } else {
                        locals.append(time.local)
                    }
                }
            }
            for local in locals.prefix(maxOnsets) {
                onsets.append((local.secondsAsIfUTC - Int64(from), from, to))
            }
        }
        if !problems.isEmpty { return .failure(DiagnosticsError(problems)) }
        onsets.sort { $0.utc < $1.utc }
        var transitions: [Int64] = []
        var offsets: [Int] = []
        transitions.reserveCapacity(onsets.count)
        offsets.reserveCapacity(onsets.count)
        for onset in onsets {
            if let last = transitions.last, last == onset.utc {
                offsets[offsets.count - 1] = onset.to
            } else {
                transitions.append(onset.utc)
                offsets.append(onset.to)
            }
        }
        let initial = onsets.first?.from ?? 0
        return .success(VTimeZoneRules(identifier: tzid, transitions: transitions, offsets: offsets, initialOffset: initial))
    }

    public func utcOffset(atUTC utcSeconds: Int64) -> Int {
        // Last transition at or before utcSeconds.
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) / 2
            if transitions[mid] <= utcSeconds { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? initialOffset : offsets[low - 1]
    }
}
