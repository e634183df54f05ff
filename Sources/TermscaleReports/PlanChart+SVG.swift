import Foundation
import TermscaleCore

extension PlanChart {
    /// A stretch of constant MinSize (adjacent plan segments that differ only in purchase joined).
    struct Run {
        var start: Int64
        var end: Int64
        var level: Int
    }

    var runs: [Run] {
        var runs: [Run] = []
        for s in report.plan.segments {
            let start = UTCFormat.seconds(s.start)
            let end = UTCFormat.seconds(s.end)
            if let last = runs.last, last.level == s.minSize, last.end == start {
                runs[runs.count - 1].end = end
            } else {
                runs.append(Run(start: start, end: end, level: s.minSize))
            }
        }
        return runs
    }

    /// The `d` of the MinSize step line: `M x y H x V y H x …`.
    var stepPath: String {
        let runs = self.runs
        guard let first = runs.first else { return "" }
        var d = "M\(c(x(first.start))) \(c(y(first.level)))"
        for (i, run) in runs.enumerated() {
            d += " H\(c(x(run.end)))"
            if i + 1 < runs.count { d += " V\(c(y(runs[i + 1].level)))" }
        }
        return d
    }

    /// The whole `<svg>` element.
    func svg() -> String {
        let label = report.label
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(c(Self.width)) \(c(height))\" "
            + "width=\"\(c(Self.width))\" height=\"\(c(height))\" role=\"img\" aria-labelledby=\"chart-title\">\n"
        let first = label.local(report.from)
        let last = label.local(report.to.addingTimeInterval(-1))
        out +=
            "<title id=\"chart-title\">MinSize of \(e(report.policy.autoScalingGroup)) from "
            + "\(e(label.dayText(first))) to \(e(label.dayText(last))), with exam sessions and scheduled actions</title>\n"

        // Days: alternate shading, boundaries, labels; six-hour ticks.
        let (days, ticks) = timeMarks()
        let chartBottom = height - 4
        for (i, day) in days.enumerated() {
            let x0 = x(day.start)
            let x1 = x(i + 1 < days.count ? days[i + 1].start : to)
            if i % 2 == 1 {
                out += rect("day-alt", x0, Self.dayLabelBaseline - 16, x1 - x0, chartBottom - Self.dayLabelBaseline + 16)
            }
        }
        let dayWidth = Self.plotWidth * 86_400 / Double(to - from)
        for (i, day) in days.enumerated() {
            let x0 = x(day.start)
            let x1 = x(i + 1 < days.count ? days[i + 1].start : to)
            let d = day.date
            let text =
                dayWidth >= 90
                ? "\(ZoneLabel.weekdays[d.isoWeekday - 1]) \(d.day) \(ZoneLabel.months[d.month - 1])"
                : dayWidth >= 24 ? "\(d.day)" : ""
            if !text.isEmpty && x1 - x0 >= HTMLText.width(text, size: 12, bold: true) {
                out +=
                    "<text class=\"day-label\" x=\"\(c((x0 + x1) / 2))\" y=\"\(c(Self.dayLabelBaseline))\" "
                    + "text-anchor=\"middle\">\(e(text))</text>\n"
            }
        }
        for tick in ticks {
            out += line("hour-grid", x(tick.t), plotTop, x(tick.t), plotBottom)
            out +=
                "<text class=\"tick\" x=\"\(c(x(tick.t)))\" y=\"\(c(plotBottom + 15))\" text-anchor=\"middle\">"
                + "\(tick.hour.zeroPadded(to: 2)):00</text>\n"
        }

        // Windows strip.
        for bar in windowBars {
            let top = Self.windowsTop + Double(bar.lane) * Self.windowLaneHeight
            out += "<g class=\"window\"><title>\(e(bar.tooltip))</title>"
            out += rect("window-band", bar.x0, top, bar.x1 - bar.x0, Self.windowLaneHeight - 4)
            if bar.x1 - bar.x0 >= HTMLText.width(bar.line1, size: 11) + 8 {
                out += "<text class=\"window-label\" x=\"\(c(bar.labelX))\" y=\"\(c(top + 12))\">\(e(bar.line1))</text>"
            }
            out += "</g>\n"
        }

        // Plot: on-demand shading, grid, MaxSize, the step line, markers.
        for period in onDemandPeriods() {
            out +=
                "<g class=\"on-demand\"><title>\(e("100 % on-demand " + PlanHTMLRenderer.timeRange(period.start, period.end, label: label)))</title>"
            out += rect("on-demand-band", x(period.start), plotTop, x(period.end) - x(period.start), Self.plotHeight)
            out += "</g>\n"
        }
        for level in stride(from: 0, through: yMax, by: yStep) {
            out += line(level == 0 ? "axis" : "grid", Self.plotLeft, y(level), Self.plotRight, y(level))
            out +=
                "<text class=\"tick\" x=\"\(c(Self.plotLeft - 6))\" y=\"\(c(y(level) + 4))\" text-anchor=\"end\">\(level)</text>\n"
        }
        for day in days.dropFirst() {
            out += line("day-line", x(day.start), Self.dayLabelBaseline - 16, x(day.start), chartBottom)
        }
        let maxLevel = report.policy.capacity.max
        out += line("max-line", Self.plotLeft, y(maxLevel), Self.plotRight, y(maxLevel))
        out +=
            "<text class=\"max-label\" x=\"\(c(Self.plotRight - 4))\" y=\"\(c(y(maxLevel) - 4))\" text-anchor=\"end\">"
            + "MaxSize \(maxLevel)</text>\n"

        // Invisible hover targets: one per plan segment, with its reasons.
        for s in report.plan.segments {
            let reasons = s.reasons.isEmpty ? "capacity.min" : s.reasons.joined(separator: ", ")
            let tip =
                "\(PlanHTMLRenderer.timeRange(UTCFormat.seconds(s.start), UTCFormat.seconds(s.end), label: label)) · "
                + "MinSize \(s.minSize) · \(s.purchase.rawValue) · \(reasons)"
            out +=
                "<rect class=\"hit\" x=\"\(c(x(s.start)))\" y=\"\(c(plotTop))\" width=\"\(c(x(s.end) - x(s.start)))\" "
                + "height=\"\(c(Self.plotHeight))\"><title>\(e(tip))</title></rect>\n"
        }
        out += "<path class=\"step\" d=\"\(stepPath)\"/>\n"
        if let scheduled = scheduledPath {
            out +=
                "<path class=\"scheduled\" d=\"\(scheduled)\"><title>Scheduled MinSize after merging steps to fit "
                + "\(report.policy.limits.maxScheduledActions) actions</title></path>\n"
        }
        out += levelLabels(days: days)

        let now = UTCFormat.seconds(report.now)
        if now >= from && now < to {
            out += line("now-line", x(now), plotTop, x(now), plotBottom)
            out += "<text class=\"now-label\" x=\"\(c(x(now) + 4))\" y=\"\(c(plotTop + 12))\">now</text>\n"
        }
        for action in report.schedule.actions {
            let t = UTCFormat.seconds(action.startTime)
            guard t >= from && t <= to else { continue }
            let local = label.local(action.startTime)
            let tip =
                "\(action.name)\n\(label.dayText(local)) \(label.timeText(local)) \(label.abbreviation(at: action.startTime))"
                + " · MinSize → \(action.minSize)"
            out +=
                "<circle class=\"action\" cx=\"\(c(x(t)))\" cy=\"\(c(y(action.minSize)))\" r=\"4.5\">"
                + "<title>\(e(tip))</title></circle>\n"
        }

        // Exam sessions.
        if examMarks.isEmpty {
            out +=
                "<text class=\"muted-label\" x=\"\(c(Self.plotLeft + 4))\" y=\"\(c(examsTop + 20))\">"
                + "No exam sessions in this range.</text>\n"
        }
        for bar in examMarks {
            let top = examsTop + Double(bar.lane) * Self.examLaneHeight
            out += "<g class=\"exam\"><title>\(e(bar.tooltip))</title>"
            out += rect("exam-band", bar.x0, top + 2, bar.x1 - bar.x0, 8)
            out += "<text class=\"exam-label\" x=\"\(c(bar.labelX))\" y=\"\(c(top + 22))\">\(e(bar.line1))</text>"
            if let line2 = bar.line2 {
                out += "<text class=\"exam-detail\" x=\"\(c(bar.labelX))\" y=\"\(c(top + 33))\">\(e(line2))</text>"
            }
            out += "</g>\n"
        }

        out += legend()
        out += "</svg>\n"
        return out
    }

