import Foundation
import TermscaleCore

/// One exam day of a simulation as a small SVG panel: the instances in service (on-demand below,
/// Spot stacked on top) against the planned MinSize (a step line), from 07:00 to 21:00 local (wider
/// when a session starts, or a shortfall lasts, outside that), with each session's start marked at the foot:
/// grey when covered on-demand, orange when its exam capacity launched on Spot, red with a band
/// as long as it was short when it was short. Every panel of a report shares one y scale, so
/// days compare at a glance. Coordinates to one decimal; the output depends only on the report.
struct SimulationDayChart {
    static let width = 326.0
    static let height = 150.0
    static let left = 30.0
    static let right = 318.0
    static let top = 20.0
    static let bottom = 124.0

    let report: SimulationReport
    let day: CivilDate
    let sessions: [SimulationSession]
    /// The top of the shared y scale.
    let yMax: Int
    let label: ZoneLabel

    /// The panel's window, in seconds: 07:00 to 21:00 local, widened to an hour around its
    /// sessions' starts and past the end of their shortfalls.
    var window: (start: Int64, end: Int64) {
        let midnight = LocalTimeResolver.startOfDay(day, in: report.policy.timezone)
        let starts = sessions.map { UTCFormat.seconds($0.start) }
        let shortUntil = sessions.map { UTCFormat.seconds($0.start) + Int64($0.minutesShort) * 60 }
        return (
            min(midnight + 7 * 3600, (starts.min() ?? midnight) - 3600),
            max(midnight + 21 * 3600, (starts.max() ?? midnight) + 3600, (shortUntil.max() ?? midnight) + 1800)
        )
    }

    func x(_ t: Int64) -> Double {
        let (a, b) = window
        return Self.left + Double(min(max(t, a), b) - a) / Double(b - a) * (Self.right - Self.left)
    }

    func y(_ value: Int) -> Double { Self.bottom - Double(value) / Double(max(1, yMax)) * (Self.bottom - Self.top) }

    /// `(start, end, value)` pieces of a step function over the window.
    func pieces<T>(_ steps: [(at: Date, value: T)]) -> [(start: Int64, end: Int64, value: T)] {
        let (a, b) = window
        var out: [(start: Int64, end: Int64, value: T)] = []
        let first = steps.lastIndex { UTCFormat.seconds($0.at) <= a }
        var index = first ?? steps.firstIndex { UTCFormat.seconds($0.at) > a } ?? steps.count
        while index < steps.count {
            let start = max(a, UTCFormat.seconds(steps[index].at))
            if start >= b { break }
            let end = index + 1 < steps.count ? min(b, UTCFormat.seconds(steps[index + 1].at)) : b
            if end > start { out.append((start, end, steps[index].value)) }
            index += 1
        }
        return out
    }

