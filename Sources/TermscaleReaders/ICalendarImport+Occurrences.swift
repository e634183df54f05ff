import TermscaleCore

/// The occurrences of one VEVENT: DTSTART, RRULE and RDATE expanded, EXDATE removed.
extension ICalendarImport {
    /// One occurrence of an event, before its end is known.
    struct Occurrence {
        var event: ICalComponent
        var local: LocalDateTime
        var frame: Frame
        var start: Resolved
        /// The property it comes from (DTSTART, RDATE, or an override's DTSTART).
        var property: ICalProperty
        /// An end given with the occurrence itself (RDATE period, override).
        var end: Resolved?
        var endProperty: ICalProperty?
    }

    /// DTSTART plus the RRULE and RDATE occurrences, each resolved (leniently) to an instant.
    mutating func occurrencesOf(_ event: ICalComponent) -> [Occurrence]? {
        guard let dtstart = event.property("DTSTART") else {
            report(line: event.line, field: "DTSTART", "VEVENT has no DTSTART; add the start date or date-time")
            return nil
        }
        guard let value = ICalTime.parse(dtstart.value) else {
            report(
                dtstart, "'\(dtstart.value)' is not a DATE (YYYYMMDD) or DATE-TIME (YYYYMMDDTHHMMSS, optionally with Z); fix it")
            return nil
        }
        guard let frame = frame(for: value, property: dtstart, fallback: floatingFrame) else { return nil }
        let first = Occurrence(
            event: event, local: value.local, frame: frame, start: resolve(value.local, in: frame), property: dtstart)
        var occurrences = [first]
        var seen: Set<Int64> = [first.start.instant]
        for rruleProperty in event.properties("RRULE") {
            let rule: RecurrenceRule
            switch RecurrenceRule.parse(rruleProperty.value) {
            case .success(let r): rule = r
            case .failure(let error):
                report(rruleProperty, error.description)
                return nil
            }
            if let error = rule.unsupportedTimeParts(start: value.local) {
                report(rruleProperty, error.description)
                return nil
            }
            var untilInstant: Int64?
            if case .dateTime(let u, true)? = rule.until { untilInstant = u.secondsAsIfUTC }
            let horizon = value.local.adding(seconds: Int64(ICalendarReader.unboundedHorizonDays) * 86_400)
            let expansion = rule.expand(
                from: value.local, horizon: horizon, limit: ICalendarReader.maxOccurrencesPerEvent,
                maxYears: ICalendarReader.maxRuleYears
            ) { local in
                switch rule.until {
                case .date(let d)?: return local.date > d
                case .dateTime(let u, false)?: return local > u
                case .dateTime?: return resolve(local, in: frame).instant > (untilInstant ?? .max)
                case nil: return false
                }
            }
            if expansion.exceededLimit {
                report(
                    rruleProperty,
                    "the rule gives more than \(ICalendarReader.maxOccurrencesPerEvent) occurrences; add a COUNT or an earlier UNTIL"
                )
                return nil
            }
            if expansion.exceededYears {
                report(
                    rruleProperty,
                    "the rule runs on more than \(ICalendarReader.maxRuleYears) years past DTSTART (its COUNT or UNTIL is "
                        + "not reached by then); give an earlier UNTIL or a smaller COUNT")
                return nil
            }
            if expansion.cutAtHorizon {
                batch.warnings.append(
                    Diagnostic(
                        file: file, line: rruleProperty.line, field: "RRULE",
                        message:
                            "the rule has neither COUNT nor UNTIL; only occurrences before \(horizon.date) (\(ICalendarReader.unboundedHorizonDays) days after DTSTART) were imported; add COUNT or UNTIL to import a fixed set"
                    ))
            }
            for local in expansion.occurrences.dropFirst() {
                let resolved = resolve(local, in: frame)
                if seen.insert(resolved.instant).inserted {
                    occurrences.append(Occurrence(event: event, local: local, frame: frame, start: resolved, property: dtstart))
                }
            }
        }
        for rdate in event.properties("RDATE") {
            for item in rdate.valueList {
                let parts = item.split(separator: "/", maxSplits: 1).map(String.init)
                guard let time = ICalTime.parse(parts[0]) else {
                    report(rdate, "'\(item)' is not a DATE, DATE-TIME or PERIOD (start/end or start/duration); fix it")
                    continue
                }
                guard let rframe = self.frame(for: time, property: rdate, fallback: frame) else { continue }
                var occurrence = Occurrence(
                    event: event, local: time.local, frame: rframe,
                    start: resolve(time.local, in: rframe), property: rdate)
                if parts.count == 2 {
                    if let duration = ICalDuration.parse(parts[1]) {
                        occurrence.end = nominalEnd(occurrence, days: duration.days, seconds: duration.seconds)
                    } else if let endTime = ICalTime.parse(parts[1]),
                        let eframe = self.frame(for: endTime, property: rdate, fallback: rframe)
                    {
                        occurrence.end = resolve(endTime.local, in: eframe)
                    } else {
                        report(rdate, "the end of period '\(item)' is neither a DATE-TIME nor a DURATION; fix it")
                        continue
                    }
                    occurrence.endProperty = rdate
                }
                if seen.insert(occurrence.start.instant).inserted { occurrences.append(occurrence) }
            }
        }
        if occurrences.count > ICalendarReader.maxOccurrencesPerEvent {
            report(
                line: event.line, field: "RDATE",
                "the event has more than \(ICalendarReader.maxOccurrencesPerEvent) occurrences; split it")
            return nil
        }
        occurrences.sort { $0.start.instant < $1.start.instant }
        return occurrences
    }

    /// Removes the occurrences EXDATE names: DATE-TIMEs by instant, DATEs by local date.
    mutating func applyExceptions(_ event: ICalComponent, to occurrences: inout [Occurrence]) {
        let exdates = event.properties("EXDATE")
        guard !exdates.isEmpty, let master = occurrences.first else { return }
        var instants = Set<Int64>()
        var dates = Set<CivilDate>()
        for exdate in exdates {
            for item in exdate.valueList {
                guard let time = ICalTime.parse(item) else {
                    report(exdate, "'\(item)' is not a DATE or DATE-TIME; fix it")
                    continue
                }
                if case .date(let d) = time {
                    dates.insert(d)
                } else if let frame = frame(for: time, property: exdate, fallback: master.frame) {
                    instants.insert(resolve(time.local, in: frame).instant)
                }
            }
        }
        occurrences.removeAll { instants.contains($0.start.instant) || dates.contains($0.local.date) }
    }
}
