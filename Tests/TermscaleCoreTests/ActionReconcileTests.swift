import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@Suite struct ActionReconcileTests {
    static let now = utc("2027-01-12T06:00:00Z")

    static func action(_ time: String, _ minSize: Int) -> ScheduledAction {
        let t = utc(time)
        return ScheduledAction(name: ScheduledAction.name(group: "web", startTime: t), startTime: t, minSize: minSize)
    }

    static func schedule(current: Int = 2, _ actions: [ScheduledAction]) -> ActionSchedule {
        ActionSchedule(currentMinSize: current, actions: actions, requiredChanges: actions.count, extraInstanceHours: 0)
    }

    static func foreign(_ time: String) -> ActionReconcile.LiveAction {
        .init(name: "other-\(time)", startTime: utc(time), minSize: 9)
    }

    static func diff(_ schedule: ActionSchedule, plannedNow: Int = 2, live: [ActionReconcile.LiveAction]) -> ActionReconcile.Diff
    {
        ActionReconcile.diff(schedule: schedule, plannedNow: plannedNow, live: live, group: "web", now: now, leadTime: 180)
    }

    static func times(_ actions: [ScheduledAction]) -> [String] {
        actions.map { "\(UTCFormat.rfc3339($0.startTime)) \($0.minSize)" }
    }

    @Test func newChangedObsoleteAndUnchangedActions() {
        let wanted = Self.schedule([Self.action("2027-01-12T08:45:00Z", 21), Self.action("2027-01-12T11:45:00Z", 2)])
        let live: [ActionReconcile.LiveAction] = [
            .init(name: "termscale-web-20270112T0845Z", startTime: utc("2027-01-12T08:45:00Z"), minSize: 20),
            .init(name: "termscale-web-20270113T0845Z", startTime: utc("2027-01-13T08:45:00Z"), minSize: 7),
            .init(name: "termscale-webinar-20270112T1145Z", startTime: utc("2027-01-12T12:00:00Z"), minSize: 2),
        ]
        let d = Self.diff(wanted, live: live)
        #expect(Self.times(d.updates) == ["2027-01-12T08:45:00Z 21"])
        #expect(Self.times(d.puts) == ["2027-01-12T11:45:00Z 2"], "another group's prefix is not ours")
        #expect(d.deletes == ["termscale-web-20270113T0845Z"])
        #expect(d.unchanged == 0)

        let same = Self.diff(wanted, live: d.desired.map { .init(name: $0.name, startTime: $0.startTime, minSize: $0.minSize) })
        #expect(same.isEmpty && same.unchanged == 2)
        // An owned action a person gave a MaxSize is rewritten.
        var touched = d.desired.map { ActionReconcile.LiveAction(name: $0.name, startTime: $0.startTime, minSize: $0.minSize) }
        touched[0].hasOtherFields = true
        #expect(Self.diff(wanted, live: touched).updates.map(\.name) == ["termscale-web-20270112T0845Z"])
    }

    @Test func aRaiseMovesEarlierAndAReleaseLaterOffOthersStartTimes() {
        let wanted = Self.schedule([Self.action("2027-01-12T08:45:00Z", 21), Self.action("2027-01-12T11:45:00Z", 2)])
        let live = [
            Self.foreign("2027-01-12T08:45:00Z"), Self.foreign("2027-01-12T08:44:00Z"), Self.foreign("2027-01-12T11:45:00Z"),
        ]
        let d = Self.diff(wanted, live: live)
        #expect(Self.times(d.desired) == ["2027-01-12T08:43:00Z 21", "2027-01-12T11:46:00Z 2"])
        #expect(d.desired.map(\.name) == ["termscale-web-20270112T0843Z", "termscale-web-20270112T1146Z"])
        #expect(
            d.notes == [
                "raise at 2027-01-12T08:45:00Z moved to 2027-01-12T08:43:00Z: another action starts at that minute",
                "release at 2027-01-12T11:45:00Z moved to 2027-01-12T11:46:00Z: another action starts at that minute",
            ])
    }

    @Test func aRaiseWithNoFreeMinuteBeforeItJoinsThePreviousAction() {
        // A release at 10:00 and a raise at 10:01, another tool at 10:01: the raise cannot move
        // to 10:00 (taken by the release) without overtaking it, so the 10:00 action carries 30.
        let wanted = Self.schedule(
            current: 20, [Self.action("2027-01-12T10:00:00Z", 10), Self.action("2027-01-12T10:01:00Z", 30)])
        let d = Self.diff(wanted, live: [Self.foreign("2027-01-12T10:01:00Z")])
        #expect(Self.times(d.desired) == ["2027-01-12T10:00:00Z 30"])
    }

    @Test func aReleaseNeverOvertakesTheActionBeforeIt() {
        // A release at 10:00 pushed to 10:01 by another tool, then a release at 10:01: it goes to 10:02.
        let wanted = Self.schedule(
            current: 30, [Self.action("2027-01-12T10:00:00Z", 20), Self.action("2027-01-12T10:01:00Z", 10)])
        let d = Self.diff(wanted, live: [Self.foreign("2027-01-12T10:00:00Z")])
        #expect(Self.times(d.desired) == ["2027-01-12T10:01:00Z 20", "2027-01-12T10:02:00Z 10"])
    }

    @Test func aRaisePushedIntoTheLeadIsAppliedNow() {
        // now 06:00, lead 3 minutes: the 06:04 raise, moved off another tool's 06:04 and 06:03,
        // would start at 06:02: MinSize 12 is set now instead.
        let wanted = Self.schedule([Self.action("2027-01-12T06:04:00Z", 12), Self.action("2027-01-12T07:00:00Z", 2)])
        let d = Self.diff(wanted, live: [Self.foreign("2027-01-12T06:04:00Z"), Self.foreign("2027-01-12T06:03:00Z")])
        #expect(d.minSizeNow == 12)
        #expect(Self.times(d.desired) == ["2027-01-12T07:00:00Z 2"])
    }

    @Test func theLevelNowIsTheHighestOfTheLead() {
        let d = Self.diff(Self.schedule(current: 4, []), plannedNow: 9, live: [])
        #expect(d.minSizeNow == 9)
        #expect(Self.diff(Self.schedule(current: 4, []), plannedNow: 3, live: []).minSizeNow == 4)
    }

    @Test func actionsAlreadyDueAreLeftAloneAndOnesDueInTheLeadStayOnlyIfPlanned() {
        // now 06:00: 05:59 is due (AWS may still list it), 06:01 and 06:02 are within the lead.
        let live: [ActionReconcile.LiveAction] = [
            .init(name: "termscale-web-20270112T0559Z", startTime: utc("2027-01-12T05:59:00Z"), minSize: 7),
            .init(name: "termscale-web-20270112T0601Z", startTime: utc("2027-01-12T06:01:00Z"), minSize: 9),
            .init(name: "termscale-web-20270112T0602Z", startTime: utc("2027-01-12T06:02:00Z"), minSize: 2),
        ]
        // The plan: 9 from 06:01 (as pushed); the 06:02 release to 2 is no longer in it.
        let d = ActionReconcile.diff(
            schedule: Self.schedule(current: 9, []), plannedNow: 9, live: live, group: "web", now: Self.now, leadTime: 180,
            plannedLevel: { $0 >= utc("2027-01-12T06:01:00Z") ? 9 : 4 })
        #expect(d.dueAsPlanned == ["termscale-web-20270112T0601Z"])
        #expect(d.dueNotPlanned == ["termscale-web-20270112T0602Z"])
        #expect(d.deletes == ["termscale-web-20270112T0602Z"])
        #expect(d.unchanged == 1)
        #expect(d.puts.isEmpty && d.updates.isEmpty)
    }
}
