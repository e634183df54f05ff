import Foundation
import TermscaleCore

/// Issue 10: `termscale simulate` over a whole academic year — the sample year plus 5,000
/// generated sessions (`CoreBenchmarks.generatedYear`), the sample policy's cron every 5 minutes
/// (about 105,000 push runs, 5 % of them failed) — as a whole process, target < 10 s. The
/// database is prepared (untimed) by importing the sample calendars and a CSV of the generated
/// sessions; the JSON report's counts go in the note.
enum SimulateBenchmarks {
    static let policy = "policies/moodle-web.yaml"
    static let arguments = [
        "simulate", "--policy", policy, "--from", "2026-09-14", "--to", "2027-09-13", "--cron-outage-rate", "0.05",
        "--format", "json",
    ]

    static func run(runs: Int, termscale: String, into table: inout BenchTable) throws {
        let directory = try FileManager.default.makeBenchFolder("simulate")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("simulate.sqlite").path
        let csv = directory.appendingPathComponent("generated.csv").path
        guard let zone = IANAZone(identifier: "Europe/London") else { throw BenchError.check("no Europe/London zone") }
        let exams = CoreBenchmarks.generatedYear(sessions: 5_000, year: 2026)
        try Data(csvText(exams, zone: zone).utf8).write(to: URL(fileURLWithPath: csv))
        for arguments in [
            ["import", "calendars/academic-calendar-2026-27.ics", "--kind", "window", "--db", db],
            [
                "import", "calendars/exams-2027-01.csv", "calendars/exams-2027-05.ics", "calendars/class-tests-2026-27.ics",
                "--db", db,
            ],
            ["import", csv, "--kind", "exam", "--db", db],
        ] {
            _ = try ExternalCommand(executable: termscale, arguments: arguments).runSucceeding()
        }

        var timings = Timings()
        var output = ""
        for _ in 1...runs {
            let run = try ExternalCommand(executable: termscale, arguments: arguments + ["--db", db]).runSucceeding()
            timings.record(run.seconds)
            output = run.stdout
        }
        func count(_ key: String) -> String {
            guard let range = output.range(of: "\"\(key)\": ") else { return "?" }
            return String(output[range.upperBound...].prefix { $0.isNumber || $0 == "." })
        }
        table.add(
            "termscale simulate: a year, sample + 5,000 sessions", timings, under: 10,
            note: "whole process; \(count("runs")) push runs (\(count("failed_runs")) failed), \(count("api_calls")) API calls, "
                + "\(count("exam_starts")) exam starts: \(count("covered")) covered, \(count("covered_on_demand")) on-demand")
        if count("runs") == "?" { table.fail("termscale simulate printed no run count") }
    }

    /// The sessions as a registry would export them: local date and time, a duration.
    static func csvText(_ exams: [ExamSession], zone: IANAZone) -> String {
        var text = "Exam Date,Start Time,Duration,Module Code,Module Title,No. of Candidates\n"
        for e in exams {
            let start = UTCFormat.seconds(e.start)
            let local = start + Int64(zone.utcOffset(atUTC: start))
            let day = CivilDate(daysSinceEpoch: Int(local.quotientAndRemainder(dividingBy: 86_400).quotient))
            let minute = Int(local % 86_400) / 60
            let minutes = (UTCFormat.seconds(e.end) - start) / 60
            text +=
                "\(day),\((minute / 60).zeroPadded(to: 2)):\((minute % 60).zeroPadded(to: 2)),\(minutes) min,"
                + "\(e.code ?? ""),\(e.title),\(e.candidates ?? 0)\n"
        }
        return text
    }
}
