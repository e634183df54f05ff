import Foundation
import TermscaleCore
import TermscaleReports
import TermscaleTestSupport
import Testing

@Suite struct GroupStatusRendererTests {
    static func report(mix: GroupStatusReport.Mix?, actions: [GroupStatusReport.Action]) -> GroupStatusReport {
        GroupStatusReport(
            group: "moodle-web", region: "eu-west-2", regionSource: "--region",
            endpoint: "https://autoscaling.eu-west-2.amazonaws.com/", endpointSource: "default",
            minSize: 2, maxSize: 60, desiredCapacity: 3, instances: 3, instancesInService: 2, mix: mix,
            scheduledActions: actions, now: utc("2027-01-12T08:00:00Z"))
    }

    static func own(_ at: String, _ minSize: Int) -> GroupStatusReport.Action {
        let start = utc(at)
        return .init(
            name: ScheduledAction.name(group: "moodle-web", startTime: start), startTime: start, minSize: minSize,
            isTermscales: true)
    }

    @Test func textShowsTheNextFiveOfTermscalesOwnUpcomingActionsInStartOrder() {
        let actions = [
            Self.own("2027-01-12T13:15:00Z", 5), Self.own("2027-01-12T07:45:00Z", 9), // the second one is past
            .init(name: "nightly", startTime: utc("2027-01-12T09:00:00Z"), minSize: 1, isTermscales: false),
            Self.own("2027-01-12T08:45:00Z", 31), Self.own("2027-01-13T08:45:00Z", 12), Self.own("2027-01-12T11:45:00Z", 6),
            Self.own("2027-01-14T08:45:00Z", 20), Self.own("2027-01-15T08:45:00Z", 21),
        ]
        let text = GroupStatusTextRenderer().render(
            Self.report(
                mix: .init(onDemandBase: 1, onDemandPercentAboveBase: 25, spotAllocationStrategy: "price-capacity-optimized"),
                actions: actions))
        #expect(
            text == """
                group moodle-web · region eu-west-2 (--region) · endpoint https://autoscaling.eu-west-2.amazonaws.com/ (default)
                MinSize 2 · MaxSize 60 · DesiredCapacity 3 · instances 3 (2 InService)
                mix: on-demand base 1, 25% on-demand above base, spot price-capacity-optimized
                scheduled actions: 8 (7 termscale's, 1 others'); 117 of AWS's 125 left
                  next: 2027-01-12T08:45:00Z  MinSize 31  termscale-moodle-web-20270112T0845Z
                  next: 2027-01-12T11:45:00Z  MinSize 6  termscale-moodle-web-20270112T1145Z
                  next: 2027-01-12T13:15:00Z  MinSize 5  termscale-moodle-web-20270112T1315Z
                  next: 2027-01-13T08:45:00Z  MinSize 12  termscale-moodle-web-20270113T0845Z
                  next: 2027-01-14T08:45:00Z  MinSize 20  termscale-moodle-web-20270114T0845Z

                """)
    }

    @Test func aGroupWithoutAMixAndOverTheQuotaSaysSo() {
        let actions = (0..<130).map { i in
            GroupStatusReport.Action(name: "other-\(i)", startTime: nil, minSize: nil, isTermscales: false)
        }
        let text = GroupStatusTextRenderer().render(Self.report(mix: nil, actions: actions))
        #expect(
            text.split(separator: "\n").dropFirst(2).map(String.init) == [
                "mix: no mixed instances policy (on-demand only)",
                "scheduled actions: 130 (0 termscale's, 130 others'); 0 of AWS's 125 left",
            ])
    }

    @Test func jsonHasEveryFieldAndNullForWhatIsMissing() {
        let json = GroupStatusJSONRenderer().render(
            Self.report(
                mix: nil,
                actions: [
                    Self.own("2027-01-12T08:45:00Z", 31),
                    .init(name: "legacy", startTime: nil, minSize: nil, isTermscales: false),
                ]))
        #expect(
            json == """
                {
                  "group": "moodle-web",
                  "region": "eu-west-2",
                  "region_source": "--region",
                  "endpoint": "https://autoscaling.eu-west-2.amazonaws.com/",
                  "endpoint_source": "default",
                  "now": "2027-01-12T08:00:00Z",
                  "min_size": 2,
                  "max_size": 60,
                  "desired_capacity": 3,
                  "instances": 3,
                  "instances_in_service": 2,
                  "mix": null,
                  "action_quota": 125,
                  "action_slots_left": 123,
                  "scheduled_actions": [
                    {
                      "name": "legacy",
                      "start_time": null,
                      "min_size": null,
                      "termscale": false
                    },
                    {
                      "name": "termscale-moodle-web-20270112T0845Z",
                      "start_time": "2027-01-12T08:45:00Z",
                      "min_size": 31,
                      "termscale": true
                    }
                  ]
                }

                """)
    }
}
