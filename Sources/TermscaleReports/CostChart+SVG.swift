import Foundation
import TermscaleCore

extension CostChart {
    /// The CSS class of an alternative's line and points.
    static func lineClass(_ kind: CostAlternativeKind) -> String { "alt-" + kind.rawValue }

    /// The `points` of an alternative's polyline: `x,y` at each period's centre.
    func points(_ costs: [Decimal]) -> String {
        costs.enumerated().map { "\(c(x($0.offset))),\(c(y($0.element)))" }.joined(separator: " ")
    }

    /// The whole `<svg>` element; `id` makes its title's id unique in a page of several charts.
    func svg(id: String) -> String {
        let currency = report.forecast.currency
        let per = report.periodKind == .window ? "stretch between calendar window edges" : report.periodKind.rawValue
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart cost-chart\" viewBox=\"0 0 \(c(Self.width)) \(c(height))\" "
            + "width=\"\(c(Self.width))\" height=\"\(c(height))\" role=\"img\" aria-labelledby=\"\(id)\">\n"
        out +=
            "<title id=\"\(id)\">Cost of \(e(report.policy.autoScalingGroup)) per \(e(per)) in \(e(currency)): "
            + "the plan's on-demand and Spot cost stacked, the alternatives as lines</title>\n"
        out += legend()

        // Axis: round ticks in the currency.
        out +=
            "<text class=\"axis-title\" x=\"\(c(Self.plotLeft - 8))\" y=\"\(c(Self.plotTop - 14))\" text-anchor=\"end\">"
            + "\(e(currency))</text>\n"
        var tick = Decimal(0)
        while tick <= yMax {
            let ty = y(tick)
            out += line(tick == 0 ? "axis" : "grid", Self.plotLeft, ty, Self.plotRight, ty)
            out +=
                "<text class=\"tick\" x=\"\(c(Self.plotLeft - 8))\" y=\"\(c(ty + 4))\" text-anchor=\"end\">"
                + "\(Self.tickText(tick))</text>\n"
            tick += yStep
        }

        // Hover targets, one per period band, behind the marks: everything about the period.
        for i in bars.indices {
            out +=
                "<rect class=\"hit\" x=\"\(c(x(i) - band / 2))\" y=\"\(c(Self.plotTop))\" width=\"\(c(band))\" "
                + "height=\"\(c(Self.plotHeight))\"><title>\(e(summary(i)))</title></rect>\n"
        }

        // The plan: on-demand at the bottom, Spot on top.
        let showTotals = band >= HTMLText.width(Self.money(bars.map(\.cost).max() ?? 0), size: 10) + 6
        var totals = ""
        for (i, bar) in bars.enumerated() {
            let x0 = x(i) - barWidth / 2
            let bottom = y(0)
            let middle = y(bar.onDemand)
            let top = y(bar.cost)
            let period = "\(bar.label) · \(bar.days)"
            if bottom > middle {
                out +=
                    "<rect class=\"bar-on-demand\" x=\"\(c(x0))\" y=\"\(c(middle))\" width=\"\(c(barWidth))\" "
                    + "height=\"\(c(bottom - middle))\"><title>\(e(period))\nthis plan, on-demand: "
                    + "\(fixed2(bar.onDemandHours)) h, \(fixed2(bar.onDemand)) \(e(currency)) of "
                    + "\(fixed2(bar.cost))</title></rect>\n"
            }
            if middle > top {
                out +=
                    "<rect class=\"bar-spot\" x=\"\(c(x0))\" y=\"\(c(top))\" width=\"\(c(barWidth))\" "
                    + "height=\"\(c(middle - top))\"><title>\(e(period))\nthis plan, Spot: "
                    + "\(fixed2(bar.spotHours)) h, \(fixed2(bar.spot)) \(e(currency)) of "
                    + "\(fixed2(bar.cost))</title></rect>\n"
            }
            if showTotals {
                totals +=
                    "<text class=\"bar-total\" x=\"\(c(x(i)))\" y=\"\(c(top - 4))\" text-anchor=\"middle\">"
                    + "\(Self.money(bar.cost))</text>\n"
            }
        }

        // The alternatives.
        for alternative in lines {
            let cls = Self.lineClass(alternative.kind)
            if alternative.costs.count > 1 {
                out += "<polyline class=\"alt \(cls)\" points=\"\(points(alternative.costs))\"/>\n"
            }
            for (i, cost) in alternative.costs.enumerated() {
                let saves = cost - bars[i].cost
                let verdict = saves >= 0 ? "saves \(fixed2(saves))" : "costs \(fixed2(-saves)) more"
                let tip =
                    "\(bars[i].label) · \(bars[i].days)\n\(alternative.kind.rawValue): \(fixed2(cost)) \(currency); "
                    + "this plan \(fixed2(bars[i].cost)) (\(verdict))"
                out +=
                    "<circle class=\"pt \(cls)\" cx=\"\(c(x(i)))\" cy=\"\(c(y(cost)))\" r=\"3\">"
                    + "<title>\(e(tip))</title></circle>\n"
            }
        }

        // Each bar's cost above it, over the lines, when there is room.
        out += totals
        out += periodLabels()
        out += "</svg>\n"
        return out
    }

