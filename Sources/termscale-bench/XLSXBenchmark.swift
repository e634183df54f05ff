import Foundation
import TermscaleCore

/// `termscale import` of a generated exam timetable as XLSX workbooks (openpyxl's inline strings,
/// and LibreOffice's shared strings when bench/xlsx-bench could make one) beside the same rows as
/// CSV: each run a new process into a new database, the files taken in turn so that the machine's
/// load falls on all alike. Fails when a workbook's median is not under `maxSeconds`, or when an
/// import reports a session count other than `events`.
struct XLSXBenchmark {
    var workbooks: [String]
    var csv: String
    var events: Int
    var termscale: String
    var runs = 5
    var maxSeconds = 2.0

    func run(into table: inout BenchTable) throws {
        let directory = try FileManager.default.makeBenchFolder("xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }

        let files = workbooks + [csv]
        var timings = Array(repeating: Timings(), count: files.count)
        // CPU seconds of each run as well: on a shared machine the wall clock also counts the
        // time other work held the cores.
        var cpu = Array(repeating: Timings(), count: files.count)
        var outputs = Array(repeating: "", count: files.count)
        for i in 1...runs {
            for (index, file) in files.enumerated() {
                let database = directory.appendingPathComponent("run-\(i)-\(index).sqlite").path
                let command = ExternalCommand(
                    executable: termscale,
                    arguments: ["import", file, "--kind", "exam", "--source", "bench", "--db", database])
                let before = Self.childrenCPUSeconds()
                let run = try command.runSucceeding()
                timings[index].record(run.seconds)
                cpu[index].record(Self.childrenCPUSeconds() - before)
                outputs[index] = run.stdout + run.stderr
            }
        }
        let label = events.groupedThousands
        let first = "termscale import: \(label)-row XLSX (\(Self.maker(workbooks[0])))"
        for (index, file) in files.enumerated() {
            // A fast import of nothing proves nothing: check the count the import reports.
            let imported = outputs[index].firstMatch(of: /([0-9]+) exam sessions/).flatMap { Int($0.1) }
            let checked = imported.map { "\($0) exam sessions stored" } ?? "session count not in the output, not checked"
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let bytes = "\(size.groupedThousands) bytes, CPU median \(BenchTable.duration(cpu[index].median))"
            if file == csv {
                table.add(
                    "termscale import: \(label)-row CSV", timings[index],
                    note: "the same rows as CSV, \(bytes); \(checked)", comparing: first)
            } else {
                table.add(
                    "termscale import: \(label)-row XLSX (\(Self.maker(file)))", timings[index], under: maxSeconds,
                    note: "whole process, unzip + parse + store into a new database, \(bytes); \(checked)")
            }
            if let imported, imported != events {
                table.fail("\(file): termscale imported \(imported) exam sessions, expected \(events)")
            }
        }
    }

    /// User + system CPU seconds of the finished child processes so far.
    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        #else
            getrusage(RUSAGE_CHILDREN, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
    }

    /// `openpyxl` for `bench-50000.openpyxl.xlsx`.
    static func maker(_ path: String) -> String {
        let parts = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent.split(separator: ".")
        return parts.count > 1 ? String(parts.last!) : "workbook"
    }
}
