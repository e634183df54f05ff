import Foundation

/// Instance-seconds split by purchase option, and what they cost.
public struct CostLine: Hashable, Sendable {
    /// On-demand instance-seconds (exact; fractional where the mix splits instances).
    public var onDemandSeconds: Decimal
    /// Spot instance-seconds (exact).
    public var spotSeconds: Decimal
    public var cost: Money

    public init(onDemandSeconds: Decimal = 0, spotSeconds: Decimal = 0, cost: Money = .zero) {
        self.onDemandSeconds = onDemandSeconds
        self.spotSeconds = spotSeconds
        self.cost = cost
    }

    public static let zero = CostLine()

    /// On-demand instance-hours, to `Decimal`'s 38 digits (print with two decimals).
    public var onDemandHours: Decimal { onDemandSeconds / 3600 }
    public var spotHours: Decimal { spotSeconds / 3600 }
    public var hours: Decimal { (onDemandSeconds + spotSeconds) / 3600 }

    public static func + (a: CostLine, b: CostLine) -> CostLine {
        CostLine(
            onDemandSeconds: a.onDemandSeconds + b.onDemandSeconds, spotSeconds: a.spotSeconds + b.spotSeconds,
            cost: a.cost + b.cost)
    }
}

/// Average instances target tracking runs above the floor, per local hour of the week.
public struct LoadProfile: Hashable, Sendable {
    /// 168 averages: index 0 is Monday 00:00–01:00 local, 167 Sunday 23:00–24:00.
    public let instances: [Decimal]

    /// Nil unless there are exactly 168 values, none negative.
    public init?(instances: [Decimal]) {
        guard instances.count == 168, instances.allSatisfy({ $0 >= 0 }) else { return nil }
        self.instances = instances
    }
}

/// How a cost breakdown is cut.
public enum CostPeriodKind: String, Sendable, CaseIterable {
    /// ISO weeks, Monday 00:00 local to Monday 00:00 local.
    case week
    /// Calendar months, the 1st 00:00 local to the next 1st.
    case month
    /// The stretches between calendar windows' starts and ends: each is named by the windows open
    /// throughout it (`Enrolment + Autumn teaching`), or `outside any window`.
    case window
}

/// One period of a cost breakdown: its part of the plan's floor and load.
public struct CostPeriod: Hashable, Sendable {
    /// `2027-W02` or `2027-01`.
    public var label: String
    /// Start instant (UTC), inclusive: local midnight, or the range's start for the first period.
    public var start: Date
    /// End instant (UTC), exclusive: local midnight, or the range's end for the last period.
    public var end: Date
    /// Floor plus load.
    public var line: CostLine
    /// Each alternative's cost over the same period, in `CostForecast.alternatives` order.
    public var alternatives: [CostAlternativeKind: Money]

    public init(label: String, start: Date, end: Date, line: CostLine, alternatives: [CostAlternativeKind: Money] = [:]) {
        self.label = label
        self.start = start
        self.end = end
        self.line = line
        self.alternatives = alternatives
    }
}

/// The alternatives a plan is compared with.
public enum CostAlternativeKind: String, Sendable, CaseIterable {
    /// The plan's peak MinSize all the time, all on-demand: the lift-and-shift fleet. A fixed
    /// fleet: no load is added on top.
    case staticPeak = "static-peak"
    /// `static-peak` with `instance.reserved_discount_percent` off the on-demand price.
    case staticPeakReserved = "static-peak-reserved"
    /// `capacity.min` all the time under the usual mix, plus the load above the floor when given.
    case reactiveOnly = "reactive-only"
}

/// An alternative's cost and what the plan saves against it.
public struct CostAlternative: Hashable, Sendable {
    public var kind: CostAlternativeKind
    public var line: CostLine
    /// Alternative's cost − the plan's (negative when the plan costs more).
    public var savings: Money
    /// `savings / alternative's cost × 100`, rounded half away from zero to 2 places; nil when the
    /// alternative costs nothing.
    public var savingsPercent: Decimal?
}

/// An exam session reactive-only scaling would leave short when candidates start.
public struct UncoveredExam: Hashable, Sendable {
    public var exam: ExamSession
    /// The plan's MinSize at the start minus `capacity.min`.
    public var missingInstances: Int
    /// Until target tracking could have them in service: 3 (the alarm) + `instance.boot_minutes`.
    public var minutesToCover: Int