    /// A period's tooltip: its days, the plan's two parts and each alternative's cost.
    func summary(_ i: Int) -> String {
        let bar = bars[i]
        let currency = report.forecast.currency
        var text =
            "\(bar.label) · \(bar.days)\nthis plan: \(fixed2(bar.cost)) \(currency) — on-demand \(fixed2(bar.onDemandHours)) h, "
            + "\(fixed2(bar.onDemand)) \(currency); Spot \(fixed2(bar.spotHours)) h, \(fixed2(bar.spot)) \(currency)"
        for alternative in lines {
            text += "\n\(alternative.kind.rawValue): \(fixed2(alternative.costs[i])) \(currency)"
        }
        return text
    }

    /// The labels under the plot: every `labelStep`-th across its band, or all of them turned.
    func periodLabels() -> String {
        var out = ""
        let baseline = Self.plotBottom + 16
        for (i, bar) in bars.enumerated() where i % labelStep == 0 {
            out += line("x-tick", x(i), Self.plotBottom, x(i), Self.plotBottom + 4)
            if turned {
                out +=
                    "<text class=\"x-label\" transform=\"translate(\(c(x(i) + 4)) \(c(baseline))) "
                    + "rotate(-\(c(Self.labelAngle)))\" text-anchor=\"end\"><title>\(e(bar.label) + " · " + e(bar.days))</title>"
                    + "\(e(labels[i]))</text>\n"
            } else {
                // Kept within the chart at either end.
                let half = HTMLText.width(bar.label, size: Self.labelSize) / 2
                let centre = min(max(x(i), half + 2), Self.width - half - 2)
                out +=
                    "<text class=\"x-label\" x=\"\(c(centre))\" y=\"\(c(baseline))\" text-anchor=\"middle\">"
                    + "<title>\(e(bar.label) + " · " + e(bar.days))</title>\(e(bar.label))</text>\n"
            }
        }
        return out
    }

    /// What the chart shows, in one row above it.
    func legend() -> String {
        let y = Self.legendBaseline
        var out = "<g class=\"legend\">"
        var x = Self.plotLeft
        func item(_ swatch: String, _ text: String) {
            out += swatch
            out += "<text class=\"legend-label\" x=\"\(c(x + 22))\" y=\"\(c(y))\">\(e(text))</text>"
            x += 22 + HTMLText.width(text, size: 12) + 18
        }
        item(rect("bar-on-demand", x, y - 11, 16, 12), "This plan, on-demand")
        item(rect("bar-spot", x, y - 11, 16, 12), "This plan, Spot")
        for alternative in lines {
            let cls = Self.lineClass(alternative.kind)
            item(
                line("alt \(cls)", x, y - 4, x + 16, y - 4)
                    + "<circle class=\"pt \(cls)\" cx=\"\(c(x + 8))\" cy=\"\(c(y - 4))\" r=\"3\"/>",
                alternative.kind.rawValue)
        }
        out += "</g>\n"
        return out
    }

    // MARK: Primitives

    /// Money for a label on the chart: two decimals with thousands separators (`1,234.50`).
    static func money(_ value: Decimal) -> String {
        let text = fixed2(abs(value))
        guard let dot = text.firstIndex(of: "."), let whole = Int(text[..<dot]) else { return text }
        return (value < 0 ? "-" : "") + whole.groupedThousands + text[dot...]
    }
}
