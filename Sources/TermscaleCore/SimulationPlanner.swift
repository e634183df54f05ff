import Foundation

/// One calendar's plan prepared once and then cut to any range cheaply: what a simulated year of
/// pushes, one every five minutes, asks for 105,000 times.
///
/// `plan(from:to:)` is exactly `CapacityPlanner.plan(exams:windows:policy:from:to:)` on the same
/// sessions and windows — segments, reasons and warnings, in the same order — and the tests
/// compare the two on random ranges. Preparing does the planner's work once (the sort, the
/// timeline, the merge gap, each session's warnings); a cut then takes the prepared runs of equal
/// MinSize and purchase that overlap it, recomputing only the reasons of the two it clips.
///
/// `plan(from:to:eventsFrom:eventsTo:)` answers the question a push asks, which plans only the
/// events overlapping `[eventsFrom, eventsTo)`: it returns the cut only when that gives the same
/// plan, and nil when it cannot tell. The sessions and windows left out of the push's window
/// change the planner's timeline only inside their *influence* — a session from its on-demand
/// start until its release, a window from its start until its end, each rounded as the planner
/// rounds — so the two timelines agree between the end of the influence of what is left out on
/// the left and the start of that of what is left out on the right. The merge gap carries a
/// difference further only through runs shorter than the gap: a run of equal MinSize at least
/// `merge_gap_minutes` long (before the gap is applied) is never lifted, so what lies on one side
/// of it is planned the same whatever lies on the other. The cut is the same when the range lies
/// where the timelines agree, and the prepared run of at least the gap that is the last to start
/// by the range's start, and the one that is the first to end at or after its end, each keep the
/// gap's length within that stretch (in the push's timeline the run through that part has the
/// same level, so it is at least as long, and is never lifted either).
public final class SimulationPlanner: @unchecked Sendable {
    public let policy: Policy
    /// The sessions in the planner's order.
    let sessions: [ExamSession]
    let spans: [ExamSpan]
    let labels: [String]
    let timeline: PlanTimeline
    /// Maximal runs of equal level and purchase, as interval index ranges.
    let runs: [ClosedRange<Int>]
    /// The run of each interval.
    let runOfInterval: [Int]
    /// Each run as a whole segment (full reasons), for the runs a cut does not clip.
    let runSegments: [PlanSegment]
    /// The stretches of consecutive intervals whose `floor + exam_instances` exceeds
    /// `capacity.max`, in order.
    let cappedStretches: [ClosedRange<Int>]
    /// `merge_gap_minutes`, in seconds.
    let gap: Int64
    /// Runs at least the merge gap long before the gap is applied, `(start, end)` in seconds, in
    /// time order.
    let barriers: [(start: Int64, end: Int64)]
    /// Sessions without a candidate count, and those near a clock change, with their warnings.
    let unknownCandidateWarnings: [(session: Int, text: String)]
    let clockChangeWarnings: [(session: Int, text: String)]
    /// Influence of each session and floor-setting window (seconds, inclusive bounds), with its
    /// start and end; the sessions' sorted by end, with the running maximum of influence ends.
    let sessionsByEnd: [(end: Int64, reach: Int64)]
    let windowInfluence: [(start: Int64, end: Int64, from: Int64, to: Int64)]
    /// The latest end − start of a session, in seconds.
    let longestSession: Int64
    /// The start of the on-demand stretch each interval is in (nil for mixed intervals).
    let onDemandSince: [Int64?]

    private let lock = NSLock()
    private var clippedReasons: [ClippedKey: [String]] = [:]
    private var clippedCaps: [CapKey: String] = [:]

    private struct CapKey: Hashable {
        var first: Int
        var last: Int
        var from: Int64
        var to: Int64
    }

    private struct ClippedKey: Hashable {
        var first: Int
        var last: Int
    }