    public init(exam: ExamSession, missingInstances: Int, minutesToCover: Int) {
        self.exam = exam
        self.missingInstances = missingInstances
        self.minutesToCover = minutesToCover
    }
}

/// What a plan costs over its range, against the alternatives.
public struct CostForecast: Hashable, Sendable {
    public var currency: String
    /// The plan's range (UTC): `from` inclusive, `to` exclusive.
    public var from: Date
    public var to: Date
    /// The planned floor (MinSize over time).
    public var floor: CostLine
    /// The load above the floor; nil when no load profile was given (the floor only is priced).
    public var load: CostLine?
    /// In `CostAlternativeKind` order; `static-peak-reserved` only with a reserved discount.
    public var alternatives: [CostAlternative]
    /// In start order: the sessions starting within the range whose MinSize is above `capacity.min`.
    public var uncoveredExams: [UncoveredExam]
    /// Each calendar window overlapping the range, clipped to it, in start order.
    public var windows: [WindowCost]
    /// Each exam session's share of what exams add to the plan, most instance-hours first
    /// (sessions adding nothing within the range are left out).
    public var examShares: [ExamCostShare]

    /// Floor plus load.
    public var plan: CostLine { floor + (load ?? .zero) }
}

/// Prices a `CapacityPlan` under its `Policy`. Pure: values in, numbers out.
///
/// The rules, exactly:
/// - **Floor**: over each plan segment, `n = min_size` instances for its duration. In an
///   `on-demand` segment all `n` are on-demand; in a `mixed` one
///   `min(n, on_demand_base) + (n − on_demand_base)⁺ × on_demand_percent_above_base / 100` are,
///   the rest Spot (fractional instances allowed).
/// - **Load** (optional `LoadProfile`): the average for each local hour of the week (in
///   `policy.timezone`: a spring-forward week has 167 hours, a fall-back week 169) times the
///   seconds of that hour within the range, `on_demand_percent_above_base / 100` of it on-demand
///   in every segment (the base is taken by the floor), the rest Spot.
/// - **Cost** = on-demand instance-hours × `on_demand_price` + Spot instance-hours × `spot_price`.
///   The prices are converted once from their shortest decimal text (`String(0.1632)`, so the
///   policy's `0.1632` is exactly 0.1632); everything after is exact `Decimal`, never `Double`,
///   so periods add up to the total exactly and round to it with `Money.roundedToCents(_:)`.
/// - **Alternatives** and **uncovered exams**: see `CostAlternativeKind` and `UncoveredExam`.
public enum CostModel {
    /// The plan's cost over its whole range, the alternatives, the exams reactive-only leaves
    /// short, each calendar window's cost and each exam session's share.
    /// - Parameters:
    ///   - exams: the sessions the plan was made from (those outside the range count for nothing
    ///     here, but shape the plan through the merge gap);
    ///   - windows: the calendar windows the plan was made from.
    public static func forecast(
        plan: CapacityPlan, exams: [ExamSession], windows: [CalendarWindow] = [], policy: Policy, load: LoadProfile? = nil
    ) -> CostForecast {
        let from = UTCFormat.seconds(plan.from)
        let to = UTCFormat.seconds(plan.to)
        let prices = Prices(policy)
        let floor = floorLine(plan: plan, policy: policy, from: from, to: to, prices: prices)
        let loaded = load.map { Self.loadLine($0, policy: policy, from: from, to: to, prices: prices) }
        let planCost = floor.cost + (loaded?.cost ?? .zero)

        let alternatives = alternativeLines(plan: plan, policy: policy, load: loaded, from: from, to: to, prices: prices).map {
            kind, line in
            CostAlternative(
                kind: kind, line: line, savings: line.cost - planCost, savingsPercent: line.cost.savingsPercent(against: planCost)
            )
        }

        let bootMinutes = 3 + policy.instance.bootMinutes
        // Sorted once: the shares' own sort is then linear.
        let sorted = exams.sorted(by: CapacityPlanner.examOrder)
        let uncovered: [UncoveredExam] = sorted.compactMap { exam in
            guard exam.start >= plan.from, exam.start < plan.to, let size = plan.minSize(at: exam.start) else { return nil }
            let missing = size - policy.capacity.min
            return missing > 0 ? UncoveredExam(exam: exam, missingInstances: missing, minutesToCover: bootMinutes) : nil
        }
        return CostForecast(
            currency: policy.instance.currency, from: plan.from, to: plan.to, floor: floor, load: loaded,
            alternatives: alternatives, uncoveredExams: uncovered,
            windows: windowCosts(plan: plan, windows: windows, policy: policy, load: load),
            examShares: examShares(plan: plan, exams: sorted, windows: windows, policy: policy))
    }

