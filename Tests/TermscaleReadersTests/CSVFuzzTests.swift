import Foundation
import TermscaleCore
import TermscaleReaders
import TermscaleTestSupport
import Testing

/// Mutated timetables must never crash the reader, and whatever it accepts must make sense.
@Suite struct CSVFuzzTests {
    private let seedExams = """
        Module Code,Title,Exam Date,Time,Duration,End,Room,Candidates
        MATH1001,"Algebra, Linear",Tue 12 Jan 2027,9:30am,2h 30m,,Hall A,"1,200"
        MATH1001,"Algebra, Linear",12/01/2027,09:30,,12:00,Hall B,30
        PHYS2,"Multi ""line""
        title",2027-03-28,00:30,PT2H,,,
        CHEM3,Chem,31 October 2027,2pm,90,,Lab,5

        """

    private let seedWindows = """
        Category,Title,Start Date,Start Time,End Date,End Time
        Teaching,Autumn Term,2026-09-28,,2026-12-11,
        Enrolment,Desk,20/09/2027,09:00,24/09/2027,5pm

        """

    @Test func mutatedFilesNeverCrashAndAcceptedSessionsAreSane() {
        var random = SplitMix64(seed: 20_270_112)
        let alphabet: [UInt8] = Array(",;\t\"\r\n:.-/ 0123456789aApPhHmT".utf8) + [0xFF, 0xC2, 0xA0, 0xE2, 0x80, 0x93, 0x00]
        let optionSets = [
            ReaderOptions(),
            ReaderOptions(dateOrder: .mdy),
            ReaderOptions(kind: .window),
            ReaderOptions(kind: .window, category: "Term"),
        ]
        var accepted = 0
        for iteration in 0..<3000 {
            var bytes = Array((iteration % 2 == 0 ? seedExams : seedWindows).utf8)
            for _ in 0..<(1 + random.below(4)) {
                let at = random.below(bytes.count + 1)
                switch random.below(3) {
                case 0: bytes.insert(alphabet[random.below(alphabet.count)], at: at)
                case 1: if at < bytes.count { bytes.remove(at: at) }
                default:
                    let length = random.below(12)
                    let end = min(bytes.count, at + length)
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                }
            }
            let options = optionSets[random.below(optionSets.count)]
            do {
                let batch = try CSVTimetableReader(options: options).read(bytes, file: "f.csv", source: "f")
                accepted += 1
                for exam in batch.exams {
                    #expect(exam.end > exam.start)
                    #expect(exam.candidates ?? 0 >= 0)
                    #expect(exam.sourceLine >= 2)
                }
                for window in batch.windows {
                    #expect(window.end > window.start)
                    #expect(!window.category.isEmpty)
                }
            } catch let error as DiagnosticsError {
                #expect(!error.diagnostics.isEmpty)
                #expect(error.diagnostics.allSatisfy { $0.file == "f.csv" && ($0.line ?? 1) >= 1 })
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
        // The mutations must leave a fair share of files readable, or this tests nothing.
        #expect(accepted > 300)
    }
}
