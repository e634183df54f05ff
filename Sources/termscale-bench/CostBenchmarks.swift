import Foundation
import TermscaleCore
import TermscaleReaders
import TermscaleReports

/// Issue 9: a full-year cost report for a generated year of 5,000 sessions under the sample
/// academic calendar and policy (< 200 ms): in process (plan, forecast, periods and the three
/// renderings), and as a whole `termscale cost` process on a database holding that year.
enum CostBenchmarks {
    /// 2026-09-14 to 2027-09-13 in Europe/London, as `--from`/`--to` give them.
    static let from = "2026-09-13T23:00:00Z"
    static let to = "2027-09-12T23:00:00Z"

    static func run(runs: Int, termscale: String?, into table: inout BenchTable) throws {
        let policyPath = "policies/moodle-web.yaml"
        let policy = try PolicyReader.read(try CoreBenchmarks.readBytes(policyPath), file: policyPath)
        let windows = try CoreBenchmarks.read("calendars/academic-calendar-2026-27.ics", kind: .window).windows
        let exams = CoreBenchmarks.generatedYear(sessions: 5_000, year: 2026)
        let from = try CoreBenchmarks.instant(Self.from)
        let to = try CoreBenchmarks.instant(Self.to)

        var report: CostReport?
        var sizes: [Int] = []
        let timings = Timings.measure(runs: runs) {
            let plan = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from, to: to)
            let r = CostReport(
                policyFile: policyPath, policy: policy,
                forecast: CostModel.forecast(plan: plan, exams: exams, windows: windows, policy: policy),
                periodKind: .week, periods: CostModel.periods(of: plan, policy: policy, by: .week, windows: windows))
            sizes = [
                CostTableRenderer().render([r]).utf8.count, CostJSONRenderer().render([r]).utf8.count,
                CostHTMLRenderer().render([r]).utf8.count,
            ]
            report = r
        }
        guard let r = report else { throw BenchError.check("no report") }
        // Where the time goes (informational).
        let plan = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from, to: to)
        table.add(
            "  of which: plan",
            Timings.measure(runs: runs) {
                _ = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from, to: to)
            })
        table.add(
            "  of which: forecast (exam shares, windows)",
            Timings.measure(runs: runs) {
                _ = CostModel.forecast(plan: plan, exams: exams, windows: windows, policy: policy)
            })
        table.add(
            "  of which: the weekly periods",
            Timings.measure(runs: runs) {
                _ = CostModel.periods(of: plan, policy: policy, by: .week, windows: windows)
            })
        table.add("  of which: table", Timings.measure(runs: runs) { _ = CostTableRenderer().render([r]) })
        table.add("  of which: JSON", Timings.measure(runs: runs) { _ = CostJSONRenderer().render([r]) })
        table.add("  of which: HTML", Timings.measure(runs: runs) { _ = CostHTMLRenderer().render([r]) })
        table.add(
            "cost report: 5,000 sessions, a year, in process", timings, under: 0.200,
            note: "\(exams.count.groupedThousands) sessions, \(windows.count) windows, \(r.periods.count) weeks, "
                + "\(r.forecast.examShares.count.groupedThousands) exam shares; plan, forecast, periods, table + JSON + HTML "
                + "(\(sizes.map(\.groupedThousands).joined(separator: " + ")) bytes); plan cost \(r.totalCost) \(r.forecast.currency)"
        )

        guard let termscale else { return }
        try wholeProcess(
            termscale: termscale, exams: exams, zone: policy.timezone, runs: runs, expected: r.totalCost, into: &table)
    }

    /// `termscale cost --format json` as a process on a database with the sample windows and the
    /// generated year imported (from a CSV written here), checked against the in-process total.
    static func wholeProcess(
        termscale: String, exams: [ExamSession], zone: IANAZone, runs: Int, expected: Decimal, into table: inout BenchTable
    ) throws {
        let directory = try FileManager.default.makeBenchFolder("cost")
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("generated.csv").path
        // As a registry would export it: local date and time, a duration.
        var text = "Exam Date,Start Time,Duration,Module Code,Module Title,No. of Candidates\n"
        for e in exams {
            let start = UTCFormat.seconds(e.start)
            let local = start + Int64(zone.utcOffset(atUTC: start))
            let day = CivilDate(daysSinceEpoch: Int(local.quotientAndRemainder(dividingBy: 86_400).quotient))
            let minute = Int(local % 86_400) / 60
            let time = "\((minute / 60).zeroPadded(to: 2)):\((minute % 60).zeroPadded(to: 2))"
            let minutes = (UTCFormat.seconds(e.end) - start) / 60
            text += "\(day),\(time),\(minutes) min,\(e.code ?? ""),\(e.title),\(e.candidates ?? 0)\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: csv))
        let db = directory.appendingPathComponent("cost.sqlite").path
        _ = try ExternalCommand(
            executable: termscale,
            arguments: ["import", "calendars/academic-calendar-2026-27.ics", "--kind", "window", "--db", db]
        ).runSucceeding()
        _ = try ExternalCommand(executable: termscale, arguments: ["import", csv, "--kind", "exam", "--db", db])
            .runSucceeding()

        var timings = Timings()
        var output = ""
        for _ in 1...runs {
            let run = try ExternalCommand(
                executable: termscale,
                arguments: [
                    "cost", "--policy", "policies/moodle-web.yaml", "--db", db, "--from", "2026-09-14", "--to", "2027-09-13",
                    "--by", "week", "--format", "json",
                ]
            ).runSucceeding()
            timings.record(run.seconds)
            output = run.stdout
        }
        let total = output.firstMatch(of: /"plan": \{[^}]*"cost": ([0-9.]+)/).map { String($0.1) }
        table.add(
            "termscale cost --format json: the same year", timings, under: 0.200,
            note: "whole process on a database with the year imported; plan cost \(total ?? "?") "
                + (total == "\(expected)" ? "(as in process)" : "(in process \(expected): check)"))
        if total != "\(expected)" { table.fail("termscale cost's total \(total ?? "none") differs from \(expected)") }
    }
}