    /// Local day starts (the first at `from`) and the 06:00/12:00/18:00 ticks, found by scanning the
    /// range in quarter hours (so days of 23 or 25 hours and zones with odd offsets come out right).
    /// Ticks are left out when six hours would be narrower than a label.
    func timeMarks() -> (days: [(start: Int64, date: CivilDate)], ticks: [(t: Int64, hour: Int)]) {
        let label = report.label
        var days = [(start: from, date: label.local(UTCFormat.date(from)).date)]
        var ticks: [(t: Int64, hour: Int)] = []
        let showTicks = Self.plotWidth * 6 * 3600 / Double(to - from) >= 40
        var t = from + 900
        while t < to {
            let local = label.local(UTCFormat.date(t))
            if local.date != days[days.count - 1].date {
                days.append((t, local.date))
            } else if showTicks && local.minute == 0 && local.hour % 6 == 0 && local.hour != 0 {
                ticks.append((t, local.hour))
            }
            t += 900
        }
        return (days, ticks)
    }

    /// Maximal stretches of `.onDemand`.
    func onDemandPeriods() -> [(start: Int64, end: Int64)] {
        var periods: [(start: Int64, end: Int64)] = []
        for s in report.plan.segments where s.purchase == .onDemand {
            let start = UTCFormat.seconds(s.start)
            let end = UTCFormat.seconds(s.end)
            if let last = periods.last, last.end == start {
                periods[periods.count - 1].end = end
            } else {
                periods.append((start, end))
            }
        }
        return periods
    }

