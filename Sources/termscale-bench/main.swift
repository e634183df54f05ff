// termscale-bench: timings of the core that are targets of the issues, outside the test suite
// (timing never goes into tests). Run from the repository root, in release:
//   swift run -c release termscale-bench [plan|merge|csv|all] | sign [N] | push ENDPOINT
// Exits 1 when a measured figure misses its target.
import Foundation
import TermscaleCore
import TermscaleReaders
import TermscaleAWS

/// Best wall-clock seconds of `runs` runs of `body`.
func best(of runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }

var missed: [String] = []
@MainActor func target(_ what: String, _ seconds: Double, under limit: Double) {
    let verdict = seconds < limit ? "ok" : "MISSED"
    print("  \(what): \(ms(seconds)) (target < \(ms(limit))) \(verdict)")
    if seconds >= limit { missed.append(what) }
}

func read(_ path: String, kind: EventKind) throws -> ImportBatch {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw NSError(domain: "termscale-bench", code: 66, userInfo: [NSLocalizedDescriptionKey: "cannot read \(path)"])
    }
    let options = ReaderOptions(kind: kind)
    let reader: any EventReader = path.hasSuffix(".csv") ? CSVTimetableReader(options: options) : ICalendarReader(options: options)
    return try reader.read(Array(data), file: path, source: path)
}

/// Issue 3: plan the sample year plus a generated year of 5,000 sessions (< 100 ms); compile the
/// busiest 14-day horizon into actions.
@MainActor func planBenchmark() throws {
    print("plan:")
    let policy = try PolicyReader.read(Array(FileManager.default.contents(atPath: "policies/moodle-web.yaml") ?? Data()),
                                       file: "policies/moodle-web.yaml")
    var exams: [ExamSession] = []
    var windows: [CalendarWindow] = []
    for path in ["calendars/exams-2027-01.csv", "calendars/exams-2027-05.ics", "calendars/class-tests-2026-27.ics"] {
        exams += try read(path, kind: .exam).exams
    }
    windows += try read("calendars/academic-calendar-2026-27.ics", kind: .window).windows
    let sampleCount = exams.count
    // A generated 2027-28 year: 5,000 sessions over four exam periods, 09:30/13:00/14:00/16:30
    // slots, many overlapping, 5 to 4,000 candidates.
    var rng = SplitMix64(seed: 2027)
    let periods = [(2027, 9, 20), (2028, 1, 10), (2028, 5, 8), (2028, 8, 14)]
    let slots = [(9, 30), (13, 0), (14, 0), (16, 30)]
    let zone = IANAZone(identifier: "Europe/London")!
    for i in 0..<5_000 {
        let (y, m, d) = periods[i % periods.count]
        let day = CivilDate(year: y, month: m, day: d).adding(days: Int(rng.next() % 19))
        let (h, mi) = slots[Int(rng.next() % UInt64(slots.count))]
        guard case .unique(let start) = LocalTimeResolver.resolve(LocalDateTime(date: day, hour: h, minute: mi), in: zone) else { continue }
        let minutes = [60, 90, 120, 180][Int(rng.next() % 4)]
        let candidates = rng.next() % 10 == 0 ? 1_000 + Int(rng.next() % 3_000) : 5 + Int(rng.next() % 400)
        exams.append(ExamSession(code: "GEN\(i)", title: "Generated \(i)", location: nil, start: UTCFormat.date(start),
                                 end: UTCFormat.date(start + Int64(minutes * 60)), candidates: candidates,
                                 source: "generated", sourceLine: i + 1))
    }
    let from = UTCFormat.parseRFC3339("2026-09-01T00:00:00Z")!
    let to = UTCFormat.parseRFC3339("2028-09-01T00:00:00Z")!
    var plan: CapacityPlan?
    let planSeconds = best(of: 5) {
        plan = CapacityPlanner.plan(exams: exams, windows: windows, policy: policy, from: from, to: to)
    }
    print("  \(sampleCount) sample + 5000 generated sessions, \(windows.count) windows, two years → \(plan!.segments.count) segments")
    target("plan", planSeconds, under: 0.100)

    // The busiest push horizon: 14 days from the start of the May/June period.
    let now = UTCFormat.parseRFC3339("2027-05-09T12:00:00Z")!
    let horizonEnd = now.addingTimeInterval(TimeInterval(policy.limits.horizonDays) * 86_400)
    var schedule: ActionSchedule?
    let compileSeconds = best(of: 5) {
        schedule = ActionCompiler.compile(plan: plan!, policy: policy, now: now, horizonEnd: horizonEnd)
    }
    print("  busiest 14-day horizon: \(schedule!.requiredChanges) changes → \(schedule!.actions.count) actions, "
          + "extra \(String(format: "%.2f", schedule!.extraInstanceHours)) instance-hours in \(ms(compileSeconds))")
}

