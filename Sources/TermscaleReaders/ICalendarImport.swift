import Foundation
import TermscaleCore

/// One `ICalendarReader.read` call: turns parsed components into exam sessions or windows,
/// collecting every problem as a diagnostic.
struct ICalendarImport {
    let options: ReaderOptions
    let file: String
    let source: String
    var batch = ImportBatch()
    var diagnostics: [Diagnostic] = []

    /// VTIMEZONE components of the file by TZID, and their rules once built.
    private var timezoneComponents: [String: ICalComponent] = [:]
    private var zoneCache: [String: Frame?] = [:]
    private let floatingZone: any ZoneRules

    init(options: ReaderOptions, file: String, source: String) {
        self.options = options
        self.file = file
        self.source = source
        floatingZone = options.zone is VTimeZoneRules || options.zone is FixedOffsetZone
            ? options.zone : MemoizedZone(options.zone)
    }

    // MARK: Time frames

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
                report(property, "time zone '\(tzid)' is defined by a VTIMEZONE that cannot be used (see its problems); fix the VTIMEZONE")
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
            report(property, "unknown time zone '\(tzid)': the file has no VTIMEZONE with this TZID and it is not an IANA name such as Europe/London; add the VTIMEZONE or use an IANA name")
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

    // MARK: Diagnostics