    /// Prepares the plan of `exams` and `windows` under `policy`, given in any order.
    public init(exams: [ExamSession], windows: [CalendarWindow], policy: Policy) {
        self.policy = policy
        self.sessions = exams.sorted(by: CapacityPlanner.examOrder)
        let sessions = self.sessions
        spans = sessions.map { ExamSpan($0, policy: policy) }
        labels = sessions.map(CapacityPlanner.label)
        let floors: [WindowSpan] = windows.compactMap { w in
            guard let floor = policy.windows[w.category] else { return nil }
            let s = floorToMinute(UTCFormat.seconds(w.start))
            let e = ceilToMinute(UTCFormat.seconds(w.end))
            return e > s ? WindowSpan(category: w.category, floor: floor, start: s, end: e) : nil
        }
        windowInfluence = windows.map { w in
            let s = UTCFormat.seconds(w.start)
            let e = UTCFormat.seconds(w.end)
            return policy.windows[w.category] == nil || ceilToMinute(e) <= floorToMinute(s)
                ? (s, e, PlanTimeline.future, PlanTimeline.past) : (s, e, floorToMinute(s), ceilToMinute(e))
        }

        var timeline = PlanTimeline(spans: spans, floors: floors, policy: policy)
        let gap = Int64(policy.exams.mergeGapMinutes) * 60
        self.gap = gap
        var barriers: [(start: Int64, end: Int64)] = []
        var a = 0
        for k in 1...timeline.level.count where k == timeline.level.count || timeline.level[k] != timeline.level[a] {
            if timeline.ends[k - 1] - timeline.starts[a] >= gap { barriers.append((timeline.starts[a], timeline.ends[k - 1])) }
            a = k
        }
        self.barriers = barriers
        timeline.liftDips(shorterThan: gap)
        self.timeline = timeline

        var runs: [ClosedRange<Int>] = []
        var runOfInterval: [Int] = []
        var onDemandSince: [Int64?] = []
        a = 0
        for k in timeline.level.indices {
            if k > 0 && (timeline.level[k] != timeline.level[a] || timeline.onDemand[k] != timeline.onDemand[a]) {
                runs.append(a...(k - 1))
                a = k
            }
            runOfInterval.append(runs.count)
            onDemandSince.append(
                !timeline.onDemand[k] ? nil : (k > 0 && timeline.onDemand[k - 1] ? onDemandSince[k - 1] : timeline.starts[k]))
        }
        runs.append(a...(timeline.level.count - 1))
        self.runs = runs
        self.runOfInterval = runOfInterval
        self.onDemandSince = onDemandSince
        let labels = self.labels
        runSegments = runs.map { run in
            PlanSegment(
                start: UTCFormat.date(timeline.starts[run.lowerBound]), end: UTCFormat.date(timeline.ends[run.upperBound]),
                minSize: timeline.level[run.lowerBound], purchase: timeline.onDemand[run.lowerBound] ? .onDemand : .mixed,
                reasons: Self.reasons(timeline, run, labels: labels))
        }
        var stretches: [ClosedRange<Int>] = []
        for k in timeline.uncapped.indices where timeline.uncapped[k] > policy.capacity.max {
            if let last = stretches.last, last.upperBound == k - 1 {
                stretches[stretches.count - 1] = last.lowerBound...k
            } else {
                stretches.append(k...k)
            }
        }
        cappedStretches = stretches

        // The planner's per-session warnings, worked out once (see `CapacityPlanner.plan`).
        unknownCandidateWarnings = sessions.indices.filter { sessions[$0].candidates == nil }.map {
            ($0, CapacityPlanner.Warning.unknownCandidates(sessions[$0], defaultCandidates: policy.exams.defaultCandidates))
        }
        let zone = policy.timezone.timeZone
        clockChangeWarnings = sessions.indices.compactMap { i in
            let start = UTCFormat.seconds(sessions[i].start)
            guard let change = zone.nextDaylightSavingTimeTransition(after: UTCFormat.date(start - 3600)),
                UTCFormat.seconds(change) <= start + 3600
            else { return nil }
            return (
                i,
                CapacityPlanner.Warning.nearClockChange(
                    sessions[i], zone: policy.timezone.identifier, change: UTCFormat.seconds(change))
            )
        }

        let spans = self.spans
        var byEnd = sessions.indices.map { (end: UTCFormat.seconds(sessions[$0].end), reach: spans[$0].release) }
        byEnd.sort { $0.end < $1.end }
        for i in byEnd.indices.dropFirst() { byEnd[i].reach = Swift.max(byEnd[i].reach, byEnd[i - 1].reach) }
        sessionsByEnd = byEnd
        longestSession = sessions.map { UTCFormat.seconds($0.end) - UTCFormat.seconds($0.start) }.max() ?? 0
    }

