import Foundation

/// Computes the MinSize and purchase option an Auto Scaling group needs at every instant from
/// the exam sessions, calendar windows and a policy. Pure: values in, a plan out.
///
/// The rules, exactly (all instants UTC, computed in whole seconds, `Int64`):
/// - **Raised period** of an exam: `[start − prewarm, end + extra + hold)` where
///   `extra = ⌈(end − start) × extra_time_percent / 100⌉` seconds. The raise instant is rounded
///   *down* and the release instant *up* to a whole minute (erring on the safe side), so every
///   change point is a whole minute.
/// - **Window floors**: a window whose category has a floor in `policy.windows` applies it over
///   `[start, end)`, start rounded down and end up to a whole minute. Other windows count for nothing.
/// - `demand(t)` = Σ candidates of the exams whose raised period contains `t`. A session without a
///   count uses `exams.default_candidates`, or 0 when that is not set (both warned about).
/// - `exam_instances(t) = ⌈demand × (100 + headroom_percent) / (100 × students_per_instance)⌉`,
///   in integers, on the summed demand (overlapping exams are added *before* rounding).
/// - `floor(t) = max(capacity.min, floors of the windows containing t)`.
/// - `min_size(t) = min(capacity.max, floor(t) + exam_instances(t))`.
/// - **Merge gap**: take the runs of constant `min_size`. A run strictly lower than both of its
///   neighbours and shorter than `merge_gap_minutes` (a *dip*) is lifted to the lower of the two
///   neighbours. All dips of a pass are lifted together, equal neighbours merge, and passes
///   repeat until no dip is left. The rules are applied to the whole timeline before the plan is
///   cut to `from..<to`, so a plan does not depend on where its range starts.
/// - **Mix**: `.onDemand` over `[raise − (cron_interval_minutes + 5) min, release)` of every exam,
///   so a push switches the mix before the pre-warm capacity launches; `.mixed` elsewhere
///   (windows, including category `exams`, never switch it).
/// - **Reasons** of a stretch: the exams whose on-demand period overlaps it and the categories of
///   floor-setting windows that overlap it; a lifted dip also takes the reasons of the stretches on
///   either side of it.
///
/// Warnings, in this order: each stretch capped at `capacity.max` (in time order);
/// `prewarm_minutes < boot_minutes + 10`; peak MinSize × `connections_per_instance` over
/// `max_connections`; each session without a candidate count; each session starting within an
/// hour of a clock change of `policy.timezone`. Exam warnings cover the sessions whose on-demand
/// period overlaps `from..<to`, in start order. See `CapacityPlanner.Warning` for the texts.
public enum CapacityPlanner {
    /// The plan for `from..<to` (UTC, taken to whole seconds). Exams and windows may be given in
    /// any order and may lie outside the range (those near it still shape it through the merge gap).
    public static func plan(
        exams: [ExamSession], windows: [CalendarWindow], policy: Policy,
        from: Date, to: Date
    ) -> CapacityPlan {
        let rangeStart = UTCFormat.seconds(from)
        let rangeEnd = UTCFormat.seconds(to)
        let sessions = exams.sorted(by: examOrder)
        let spans = sessions.map { ExamSpan($0, policy: policy) }

        let floors: [WindowSpan] = windows.compactMap { w in
            guard let floor = policy.windows[w.category] else { return nil }
            let s = floorToMinute(UTCFormat.seconds(w.start))
            let e = ceilToMinute(UTCFormat.seconds(w.end))
            return e > s ? WindowSpan(category: w.category, floor: floor, start: s, end: e) : nil
        }

        var timeline = PlanTimeline(spans: spans, floors: floors, policy: policy)
        timeline.liftDips(shorterThan: Int64(policy.exams.mergeGapMinutes) * 60)

        let labels = sessions.map(label)
        let segments = timeline.segments(from: rangeStart, to: rangeEnd, labels: labels)

        // Warnings.
        var warnings: [String] = []
        warnings += timeline.capWarnings(from: rangeStart, to: rangeEnd, labels: labels, max: policy.capacity.max)
        if policy.exams.prewarmMinutes < policy.instance.bootMinutes + 10 {
            warnings.append(
                Warning.prewarmTooShort(
                    prewarm: policy.exams.prewarmMinutes,
                    boot: policy.instance.bootMinutes))
        }
        if let db = policy.database, let peak = segments.max(by: { $0.minSize < $1.minSize }),
            peak.minSize * db.connectionsPerInstance > db.maxConnections
        {
            let first = segments.first { $0.minSize == peak.minSize }!
            warnings.append(
                Warning.databaseConnections(
                    instances: peak.minSize, perInstance: db.connectionsPerInstance,
                    max: db.maxConnections, at: UTCFormat.seconds(first.start)))
        }
        let inRange = spans.indices.filter { spans[$0].onDemandStart < rangeEnd && spans[$0].release > rangeStart }
        for i in inRange where sessions[i].candidates == nil {
            warnings.append(Warning.unknownCandidates(sessions[i], defaultCandidates: policy.exams.defaultCandidates))
        }
        let zone = policy.timezone.timeZone
        for i in inRange {
            let start = UTCFormat.seconds(sessions[i].start)
            if let change = zone.nextDaylightSavingTimeTransition(after: UTCFormat.date(start - 3600)),
                UTCFormat.seconds(change) <= start + 3600
            {
                warnings.append(
                    Warning.nearClockChange(
                        sessions[i], zone: policy.timezone.identifier,
                        change: UTCFormat.seconds(change)))
            }
        }
        return CapacityPlan(
            from: UTCFormat.date(rangeStart), to: UTCFormat.date(rangeEnd), segments: segments,
            warnings: warnings)
    }

