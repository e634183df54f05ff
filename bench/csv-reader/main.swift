// Times CSVTimetableReader on a generated 50,000-row timetable. Run with ./run.sh.
import Foundation
import TermscaleCore
import TermscaleReaders

var csv = "Module Code,Module Title,Exam Date,Start Time,Duration,Venue,No. of Candidates\n"
for i in 0..<50_000 {
    let day = 1 + i % 28
    let month = 1 + (i / 28) % 12
    let date: String
    switch i % 3 {
    case 0: date = "2027-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    case 1: date = "\(day)/\(month)/2027"
    default: date = "\(day) January 2027"
    }
    let minute = (i % 4) * 15
    csv += "MOD\(i / 3),\"Module \(i / 3), part\",\(date),\(9 + i % 8):\(minute < 10 ? "0" : "")\(minute),"
        + "\(i % 2 == 0 ? "2h 30m" : "90"),Room \(i % 7),\(i % 300)\n"
}
let bytes = Array(csv.utf8)
let reader = CSVTimetableReader(options: ReaderOptions())
var best = Double.infinity
for _ in 0..<5 {
    let started = Date()
    do {
        let batch = try reader.read(bytes, file: "bench.csv", source: "bench")
        precondition(batch.exams.count == 50_000)
    } catch {
        print("refused: \(error)")
        exit(1)
    }
    best = min(best, Date().timeIntervalSince(started))
}
print("csv-reader: 50000 rows (\(bytes.count) bytes), best of 5: \(Int(best * 1000)) ms")
