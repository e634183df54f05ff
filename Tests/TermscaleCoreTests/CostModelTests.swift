import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

/// The cost model against hand-computed values. Prices: the fixture's £0.1632 on-demand, £0.06 Spot.
@Suite struct CostModelTests {
    static let exam = ExamSession(
        code: "MATH1001", title: "Calculus", location: nil, start: utc(2027, 1, 12, 9), end: utc(2027, 1, 12, 11),
        candidates: 500, source: "exams.csv", sourceLine: 2)

    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    /// min 2, base 1, 25 % above it; one exam of 500 candidates on 2027-01-12 (London = UTC in January):
    /// ⌈500 × 1.2 / 250⌉ = 3 exam instances → MinSize 5 over the raise 08:15–11:15; on-demand from 08:05.
    func examDay(reservedDiscount: Int? = nil) -> (Policy, CapacityPlan) {
        var policy = Policy.fixture(windows: [:], onDemandBase: 1, onDemandPercentAboveBase: 25)
        policy.instance.reservedDiscountPercent = reservedDiscount
        let plan = CapacityPlanner.plan(
            exams: [Self.exam], windows: [], policy: policy, from: utc(2027, 1, 12), to: utc(2027, 1, 13))
        return (policy, plan)
    }

    @Test func oneExamUnderEachMix() {
        let (policy, plan) = examDay()
        #expect(
            plan.segments.map { "\($0.minSize) \($0.purchase.rawValue)" } == ["2 mixed", "2 on-demand", "5 on-demand", "2 mixed"])
        let f = CostModel.forecast(plan: plan, exams: [Self.exam], policy: policy)
        // Mixed 00:00–08:05 and 11:15–24:00 = 20 h 50 min = 75,000 s × 2 instances: on-demand
        // min(2, 1) + (2 − 1) × 25 / 100 = 1.25 → 93,750 s, Spot 0.75 → 56,250 s.
        // On-demand 08:05–08:15 × 2 = 1,200 s; 08:15–11:15 × 5 = 54,000 s.
        // On-demand 93,750 + 1,200 + 54,000 = 148,950 s = 41.375 h; Spot 15.625 h; 57 h = 2 × 24 + 3 × 3.
        #expect(f.floor.onDemandSeconds == 148_950 && f.floor.spotSeconds == 56_250)
        #expect(f.floor.onDemandHours == d("41.375") && f.floor.spotHours == d("15.625") && f.floor.hours == 57)
        // 41.375 × 0.1632 + 15.625 × 0.06 = 6.7524 + 0.9375 = 7.6899.
        #expect(f.plan.cost.amount == d("7.6899") && f.plan.cost.roundedToCents == d("7.69"))
        #expect(f.load == nil && f.currency == "GBP")
    }

    @Test func baseAndPercentSplitIsFractional() {
        // 7 instances, base 2, 30 % above: 2 + 5 × 0.3 = 3.5 on-demand, 5 × 0.7 = 3.5 Spot, for one hour.
        let policy = Policy.fixture(onDemandBase: 2, onDemandPercentAboveBase: 30)
        let plan = CapacityPlan(
            from: utc(2027, 1, 12, 9), to: utc(2027, 1, 12, 10),
            segments: [
                PlanSegment(start: utc(2027, 1, 12, 9), end: utc(2027, 1, 12, 10), minSize: 7, purchase: .mixed, reasons: [])
            ],
            warnings: [])
        let line = CostModel.forecast(plan: plan, exams: [], policy: policy).plan
        #expect(line.onDemandHours == d("3.5") && line.spotHours == d("3.5"))
        // 3.5 × 0.1632 + 3.5 × 0.06 = 0.5712 + 0.21 = 0.7812 → 0.78.
        #expect(line.cost.amount == d("0.7812") && line.cost.roundedToCents == d("0.78"))
    }

    @Test func windowFloor() {
        // Enrolment floor 8 on 2027-01-12, min 2 either side; base 1, 0 % above: all mixed.
        let policy = Policy.fixture()
        let window = CalendarWindow(
            category: "enrolment", title: "Enrolment", start: utc(2027, 1, 12), end: utc(2027, 1, 13),
            source: "terms.csv", sourceLine: 2)
        let plan = CapacityPlanner.plan(
            exams: [], windows: [window], policy: policy, from: utc(2027, 1, 11), to: utc(2027, 1, 14))
        let line = CostModel.forecast(plan: plan, exams: [], policy: policy).plan
        // 48 h × 2: 1 on-demand + 1 Spot → 48 + 48; 24 h × 8: 1 + 7 → 24 + 168. On-demand 72 h, Spot 216 h.
        #expect(line.onDemandHours == 72 && line.spotHours == 216)
        // 72 × 0.1632 + 216 × 0.06 = 11.7504 + 12.96 = 24.7104.
        #expect(line.cost.amount == d("24.7104"))
    }

    @Test func alternativesAndSavings() {
        let (policy, plan) = examDay(reservedDiscount: 40)
        let f = CostModel.forecast(plan: plan, exams: [Self.exam], policy: policy)
        #expect(f.alternatives.map(\.kind) == [.staticPeak, .staticPeakReserved, .reactiveOnly])
        let (peak, reserved, reactive) = (f.alternatives[0], f.alternatives[1], f.alternatives[2])
        // static-peak: 5 × 24 = 120 h on-demand × 0.1632 = 19.584; saves 19.584 − 7.6899 = 11.8941,
        // 11.8941 / 19.584 = 60.7337…% → 60.73.
        #expect(peak.line.onDemandHours == 120 && peak.line.spotHours == 0 && peak.line.cost.amount == d("19.584"))
        #expect(peak.savings.amount == d("11.8941") && peak.savingsPercent == d("60.73"))
        // static-peak-reserved: 19.584 × 60 % = 11.7504; saves 4.0605, 4.0605 / 11.7504 = 34.5562…% → 34.56.
        #expect(reserved.line.onDemandHours == 120 && reserved.line.cost.amount == d("11.7504"))
        #expect(reserved.savings.amount == d("4.0605") && reserved.savingsPercent == d("34.56"))
        // reactive-only: 2 × 24 h mixed: 1.25 × 24 = 30 h on-demand, 18 h Spot; 4.896 + 1.08 = 5.976.
        // The plan costs 1.7139 more: −1.7139 / 5.976 = −28.6797…% → −28.68.
        #expect(reactive.line.onDemandHours == 30 && reactive.line.spotHours == 18 && reactive.line.cost.amount == d("5.976"))
        #expect(reactive.savings.amount == d("-1.7139") && reactive.savingsPercent == d("-28.68"))
        // Without a discount there is no static-peak-reserved.
        let (plain, _) = examDay()
        #expect(
            CostModel.forecast(plan: plan, exams: [], policy: plain).alternatives.map(\.kind) == [.staticPeak, .reactiveOnly])
    }

    @Test func reactiveOnlyShortfall() {
        let (policy, plan) = examDay()
        var outside = Self.exam
        outside.start = utc(2027, 1, 14, 9)
        outside.end = utc(2027, 1, 14, 11)
        let f = CostModel.forecast(plan: plan, exams: [outside, Self.exam], policy: policy)
        // MinSize 5 at 09:00 − capacity.min 2 = 3 missing; 3 min alarm + 5 min boot = 8. The other starts outside the range.
        #expect(f.uncoveredExams == [UncoveredExam(exam: Self.exam, missingInstances: 3, minutesToCover: 8)])
    }

    /// 2 instances mixed (1 on-demand + 1 Spot: 0.2232 an hour) over 2027-03-22T00:00Z..2027-04-01T12:00Z,
    /// across the London spring-forward of 2027-03-28 01:00Z.
    func springPlan() -> (Policy, CapacityPlan) {
        let policy = Policy.fixture()
        let plan = CapacityPlanner.plan(exams: [], windows: [], policy: policy, from: utc(2027, 3, 22), to: utc(2027, 4, 1, 12))
        return (policy, plan)
    }

    @Test func weeksAcrossAClockChangeSumToTheTotalToTheCent() {
        let (policy, plan) = springPlan()
        let total = CostModel.forecast(plan: plan, exams: [], policy: policy).plan
        let weeks = CostModel.periods(of: plan, policy: policy, by: .week)
        // W12: Monday 22 March 00:00 GMT to Monday 29 March 00:00 BST = 28 March 23:00Z: 167 h.
        // W13: to the range's end 1 April 12:00Z: 3 days 13 h = 85 h. Total 252 h.
        #expect(weeks.map(\.label) == ["2027-W12", "2027-W13"])
        #expect(weeks.map(\.start) == [utc(2027, 3, 22), utc(2027, 3, 28, 23)])
        #expect(weeks.map(\.end) == [utc(2027, 3, 28, 23), utc(2027, 4, 1, 12)])
        #expect(weeks.map(\.line.hours) == [334, 170] && total.hours == 504)
        // 167 × 0.2232 = 37.2744; 85 × 0.2232 = 18.972; 252 × 0.2232 = 56.2464 → 56.25.
        #expect(weeks.map(\.line.cost.amount) == [d("37.2744"), d("18.972")])
        #expect(weeks[0].line + weeks[1].line == total)
        // Rounded alone: 37.27 + 18.97 = 56.24. Largest remainder gives the missing cent to W12 (0.44 ¢ left over vs 0.2 ¢).
        #expect(Money.roundedToCents(weeks.map(\.line.cost)) == [d("37.28"), d("18.97")])
        #expect(total.cost.roundedToCents == d("56.25"))
    }

    @Test func monthsSumToTheTotalToTheCent() {
        let (policy, plan) = springPlan()
        let total = CostModel.forecast(plan: plan, exams: [], policy: policy).plan
        let months = CostModel.periods(of: plan, policy: policy, by: .month)
        // March: to 1 April 00:00 BST = 31 March 23:00Z: 9 days 23 h = 239 h; April: 13 h.
        #expect(months.map(\.label) == ["2027-03", "2027-04"])
        #expect(months.map(\.end) == [utc(2027, 3, 31, 23), utc(2027, 4, 1, 12)])
        // 239 × 0.2232 = 53.3448; 13 × 0.2232 = 2.9016. Alone 53.34 + 2.90 = 56.24; summed 56.25.
        #expect(months.map(\.line.cost.amount) == [d("53.3448"), d("2.9016")])
        #expect(months[0].line + months[1].line == total)
        #expect(Money.roundedToCents(months.map(\.line.cost)) == [d("53.35"), d("2.90")])
    }

    @Test func loadProfileIsPricedAtTheMixedRateByLocalHourOfWeek() throws {
        var hours = [Decimal](repeating: 0, count: 168)
        hours[0] = d("2.5") // Monday 00:00–01:00 local
        hours[9] = 4 // Monday 09:00–10:00 local
        let load = try #require(LoadProfile(instances: hours))
        let policy = Policy.fixture(onDemandBase: 1, onDemandPercentAboveBase: 25)
        // Monday 11 January 2027, London on GMT: both hours fall in the day.
        // 2.5 + 4 = 6.5 instance-hours: 25 % = 1.625 on-demand, 4.875 Spot;
        // 1.625 × 0.1632 + 4.875 × 0.06 = 0.2652 + 0.2925 = 0.5577.
        let winter = CapacityPlanner.plan(exams: [], windows: [], policy: policy, from: utc(2027, 1, 11), to: utc(2027, 1, 12))
        let f = CostModel.forecast(plan: winter, exams: [], policy: policy, load: load)
        let line = try #require(f.load)
        #expect(line.onDemandHours == d("1.625") && line.spotHours == d("4.875") && line.cost.amount == d("0.5577"))
        // Floor: 2 × 24 h at 1.25 / 0.75: 30 h on-demand, 18 h Spot = 5.976; plan = 5.976 + 0.5577 = 6.5337.
        #expect(f.plan.cost.amount == d("6.5337"))
        // reactive-only carries the same load: 5.976 + 0.5577 too.
        #expect(f.alternatives.last?.line.cost.amount == d("6.5337"))
        // Monday 14 June 2027 UTC, London on BST: local Monday 00:00 is 13 June 23:00Z, outside;
        // 09:00 BST = 08:00Z is inside: 4 instance-hours, 1 on-demand and 3 Spot = 0.1632 + 0.18 = 0.3432.
        let summer = CapacityPlanner.plan(exams: [], windows: [], policy: policy, from: utc(2027, 6, 14), to: utc(2027, 6, 15))
        let summerLoad = try #require(CostModel.forecast(plan: summer, exams: [], policy: policy, load: load).load)
        #expect(summerLoad.onDemandHours == 1 && summerLoad.spotHours == 3 && summerLoad.cost.amount == d("0.3432"))
        #expect(LoadProfile(instances: Array(hours.dropLast())) == nil)
    }

    @Test func largestRemainderRoundsPartsToTheRoundedTotal() {
        // Three thirds of a penny: 0.00333… each, total 0.01: the first part gets the cent.
        let third = CostModel.forecast(
            plan: CapacityPlan(
                from: utc(2027, 1, 1), to: utc(2027, 1, 1, 0, 1),
                segments: [
                    PlanSegment(start: utc(2027, 1, 1), end: utc(2027, 1, 1, 0, 1), minSize: 1, purchase: .onDemand, reasons: [])
                ],
                warnings: []),
            exams: [], policy: .fixture(onDemandPrice: 0.2)
        ).plan.cost
        // 1 instance for 1 minute at 0.2 an hour = 0.2 / 60 = 0.00333….
        #expect(third.roundedToCents == 0)
        #expect(Money.roundedToCents([third, third, third]) == [d("0.01"), 0, 0])
    }
}
