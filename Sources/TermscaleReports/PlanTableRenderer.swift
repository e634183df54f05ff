import Foundation
import TermscaleCore

/// The plan for a terminal, 80 columns wide: per day the exam sessions (local time, candidates),
/// a time line of MinSize with the purchase mix, the scheduled actions; then the warnings.
/// With `color`, headings are bold, on-demand periods yellow and warnings red.
public struct PlanTableRenderer: ReportRenderer {
    public let color: Bool
    public static let width = 80

    public init(color: Bool = false) { self.color = color }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func render(_ report: PlanReport) -> String {
        let r = report
        let label = r.label
        var out = ""
        let lastDay = label.local(r.to.addingTimeInterval(-1))
        out +=
            paint(
                "\(r.policy.name) · group \(r.policy.autoScalingGroup) (\(r.policy.region)) · \(r.policy.timezone.identifier)",
                "1") + "\n"
        out +=
            "\(label.dayText(label.local(r.from))) – \(label.dayText(lastDay)) · now \(UTCFormat.rfc3339(r.now))"
            + " · MinSize now \(r.schedule.currentMinSize)\n"
        out +=
            "capacity \(r.policy.capacity.min)–\(r.policy.capacity.max) · \(r.policy.capacity.studentsPerInstance) candidates"
            + "/instance +\(r.policy.capacity.headroomPercent)% · pre-warm \(r.policy.exams.prewarmMinutes) min"
            + " · hold \(r.policy.exams.holdAfterMinutes) min\n"

        let scaleMax = max(r.policy.capacity.max, r.plan.peakMinSize, 1)
        var day = label.local(r.from).date
        while true {
            let dayStart = max(Self.startOfDay(day, label), r.from)
            guard dayStart < r.to else { break }
            let dayEnd = min(Self.startOfDay(day.adding(days: 1), label), r.to)
            defer { day = day.adding(days: 1) }
            let heading = "── \(label.dayText(label.local(dayStart))) "
            out += "\n" + paint(heading + String(repeating: "─", count: max(0, Self.width - heading.count)), "1") + "\n"

            let exams = r.exams.filter { $0.start >= dayStart && $0.start < dayEnd }
            if !exams.isEmpty {
                out += "Exams (\(label.abbreviation(at: exams[0].start)))\n"
                for e in exams { out += examLine(e, label: label, dayEnd: dayEnd) + "\n" }
            }
            out += "MinSize\n"
            for s in r.plan.segments where s.start < dayEnd && s.end > dayStart {
                out += segmentLine(s, from: max(s.start, dayStart), label: label, scaleMax: scaleMax) + "\n"
            }
            let actions = r.schedule.actions.filter { $0.startTime >= dayStart && $0.startTime < dayEnd }
            if !actions.isEmpty {
                out += "Actions\n"
                for a in actions {
                    out += "  \(label.timeText(label.local(a.startTime)))  MinSize \(Self.pad(String(a.minSize), 3))  \(a.name)\n"
                }
            }
        }
        out += "\n"
        out += "\(r.schedule.actions.count) scheduled actions (budget \(r.policy.limits.maxScheduledActions))"
        if r.schedule.extraInstanceHours > 0 {
            out += ", merged at a cost of \(JSONValue.decimalText(r.schedule.extraInstanceHours)) extra instance-hours"
        }
        out += ".\n"
        if !r.warnings.isEmpty {
            out += "\n" + paint("Warnings", "1;31") + "\n"
            for w in r.warnings {
                for (i, line) in Self.wrap(w, width: Self.width - 4).enumerated() {
                    out += paint((i == 0 ? "  ! " : "    ") + line, "31") + "\n"
                }
            }
        }
        return out
    }

    static func startOfDay(_ date: CivilDate, _ label: ZoneLabel) -> Date {
        UTCFormat.date(LocalTimeResolver.startOfDay(date, in: label.zone))
    }

    /// `  09:30–11:30  MGMT1001  Introduction to Management              3800`
    func examLine(_ e: ExamSession, label: ZoneLabel, dayEnd: Date) -> String {
        var time = "\(label.timeText(label.local(e.start)))–\(label.timeText(label.local(e.end)))"
        if e.end > dayEnd { time += "+" }
        let code = Self.fit(e.code ?? "", 10)
        let candidates = e.candidates.map(String.init) ?? "?"
        let prefix = "  " + Self.fitRight(time, 12) + " " + Self.fitRight(code, 10) + "  "
        let titleWidth = Self.width - prefix.count - 7
        return prefix + Self.fitRight(Self.fit(e.title, titleWidth), titleWidth) + Self.pad(candidates, 7)
    }

    /// `  08:45   22 on-demand ██████████       MGMT1001, ACCT1001 +7`
    func segmentLine(_ s: PlanSegment, from: Date, label: ZoneLabel, scaleMax: Int) -> String {
        let barWidth = 24
        let filled = max(s.minSize > 0 ? 1 : 0, Int((Double(s.minSize) / Double(scaleMax) * Double(barWidth)).rounded()))
        let bar = String(repeating: "█", count: min(filled, barWidth)) + String(repeating: " ", count: max(0, barWidth - filled))
        let purchase = s.purchase == .onDemand ? "on-demand" : "mixed    "
        let head = "  \(label.timeText(label.local(from)))  \(Self.pad(String(s.minSize), 3)) "
        let reasonsWidth = Self.width - head.count - purchase.count - barWidth - 2
        let line =
            head + paint(purchase, s.purchase == .onDemand ? "33" : "2") + " " + bar + " "
            + Self.reasons(s.reasons, width: reasonsWidth)
        return color ? line : String(line.reversed().drop(while: { $0 == " " }).reversed())
    }

    /// As many reasons as fit in `width`, then `+N`.
    static func reasons(_ reasons: [String], width: Int) -> String {
        var text = ""
        for (i, reason) in reasons.enumerated() {
            let candidate = text.isEmpty ? reason : text + ", " + reason
            let rest = reasons.count - i - 1
            let suffix = rest > 0 ? " +\(rest)" : ""
            if candidate.count + suffix.count > width {
                let more = " +\(reasons.count - i)"
                return text.isEmpty ? fit(reason, width - more.count) + more : text + more
            }
            text = candidate
        }
        return text
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    static func fitRight(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    /// `s` cut to `width` characters with `…` when longer.
    static func fit(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        return s.count <= width ? s : String(s.prefix(width - 1)) + "…"
    }

    /// Words of `text` on lines of at most `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
