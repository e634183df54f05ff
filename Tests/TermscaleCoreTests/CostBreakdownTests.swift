import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

/// Windows, periods at window edges, per-period alternatives and each exam's share, against
/// hand-computed values. Prices: £0.1632 on-demand, £0.06 Spot.
@Suite struct CostBreakdownTests {
    func d(_ text: String) -> Decimal { Decimal(string: text)! }

    func exam(_ code: String, _ start: Date, _ end: Date, candidates: Int) -> ExamSession {
        ExamSession(
            code: code, title: code, location: nil, start: start, end: end, candidates: candidates, source: "exams.csv",
            sourceLine: 2)
    }

    func window(_ title: String, _ category: String, _ start: Date, _ end: Date) -> CalendarWindow {
        CalendarWindow(category: category, title: title, start: start, end: end, source: "terms.csv", sourceLine: 2)
    }

    /// Enrolment (floor 8) all of 12 January, teaching (floor 4) from its noon to the 14th; min 2;
    /// base 1 and 0 % above it, so every instance past the first is Spot.
    func windowWeek() -> (Policy, [CalendarWindow], CapacityPlan) {
        let policy = Policy.fixture()
        let windows = [
            window("Teaching", "teaching", utc(2027, 1, 12, 12), utc(2027, 1, 14)),
            window("Enrolment", "enrolment", utc(2027, 1, 12), utc(2027, 1, 13)),
        ]
        let plan = CapacityPlanner.plan(exams: [], windows: windows, policy: policy, from: utc(2027, 1, 11), to: utc(2027, 1, 15))
        return (policy, windows, plan)
    }

