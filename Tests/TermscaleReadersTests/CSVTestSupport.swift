import Foundation
import TermscaleCore
import TermscaleReaders

/// Reads `csv` as an exam timetable named `exams.csv`.
func readExams(_ csv: String, options: ReaderOptions = ReaderOptions()) throws -> [ExamSession] {
    try CSVTimetableReader(options: options).read(Array(csv.utf8), file: "exams.csv", source: "exams").exams
}

/// Reads `csv` as a windows file named `calendar.csv`.
func readWindows(_ csv: String, options: ReaderOptions = ReaderOptions(kind: .window)) throws -> [CalendarWindow] {
    try CSVTimetableReader(options: options).read(Array(csv.utf8), file: "calendar.csv", source: "calendar").windows
}

/// The `file:line: field: message` lines `csv` is refused with; empty when it is accepted.
func problems(_ csv: String, options: ReaderOptions = ReaderOptions(), file: String = "exams.csv") -> [String] {
    problems(bytes: Array(csv.utf8), options: options, file: file)
}

func problems(bytes: [UInt8], options: ReaderOptions = ReaderOptions(), file: String = "exams.csv") -> [String] {
    do {
        _ = try CSVTimetableReader(options: options).read(bytes, file: file, source: "exams")
        return []
    } catch let error as DiagnosticsError {
        return error.diagnostics.map(\.description)
    } catch {
        return ["unexpected error: \(error)"]
    }
}

/// `start` and `end` of a session as RFC 3339 UTC.
func utc(_ exam: ExamSession) -> String {
    UTCFormat.rfc3339(exam.start) + "/" + UTCFormat.rfc3339(exam.end)
}

func utc(_ window: CalendarWindow) -> String {
    UTCFormat.rfc3339(window.start) + "/" + UTCFormat.rfc3339(window.end)
}