/// Issue 3: the optimal merge of 2,000 change points into 120 actions (< 1 s).
@MainActor func mergeBenchmark(points n: Int = 2_000, budget: Int = 120) {
    print("merge:")
    var rng = SplitMix64(seed: 20_270_112)
    func random(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(rng.next() % UInt64(range.count)) }
    var points: [Int64] = [0]
    for _ in 0...n { points.append(points.last! + Int64(random(1...180)) * 60) }
    var levels: [Int] = []
    for _ in 0...n {
        // Alternating floor and exam levels, like a busy exam fortnight.
        var level = levels.count % 2 == 0 ? random(2...8) : random(7...40)
        if level == levels.last { level = level == 40 ? 2 : level + 1 }
        levels.append(level)
    }
    var result: OptimalMerge.Result?
    let seconds = best(of: 3) { result = OptimalMerge.merge(points: points, levels: levels, budget: budget) }
    print("  \(n) change points → \(result!.kept.count) actions, extra \(Double(result!.extraCost) / 3600) level-hours")
    target("merge", seconds, under: 1.0)
}

/// The CSV reader alone on 50,000 generated rows (informational).
func csvBenchmark() throws {
    print("csv:")
    var csv = "Module Code,Module Title,Exam Date,Start Time,Duration,Venue,No. of Candidates\n"
    for i in 0..<50_000 {
        let day = 1 + i % 28, month = 1 + (i / 28) % 12
        let date = switch i % 3 {
        case 0: "2027-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        case 1: "\(day)/\(month)/2027"
        default: "\(day) January 2027"
        }
        let minute = (i % 4) * 15
        csv += "MOD\(i / 3),\"Module \(i / 3), part\",\(date),\(9 + i % 8):\(minute < 10 ? "0" : "")\(minute),"
            + "\(i % 2 == 0 ? "2h 30m" : "90"),Room \(i % 7),\(i % 300)\n"
    }
    let bytes = Array(csv.utf8)
    let reader = CSVTimetableReader(options: ReaderOptions())
    var count = 0
    let seconds = try best(of: 5) { count = try reader.read(bytes, file: "bench.csv", source: "bench").exams.count }
    print("  50000 rows (\(bytes.count) bytes) → \(count) sessions in \(ms(seconds))")
}

/// Issue 4: SigV4-sign `n` DescribeScheduledActions requests (informational, beside botocore).
func signBenchmark(_ n: Int) {
    let signer = SigV4Signer(service: "autoscaling", region: "eu-west-2")
    let credentials = Credentials(accessKeyID: "AKIDBENCHMARKBENCH00", secretAccessKey: "bench-secret-key", source: "bench")
    let request = AWSQueryRequest(action: "DescribeScheduledActions", parameters: [("AutoScalingGroupName", "moodle-web"), ("MaxRecords", "100")])
        .httpRequest(endpoint: URL(string: "https://autoscaling.eu-west-2.amazonaws.com")!)
    let date = Date(timeIntervalSince1970: 1_799_746_200)
    var total = 0
    let seconds = best(of: 1) {
        for i in 0..<n { total &+= signer.sign(request, credentials: credentials, date: date.addingTimeInterval(Double(i % 60))).headers.count }
    }
    print("termscale sign \(n): \(String(format: "%.3f", seconds)) s")
}

/// Issue 4: put 120 scheduled actions in batches of 50 and read them back, against `endpoint`
/// (a local moto_server), best of 3; the actions are deleted after each run (untimed).
func pushBenchmark(_ endpoint: String) throws {
    guard let url = URL(string: endpoint) else { throw NSError(domain: "termscale-bench", code: 64) }
    let credentials = Credentials(accessKeyID: "AKIDBENCHMARKBENCH00", secretAccessKey: "bench-secret-key", source: "bench")
    let client = AutoScalingClient(query: AWSQueryClient(endpoint: url, service: "autoscaling", region: "eu-west-2",
                                                         credentials: { credentials }, transport: CurlTransport()))
    let first = UTCFormat.parseRFC3339("2031-01-13T08:45:00Z")!
    let actions = (0..<120).map { i in
        ScheduledActionRequest(name: ScheduledAction.name(group: "moodle-web", startTime: first.addingTimeInterval(Double(i) * 1800)),
                               startTime: first.addingTimeInterval(Double(i) * 1800), minSize: 2 + i % 30)
    }
    var bestSeconds = Double.infinity
    for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        let failures = try client.putScheduledActions(group: "moodle-web", actions)
        let stored = try client.describeScheduledActions(group: "moodle-web").filter { $0.name.hasPrefix("termscale-") }
        bestSeconds = min(bestSeconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        guard failures.isEmpty, stored.count == 120 else {
            throw NSError(domain: "termscale-bench", code: 1, userInfo: [NSLocalizedDescriptionKey: "push failed: \(failures), \(stored.count) stored"])
        }
        _ = try client.deleteScheduledActions(group: "moodle-web", names: actions.map(\.name))
    }
    print("termscale push 120 + read-back: best of 3: \(String(format: "%.3f", bestSeconds)) s")
}

let mode = CommandLine.arguments.dropFirst().first ?? "all"
do {
    if mode == "plan" || mode == "all" { try planBenchmark() }
    if mode == "merge" || mode == "all" { mergeBenchmark() }
    if mode == "csv" || mode == "all" { try csvBenchmark() }
    if mode == "sign" { signBenchmark(Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 100_000) }
    if mode == "push", let endpoint = CommandLine.arguments.dropFirst(2).first { try pushBenchmark(endpoint) }
} catch {
    print("error: \(error)")
    exit(2)
}
if !missed.isEmpty {
    print("MISSED: \(missed.joined(separator: ", "))")
    exit(1)
}
