import Foundation
import TermscaleCore

/// Reads a CSV exam timetable (or, with `options.kind == .window`, a CSV of academic-calendar
/// windows) into an `ImportBatch`.
///
/// Columns are found by header name (see `CSVColumnLayout`) or `--columns`. Wall-clock dates and
/// times are read in `options.zone`; a time the clocks skip or repeat there is refused rather
/// than guessed. Rows of one exam split over several rooms (same code — or title when there is
/// no code — and start) become one session with the candidates summed and the rooms joined.
///
/// Exams need a date, a start time (its own column, a range such as `09:30-11:30`, or a time in
/// the date's cell), an end time or a duration, and a title or code. Windows need a first day
/// (`date`) and a title or category; the last day (`end_date`, inclusive) defaults to the first,
/// and optional `start`/`end` times of day narrow the window from whole local days.
///
/// Every bad row is reported, not just the first: `read` throws one `DiagnosticsError` with a
/// `Diagnostic` per problem, each at the line the row starts on and naming the field (by its
/// `--columns` name: `date`, `start`, `candidates`…).
public struct CSVTimetableReader: EventReader {
    /// Zone, date order, columns, header and kind of the files this reader reads.
    public let options: ReaderOptions

    public init(options: ReaderOptions) {
        self.options = options
    }

    /// The exam sessions (or windows) of a CSV file.
    /// - Parameters:
    ///   - bytes: the file's contents: UTF-8 (a BOM is allowed), UTF-16 with a BOM, or else
    ///     Windows-1252, which gives a warning.
    ///   - file: the name used in diagnostics.
    ///   - source: the name stored on each event.
    /// - Throws: `DiagnosticsError` listing every problem found.
    public func read(_ bytes: [UInt8], file: String, source: String) throws -> ImportBatch {
        try InputDamage.refuse(csv: bytes, file: file)
        let (text, encoding) = CSVTextEncoding.utf8(bytes)
        let parsed = CSVParser.parse(text)
        var diagnostics = parsed.problems.map { Diagnostic(file: file, line: $0.line, field: nil, message: $0.message) }
        var records = parsed.records[...]

        var header: [String]?
        var headerLine = 1
        if options.hasHeader {
            guard let first = records.first else {
                if diagnostics.isEmpty {
                    diagnostics.append(
                        Diagnostic(
                            file: file, line: 1, field: nil,
                            message: "the file is empty; expected a header row naming the columns, then one row per "
                                + (options.kind == .exam ? "exam session" : "window")))
                }
                throw DiagnosticsError(diagnostics)
            }
            header = first.fields
            headerLine = first.line
            records = records.dropFirst()
        }
        var batch = try readTable(
            header: header.map { CSVParser.Record(line: headerLine, fields: $0) }, records: records,
            problems: diagnostics, file: file, sheet: nil, source: source)
        if encoding == .windows1252 {
            batch.warnings.insert(
                Diagnostic(
                    file: file, line: nil, field: nil,
                    message: "the file is not UTF-8, so it was read as Windows-1252 (older Excel's CSV); if accents or "
                        + "symbols look wrong, save it as CSV UTF-8 and import it again"),
                at: 0)
        }
        return batch
    }

    // MARK: - Exams

    /// One exam session being assembled from one or more rows (one per room).
    private struct PendingSession {
        var code: String?
        var title: String
        var locations: [String]
        var start: Int64
        var end: Int64
        var candidates: Int?
        var line: Int
    }

    private struct MergeKey: Hashable {
        var identity: String
        var start: Int64
    }

