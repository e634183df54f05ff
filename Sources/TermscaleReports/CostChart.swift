import Foundation
import TermscaleCore

/// The SVG chart of a `CostReport`: one stacked bar per period — the plan's on-demand cost at the
/// bottom, its Spot cost on top — and each alternative's cost per period as a line, all on one
/// money axis (static-peak dwarfing the plan is the point).
///
/// Each bar is the period's cost rounded to the cent (`CostReport.periodCosts`, so the bars add up
/// to the total), split between on-demand and Spot in proportion to their exact shares; the two
/// parts add up to the period's cost exactly. Periods are equal-width bands across the plot,
/// whatever their length. Coordinates are SVG user units written to one decimal place; each bar's
/// edges are rounded before its height is taken, so stacked parts meet without a seam.
struct CostChart: SVGDrawing {
    static let width = 1400.0
    static let plotLeft = 84.0
    static let plotRight = 1384.0
    static let plotWidth = plotRight - plotLeft
    static let plotTop = 56.0
    static let plotHeight = 320.0
    static let plotBottom = plotTop + plotHeight
    static let legendBaseline = 18.0
    static let maxBarWidth = 72.0
    /// Font size of the period labels under the plot (the CSS class `x-label`).
    static let labelSize = 11.0
    /// Period labels that do not fit across their band are turned this many degrees anticlockwise.
    static let labelAngle = 40.0
    /// Characters a turned label keeps; the full name is in its tooltip.
    static let labelCharacters = 30

    /// One period's bar.
    struct Bar {
        var label: String
        /// First and last local day (`Mon 11 Jan 2027 – Sun 17 Jan 2027`).
        var days: String
        var onDemandHours: Decimal
        var spotHours: Decimal
        /// The period's cost rounded to the cent, and its two parts.
        var cost: Decimal
        var onDemand: Decimal
        var spot: Decimal
    }

    let report: CostReport
    let bars: [Bar]
    /// Each alternative's cost per period, in `CostForecast.alternatives` order.
    let lines: [(kind: CostAlternativeKind, costs: [Decimal])]
    let yMax: Decimal
    let yStep: Decimal
    /// Every `labelStep`-th period is labelled (weeks and months thin out; windows never do).
    let labelStep: Int
    /// Whether the period labels are turned (`labelAngle`) to fit.
    let turned: Bool
    /// Each period's label as written under the plot: turned ones cut to fit (the tooltip has it whole).
    let labels: [String]
    /// Room below the plot the labels take.
    let labelDepth: Double

    var height: Double { Self.plotBottom + labelDepth + 8 }
    var band: Double { Self.plotWidth / Double(max(1, bars.count)) }
    var barWidth: Double { min(band * 0.7, Self.maxBarWidth) }

    init(report: CostReport) {
        self.report = report
        let label = ZoneLabel(zone: report.policy.timezone)
        let price = Decimal.price(report.policy.instance.onDemandPrice)
        bars = zip(report.periods, report.periodCosts).map { p, cost in
            let parts = Self.split(cost, of: p.line, onDemandPrice: price)
            return Bar(
                label: p.label, days: CostHTMLRenderer.days(p.start, p.end, label: label), onDemandHours: p.line.onDemandHours,
                spotHours: p.line.spotHours, cost: cost, onDemand: parts.onDemand, spot: parts.spot)
        }
        lines = report.forecast.alternatives.map { ($0.kind, report.periodCosts(of: $0.kind)) }
        let highest = (bars.map(\.cost) + lines.flatMap(\.costs)).max() ?? 0
        (yMax, yStep) = Self.niceScale(highest)

        let band = Self.plotWidth / Double(max(1, bars.count))
        let widest = bars.map { HTMLText.width($0.label, size: Self.labelSize) }.max() ?? 0
        if report.periodKind == .window {
            labelStep = 1
            turned = widest + 6 > band
        } else {
            let choices = report.periodKind == .week ? [1, 2, 4, 8, 13, 26, 52] : [1, 2, 3, 6, 12]
            labelStep = choices.first { widest + 8 <= band * Double($0) } ?? max(1, bars.count)
            turned = false
        }
        if turned {
            // A turned label runs down to the left of its band: as far as the chart's edge at most.
            let cosine = cos(Self.labelAngle * .pi / 180)
            labels = bars.enumerated().map { i, bar in
                Self.clipped(bar.label, width: (Self.plotLeft + band * (Double(i) + 0.5) + 2) / cosine)
            }
            let longest = labels.map { HTMLText.width($0, size: Self.labelSize) }.max() ?? 0
            labelDepth = 16 + longest * sin(Self.labelAngle * .pi / 180) + Self.labelSize
        } else {
            labels = bars.map(\.label)
            labelDepth = 24
        }
    }

    // MARK: Scales

    /// The centre of period `i`'s band.
    func x(_ i: Int) -> Double { Self.plotLeft + band * (Double(i) + 0.5) }

    /// The y of `value`, rounded to the tenth it is written as.
    func y(_ value: Decimal) -> Double {
        let v = NSDecimalNumber(decimal: value).doubleValue
        let scale = NSDecimalNumber(decimal: yMax).doubleValue
        return (((Self.plotBottom - v * Self.plotHeight / scale) * 10).rounded()) / 10
    }

    /// The axis top and tick step for money up to `value`: a step of 1, 2, 2.5 or 5 × 10ⁿ (from a
    /// cent up) giving at most 8 ticks above zero.
    static func niceScale(_ value: Decimal) -> (max: Decimal, step: Decimal) {
        let v = max(value, Decimal(string: "0.01")!)
        var magnitude = Decimal(string: "0.01")!
        while true {
            for m in [Decimal(1), 2, Decimal(string: "2.5")!, 5] {
                let step = m * magnitude
                let ticks = Decimal.rounded(v / step, scale: 0, .up)
                if ticks <= 8 { return (ticks * step, step) }
            }
            magnitude *= 10
        }
    }

    /// `cost` split between on-demand and Spot in proportion to `line`'s exact on-demand cost
    /// (its on-demand hours at `onDemandPrice`): the on-demand part rounded to the cent, Spot the rest.
    static func split(_ cost: Decimal, of line: CostLine, onDemandPrice: Decimal) -> (onDemand: Decimal, spot: Decimal) {
        let exact = line.cost.amount
        guard exact > 0 else { return (cost, 0) }
        let share = Decimal.rounded(cost * line.onDemandHours * onDemandPrice / exact, scale: 2, .plain)
        let onDemand = min(max(share, 0), cost)
        return (onDemand, cost - onDemand)
    }

    /// A turned label cut to `labelCharacters` and to `width` pixels, an ellipsis marking the cut.
    static func clipped(_ label: String, width: Double) -> String {
        var kept = min(label.count, labelCharacters)
        func text() -> String { kept == label.count ? label : String(label.prefix(kept - 1)) + "…" }
        while kept > 2 && HTMLText.width(text(), size: labelSize) > width { kept -= 1 }
        return text()
    }

    /// A tick's value: whole amounts with thousands separators (`1,500`), others as written (`2.5`).
    static func tickText(_ value: Decimal) -> String {
        let whole = Decimal.rounded(value, scale: 0, .down)
        guard whole == value else { return "\(value)" }
        return NSDecimalNumber(decimal: whole).intValue.groupedThousands
    }
}