    /// The exam sessions, in the planner's order (start, end, label, source, line).
    public var examSessions: [ExamSession] { sessions }

    // MARK: Cuts

    /// `CapacityPlanner.plan(exams:windows:policy:from:to:)` of the prepared calendar, exactly.
    public func plan(from: Date, to: Date) -> CapacityPlan {
        let rangeStart = UTCFormat.seconds(from)
        let rangeEnd = UTCFormat.seconds(to)
        let segments = self.segments(from: rangeStart, to: rangeEnd)

        var warnings: [String] = []
        let range = intervals(from: rangeStart, to: rangeEnd)
        warnings += capWarnings(range, from: rangeStart, to: rangeEnd)
        if policy.exams.prewarmMinutes < policy.instance.bootMinutes + 10 {
            warnings.append(
                CapacityPlanner.Warning.prewarmTooShort(prewarm: policy.exams.prewarmMinutes, boot: policy.instance.bootMinutes))
        }
        if let db = policy.database, let peak = segments.max(by: { $0.minSize < $1.minSize }),
            peak.minSize * db.connectionsPerInstance > db.maxConnections
        {
            let first = segments.first { $0.minSize == peak.minSize }!
            warnings.append(
                CapacityPlanner.Warning.databaseConnections(
                    instances: peak.minSize, perInstance: db.connectionsPerInstance, max: db.maxConnections,
                    at: UTCFormat.seconds(first.start)))
        }
        let inRange = { (i: Int) in self.spans[i].onDemandStart < rangeEnd && self.spans[i].release > rangeStart }
        warnings += unknownCandidateWarnings.filter { inRange($0.session) }.map(\.text)
        warnings += clockChangeWarnings.filter { inRange($0.session) }.map(\.text)
        return CapacityPlan(
            from: UTCFormat.date(rangeStart), to: UTCFormat.date(rangeEnd), segments: segments, warnings: warnings)
    }

