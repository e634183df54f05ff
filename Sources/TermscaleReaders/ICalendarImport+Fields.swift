import Foundation
import TermscaleCore

/// What an event says besides its times (code, title, room, candidates, category), and the exam
/// session or window each occurrence becomes.
extension ICalendarImport {
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
                allDayRefusals += 1
                report(
                    allDay.property,
                    "exam sessions need a start time, but \(allDay.property.name) is the date \(allDay.local.date); give a date-time such as \(compact(allDay.local.date))T090000"
                )
                return nil
            }
            var code: String?
            var title = summary
            if let explicit = (event.property("X-EXAM-CODE") ?? event.property("X-MODULE-CODE"))?.text.trimmingSpaces(),
                !explicit.isEmpty
            {
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
                guard case .success(let n) = CandidateCount.parse(property.text.trimmingSpaces()) else {
                    report(property, "'\(property.value)' is not a number of candidates (a whole number ≥ 0); fix it")
                    return nil
                }
                candidates = n
            } else if let description = event.property("DESCRIPTION")?.text {
                candidates = Self.candidates(inDescription: description)
            }
            let location = event.property("LOCATION")?.text.trimmingSpaces()
            return EventFields(
                code: code, title: title, location: location?.isEmpty == false ? location : nil,
                candidates: candidates, category: "")
        case .window:
            let firstCategory = event.property("CATEGORIES")?.textList.lazy.map { $0.trimmingSpaces() }.first { !$0.isEmpty }
            let category = CalendarWindow.normalizedCategory(options.category ?? firstCategory ?? summary)
            guard !category.isEmpty else {
                report(
                    line: event.line, field: "CATEGORIES",
                    "the window has no category: add CATEGORIES or SUMMARY, or pass --category")
                return nil
            }
            return EventFields(
                code: nil, title: summary.isEmpty ? category : summary, location: nil, candidates: nil, category: category)
        }
    }

    mutating func emit(_ occurrence: Occurrence, end: Int64, fields: EventFields) {
        let start = UTCFormat.date(occurrence.start.instant)
        switch options.kind {
        case .exam:
            batch.exams.append(
                ExamSession(
                    code: fields.code, title: fields.title, location: fields.location, start: start,
                    end: UTCFormat.date(end), candidates: fields.candidates, source: source,
                    sourceLine: occurrence.event.line))
        case .window:
            batch.windows.append(
                CalendarWindow(
                    category: fields.category, title: fields.title, start: start,
                    end: UTCFormat.date(end), source: source, sourceLine: occurrence.event.line))
        }
    }

    /// The N of a `Candidates: N` line (any case) in a description, if there is one.
    static func candidates(inDescription text: String) -> Int? {
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let trimmed = String(line).trimmingSpaces()
            guard trimmed.count > 11, trimmed.prefix(11).lowercased() == "candidates:" else { continue }
            if case .success(let n) = CandidateCount.parse(String(trimmed.dropFirst(11)).trimmingSpaces()) { return n }
        }
        return nil
    }

    func compact(_ date: CivilDate) -> String {
        date.description.replacingOccurrences(of: "-", with: "")
    }
}