    /// The raised period of `exam` under `policy`: `[start − prewarm, end + extra + hold)`, the
    /// raise rounded down and the release up to a whole minute, exactly as the plan applies it.
    public static func raisedPeriod(of exam: ExamSession, policy: Policy) -> Range<Date> {
        let span = ExamSpan(exam, policy: policy)
        return UTCFormat.date(span.raise)..<UTCFormat.date(span.release)
    }

    /// The exact warning texts the planner produces.
    public enum Warning {
        /// `capped at capacity.max 40 from 2027-01-12T08:15:00Z to 2027-01-12T11:15:00Z: up to 47 instances needed (7 short) for MATH1001, PHYS1002`
        /// (the exams raised then, or the window categories when no exam is).
        public static func capped(max: Int, from: Int64, to: Int64, names: [String], needed: Int) -> String {
            "capped at capacity.max \(max) from \(UTCFormat.rfc3339(seconds: from)) to \(UTCFormat.rfc3339(seconds: to)): "
                + "up to \(needed) instances needed (\(needed - max) short) for \(names.joined(separator: ", "))"
        }

        /// `exams.prewarm_minutes 30 is less than instance.boot_minutes 25 + 10: instances may not be in service when candidates start`
        public static func prewarmTooShort(prewarm: Int, boot: Int) -> String {
            "exams.prewarm_minutes \(prewarm) is less than instance.boot_minutes \(boot) + 10: "
                + "instances may not be in service when candidates start"
        }

        /// `database: 40 instances × 25 connections = 1000 exceeds max_connections 800 (first at 2027-01-12T08:15:00Z)`
        public static func databaseConnections(instances: Int, perInstance: Int, max: Int, at: Int64) -> String {
            "database: \(instances) instances × \(perInstance) connections = \(instances * perInstance) "
                + "exceeds max_connections \(max) (first at \(UTCFormat.rfc3339(seconds: at)))"
        }

        /// Without a default: `MATH1001 (exams.csv:4) at 2027-01-12T09:00:00Z has no candidate count and exams.default_candidates is not set: planned with 0 candidates`;
        /// with one: `… has no candidate count: planned with exams.default_candidates 300`.
        public static func unknownCandidates(_ exam: ExamSession, defaultCandidates: Int?) -> String {
            let head = "\(describe(exam)) at \(UTCFormat.rfc3339(exam.start)) has no candidate count"
            if let defaultCandidates {
                return head + ": planned with exams.default_candidates \(defaultCandidates)"
            }
            return head + " and exams.default_candidates is not set: planned with 0 candidates"
        }

        /// `MATH1001 (exams.csv:4) starts at 2027-03-28T00:30:00Z, within an hour of the Europe/London clock change at 2027-03-28T01:00:00Z: check its time`
        public static func nearClockChange(_ exam: ExamSession, zone: String, change: Int64) -> String {
            "\(describe(exam)) starts at \(UTCFormat.rfc3339(exam.start)), within an hour of the \(zone) clock change "
                + "at \(UTCFormat.rfc3339(seconds: change)): check its time"
        }

        static func describe(_ exam: ExamSession) -> String {
            "\(label(exam)) (\(exam.source):\(exam.sourceLine))"
        }
    }

    /// How an exam is named in reasons and warnings: its code, else its title.
    static func label(_ exam: ExamSession) -> String { exam.code ?? exam.title }

    /// A total order on sessions so the plan does not depend on input order.
    static func examOrder(_ a: ExamSession, _ b: ExamSession) -> Bool {
        if a.start != b.start { return a.start < b.start }
        if a.end != b.end { return a.end < b.end }
        if label(a) != label(b) { return label(a) < label(b) }
        if a.source != b.source { return a.source < b.source }
        if a.sourceLine != b.sourceLine { return a.sourceLine < b.sourceLine }
        return (a.candidates ?? -1) < (b.candidates ?? -1)
    }
}

/// `x` rounded down to a whole minute.
@inline(__always) func floorToMinute(_ x: Int64) -> Int64 { floorDiv(x, 60) * 60 }
/// `x` rounded up to a whole minute.
@inline(__always) func ceilToMinute(_ x: Int64) -> Int64 { -floorDiv(-x, 60) * 60 }
@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// One exam's raised and on-demand periods, in seconds.
struct ExamSpan {
    var candidates: Int
    var raise: Int64
    var release: Int64
    var onDemandStart: Int64

    init(_ exam: ExamSession, policy: Policy) {
        let start = UTCFormat.seconds(exam.start)
        let end = UTCFormat.seconds(exam.end)
        let duration = max(0, end - start)
        let extra = -floorDiv(-(duration * Int64(policy.exams.extraTimePercent)), 100)
        candidates = exam.candidates ?? policy.exams.defaultCandidates ?? 0
        raise = floorToMinute(start - Int64(policy.exams.prewarmMinutes) * 60)
        release = max(raise, ceilToMinute(end + extra + Int64(policy.exams.holdAfterMinutes) * 60))
        onDemandStart = raise - Int64(policy.limits.cronIntervalMinutes + 5) * 60
    }
}

/// A floor-setting window, in seconds.
struct WindowSpan {
    var category: String
    var floor: Int
    var start: Int64
    var end: Int64
}
