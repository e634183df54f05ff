import TermscaleCore

/// One `ICalendarReader.read` call: turns parsed components into exam sessions or windows,
/// collecting every problem as a diagnostic.
///
/// Each VEVENT goes through the stages of its extensions in turn: occurrences (`+Occurrences`),
/// whether it is an all-day exam event to skip (`+AllDay`), their length (`+Ends`), overrides
/// (`+Overrides`), then its fields and the events it gives (`+Fields`); every time value is
/// resolved through a frame (`+Frames`).
struct ICalendarImport {
    let options: ReaderOptions
    let file: String
    let source: String
    var batch = ImportBatch()
    var diagnostics: [Diagnostic] = []

    /// VTIMEZONE components of the file by TZID, and their rules once built.
    var timezoneComponents: [String: ICalComponent] = [:]
    var zoneCache: [String: Frame?] = [:]
    let floatingZone: any ZoneRules

    /// All-day exam events skipped, and refused (`--strict`), for one warning or explanation at
    /// the end (`+AllDay`); the file's calendars and events, searched for signs of Moodle's export
    /// only when there is an all-day event to explain (a UID check per event is not free).
    var skippedAllDay: [SkippedEvent] = []
    var allDayRefusals = 0
    var moodleCandidates: (calendars: [ICalComponent], events: [ICalComponent]) = ([], [])

    /// Days the file's rules looked at so far (`RecurrenceRule.Expansion.examinedDays`).
    var examinedDays = 0

    init(options: ReaderOptions, file: String, source: String) {
        self.options = options
        self.file = file
        self.source = source
        floatingZone =
            options.zone is VTimeZoneRules || options.zone is FixedOffsetZone
            ? options.zone : MemoizedZone(options.zone)
    }

    // MARK: Diagnostics

    mutating func report(_ property: ICalProperty, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: property.line, field: property.name, message: message))
    }

    mutating func report(line: Int, field: String, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, field: field, message: message))
    }

    // MARK: Reading

    /// Reads every VEVENT of `roots` (inside VCALENDARs or not) into `batch`, problems into
    /// `diagnostics`.
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
        moodleCandidates = (roots.filter { $0.name == "VCALENDAR" }, events)
        for (event, overrides) in Self.withOverrides(events) {
            readEvent(event, overrides: overrides)
            if batch.exams.count + batch.windows.count > ICalendarReader.maxEventsPerFile {
                report(
                    line: event.line, field: "VEVENT",
                    "the file gives more than \(ICalendarReader.maxEventsPerFile.groupedThousands) events (recurrences "
                        + "expanded) by this one, more than termscale imports from one file; split it, or give its "
                        + "rules an earlier UNTIL")
                return
            }
            if examinedDays > ICalendarReader.maxExaminedDaysPerFile {
                report(
                    line: event.line, field: "VEVENT",
                    "the file's recurrence rules look at more than "
                        + "\(ICalendarReader.maxExaminedDaysPerFile.groupedThousands) days in all by this event, more "
                        + "than termscale expands for one file; split it, or give its rules an earlier UNTIL")
                return
            }
        }
        reportAllDayEvents()
    }

    /// `STATUS:CANCELLED`: the event (or the occurrence an override names) is not held.
    static func isCancelled(_ event: ICalComponent) -> Bool {
        event.property("STATUS")?.value.trimmingSpaces().uppercased() == "CANCELLED"
    }

    /// Emits the events of one VEVENT and its overrides; nothing of it when any of its times or
    /// rules is bad (the problems are reported instead).
    mutating func readEvent(_ event: ICalComponent, overrides: [ICalComponent]) {
        if Self.isCancelled(event) { return }
        let errorsBefore = diagnostics.count
        guard var occurrences = occurrencesOf(event) else { return }
        if skipsAllDay(event, occurrences: occurrences) { return }
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
                    report(
                        line: event.line, field: "DTEND",
                        Self.noEndMessage(occurrence))
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
}