    /// The peak of each local day written above the line, at the first run that reaches it
    /// (days whose line never rises above where it starts are left alone).
    func levelLabels(days: [(start: Int64, date: CivilDate)]) -> String {
        let runs = self.runs
        var out = ""
        for (i, day) in days.enumerated() {
            let dayEnd = i + 1 < days.count ? days[i + 1].start : to
            let inDay = runs.filter { $0.start < dayEnd && $0.end > day.start }
            guard let peak = inDay.max(by: { $0.level < $1.level }), let first = inDay.first,
                peak.level > first.level || peak.level > inDay.last!.level,
                let run = inDay.first(where: { $0.level == peak.level })
            else { continue }
            let x0 = x(max(run.start, day.start))
            let x1 = x(min(run.end, dayEnd))
            out +=
                "<text class=\"level-label\" x=\"\(c((x0 + x1) / 2))\" y=\"\(c(y(run.level) - 8))\" "
                + "text-anchor=\"middle\">\(run.level)</text>\n"
        }
        return out
    }

    /// When steps were merged to fit the action budget, what will actually be scheduled from `now`:
    /// the current level, then each action's.
    var scheduledPath: String? {
        guard report.schedule.isMerged else { return nil }
        let now = max(UTCFormat.seconds(report.now), from)
        guard now < to else { return nil }
        var d = "M\(c(x(now))) \(c(y(report.schedule.currentMinSize)))"
        for action in report.schedule.actions {
            let t = UTCFormat.seconds(action.startTime)
            guard t > now && t < to else { continue }
            d += " H\(c(x(t))) V\(c(y(action.minSize)))"
        }
        return d + " H\(c(x(to)))"
    }

    func legend() -> String {
        let y = Self.legendBaseline
        var out = "<g class=\"legend\">"
        var x = Self.plotLeft
        func item(_ swatch: String, _ text: String) {
            out += swatch
            out += "<text class=\"legend-label\" x=\"\(c(x + 22))\" y=\"\(c(y))\">\(e(text))</text>"
            x += 22 + HTMLText.width(text, size: 12) + 18
        }
        // Only what this chart shows.
        item(line("step", x, y - 4, x + 16, y - 4), "MinSize (instances)")
        if !report.schedule.actions.isEmpty {
            item("<circle class=\"action\" cx=\"\(c(x + 8))\" cy=\"\(c(y - 4))\" r=\"4.5\"/>", "Scheduled action")
        }
        if scheduledPath != nil {
            item(line("scheduled", x, y - 4, x + 16, y - 4), "Scheduled (merged)")
        }
        if !onDemandPeriods().isEmpty {
            item(rect("on-demand-band", x, y - 11, 16, 12), "100 % on-demand")
        }
        if !examMarks.isEmpty {
            item(rect("exam-band", x, y - 8, 16, 8), "Exam sessions: code · candidates")
        }
        if !windowBars.isEmpty {
            item(rect("window-band", x, y - 11, 16, 12), "Calendar window floor")
        }
        item(line("max-line", x, y - 4, x + 16, y - 4), "MaxSize")
        let now = UTCFormat.seconds(report.now)
        if now >= from && now < to {
            item(line("now-line", x + 8, y - 12, x + 8, y + 2), "now")
        }
        out += "</g>\n"
        return out
    }

    // MARK: Primitives
}
