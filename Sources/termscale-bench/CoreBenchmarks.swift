import Foundation
import TermscaleCore
import TermscaleReaders

/// The core, in process: planning, compiling, the optimal merge and the CSV reader. Inputs are the
/// shipped samples (read relative to the repository root) and seeded generated data.
enum CoreBenchmarks {
    /// Issue 3: plan the sample year plus a generated year of 5,000 sessions (< 100 ms); compile the
    /// busiest 14-day horizon into actions (informational).
    static func plan(runs: Int, into table: inout BenchTable) throws {
        let policyPath = "policies/moodle-web.yaml"
        let policy = try PolicyReader.read(try readBytes(policyPath), file: policyPath)
        var exams: [ExamSession] = []
        for path in ["calendars/exams-2027-01.csv", "calendars/exams-2027-05.ics", "calendars/class-tests-2026-27.ics"] {
            exams += try read(path, kind: .exam).exams
        }
        let windows = try read("calendars/academic-calendar-2026-27.ics", kind: .window).windows
        let sampleCount = exams.count
        exams += generatedYear(sessions: 5_000)
        let from = try instant("2026-09-01T00:00:00Z")
        let to = try instant("2028-09-01T00:00:00Z")

        var plan = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from, to: to)
        let planTimings = Timings.measure(runs: runs) {
            plan = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from, to: to)
        }
        table.add(
            "plan: sample year + 5,000 sessions", planTimings, under: 0.100,
            note:
                "\(sampleCount) + \((exams.count - sampleCount).groupedThousands) sessions, \(windows.count) windows, two years "
                + "→ \(plan.segments.count) segments")

        // The busiest push horizon: 14 days from the start of the May/June period.
        let now = try instant("2027-05-09T12:00:00Z")
        let horizonEnd = now.addingTimeInterval(TimeInterval(policy.limits.horizonDays) * 86_400)
        var schedule = ActionCompiler.compile(plan: plan, policy: policy, now: now, horizonEnd: horizonEnd)
        let compileTimings = Timings.measure(runs: runs) {
            schedule = ActionCompiler.compile(plan: plan, policy: policy, now: now, horizonEnd: horizonEnd)
        }
        table.add(
            "compile: busiest 14-day horizon", compileTimings,
            note: "\(schedule.requiredChanges) changes → \(schedule.actions.count) actions, extra "
                + String(format: "%.2f", schedule.extraInstanceHours) + " instance-hours")
    }

    /// Issue 3: the optimal merge of 2,000 change points into 120 actions (< 1 s).
    static func merge(runs: Int, into table: inout BenchTable, points n: Int = 2_000, budget: Int = 120) {
        var rng = SplitMix64(seed: 20_270_112)
        func random(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
        var points: [Int64] = [0]
        for _ in 0...n { points.append((points.last ?? 0) + Int64(random(1...180)) * 60) }
        var levels: [Int] = []
        for _ in 0...n {
            // Alternating floor and exam levels, like a busy exam fortnight.
            var level = levels.count % 2 == 0 ? random(2...8) : random(7...40)
            if level == levels.last { level = level == 40 ? 2 : level + 1 }
            levels.append(level)
        }
        var result: OptimalMerge.Result?
        let timings = Timings.measure(runs: runs) {
            result = OptimalMerge.merge(points: points, levels: levels, budget: budget)
        }
        let note = result.map {
            "\($0.kept.count) actions kept, extra " + String(format: "%.1f", Double($0.extraCost) / 3600) + " level-hours"
        }
        table.add("merge: 2,000 change points → 120 actions", timings, under: 1.0, note: note ?? "")
    }

    /// The CSV reader alone on 50,000 generated rows (informational).
    static func csv(runs: Int, into table: inout BenchTable) throws {
        var csv = "Module Code,Module Title,Exam Date,Start Time,Duration,Venue,No. of Candidates\n"
        for i in 0..<50_000 {
            let day = 1 + i % 28
            let month = 1 + (i / 28) % 12
            let date =
                switch i % 3 {
                case 0: "2027-\(month.zeroPadded(to: 2))-\(day.zeroPadded(to: 2))"
                case 1: "\(day)/\(month)/2027"
                default: "\(day) January 2027"
                }
            let minute = (i % 4) * 15
            csv +=
                "MOD\(i / 3),\"Module \(i / 3), part\",\(date),\(9 + i % 8):\(minute.zeroPadded(to: 2)),"
                + "\(i % 2 == 0 ? "2h 30m" : "90"),Room \(i % 7),\(i % 300)\n"
        }
        let bytes = Array(csv.utf8)
        let reader = CSVTimetableReader(options: ReaderOptions())
        var count = 0
        let timings = try Timings.measure(runs: runs) {
            count = try reader.read(bytes, file: "bench.csv", source: "bench").exams.count
        }
        table.add(
            "csv: read 50,000 rows", timings,
            note: "\(bytes.count.groupedThousands) bytes → \(count.groupedThousands) sessions")
    }

    /// A generated 2027-28 year: `sessions` sessions over four exam periods, 09:30/13:00/14:00/16:30
    /// slots, many overlapping, 5 to 4,000 candidates. The same every run (seeded).
    /// `sessions` seeded sessions over the academic year starting in September `year`: a resit
    /// week, the January and May periods and August resits, 09:30 to 16:30.
    static func generatedYear(sessions: Int, year: Int = 2027) -> [ExamSession] {
        var rng = SplitMix64(seed: 2027)
        let periods = [(year, 9, 20), (year + 1, 1, 10), (year + 1, 5, 8), (year + 1, 8, 14)]
        let slots = [(9, 30), (13, 0), (14, 0), (16, 30)]
        guard let zone = IANAZone(identifier: "Europe/London") else { return [] }
        var exams: [ExamSession] = []
        for i in 0..<sessions {
            let (y, m, d) = periods[i % periods.count]
            let day = CivilDate(year: y, month: m, day: d).adding(days: Int(rng.next() % 19))
            let (h, mi) = slots[Int(rng.next() % UInt64(slots.count))]
            let local = LocalDateTime(date: day, hour: h, minute: mi)
            guard case .unique(let start) = LocalTimeResolver.resolve(local, in: zone) else { continue }
            let minutes = [60, 90, 120, 180][Int(rng.next() % 4)]
            let candidates = rng.next() % 10 == 0 ? 1_000 + Int(rng.next() % 3_000) : 5 + Int(rng.next() % 400)
            exams.append(
                ExamSession(
                    code: "GEN\(i)", title: "Generated \(i)", location: nil, start: UTCFormat.date(start),
                    end: UTCFormat.date(start + Int64(minutes * 60)), candidates: candidates,
                    source: "generated", sourceLine: i + 1))
        }
        return exams
    }

    static func read(_ path: String, kind: EventKind) throws -> ImportBatch {
        let options = ReaderOptions(kind: kind)
        let reader: any EventReader =
            path.hasSuffix(".csv") ? CSVTimetableReader(options: options) : ICalendarReader(options: options)
        return try reader.read(try readBytes(path), file: path, source: path)
    }

    static func readBytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError.missingInput(path: path, hint: "run termscale-bench from the repository root")
        }
        return Array(data)
    }

    static func instant(_ text: String) throws -> Date {
        guard let date = UTCFormat.parseRFC3339(text) else { throw BenchError.check("not an RFC 3339 instant: \(text)") }
        return date
    }
}
