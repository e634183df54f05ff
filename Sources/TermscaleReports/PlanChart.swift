import Foundation
import TermscaleCore

/// The SVG step chart of a `PlanReport`: MinSize over the range with the on-demand periods shaded
/// and the scheduled actions marked, the calendar windows in a strip above and the exam sessions in
/// lanes below, all on one time axis.
///
/// Coordinates are SVG user units; the chart is 1,400 wide and the plot area maps the range
/// linearly onto `plotLeft ..< plotLeft + plotWidth` (8 units an hour for a 7-day week, 56 for a
/// day). Numbers are written to one decimal place so the output is byte-stable.
struct PlanChart: SVGDrawing {
    static let width = 1400.0
    static let plotLeft = 44.0
    static let plotWidth = 1344.0
    static let plotRight = plotLeft + plotWidth
    static let plotHeight = 280.0
    static let legendBaseline = 14.0
    static let dayLabelBaseline = 44.0
    static let windowsTop = 54.0
    static let windowLaneHeight = 20.0
    static let examLaneHeight = 36.0
    /// Horizontal space kept free between two labels in one lane.
    static let labelGap = 6.0
    /// Font sizes of an exam label's two lines (the CSS classes `exam-label` and `exam-detail`).
    static let examLabelSize = 10.5
    static let examDetailSize = 10.0

    let report: PlanReport
    let from: Int64
    let to: Int64
    let yMax: Int
    let yStep: Int
    let windowBars: [Bar]
    let windowLanes: Int
    let examMarks: [Bar]
    let examLanes: Int
    let plotTop: Double

    var plotBottom: Double { plotTop + Self.plotHeight }
    var examsTop: Double { plotBottom + 26 }
    var height: Double { examsTop + Double(max(1, examLanes)) * Self.examLaneHeight + 6 }

    /// A labelled band in one lane: a window above the plot or a group of exam sessions below it.
    struct Bar {
        var start: Int64
        var end: Int64
        /// First line (bold) and optional second line.
        var line1: String
        var line2: String?
        /// Full detail, shown as a tooltip.
        var tooltip: String
        var x0 = 0.0
        var x1 = 0.0
        var labelX = 0.0
        var lane = 0
    }

    init(report: PlanReport) {
        self.report = report
        from = UTCFormat.seconds(report.from)
        to = max(UTCFormat.seconds(report.to), UTCFormat.seconds(report.from) + 1)
        let scale = Self.niceScale(
            max(
                report.plan.peakMinSize, report.policy.capacity.max,
                report.schedule.actions.map(\.minSize).max() ?? 0,
                report.schedule.currentMinSize))
        yMax = scale.max
        yStep = scale.step

        var windows = Self.windowBars(report)
        var exams = Self.examBars(report)
        let mapX: (Int64) -> Double = { [from, to] t in Self.x(t, from: from, to: to) }
        windowLanes = Self.assignLanes(&windows, x: mapX, size: 11, bold: false, inside: true)
        examLanes = Self.assignLanes(&exams, x: mapX, size: Self.examLabelSize, bold: true, inside: false)
        windowBars = windows
        examMarks = exams
        plotTop = Self.windowsTop + Double(windowLanes) * Self.windowLaneHeight + 10
    }

    // MARK: Scales

    static func x(_ t: Int64, from: Int64, to: Int64) -> Double {
        let clamped = min(max(t, from), to)
        return plotLeft + Double(clamped - from) * plotWidth / Double(to - from)
    }

    func x(_ t: Int64) -> Double { Self.x(t, from: from, to: to) }
    func x(_ date: Date) -> Double { x(UTCFormat.seconds(date)) }
    func y(_ level: Int) -> Double { plotBottom - Double(level) * Self.plotHeight / Double(yMax) }

    /// The axis top and tick step for values up to `value`: a step of 1, 2 or 5 × 10ⁿ giving at
    /// most 8 ticks above zero.
    static func niceScale(_ value: Int) -> (max: Int, step: Int) {
        let v = max(1, value)
        var magnitude = 1
        while true {
            for m in [1, 2, 5] {
                let step = m * magnitude
                let ticks = (v + step - 1) / step
                if ticks <= 8 { return (ticks * step, step) }
            }
            magnitude *= 10
        }
    }

    // MARK: Bars and lanes

