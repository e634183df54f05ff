import Foundation
import TermscaleCore

/// `termscale import` of a generated exam feed (parse + store into a fresh SQLite database, the
/// whole process timed), beside Python's `icalendar` parsing the same file (parse only, timed by
/// the script, bench/python_icalendar_parse.py). Fails when termscale's best run is not under
/// `maxSeconds`, or when termscale reports a session count other than `events`.
struct ImportBenchmark {
    var feed: String
    var events: Int
    var termscale: String
    var runs = 5
    var pythonRuns = 3
    var maxSeconds = 1.0

    static let script = "bench/python_icalendar_parse.py"

    func run(into table: inout BenchTable) throws {
        let directory = try FileManager.default.makeBenchFolder("import")
        defer { try? FileManager.default.removeItem(at: directory) }

        var timings = Timings()
        var lastRun: ExternalCommand.Run?
        for i in 1...runs {
            let database = directory.appendingPathComponent("run-\(i).sqlite").path
            let command = ExternalCommand(
                executable: termscale,
                arguments: ["import", feed, "--kind", "exam", "--source", "bench", "--db", database])
            let run = try command.runSucceeding()
            timings.record(run.seconds)
            lastRun = run
        }
        // A fast import of nothing proves nothing: check the count the import reports.
        let output = (lastRun?.stdout ?? "") + (lastRun?.stderr ?? "")
        let imported = output.firstMatch(of: /([0-9]+) exam sessions/).flatMap { Int($0.1) }
        let label = events.groupedThousands
        table.add(
            "termscale import: \(label) events", timings, under: maxSeconds,
            note: "whole process, parse + store into a new database; "
                + (imported.map { "\($0) exam sessions stored" } ?? "session count not in the output, not checked"))
        if let imported, imported != events {
            table.fail("termscale imported \(imported) exam sessions, expected \(events)")
        }

        // Re-importing the unchanged feed into the last run's database: it reads and checks the
        // whole file again (a changed time zone rule must still change the instants), so its
        // target is only to be faster than the first import, not a skip.
        var again = Timings()
        var lastAgain: ExternalCommand.Run?
        let database = directory.appendingPathComponent("run-\(runs).sqlite").path
        for _ in 1...runs {
            let command = ExternalCommand(
                executable: termscale,
                arguments: ["import", feed, "--kind", "exam", "--source", "bench", "--db", database])
            let run = try command.runSucceeding()
            again.record(run.seconds)
            lastAgain = run
        }
        table.add(
            "termscale re-import, unchanged: \(label) events", again, under: timings.median,
            note: "same feed into the same database: read, compared, nothing rewritten; target: under the first "
                + "import's median")
        if !((lastAgain?.stdout ?? "") + (lastAgain?.stderr ?? "")).contains("no changes") {
            table.fail("the re-import of the unchanged feed did not report 'no changes'")
        }

        let python = try PythonScript(path: Self.script, arguments: [feed]).run(times: pythonRuns)
        let parsed = python.lastRun?.value("events") ?? "?"
        let version = python.lastRun?.value("icalendar") ?? "?"
        table.add(
            "python icalendar: parse \(label) events", python.timings,
            note: "icalendar \(version), parse only, \(parsed) events; " + processNote(python),
            comparing: "termscale import: \(label) events")
    }
}