    func readExams(
        _ records: ArraySlice<CSVParser.Record>, rows: inout RowContext,
        source: String
    ) -> [ExamSession] {
        var sessions: [PendingSession] = []
        var indexByKey: [MergeKey: Int] = [:]
        indexByKey.reserveCapacity(records.count)
        sessions.reserveCapacity(records.count)

        for record in records where !record.isEffectivelyBlank {
            rows.begin(record)
            let code = rows.value(.code, record)
            let titleText = rows.value(.title, record)
            let dated = rows.date(.date, record, required: "every exam needs its date (e.g. 2027-01-12)")
            let date = dated?.date
            let startText = rows.value(.start, record)
            let (startTime, rangeEnd) = examStart(record, dated: dated, rows: &rows)
            let (endTime, duration) = examEnd(record, rangeEnd: rangeEnd, startTime: startTime, rows: &rows)

            let (candidates, candidatesProblem) = Self.candidates(rows.value(.candidates, record))
            if let candidatesProblem { rows.report(.candidates, candidatesProblem) }

            if code.isEmpty && titleText.isEmpty {
                let field: CSVField = rows.layout[.title] != nil ? .title : .code
                rows.report(
                    field,
                    "is empty, and so is the \(field == .title ? "code" : "title"); every exam needs a "
                        + "title or a code")
            }

            // Instants: only when the row's wall times were all readable.
            guard let date, let startTime else { continue }
            let startLocal = LocalDateTime(date: date).adding(seconds: Int64(startTime))
            guard let start = rows.instant(startLocal, field: .start) else { continue }
            var end: Int64?
            if let endTime {
                let endFromRange = rangeEnd != nil && rows.value(.end, record).isEmpty
                if endTime <= startTime && endFromRange {
                    rows.report(
                        .start,
                        "'\(startText)' ends before it starts; an exam must end after it starts, "
                            + "on the same day")
                } else if endTime <= startTime {
                    let startShown = startText.isEmpty ? RowContext.clockText(startTime) : startText
                    rows.report(
                        .end,
                        "'\(rows.value(.end, record))' is not after the start '\(startShown)'; an exam "
                            + "must end after it starts, on the same day")
                } else {
                    end = rows.instant(LocalDateTime(date: date).adding(seconds: Int64(endTime)), field: .end)
                }
            } else if let duration {
                end = start + Int64(duration)
            }
            guard let end, rows.rowIsClean else { continue }

            let title = titleText.isEmpty ? code : titleText
            let key = MergeKey(identity: code.isEmpty ? "\u{1E}" + title : code, start: start)
            let location = rows.value(.location, record)
            if let index = indexByKey[key] {
                // Another room of the same sitting.
                if let count = candidates { sessions[index].candidates = (sessions[index].candidates ?? 0) + count }
                if !location.isEmpty && !sessions[index].locations.contains(location) {
                    sessions[index].locations.append(location)
                }
                sessions[index].end = max(sessions[index].end, end)
            } else {
                indexByKey[key] = sessions.count
                sessions.append(
                    PendingSession(
                        code: code.isEmpty ? nil : code, title: title, locations: location.isEmpty ? [] : [location],
                        start: start, end: end, candidates: candidates, line: record.line))
            }
        }
        return sessions.map {
            ExamSession(
                code: $0.code, title: $0.title,
                location: $0.locations.isEmpty ? nil : $0.locations.joined(separator: ", "),
                start: UTCFormat.date($0.start), end: UTCFormat.date($0.end), candidates: $0.candidates,
                source: source, sourceLine: $0.line)
        }
    }

    /// The row's start time (seconds after midnight) from its own column, from a range such as
    /// `09:30-11:30` there (whose end is returned too), or from a time in the date's cell.
    private func examStart(
        _ record: CSVParser.Record, dated: (date: CivilDate, time: Int?)?,
        rows: inout RowContext
    ) -> (start: Int?, rangeEnd: Int?) {
        let text = rows.value(.start, record)
        if text.isEmpty, let time = dated?.time { return (time, nil) }
        if text.isEmpty, dated == nil, WallClockParsing.hasTrailingTime(rows.value(.date, record)) {
            // The date cell meant to give the start; its diagnostic already says what is wrong.
            return (nil, nil)
        }
        if case .success(let seconds) = WallClockParsing.timeOfDay(text) { return (seconds, nil) }
        if let range = WallClockParsing.timeRange(text) { return (range.start, range.end) }
        return (rows.time(.start, record, required: "every exam needs its start time (e.g. 09:30)"), nil)
    }

    /// The row's end: an end time (seconds after midnight) if the row has one, else a duration
    /// (seconds), else the end of a range in the start column.
    private func examEnd(
        _ record: CSVParser.Record, rangeEnd: Int?, startTime: Int?,
        rows: inout RowContext
    ) -> (endTime: Int?, duration: Int?) {
        let endText = rows.value(.end, record)
        let durationText = rows.value(.duration, record)
        if !endText.isEmpty { return (rows.time(.end, record, required: nil), nil) }
        if let rangeEnd, durationText.isEmpty { return (rangeEnd, nil) }
        if !durationText.isEmpty { return (nil, rows.parsed(.duration, record, required: nil, WallClockParsing.duration)) }
        switch (rows.layout[.end] != nil, rows.layout[.duration] != nil) {
        case (true, true):
            rows.report(.end, "is empty, and so is duration; give the exam's end time or duration (e.g. 11:30 or 2h)")
        case (true, false):
            rows.report(.end, "is empty; give the exam's end time (e.g. 11:30)")
        case (false, true):
            rows.report(.duration, "is empty; give the exam's duration (e.g. 2h or 120)")
        case (false, false):
            // No end or duration column: the file gives ranges such as 09:30-11:30.
            if startTime != nil {
                rows.report(
                    .start,
                    "'\(rows.value(.start, record))' has no end; the file has no end or duration "
                        + "column, so write the time as a range such as 09:30-11:30")
            }
        }
        return (nil, nil)
    }

    /// A candidate count, or why `text` is not one: empty is unknown (nil, no problem);
    /// `1,200` is fine. `text` is already trimmed.
    static func candidates(_ text: String) -> (count: Int?, problem: String?) {
        if text.isEmpty { return (nil, nil) }
        switch CandidateCount.parse(text, thousandsSeparators: true) {
        case .success(let count):
            return (count, nil)
        case .failure(.tooMany):
            return (nil, "'\(text)' is too many candidates for one exam; give the number sitting it")
        case .failure(.notANumber):
            return (nil, "'\(text)' is not a number of candidates; give a whole number such as 120 or 1,200")
        case .failure(.negative):
            return (nil, "'\(text)' is negative; the number of candidates must be 0 or more (leave it empty if unknown)")
        }
    }
}