    static func windowBars(_ report: PlanReport) -> [Bar] {
        let from = report.from
        let to = report.to
        return report.windows.filter { $0.end > from && $0.start < to }.map { w in
            let floor = report.policy.windows[w.category]
            let floorText = floor.map { "floor \($0)" } ?? "no floor"
            let name = w.title.caseInsensitiveCompare(w.category) == .orderedSame ? w.title : "\(w.title) (\(w.category))"
            let start = report.label.local(w.start)
            let end = report.label.local(w.end)
            let tooltip =
                "\(name) · \(floorText)\n\(report.label.dayText(start)) \(report.label.timeText(start)) "
                + "– \(report.label.dayText(end)) \(report.label.timeText(end))"
            return Bar(
                start: UTCFormat.seconds(w.start), end: UTCFormat.seconds(w.end),
                line1: "\(name) · \(floorText)", tooltip: tooltip)
        }
    }

    /// One bar per start instant: a single session labelled `CODE · 320 cand.`, or several starting
    /// together as `09:30 · 9 papers · 6,250 cand.` with the largest codes underneath.
    static func examBars(_ report: PlanReport) -> [Bar] {
        var groups: [[ExamSession]] = []
        // Sessions outside the range (raised into it by their pre-warm or hold) stay in the tables.
        let inRange = report.exams.filter { $0.end > report.from && $0.start < report.to }
        for exam in inRange.sorted(by: { ($0.start, name($0)) < ($1.start, name($1)) }) {
            if let last = groups.last?.first, last.start == exam.start {
                groups[groups.count - 1].append(exam)
            } else {
                groups.append([exam])
            }
        }
        let label = report.label
        return groups.map { group in
            let sessions = group.sorted { a, b in
                let ca = a.candidates ?? -1
                let cb = b.candidates ?? -1
                return ca != cb ? ca > cb : name(a) < name(b)
            }
            let start = group[0].start
            let end = group.map(\.end).max()!
            let total = group.compactMap(\.candidates).reduce(0, +)
            let startText = label.timeText(label.local(start))
            let when = PlanHTMLRenderer.timeRange(start, end, label: label)
            let details = sessions.map { e in
                "\(name(e)) \(e.title) — \(e.candidates.map(\.groupedThousands) ?? "?") cand., "
                    + PlanHTMLRenderer.timeRange(e.start, e.end, label: label)
            }
            if group.count == 1 {
                let e = group[0]
                return Bar(
                    start: UTCFormat.seconds(start), end: UTCFormat.seconds(end),
                    line1: "\(shortName(e)) · \(e.candidates.map(\.groupedThousands) ?? "?") cand.",
                    line2: when, tooltip: details[0])
            }
            let shown = sessions.prefix(3).map(shortName).joined(separator: ", ")
            let more = sessions.count > 3 ? " +\(sessions.count - 3)" : ""
            let headline = "\(startText) · \(group.count) papers · \(total.groupedThousands) cand."
            return Bar(
                start: UTCFormat.seconds(start), end: UTCFormat.seconds(end), line1: headline,
                line2: shown + more,
                tooltip: "\(label.dayText(label.local(start))) \(when) · \(group.count) papers · "
                    + "\(total.groupedThousands) candidates\n" + details.joined(separator: "\n"))
        }
    }

    static func name(_ e: ExamSession) -> String { e.code ?? e.title }

    static func shortName(_ e: ExamSession) -> String {
        let n = name(e)
        return n.count > 24 ? String(n.prefix(23)) + "…" : n
    }

    /// Places each bar in the first lane where neither its band nor its label meets the one before;
    /// returns the number of lanes. Labels that would run past the plot are pulled back inside.
    /// `inside`: the label sits inside the band (windows) and may be clipped by it.
    static func assignLanes(
        _ bars: inout [Bar], x: (Int64) -> Double, size: Double, bold: Bool,
        inside: Bool
    ) -> Int {
        var laneEnds: [Double] = []
        for i in bars.indices {
            var bar = bars[i]
            bar.x0 = x(bar.start)
            bar.x1 = max(x(bar.end), bar.x0 + 2)
            let textWidth = max(
                HTMLText.width(bar.line1, size: size, bold: bold),
                bar.line2.map { HTMLText.width($0, size: examDetailSize) } ?? 0)
            if inside {
                bar.labelX = bar.x0 + 4
            } else {
                bar.labelX = min(bar.x0, plotRight - textWidth)
            }
            let extentStart = min(bar.x0, bar.labelX)
            let extentEnd = inside ? bar.x1 : max(bar.x1, bar.labelX + textWidth)
            if let lane = laneEnds.firstIndex(where: { $0 + labelGap <= extentStart }) {
                bar.lane = lane
                laneEnds[lane] = extentEnd
            } else {
                bar.lane = laneEnds.count
                laneEnds.append(extentEnd)
            }
            bars[i] = bar
        }
        return laneEnds.count
    }
}