    /// The alternatives over `from..<to` (seconds, within the plan's range), in `CostAlternativeKind`
    /// order: static-peak at the plan's peak over its whole range. `load` is the plan's load line
    /// over the same stretch, which reactive-only carries too.
    static func alternativeLines(
        plan: CapacityPlan, policy: Policy, load: CostLine?, from: Int64, to: Int64, prices: Prices
    ) -> [(CostAlternativeKind, CostLine)] {
        let duration = Decimal(max(Int64(0), to - from))
        let peakSeconds = Decimal(plan.peakMinSize) * duration
        let peak = CostLine(onDemandSeconds: peakSeconds, cost: prices.cost(onDemand: peakSeconds, spot: 0))
        var lines: [(CostAlternativeKind, CostLine)] = [(.staticPeak, peak)]
        if let discount = policy.instance.reservedDiscountPercent {
            var reserved = peak
            reserved.cost = peak.cost.percent(100 - discount)
            lines.append((.staticPeakReserved, reserved))
        }
        let reactiveFloor = CapacityPlan(
            from: plan.from, to: plan.to,
            segments: from < to
                ? [PlanSegment(start: plan.from, end: plan.to, minSize: policy.capacity.min, purchase: .mixed, reasons: [])]
                : [],
            warnings: [])
        let reactive = floorLine(plan: reactiveFloor, policy: policy, from: from, to: to, prices: prices)
        lines.append((.reactiveOnly, reactive + (load ?? .zero)))
        return lines
    }

    /// The plan's floor plus load over `range` (clipped to the plan's range).
    public static func cost(
        of plan: CapacityPlan, policy: Policy, load: LoadProfile? = nil, in range: Range<Date>
    ) -> CostLine {
        let from = max(UTCFormat.seconds(plan.from), UTCFormat.seconds(range.lowerBound))
        let to = min(UTCFormat.seconds(plan.to), UTCFormat.seconds(range.upperBound))
        guard from < to else { return .zero }
        let prices = Prices(policy)
        return floorLine(plan: plan, policy: policy, from: from, to: to, prices: prices)
            + (load.map { loadLine($0, policy: policy, from: from, to: to, prices: prices) } ?? .zero)
    }

    /// The plan's range cut into ISO weeks or calendar months of `policy.timezone`, or at the
    /// calendar windows' edges (`windows`, used only for `.window`), each with its floor plus load
    /// and the alternatives' costs; the first and last are clipped to the range. The periods tile
    /// the range, so their lines add up exactly to the forecast's `plan`.
    public static func periods(
        of plan: CapacityPlan, policy: Policy, load: LoadProfile? = nil, by kind: CostPeriodKind,
        windows: [CalendarWindow] = []
    ) -> [CostPeriod] {
        let from = UTCFormat.seconds(plan.from)
        let to = UTCFormat.seconds(plan.to)
        guard from < to else { return [] }
        let cuts: [(label: String, start: Int64, end: Int64)]
        switch kind {
        case .week, .month: cuts = calendarCuts(kind, zone: policy.timezone, from: from, to: to)
        case .window: cuts = windowCuts(windows, from: from, to: to)
        }
        let prices = Prices(policy)
        return cuts.map { cut in
            let loaded = load.map { loadLine($0, policy: policy, from: cut.start, to: cut.end, prices: prices) }
            let line = floorLine(plan: plan, policy: policy, from: cut.start, to: cut.end, prices: prices) + (loaded ?? .zero)
            let alternatives = alternativeLines(
                plan: plan, policy: policy, load: loaded, from: cut.start, to: cut.end, prices: prices)
            return CostPeriod(
                label: cut.label, start: UTCFormat.date(cut.start), end: UTCFormat.date(cut.end), line: line,
                alternatives: Dictionary(uniqueKeysWithValues: alternatives.map { ($0.0, $0.1.cost) }))
        }
    }