    mutating func report(_ property: ICalProperty, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: property.line, field: property.name, message: message))
    }

    mutating func report(line: Int, field: String, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, field: field, message: message))
    }

    // MARK: Reading

    mutating func read(_ roots: [ICalComponent]) {
        var events: [ICalComponent] = []
        var sawCalendar = false
        func collect(_ component: ICalComponent, into events: inout [ICalComponent], timezones: inout [String: ICalComponent]) {
            switch component.name {
            case "VEVENT": events.append(component)
            case "VTIMEZONE":
                let tzid = component.property("TZID")?.text.trimmingSpaces() ?? ""
                if timezones[tzid] == nil { timezones[tzid] = component }
            default: break
            }
        }
        var timezones: [String: ICalComponent] = [:]
        for root in roots {
            if root.name == "VCALENDAR" {
                sawCalendar = true
                for child in root.components { collect(child, into: &events, timezones: &timezones) }
            } else {
                collect(root, into: &events, timezones: &timezones)
            }
        }
        timezoneComponents = timezones
        if !sawCalendar && events.isEmpty {
            report(line: roots.first?.line ?? 1, field: "BEGIN", "no BEGIN:VCALENDAR found; is this an iCalendar (.ics) file?")
            return
        }
        // Overrides (RECURRENCE-ID) go with the master of the same UID.
        guard events.contains(where: { $0.property("RECURRENCE-ID") != nil }) else {
            for event in events { readEvent(event, overrides: []) }
            return
        }
        var masterUIDs = Set<String>()
        var overrides: [String: [ICalComponent]] = [:]
        for event in events where event.property("RECURRENCE-ID") == nil {
            if let uid = event.property("UID")?.value { masterUIDs.insert(uid) }
        }
        for event in events where event.property("RECURRENCE-ID") != nil {
            if let uid = event.property("UID")?.value, masterUIDs.contains(uid) {
                overrides[uid, default: []].append(event)
            }
        }
        for event in events {
            let uid = event.property("UID")?.value
            if event.property("RECURRENCE-ID") != nil, let uid, masterUIDs.contains(uid) { continue }
            let own = uid.flatMap { overrides[$0] } ?? []
            readEvent(event, overrides: own)
        }
    }

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

    /// How long each occurrence lasts.
    enum Length {
        case none
        /// Nominal days (added in wall time) then exact seconds.
        case nominal(days: Int, seconds: Int, property: ICalProperty)
        case exact(seconds: Int64, property: ICalProperty)
    }

    static func isCancelled(_ event: ICalComponent) -> Bool {
        event.property("STATUS")?.value.trimmingSpaces().uppercased() == "CANCELLED"
    }

    mutating func readEvent(_ event: ICalComponent, overrides: [ICalComponent]) {
        if Self.isCancelled(event) { return }
        let errorsBefore = diagnostics.count
        guard var occurrences = occurrencesOf(event) else { return }
        guard let length = lengthOf(event, start: occurrences.first) else { return }
        applyExceptions(event, to: &occurrences)
        if !overrides.isEmpty { applyOverrides(overrides, master: occurrences.first?.frame ?? floatingFrame, to: &occurrences) }
        guard diagnostics.count == errorsBefore else { return }
        guard let fields = fieldsOf(event, occurrences: occurrences) else { return }
        var overrideFields: [Int: EventFields] = [:]
        var reportedTransitions = 0
        var reportedEnd = false
        for occurrence in occurrences {
            if let problem = occurrence.start.problem {
                reportedTransitions += 1
                if reportedTransitions <= 10 { report(occurrence.property, problem.description) }
                continue
            }
            if case .none = length, occurrence.end == nil {
                if !reportedEnd {
                    report(line: event.line, field: "DTEND", "the event starting \(occurrence.local) has no DTEND or DURATION, so its end is unknown; add one")
                }
                reportedEnd = true
                continue
            }
            guard let end = endOf(occurrence, length: length) else { continue }
            if occurrence.event.line == event.line {
                emit(occurrence, end: end, fields: fields)
            } else if let own = overrideFields[occurrence.event.line] ?? fieldsOf(occurrence.event, occurrences: [occurrence]) {
                overrideFields[occurrence.event.line] = own
                emit(occurrence, end: end, fields: own)
            }
        }
    }

    /// DTSTART plus the RRULE and RDATE occurrences, each resolved (leniently) to an instant.
    mutating func occurrencesOf(_ event: ICalComponent) -> [Occurrence]? {
        guard let dtstart = event.property("DTSTART") else {
            report(line: event.line, field: "DTSTART", "VEVENT has no DTSTART; add the start date or date-time")
            return nil
        }
        guard let value = ICalTime.parse(dtstart.value) else {
            report(dtstart, "'\(dtstart.value)' is not a DATE (YYYYMMDD) or DATE-TIME (YYYYMMDDTHHMMSS, optionally with Z); fix it")
            return nil
        }
        guard let frame = frame(for: value, property: dtstart, fallback: floatingFrame) else { return nil }
        let first = Occurrence(event: event, local: value.local, frame: frame, start: resolve(value.local, in: frame), property: dtstart)
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
            let expansion = rule.expand(from: value.local, horizon: horizon, limit: ICalendarReader.maxOccurrencesPerEvent) { local in
                switch rule.until {
                case .date(let d)?: return local.date > d
                case .dateTime(let u, false)?: return local > u
                case .dateTime?: return resolve(local, in: frame).instant > (untilInstant ?? .max)
                case nil: return false
                }
            }
            if expansion.exceededLimit {
                report(rruleProperty, "the rule gives more than \(ICalendarReader.maxOccurrencesPerEvent) occurrences; add a COUNT or an earlier UNTIL")
                return nil
            }
            if expansion.cutAtHorizon {
                batch.warnings.append(Diagnostic(file: file, line: rruleProperty.line, field: "RRULE",
                    message: "the rule has neither COUNT nor UNTIL; only occurrences before \(horizon.date) (\(ICalendarReader.unboundedHorizonDays) days after DTSTART) were imported; add COUNT or UNTIL to import a fixed set"))
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
                var occurrence = Occurrence(event: event, local: time.local, frame: rframe,
                                            start: resolve(time.local, in: rframe), property: rdate)
                if parts.count == 2 {
                    if let duration = ICalDuration.parse(parts[1]) {
                        occurrence.end = nominalEnd(occurrence, days: duration.days, seconds: duration.seconds)
                    } else if let endTime = ICalTime.parse(parts[1]), let eframe = self.frame(for: endTime, property: rdate, fallback: rframe) {
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
            report(line: event.line, field: "RDATE", "the event has more than \(ICalendarReader.maxOccurrencesPerEvent) occurrences; split it")
            return nil
        }
        occurrences.sort { $0.start.instant < $1.start.instant }
        return occurrences
    }

    /// DTEND or DURATION of an event, as a length applied to each occurrence.
    mutating func lengthOf(_ event: ICalComponent, start: Occurrence?) -> Length? {
        guard let start else { return Length.none }
        let startIsDate = start.frame.isAllDay
        if let dtend = event.property("DTEND") {
            guard let value = ICalTime.parse(dtend.value) else {
                report(dtend, "'\(dtend.value)' is not a DATE (YYYYMMDD) or DATE-TIME (YYYYMMDDTHHMMSS, optionally with Z); fix it")
                return nil
            }
            if value.isDate != startIsDate {
                report(dtend, "DTEND is a \(value.isDate ? "DATE" : "DATE-TIME") but DTSTART is a \(startIsDate ? "DATE" : "DATE-TIME"); give both the same type")
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
                report(durationProperty, "'\(durationProperty.value)' is not a duration such as PT2H, PT1H30M, P1D or P1W; fix it")
                return nil
            }
            return .nominal(days: duration.days, seconds: duration.seconds, property: durationProperty)
        }
        // RFC 5545: a DATE start without an end lasts one day.
        return startIsDate ? .nominal(days: 1, seconds: 0, property: event.property("DTSTART") ?? start.property) : Length.none
    }

    func nominalEnd(_ occurrence: Occurrence, days: Int, seconds: Int) -> Resolved {
        var end = days == 0 ? occurrence.start : resolve(occurrence.local.adding(seconds: Int64(days) * 86_400), in: occurrence.frame)
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
            report(line: occurrence.event.line, field: "DTEND",
                   "the event starting \(occurrence.local) has no DTEND or DURATION, so its end is unknown; add one")
            return nil
        }
        if let problem = end.problem {
            report(property, problem.description)
            return nil
        }
        guard end.instant > occurrence.start.instant else {
            report(property, "the event ends at \(UTCFormat.rfc3339(seconds: end.instant)), not after its start \(UTCFormat.rfc3339(seconds: occurrence.start.instant)); fix \(property.name)")
            return nil
        }
        guard LocalDateTime(secondsAsIfUTC: end.instant).date.year <= 9999 else {
            report(property, "the end is after the year 9999; fix \(property.name)")
            return nil
        }
        return end.instant
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

    /// Replaces (or, when cancelled, removes) the occurrences that overrides name by RECURRENCE-ID.
    mutating func applyOverrides(_ overrides: [ICalComponent], master: Frame, to occurrences: inout [Occurrence]) {
        for override in overrides {
            guard let rid = override.property("RECURRENCE-ID") else { continue }
            guard let ridTime = ICalTime.parse(rid.value) else {
                report(rid, "'\(rid.value)' is not a DATE or DATE-TIME; fix it")
                continue
            }
            guard let ridFrame = frame(for: ridTime, property: rid, fallback: master) else { continue }
            let ridInstant = resolve(ridTime.local, in: ridFrame).instant
            let index = occurrences.firstIndex { occurrence in
                ridTime.isDate ? occurrence.local.date == ridTime.local.date : occurrence.start.instant == ridInstant
            }
            if Self.isCancelled(override) {
                if let index { occurrences.remove(at: index) }
                continue
            }
            var replacement: Occurrence
            if override.property("DTSTART") != nil {
                guard let own = occurrencesOf(override)?.first else { continue }
                replacement = own
            } else {
                replacement = Occurrence(event: override, local: ridTime.local, frame: ridFrame,
                                         start: resolve(ridTime.local, in: ridFrame), property: rid)
            }
            replacement.event = override
            if override.property("DTEND") != nil || override.property("DURATION") != nil {
                // Its own length; otherwise it keeps the master's.
                guard let length = lengthOf(override, start: replacement) else { continue }
                if let (end, property) = computeEnd(replacement, length: length) {
                    replacement.end = end
                    replacement.endProperty = property
                }
            }
            if let index {
                occurrences[index] = replacement
            } else {
                occurrences.append(replacement)
            }
        }
        occurrences.sort { $0.start.instant < $1.start.instant }
    }

    // MARK: Events

    /// What an event says besides its times, checked once per event.
    struct EventFields {
        var code: String?
        var title: String
        var location: String?
        var candidates: Int?
        var category: String
    }

    /// The fields of `event` for `options.kind`, or nil after reporting what is missing or bad.
    mutating func fieldsOf(_ event: ICalComponent, occurrences: [Occurrence]) -> EventFields? {
        let summary = event.property("SUMMARY")?.text.trimmingSpaces() ?? ""
        switch options.kind {
        case .exam:
            if let allDay = occurrences.first(where: { $0.frame.isAllDay }) {
                report(allDay.property, "exam sessions need a start time, but \(allDay.property.name) is the date \(allDay.local.date); give a date-time such as \(compact(allDay.local.date))T090000")
                return nil
            }
            var code: String?
            var title = summary
            if let explicit = (event.property("X-EXAM-CODE") ?? event.property("X-MODULE-CODE"))?.text.trimmingSpaces(),
               !explicit.isEmpty {
                code = explicit
            } else if let split = ModuleCode.split(summary) {
                code = split.code
                title = split.title
            }
            if title.isEmpty { title = code ?? "" }
            guard !title.isEmpty else {
                report(line: event.line, field: "SUMMARY", "the exam has no SUMMARY (title) and no module code; add a SUMMARY")
                return nil
            }
            var candidates: Int?
            if let property = event.property("X-CANDIDATES") {
                let text = property.text.trimmingSpaces()
                guard text.count <= 9, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(text) else {
                    report(property, "'\(property.value)' is not a number of candidates (a whole number ≥ 0); fix it")
                    return nil
                }
                candidates = n
            } else if let description = event.property("DESCRIPTION")?.text {
                candidates = Self.candidates(inDescription: description)
            }
            let location = event.property("LOCATION")?.text.trimmingSpaces()
            return EventFields(code: code, title: title, location: location?.isEmpty == false ? location : nil,
                               candidates: candidates, category: "")
        case .window:
            let firstCategory = event.property("CATEGORIES")?.textList.lazy.map { $0.trimmingSpaces() }.first { !$0.isEmpty }
            let category = CalendarWindow.normalizedCategory(options.category ?? firstCategory ?? summary)
            guard !category.isEmpty else {
                report(line: event.line, field: "CATEGORIES", "the window has no category: add CATEGORIES or SUMMARY, or pass --category")
                return nil
            }
            return EventFields(code: nil, title: summary.isEmpty ? category : summary, location: nil, candidates: nil, category: category)
        }
    }

    mutating func emit(_ occurrence: Occurrence, end: Int64, fields: EventFields) {
        let start = UTCFormat.date(occurrence.start.instant)
        switch options.kind {
        case .exam:
            batch.exams.append(ExamSession(code: fields.code, title: fields.title, location: fields.location, start: start,
                                           end: UTCFormat.date(end), candidates: fields.candidates, source: source,
                                           sourceLine: occurrence.event.line))
        case .window:
            batch.windows.append(CalendarWindow(category: fields.category, title: fields.title, start: start,
                                                end: UTCFormat.date(end), source: source, sourceLine: occurrence.event.line))
        }
    }

    /// The N of a `Candidates: N` line (any case) in a description, if there is one.
    static func candidates(inDescription text: String) -> Int? {
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let trimmed = String(line).trimmingSpaces()
            guard trimmed.count > 11, trimmed.prefix(11).lowercased() == "candidates:" else { continue }
            let number = String(trimmed.dropFirst(11)).trimmingSpaces()
            if number.count <= 9, !number.isEmpty, number.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return Int(number) }
        }
        return nil
    }

    func compact(_ date: CivilDate) -> String {
        date.description.replacingOccurrences(of: "-", with: "")
    }
}

extension ICalendarImport.Frame {
    var isAllDay: Bool {
        if case .allDay = self { return true }
        return false
    }
}
