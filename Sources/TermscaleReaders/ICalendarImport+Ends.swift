import TermscaleCore

/// How long each occurrence lasts (DTEND, DURATION, an RDATE period or an override's own end),
/// and the end instant it gives, checked.
extension ICalendarImport {
    /// How long each occurrence lasts.
    enum Length {
        case none
        /// Nominal days (added in wall time) then exact seconds.
        case nominal(days: Int, seconds: Int, property: ICalProperty)
        case exact(seconds: Int64, property: ICalProperty)
    }

    /// DTEND or DURATION of an event, as a length applied to each occurrence.
    mutating func lengthOf(_ event: ICalComponent, start: Occurrence?) -> Length? {
        guard let start else { return Length.none }
        let startIsDate = start.frame.isAllDay
        if let dtend = event.property("DTEND") {
            guard let value = ICalTime.parse(dtend.value) else {
                report(
                    dtend, "'\(dtend.value)' is not a DATE (YYYYMMDD) or DATE-TIME (YYYYMMDDTHHMMSS, optionally with Z); fix it")
                return nil
            }
            if value.isDate != startIsDate {
                report(
                    dtend,
                    "DTEND is a \(value.isDate ? "DATE" : "DATE-TIME") but DTSTART is a \(startIsDate ? "DATE" : "DATE-TIME"); give both the same type"
                )
                return nil
            }
            if case .date(let endDate) = value {
                return .nominal(days: endDate.daysSinceEpoch - start.local.date.daysSinceEpoch, seconds: 0, property: dtend)
            }
            guard let endFrame = frame(for: value, property: dtend, fallback: start.frame) else { return nil }
            let end = resolve(value.local, in: endFrame)
            if let problem = end.problem {
                report(dtend, problem.description)
                return nil
            }
            return .exact(seconds: end.instant - start.start.instant, property: dtend)
        }
        if let durationProperty = event.property("DURATION") {
            guard let duration = ICalDuration.parse(durationProperty.value) else {
                report(
                    durationProperty, "'\(durationProperty.value)' is not a duration such as PT2H, PT1H30M, P1D or P1W; fix it")
                return nil
            }
            return .nominal(days: duration.days, seconds: duration.seconds, property: durationProperty)
        }
        // RFC 5545: a DATE start without an end lasts one day; a DATE-TIME one, --default-duration.
        let dtstart = event.property("DTSTART") ?? start.property
        if startIsDate { return .nominal(days: 1, seconds: 0, property: dtstart) }
        if let seconds = options.defaultDuration { return .exact(seconds: Int64(seconds), property: dtstart) }
        return Length.none
    }

    /// Why a timed occurrence has no end, and the two ways to give it one.
    static func noEndMessage(_ occurrence: Occurrence) -> String {
        "the event starting \(occurrence.local) has no DTEND or DURATION, so its end is unknown; add one, or pass "
            + "--default-duration (e.g. --default-duration 2h)"
    }

    func nominalEnd(_ occurrence: Occurrence, days: Int, seconds: Int) -> Resolved {
        var end =
            days == 0 ? occurrence.start : resolve(occurrence.local.adding(seconds: Int64(days) * 86_400), in: occurrence.frame)
        end.instant += Int64(seconds)
        return end
    }

    /// The end of an occurrence under `length` and the property that gave it; nil for `.none`.
    func computeEnd(_ occurrence: Occurrence, length: Length) -> (Resolved, ICalProperty)? {
        switch length {
        case .none: return nil
        case .exact(let seconds, let p): return (Resolved(instant: occurrence.start.instant + seconds), p)
        case .nominal(let days, let seconds, let p): return (nominalEnd(occurrence, days: days, seconds: seconds), p)
        }
    }

    /// The end instant of an occurrence, or nil after reporting why it has none.
    mutating func endOf(_ occurrence: Occurrence, length: Length) -> Int64? {
        let end: Resolved
        let property: ICalProperty
        if let given = occurrence.end, let endProperty = occurrence.endProperty {
            end = given
            property = endProperty
        } else if let (computed, p) = computeEnd(occurrence, length: length) {
            end = computed
            property = p
        } else {
            report(
                line: occurrence.event.line, field: "DTEND",
                Self.noEndMessage(occurrence))
            return nil
        }
        if let problem = end.problem {
            report(property, problem.description)
            return nil
        }
        guard end.instant > occurrence.start.instant else {
            report(
                property,
                "the event ends at \(UTCFormat.rfc3339(seconds: end.instant)), not after its start \(UTCFormat.rfc3339(seconds: occurrence.start.instant)); fix \(property.name)"
            )
            return nil
        }
        guard LocalDateTime(secondsAsIfUTC: end.instant).date.year <= 9999 else {
            report(property, "the end is after the year 9999; fix \(property.name)")
            return nil
        }
        return end.instant
    }
}