    /// The cut `plan(from:to:)`, when it is exactly what the planner makes of the events
    /// overlapping `[eventsFrom, eventsTo)` alone (see the type's comment); nil when that cannot
    /// be shown, and the caller plans those events itself.
    public func plan(from: Date, to: Date, eventsFrom: Date, eventsTo: Date) -> CapacityPlan? {
        let (rangeStart, rangeEnd) = (UTCFormat.seconds(from), UTCFormat.seconds(to))
        let (windowStart, windowEnd) = (UTCFormat.seconds(eventsFrom), UTCFormat.seconds(eventsTo))
        // What is left out on the left counts before leftReach only; on the right, from rightReach.
        // (Influence is half-open: a session's from its on-demand start until its release, a
        // window's from its start until its end, rounded as the planner rounds them.)
        var leftReach = Int64.min
        var rightReach = Int64.max
        let endedBefore = Self.partition(sessionsByEnd.count) { self.sessionsByEnd[$0].end > windowStart }
        if endedBefore > 0 { leftReach = sessionsByEnd[endedBefore - 1].reach }
        let startsAfter = Self.partition(sessions.count) { UTCFormat.seconds(self.sessions[$0].start) >= windowEnd }
        if startsAfter < spans.count { rightReach = spans[startsAfter].onDemandStart }
        for w in windowInfluence where w.from <= w.to {
            if w.end <= windowStart { leftReach = Swift.max(leftReach, w.to) }
            if w.start >= windowEnd { rightReach = Swift.min(rightReach, w.from) }
        }
        // The range within what both timelines share, and in each timeline a run never lifted
        // at or before its start and one at or after its end: the last prepared run of at least
        // the gap starting by the range's start, and the first ending at or after its end, each
        // at least the gap long within the shared part (there the push's run has the same level,
        // so it is at least as long).
        guard leftReach <= rangeStart, rangeEnd <= rightReach else { return nil }
        let left = Self.partition(barriers.count) { self.barriers[$0].start > rangeStart }
        guard left > 0,
            Swift.min(barriers[left - 1].end, rightReach) - Swift.max(barriers[left - 1].start, leftReach) >= gap
        else { return nil }
        let right = Self.partition(barriers.count) { self.barriers[$0].end >= rangeEnd }
        guard right < barriers.count,
            Swift.min(barriers[right].end, rightReach) - Swift.max(barriers[right].start, leftReach) >= gap
        else { return nil }
        return plan(from: from, to: to)
    }

    /// The latest release of a session overlapping `[eventsFrom, eventsTo)` whose raised period
    /// starts before `before` (nil when there is none): how far a push's actions must reach.
    public func latestRelease(eventsFrom: Date, eventsTo: Date, raisedBefore before: Date) -> Date? {
        let (windowStart, windowEnd, limit) = (
            UTCFormat.seconds(eventsFrom), UTCFormat.seconds(eventsTo), UTCFormat.seconds(before)
        )
        // Sessions are in start order and raise with their start: the candidates are a run of it.
        let upper = Self.partition(sessions.count) {
            let start = UTCFormat.seconds(self.sessions[$0].start)
            return start >= windowEnd || self.spans[$0].raise >= limit
        }
        var latest: Int64?
        var i = upper - 1
        while i >= 0, UTCFormat.seconds(sessions[i].start) > windowStart - longestSession - 1 {
            if UTCFormat.seconds(sessions[i].end) > windowStart {
                latest = Swift.max(latest ?? spans[i].release, spans[i].release)
            }
            i -= 1
        }
        return latest.map(UTCFormat.date)
    }

    // MARK: Instants

    /// The planned MinSize at `instant`.
    public func minSize(at instant: Date) -> Int { timeline.level[interval(at: UTCFormat.seconds(instant))] }

    /// Since when the plan has been on-demand without a break, at `instant`; nil when it is not
    /// on-demand then.
    public func onDemandSince(_ instant: Date) -> Date? {
        onDemandSince[interval(at: UTCFormat.seconds(instant))].map(UTCFormat.date)
    }

    // MARK: Parts

    /// The segments of `from..<to`: the prepared runs overlapping it, the first and last clipped.
    func segments(from: Int64, to: Int64) -> [PlanSegment] {
        let range = intervals(from: from, to: to)
        guard !range.isEmpty else { return [] }
        let firstRun = runOfInterval[range.lowerBound]
        let lastRun = runOfInterval[range.upperBound - 1]
        var out = Array(runSegments[firstRun...lastRun])
        for (position, run) in [(0, firstRun), (out.count - 1, lastRun)] {
            let first = Swift.max(runs[run].lowerBound, range.lowerBound)
            let last = Swift.min(runs[run].upperBound, range.upperBound - 1)
            if first != runs[run].lowerBound || last != runs[run].upperBound {
                out[position].reasons = clipped(first: first, last: last)
            }
        }
        out[0].start = UTCFormat.date(Swift.max(timeline.starts[range.lowerBound], from))
        out[out.count - 1].end = UTCFormat.date(Swift.min(timeline.ends[range.upperBound - 1], to))
        return out
    }