    func svg(id: String) -> String {
        let c = HTMLText.coordinate
        let title = label.dayText(LocalDateTime(date: day))
        let short = sessions.filter { !$0.covered }.count
        let onSpot = sessions.filter { $0.covered && !$0.coveredOnDemand }.count
        var out =
            "<svg class=\"day-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(c(Self.width)) \(c(Self.height))\" "
            + "width=\"\(c(Self.width))\" height=\"\(c(Self.height))\" role=\"img\" aria-labelledby=\"\(id)\">\n"
        out +=
            "<title id=\"\(id)\">\(e(title)): \(sessions.count) exam starts, \(short) short, \(onSpot) with exam capacity on Spot"
            + "</title>\n"
        out += "<text class=\"day-label\" x=\"\(c(Self.left))\" y=\"13\">\(e(title))</text>\n"
        if short + onSpot > 0 {
            out +=
                "<text class=\"day-flag\(short > 0 ? "" : " spot")\" x=\"\(c(Self.right))\" y=\"13\" text-anchor=\"end\">"
                + [short > 0 ? "\(short) short" : nil, onSpot > 0 ? "\(onSpot) on Spot" : nil].compactMap { $0 }.joined(
                    separator: ", ") + "</text>\n"
        }
        // Grid: 0, half and the top; hours every three.
        for value in [0, yMax / 2, yMax] {
            out +=
                "<line class=\"grid\" x1=\"\(c(Self.left))\" x2=\"\(c(Self.right))\" y1=\"\(c(y(value)))\" y2=\"\(c(y(value)))\"/>"
                + "<text class=\"tick\" x=\"\(c(Self.left - 4))\" y=\"\(c(y(value) + 3.5))\" text-anchor=\"end\">\(value)</text>\n"
        }
        let (a, b) = window
        var hour = (a / 3600 + 1) * 3600
        while hour < b {
            let local = label.local(UTCFormat.date(hour))
            if local.hour % 3 == 0 && local.minute == 0 {
                out +=
                    "<line class=\"hour-grid\" x1=\"\(c(x(hour)))\" x2=\"\(c(x(hour)))\" y1=\"\(c(Self.top))\" y2=\"\(c(Self.bottom))\"/>"
                    + "<text class=\"tick\" x=\"\(c(x(hour)))\" y=\"\(c(Self.bottom + 21))\" text-anchor=\"middle\">"
                    + "\(local.hour.zeroPadded(to: 2))</text>\n"
            }
            hour += 3600
        }
        // In service, stacked: on-demand, then Spot.
        let fleet = pieces(report.inService.map { (at: $0.at, value: $0) })
        for piece in fleet where piece.value.total > 0 {
            let (x0, x1) = (x(piece.start), x(piece.end))
            if piece.value.onDemand > 0 {
                out +=
                    "<rect class=\"in-service-od\" x=\"\(c(x0))\" y=\"\(c(y(piece.value.onDemand)))\" width=\"\(c(x1 - x0))\" "
                    + "height=\"\(c(Self.bottom - y(piece.value.onDemand)))\"/>"
            }
            if piece.value.spot > 0 {
                out +=
                    "<rect class=\"in-service-spot\" x=\"\(c(x0))\" y=\"\(c(y(piece.value.total)))\" width=\"\(c(x1 - x0))\" "
                    + "height=\"\(c(y(piece.value.onDemand) - y(piece.value.total)))\"/>"
            }
        }
        out += "\n"
        // Planned MinSize: one step line.
        var points: [String] = []
        for piece in pieces(report.planned.map { (at: $0.at, value: $0.value) }) {
            points.append("\(c(x(piece.start))),\(c(y(piece.value)))")
            points.append("\(c(x(piece.end))),\(c(y(piece.value)))")
        }
        if !points.isEmpty { out += "<polyline class=\"planned\" points=\"\(points.joined(separator: " "))\"/>\n" }
        // Session starts.
        for session in sessions {
            let start = UTCFormat.seconds(session.start)
            let local = label.local(session.start)
            let state =
                !session.covered ? "short" : !session.coveredOnDemand ? "spot" : "ok"
            let what =
                !session.covered
                ? "\(session.inService) in service of \(session.planned) planned: \(session.minutesShort) minutes short"
                : !session.coveredOnDemand
                    ? "covered, \(session.spotExamCapacity) of its exam capacity on Spot"
                    : "covered on-demand (\(session.inService) in service, \(session.planned) planned)"
            out += "<g class=\"start \(state)\"><title>\(e(session.label)) at \(label.timeText(local)): \(e(what))</title>"
            if !session.covered {
                let end = x(start + Int64(session.minutesShort) * 60)
                out +=
                    "<rect class=\"short-band\" x=\"\(c(x(start)))\" y=\"\(c(Self.top))\" width=\"\(c(max(1.5, end - x(start))))\" "
                    + "height=\"\(c(Self.bottom - Self.top))\"/>"
            }
            out +=
                "<path class=\"mark\" d=\"M\(c(x(start))) \(c(Self.bottom + 1)) l-3.5 7 h7 z\"/></g>\n"
        }
        out +=
            "<line class=\"axis\" x1=\"\(c(Self.left))\" x2=\"\(c(Self.right))\" y1=\"\(c(Self.bottom))\" y2=\"\(c(Self.bottom))\"/>\n"
        return out + "</svg>\n"
    }

    func e(_ s: String) -> String { HTMLText.escape(s) }
}