    @Test func periodsCutAtWindowEdgesAndNameTheOpenWindows() {
        let (policy, windows, plan) = windowWeek()
        let periods = CostModel.periods(of: plan, policy: policy, by: .window, windows: windows)
        #expect(
            periods.map(\.label) == [
                "outside any window", "Enrolment", "Enrolment + Teaching", "Teaching", "outside any window",
            ])
        #expect(
            periods.map(\.start) == [
                utc(2027, 1, 11), utc(2027, 1, 12), utc(2027, 1, 12, 12), utc(2027, 1, 13), utc(2027, 1, 14),
            ])
        // 24 h × 2 (1 on-demand + 1 Spot) = 3.9168 + 1.44; 12 h × 8 (1 + 7) = 1.9584 + 5.04;
        // the same under both windows (floors are a max, not a sum); 24 h × 4 (1 + 3) = 3.9168 + 4.32.
        #expect(periods.map(\.line.cost.amount) == [d("5.3568"), d("6.9984"), d("6.9984"), d("8.2368"), d("5.3568")])
        let total = CostModel.forecast(plan: plan, exams: [], windows: windows, policy: policy).plan
        #expect(periods.map(\.line).reduce(CostLine.zero, +) == total && total.cost.amount == d("32.9472"))
        // Alternatives per period: static-peak 8 on-demand (the whole range's peak) × 24 h × 0.1632;
        // reactive-only 2 mixed, as the first day.
        #expect(periods[0].alternatives[.staticPeak]?.amount == d("31.3344"))
        #expect(periods[0].alternatives[.reactiveOnly]?.amount == d("5.3568"))
        #expect(periods[1].alternatives[.staticPeak]?.amount == d("15.6672"))
        #expect(periods[0].alternatives[.staticPeakReserved] == nil)
    }

    @Test func eachWindowCostsWhatThePlanCostsWhileItIsOpen() {
        let (policy, windows, plan) = windowWeek()
        let costs = CostModel.forecast(plan: plan, exams: [], windows: windows, policy: policy).windows
        #expect(costs.map(\.window.title) == ["Enrolment", "Teaching"])
        #expect(costs.map(\.floor) == [8, 4])
        // Enrolment: two 12 h stretches of 6.9984; teaching: 6.9984 + 8.2368.
        #expect(costs.map(\.line.cost.amount) == [d("13.9968"), d("15.2352")])
        // Clipped to the range.
        let short = CapacityPlanner.plan(
            exams: [], windows: windows, policy: policy, from: utc(2027, 1, 13, 12), to: utc(2027, 1, 15))
        let clipped = CostModel.windowCosts(plan: short, windows: windows, policy: policy)
        #expect(clipped.map(\.window.title) == ["Teaching"] && clipped[0].window.start == utc(2027, 1, 13, 12))
        #expect(clipped[0].line.cost.amount == d("4.1184"))
    }

    @Test func weeksCarryTheAlternativesToo() {
        let (policy, windows, plan) = windowWeek()
        var reserved = policy
        reserved.instance.reservedDiscountPercent = 25
        let weeks = CostModel.periods(of: plan, policy: reserved, by: .week, windows: windows)
        // One ISO week (2027-W02) holds the whole range: 96 h × 8 × 0.1632 = 125.3376; reserved 75 %.
        #expect(weeks.map(\.label) == ["2027-W02"])
        #expect(weeks[0].alternatives[.staticPeak]?.amount == d("125.3376"))
        #expect(weeks[0].alternatives[.staticPeakReserved]?.amount == d("94.0032"))
        // reactive-only: 96 h × (0.1632 + 0.06) = 21.4272.
        #expect(weeks[0].alternatives[.reactiveOnly]?.amount == d("21.4272"))
    }

    /// Two sessions sitting together share the added capacity by candidates.
    @Test func sessionsSittingTogetherShareByCandidates() {
        let policy = Policy.fixture(onDemandBase: 1, onDemandPercentAboveBase: 25)
        let a = exam("BIG1001", utc(2027, 1, 12, 9), utc(2027, 1, 12, 11), candidates: 500)
        let b = exam("SML1002", utc(2027, 1, 12, 9), utc(2027, 1, 12, 11), candidates: 250)
        let plan = CapacityPlanner.plan(exams: [a, b], windows: [], policy: policy, from: utc(2027, 1, 12), to: utc(2027, 1, 13))
        let shares = CostModel.examShares(plan: plan, exams: [b, a], windows: [], policy: policy)
        // ⌈750 × 1.2 / 250⌉ = 4 added over 08:15–11:15: 12 instance-hours, 2 : 1.
        // Cost over the exam-free 2 mixed (0.204 + 0.045 = 0.249 an hour): 08:05–08:15 2 on-demand
        // (0.3264 − 0.249) × 1/6 h = 0.0129; 08:15–11:15 6 on-demand (0.9792 − 0.249) × 3 h = 2.1906.
        #expect(shares.map(\.exam.code) == ["BIG1001", "SML1002"])
        #expect(shares.map(\.instanceHours) == [8, 4])
        #expect(shares.map(\.candidates) == [500, 250])
        #expect(shares[0].cost.amount == d("1.469") && shares[1].cost.amount == d("0.7345"))
    }

    /// A gap the merge holds goes to the sessions on both sides.
    @Test func aHeldGapIsSharedByTheSessionsAroundIt() throws {
        let policy = Policy.fixture(onDemandBase: 1, onDemandPercentAboveBase: 25)
        let a = exam("AAA1001", utc(2027, 1, 12, 9), utc(2027, 1, 12, 10), candidates: 500)
        let c = exam("CCC1003", utc(2027, 1, 12, 11, 15), utc(2027, 1, 12, 12), candidates: 250)
        let plan = CapacityPlanner.plan(exams: [a, c], windows: [], policy: policy, from: utc(2027, 1, 12), to: utc(2027, 1, 13))
        // A raised 08:15–10:15 to 5, C 10:30–12:15 to 4; the 15-minute dip is held at 4; mixed
        // 10:15–10:20 between A's on-demand period and C's (from 10:20).
        #expect(
            plan.segments.map { "\(UTCFormat.rfc3339($0.start)) \($0.minSize) \($0.purchase.rawValue)" } == [
                "2027-01-12T00:00:00Z 2 mixed", "2027-01-12T08:05:00Z 2 on-demand", "2027-01-12T08:15:00Z 5 on-demand",
                "2027-01-12T10:15:00Z 4 mixed", "2027-01-12T10:20:00Z 4 on-demand", "2027-01-12T12:15:00Z 2 mixed",
            ])
        let shares = CostModel.examShares(plan: plan, exams: [a, c], windows: [], policy: policy)
        // A: 3 × 7,200 s + ⅔ of the gap's 2 × 300 s = 22,000 s; C: 2 × 6,900 s + ⅓ × 600 s = 14,000 s.
        #expect(shares.map(\.exam.code) == ["AAA1001", "CCC1003"])
        #expect(shares.map(\.instanceSeconds) == [22_000, 14_000])
        // Costs: 0.0129 + 1.134 + 0.0143 (the gap: 4 mixed 0.4206 − 0.249 for 5 min) + 0.0673 + 0.70665.
        let total = shares[0].cost + shares[1].cost
        #expect(total.roundedToCents == d("1.94"))
        #expect(Decimal.rounded(total.amount, scale: 10, .plain) == d("1.93515"))
        #expect(Decimal.rounded(shares[0].cost.amount, scale: 6, .plain) == d("1.156433"))
    }

    @Test func theFloorSwitchedToOnDemandCountsEvenWithoutExtraInstances() {
        // 10 candidates need ⌈12 / 250⌉ = 1 instance; a window floor of 8 under the exam: the exam
        // adds 1 instance and switches the other 8 to on-demand.
        let policy = Policy.fixture(onDemandBase: 1, onDemandPercentAboveBase: 0)
        let enrolment = window("Enrolment", "enrolment", utc(2027, 1, 12), utc(2027, 1, 13))
        let small = exam("TNY1001", utc(2027, 1, 12, 9), utc(2027, 1, 12, 10), candidates: 10)
        let plan = CapacityPlanner.plan(
            exams: [small], windows: [enrolment], policy: policy, from: utc(2027, 1, 12), to: utc(2027, 1, 13))
        let share = CostModel.examShares(plan: plan, exams: [small], windows: [enrolment], policy: policy)
        // Raised 08:15–10:15 (2 h): 1 instance-hour × 2 = 2 h. Cost: 08:05–08:15 8 on-demand vs 1 + 7 Spot:
        // 7 × (0.1632 − 0.06) × 1/6 = 0.1204; 08:15–10:15 9 on-demand (1.4688) − (0.1632 + 0.42) = 0.8856 × 2 = 1.7712.
        #expect(share.map(\.instanceHours) == [2])
        #expect(share.first?.cost.amount == d("1.8916"))
    }
}