    /// The reasons of intervals `first...last` of one run, remembered.
    private func clipped(first: Int, last: Int) -> [String] {
        let key = ClippedKey(first: first, last: last)
        lock.lock()
        defer { lock.unlock() }
        if let known = clippedReasons[key] { return known }
        if clippedReasons.count > 4096 { clippedReasons.removeAll(keepingCapacity: true) }
        let reasons = Self.reasons(timeline, first...last, labels: labels)
        clippedReasons[key] = reasons
        return reasons
    }

    /// `PlanTimeline.capWarnings` over the intervals `range` of `from..<to`: one warning per
    /// capped stretch, clipped to the range, naming the exams raised in it (else the window
    /// categories) and the most instances needed; each clipped stretch's warning remembered.
    func capWarnings(_ range: Range<Int>, from: Int64, to: Int64) -> [String] {
        var warnings: [String] = []
        var i = Self.partition(cappedStretches.count) { self.cappedStretches[$0].upperBound >= range.lowerBound }
        while i < cappedStretches.count, cappedStretches[i].lowerBound < range.upperBound {
            let first = Swift.max(cappedStretches[i].lowerBound, range.lowerBound)
            let last = Swift.min(cappedStretches[i].upperBound, range.upperBound - 1)
            let key = CapKey(
                first: first, last: last, from: Swift.max(timeline.starts[first], from), to: Swift.min(timeline.ends[last], to))
            lock.lock()
            let known = clippedCaps[key]
            lock.unlock()
            if let known {
                warnings.append(known)
            } else {
                let (names, needed) = capped(first...last)
                let text = CapacityPlanner.Warning.capped(
                    max: policy.capacity.max, from: key.from, to: key.to, names: names, needed: needed)
                lock.lock()
                if clippedCaps.count > 4096 { clippedCaps.removeAll(keepingCapacity: true) }
                clippedCaps[key] = text
                lock.unlock()
                warnings.append(text)
            }
            i += 1
        }
        return warnings
    }

    /// Who a capped stretch is for and the most it needs, as `PlanTimeline.capWarnings` says it.
    private func capped(_ intervals: ClosedRange<Int>) -> (names: [String], needed: Int) {
        var names = Set<String>()
        var categories = Set<String>()
        var needed = 0
        for k in intervals {
            names.formUnion(timeline.raised[k].map { labels[$0] })
            categories.formUnion(timeline.categoryReasons[k])
            needed = Swift.max(needed, timeline.uncapped[k])
        }
        return (names.isEmpty ? categories.sorted() : names.sorted(), needed)
    }

    /// A segment's reasons as the planner writes them: exam labels sorted, then window categories.
    static func reasons(_ timeline: PlanTimeline, _ intervals: ClosedRange<Int>, labels: [String]) -> [String] {
        var exams = Set<Int>()
        var categories = Set<String>()
        for k in intervals {
            exams.formUnion(timeline.examReasons[k])
            categories.formUnion(timeline.categoryReasons[k])
        }
        return Set(exams.map { labels[$0] }).sorted() + categories.sorted()
    }

    /// Indices of the intervals overlapping `from..<to`.
    func intervals(from: Int64, to: Int64) -> Range<Int> {
        guard to > from else { return 0..<0 }
        let lower = Self.partition(timeline.ends.count) { self.timeline.ends[$0] > from }
        let upper = Self.partition(timeline.starts.count) { self.timeline.starts[$0] >= to }
        return lower..<Swift.max(lower, upper)
    }

    /// The interval containing `t` (seconds).
    func interval(at t: Int64) -> Int {
        Swift.min(Self.partition(timeline.ends.count) { self.timeline.ends[$0] > t }, timeline.ends.count - 1)
    }

    /// The first index in `0..<count` where `isAfter` holds (it must hold from there on).
    static func partition(_ count: Int, _ isAfter: (Int) -> Bool) -> Int {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if isAfter(mid) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