    /// ISO weeks or months of `zone` over `from..<to`, the first and last clipped.
    static func calendarCuts(
        _ kind: CostPeriodKind, zone: IANAZone, from: Int64, to: Int64
    ) -> [(label: String, start: Int64, end: Int64)] {
        let firstDay = CivilDate(daysSinceEpoch: Int(floorDiv(from + Int64(zone.utcOffset(atUTC: from)), 86_400)))
        var date =
            kind == .week
            ? firstDay.adding(days: 1 - firstDay.isoWeekday) : CivilDate(year: firstDay.year, month: firstDay.month, day: 1)
        var cuts: [(label: String, start: Int64, end: Int64)] = []
        var start = from
        while start < to {
            let next: CivilDate
            let label: String
            if kind == .week {
                next = date.adding(days: 7)
                label = ISOWeek(containing: date).description
            } else {
                next = CivilDate(year: date.month == 12 ? date.year + 1 : date.year, month: date.month % 12 + 1, day: 1)
                label = date.year.zeroPadded(to: 4) + "-" + date.month.zeroPadded(to: 2)
            }
            let end = min(to, LocalTimeResolver.startOfDay(next, in: zone))
            if end > start { cuts.append((label, start, end)) }
            start = max(start, end)
            date = next
        }
        return cuts
    }

    /// The policy's prices, as exact decimals.
    struct Prices {
        var onDemand: Decimal
        var spot: Decimal

        init(_ policy: Policy) {
            onDemand = Decimal.price(policy.instance.onDemandPrice)
            spot = Decimal.price(policy.instance.spotPrice)
        }

        func cost(onDemand od: Decimal, spot s: Decimal) -> Money {
            Money(perHourSeconds: od * onDemand + s * spot)
        }
    }

    /// The floor over `from..<to` (seconds, within the plan's range).
    static func floorLine(plan: CapacityPlan, policy: Policy, from: Int64, to: Int64, prices: Prices) -> CostLine {
        var onDemand: Int64 = 0
        // Spot and on-demand above the base, in hundredths of instance-seconds.
        var aboveBase: Int64 = 0
        let base = policy.mix.onDemandBase
        let percent = Int64(policy.mix.onDemandPercentAboveBase)
        // Binary search for the first segment ending after `from`.
        var lo = 0
        var hi = plan.segments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if UTCFormat.seconds(plan.segments[mid].end) <= from { lo = mid + 1 } else { hi = mid }
        }
        for segment in plan.segments[lo...] {
            let s = max(from, UTCFormat.seconds(segment.start))
            let e = min(to, UTCFormat.seconds(segment.end))
            if s >= to { break }
            guard e > s else { continue }
            let n = Int64(segment.minSize)
            switch segment.purchase {
            case .onDemand: onDemand += n * (e - s)
            case .mixed:
                onDemand += min(n, Int64(base)) * (e - s)
                aboveBase += max(0, n - Int64(base)) * (e - s)
            }
        }
        let od = Decimal(onDemand) + Decimal(aboveBase * percent) / 100
        let spot = Decimal(aboveBase * (100 - percent)) / 100
        return CostLine(onDemandSeconds: od, spotSeconds: spot, cost: prices.cost(onDemand: od, spot: spot))
    }

    /// The load above the floor over `from..<to` (seconds), walking local hours of `policy.timezone`.
    static func loadLine(_ load: LoadProfile, policy: Policy, from: Int64, to: Int64, prices: Prices) -> CostLine {
        let zone = policy.timezone
        var total: Decimal = 0
        var t = from
        while t < to {
            let offset = Int64(zone.utcOffset(atUTC: t))
            let local = t + offset
            let day = floorDiv(local, 86_400)
            let hour = Int((local - day * 86_400) / 3600)
            let weekday = CivilDate(daysSinceEpoch: Int(day)).isoWeekday
            let next = min(to, floorDiv(local, 3600) * 3600 + 3600 - offset)
            let average = load.instances[(weekday - 1) * 24 + hour]
            if average != 0 { total += average * Decimal(next - t) }
            t = max(next, t + 1)
        }
        let percent = Decimal(policy.mix.onDemandPercentAboveBase)
        let od = total * percent / 100
        let spot = total - od
        return CostLine(onDemandSeconds: od, spotSeconds: spot, cost: prices.cost(onDemand: od, spot: spot))
    }
}
