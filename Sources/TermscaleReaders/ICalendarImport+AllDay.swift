import TermscaleCore

/// All-day exam events: feeds carry markers such as "Exam period begins" beside the timed
/// sessions, and Moodle's export writes every deadline that way. They are skipped with one
/// warning (or, with `--strict`, refused as before), and a Moodle feed is told why its times are
/// gone.
extension ICalendarImport {
    /// An all-day event left out of an exam import.
    struct SkippedEvent {
        var summary: String
        var date: CivilDate
    }

    /// How many skipped events the warning names before it only counts.
    static let namedSkippedEvents = 3

    /// Skips `event` when it is an all-day exam event (DTSTART a DATE) and the import is not
    /// strict, remembering it for the warning.
    /// - Returns: whether it was skipped.
    mutating func skipsAllDay(_ event: ICalComponent, occurrences: [Occurrence]) -> Bool {
        guard options.kind == .exam, !options.strict,
            let dtstart = event.property("DTSTART"), let value = ICalTime.parse(dtstart.value), value.isDate
        else { return false }
        let summary = event.property("SUMMARY")?.text.trimmingSpaces() ?? ""
        skippedAllDay.append(SkippedEvent(summary: summary, date: occurrences.first?.local.date ?? value.local.date))
        return true
    }

    /// The warning for the skipped all-day events, or (strict, Moodle) the explanation beside
    /// the refusals. Called once, after every event was read.
    mutating func reportAllDayEvents() {
        guard !skippedAllDay.isEmpty || allDayRefusals > 0 else { return }
        let moodleEvidence = Self.moodleEvidence(calendars: moodleCandidates.calendars, events: moodleCandidates.events)
        if !skippedAllDay.isEmpty {
            let named = skippedAllDay.prefix(Self.namedSkippedEvents).map { skipped in
                "\(skipped.summary.isEmpty ? "(no SUMMARY)" : "'\(skipped.summary)'") \(skipped.date)"
            }
            let more = skippedAllDay.count - named.count
            let count = skippedAllDay.count
            var message =
                "skipped \(count) all-day event\(count == 1 ? "" : "s") (no time to schedule): "
                + named.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
            if moodleEvidence != nil { message += "; " + Self.moodleExplanation }
            batch.warnings.append(Diagnostic(file: file, line: nil, field: nil, message: message))
        }
        if allDayRefusals > 0, let evidence = moodleEvidence {
            report(evidence, Self.moodleExplanation)
        }
    }

    static let moodleExplanation =
        "this is Moodle's calendar export, which writes quiz opens and closes (and other deadlines) as all-day "
        + "dates, so the quiz times are lost before termscale sees them; export the exam timetable from the "
        + "registry as CSV or XLSX instead, or import a feed with timed events"

    /// The property showing that the file is Moodle's calendar export
    /// (`calendar/export_execute.php`): a PRODID naming Moodle or Bennu (the iCalendar library
    /// Moodle writes with: `-//John Papaioannou/NONSGML Bennu 0.1//EN`), else every event's UID
    /// shaped as Moodle writes it, the event's id at the site's address (`1234@moodle.example.ac.uk`).
    static func moodleEvidence(calendars: [ICalComponent], events: [ICalComponent]) -> ICalProperty? {
        for calendar in calendars {
            if let prodid = calendar.property("PRODID") {
                let text = prodid.text.lowercased()
                if text.contains("moodle") || text.contains("bennu") { return prodid }
            }
        }
        let uids = events.map { $0.property("UID") }
        guard !uids.isEmpty, uids.allSatisfy({ $0.map { isMoodleUID($0.value) } ?? false }) else { return nil }
        return uids.first ?? nil
    }

    /// `1234@moodle.example.ac.uk` or `1234@localhost/moodle`: digits, `@`, the site's address.
    static func isMoodleUID(_ uid: String) -> Bool {
        let parts = uid.trimmingSpaces().split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let id = parts.first, let host = parts.last else { return false }
        return !id.isEmpty && id.allSatisfy(\.isASCIIDigit) && host.contains(where: \.isLetter)
            && !host.contains(where: \.isWhitespace)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
