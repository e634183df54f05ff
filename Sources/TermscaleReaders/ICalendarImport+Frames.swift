import TermscaleCore

/// How the wall times of an iCalendar file become instants: `Z` times, TZIDs (the file's own
/// VTIMEZONEs, else IANA or Windows names), DATE values, and floating times.
extension ICalendarImport {
    /// How the wall times of a value become instants.
    enum Frame {
        /// `Z` times: the wall time is UTC.
        case utc
        /// A zone, with what to do in gaps and repeated hours.
        case zoned(any ZoneRules, TransitionPolicy)
        /// DATE values: the day starts at local midnight in `ReaderOptions.zone` (or the first
        /// instant of the day when midnight falls in a gap).
        case allDay
    }

    /// An instant, with the reason it is not acceptable when the frame's policy refuses it.
    struct Resolved {
        var instant: Int64
        var problem: TransitionError?
    }

    func resolve(_ local: LocalDateTime, in frame: Frame) -> Resolved {
        switch frame {
        case .utc:
            return Resolved(instant: local.secondsAsIfUTC)
        case .allDay:
            return Resolved(instant: LocalTimeResolver.startOfDay(local.date, in: floatingZone))
        case .zoned(let zone, let policy):
            switch LocalTimeResolver.resolve(local, in: zone) {
            case .unique(let t):
                return Resolved(instant: t)
            case .nonexistent(let before, _):
                return Resolved(instant: before, problem: policy == .reject ? .nonexistent(local, zone: zone.identifier) : nil)
            case .ambiguous(let earlier, _):
                return Resolved(instant: earlier, problem: policy == .reject ? .ambiguous(local, zone: zone.identifier) : nil)
            }
        }
    }

    /// The frame of a zone named by a TZID, reporting an unknown one at `property`'s line.
    mutating func frame(tzid: String, property: ICalProperty) -> Frame? {
        let frame: Frame?
        if let cached = zoneCache[tzid] {
            frame = cached
        } else if let component = timezoneComponents[tzid] {
            switch VTimeZoneRules.build(from: component, file: file) {
            case .success(let rules):
                frame = .zoned(rules, .rfc5545)
            case .failure(let error):
                diagnostics += error.diagnostics
                zoneCache[tzid] = .some(nil)
                report(
                    property,
                    "time zone '\(tzid)' is defined by a VTIMEZONE that cannot be used (see its problems); fix the VTIMEZONE")
                return nil
            }
            zoneCache[tzid] = .some(frame)
        } else {
            if let zone = TimeZoneNames.ianaZone(forTZID: tzid) {
                frame = zone.identifier == "UTC" || zone.identifier == "GMT" ? .utc : .zoned(MemoizedZone(zone), .reject)
            } else {
                frame = nil
            }
            zoneCache[tzid] = .some(frame)
        }
        if frame == nil && timezoneComponents[tzid] == nil {
            report(
                property,
                "unknown time zone '\(tzid)': the file has no VTIMEZONE with this TZID and it is not an IANA name such as Europe/London; add the VTIMEZONE or use an IANA name"
            )
        }
        return frame
    }

    /// The frame a time value of `property` is read in: `Z` → UTC, DATE → all-day, TZID → that
    /// zone, otherwise `fallback` (the event's own frame; floating in `ReaderOptions.zone` for
    /// DTSTART).
    mutating func frame(for value: ICalTime, property: ICalProperty, fallback: Frame) -> Frame? {
        switch value {
        case .date: return .allDay
        case .dateTime(_, utc: true): return .utc
        case .dateTime(_, utc: false):
            if let tzid = property.parameter("TZID") { return frame(tzid: tzid, property: property) }
            return fallback
        }
    }

    var floatingFrame: Frame { .zoned(floatingZone, .reject) }
}

extension ICalendarImport.Frame {
    var isAllDay: Bool {
        if case .allDay = self { return true }
        return false
    }
}
