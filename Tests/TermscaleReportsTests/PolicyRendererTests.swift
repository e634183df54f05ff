import Foundation
import TermscaleCore
import TermscaleReaders
import TermscaleReports
import Testing

/// `termscale policy check`'s output: the resolved policy, defaults filled in, and a derived summary.
@Suite struct PolicyRendererTests {
    static let sampleURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("policies/moodle-web.yaml")

    func sample() throws -> Policy {
        try PolicyReader.read([UInt8](Data(contentsOf: Self.sampleURL)), file: "policies/moodle-web.yaml")
    }

    /// Only the required values: everything else is Policy's defaults.
    static let minimal = Policy(
        name: "web", autoScalingGroup: "web-asg", region: "eu-west-2",
        capacity: .init(min: 2, max: 20, studentsPerInstance: 250, headroomPercent: 0),
        exams: .init(prewarmMinutes: 30, holdAfterMinutes: 15, mergeGapMinutes: 30),
        targetTracking: .init(metric: .asgAverageCPUUtilization, target: 62.5, warmupSeconds: 300),
        mix: .init(onDemandPercentAboveBase: 25),
        instance: .init(type: "c6i.xlarge", bootMinutes: 25, onDemandPrice: 0.202, spotPrice: 0.076, currency: "USD"))

    @Test func sampleRendersExactly() throws {
        let text = PolicyRenderer().render(PolicyFile(path: "policies/moodle-web.yaml", policy: try sample()))
        #expect(
            text == """
                # policies/moodle-web.yaml: resolved policy, defaults filled in
                name:               moodle-web
                auto_scaling_group: moodle-web
                region:             eu-west-2
                timezone:           Europe/London
                capacity:
                  min:                   2
                  max:                   60
                  students_per_instance: 250
                  headroom_percent:      20
                exams:
                  prewarm_minutes:    45
                  hold_after_minutes: 15
                  extra_time_percent: 25
                  merge_gap_minutes:  30
                  default_candidates: 150
                windows:
                  enrolment:    8
                  exams:        4
                  reading-week: 3
                  resits:       3
                  teaching:     4
                  vacation:     2
                target_tracking:
                  metric:           ALBRequestCountPerTarget
                  resource_label:   app/moodle-alb/0123456789abcdef/targetgroup/moodle-web/fedcba9876543210
                  target:           1000
                  warmup_seconds:   300
                  disable_scale_in: false
                mix:
                  on_demand_base:               2
                  on_demand_percent_above_base: 25
                  spot_allocation_strategy:     price-capacity-optimized
                  switch:                       scheduler
                  scheduler_role_arn:           "arn:aws:iam::123456789012:role/termscale-scheduler"
                instance:
                  type:                      c6i.xlarge
                  boot_minutes:              8
                  on_demand_price:           0.202
                  spot_price:                0.076
                  currency:                  USD
                  # reserved_discount_percent: none: cost reports leave out static-peak-reserved
                database:
                  max_connections:          2000
                  connections_per_instance: 40
                limits:
                  max_scheduled_actions: 120
                  horizon_days:          14
                  cron_interval_minutes: 5

                # Derived:
                #   raise lead:     45 min before start; an instance boots in 8 min, leaving 37 min to spare
                #   on-demand from: 55 min before start (cron 5 + 5), until the raised period ends
                #   held until:     15 min after end + 25% of the duration as extra time (a 2-hour paper: 45 min after its end)
                #   one instance:   carries 250 × 100/(100+20) = 208 candidates
                #   database:       2000 / 40 = 50 instances at most; capacity.max 60 is above that, so plans warn when a peak needs more
                #   prices:         on-demand 0.202 USD/h, Spot 0.076 USD/h (Spot 62% less)
                #   actions:        at most 120 scheduled actions over the next 14 days

                """)
    }

    @Test func defaultsAreFilledInAndAbsentValuesSaySo() {
        let lines = PolicyRenderer().render(PolicyFile(path: "web.yaml", policy: Self.minimal)).split(separator: "\n").map(
            String.init)
        for line in [
            "timezone:           Europe/London",
            "  extra_time_percent: 0",
            "  # default_candidates: none: sessions without a candidate count are errors",
            "  # reserved_discount_percent: none: cost reports leave out static-peak-reserved",
            "windows: {}",
            "  # resource_label:   none: only ALBRequestCountPerTarget takes one",
            "  target:           62.5",
            "  disable_scale_in: false",
            "  on_demand_base:               0",
            "  spot_allocation_strategy:     price-capacity-optimized",
            "# database: none: database connections are not checked",
            "  max_scheduled_actions: 120",
            "  horizon_days:          14",
            "  cron_interval_minutes: 5",
            "#   raise lead:     30 min before start; an instance boots in 25 min, leaving 5 min: under 10, plans warn",
            "#   held until:     15 min after end",
            "#   one instance:   carries 250 × 100/(100+0) = 250 candidates",
        ] {
            #expect(lines.contains(line), "\(line)")
        }
        #expect(!lines.contains { $0.contains("database:  ") })
    }

    @Test func theOutputReadsBackAsTheSamePolicy() throws {
        var reserved = Self.minimal
        reserved.instance.reservedDiscountPercent = 30
        let reservedText = PolicyRenderer().render(PolicyFile(path: "p.yaml", policy: reserved))
        #expect(reservedText.contains("  reserved_discount_percent: 30\n"))
        for policy in [try sample(), Self.minimal, reserved] {
            let text = PolicyRenderer().render(PolicyFile(path: "p.yaml", policy: policy))
            #expect(try PolicyReader.read(Array(text.utf8), file: "p.yaml") == policy)
        }
    }

    @Test func textThatYAMLWouldReadOtherwiseIsQuoted() throws {
        var policy = Self.minimal
        policy.name = "2027"
        policy.region = "yes"
        policy.instance.type = "c6i: \"x\"\n"
        let text = PolicyRenderer().render(PolicyFile(path: "p.yaml", policy: policy))
        #expect(text.contains("name:               \"2027\"\n"))
        #expect(text.contains("region:             \"yes\"\n"))
        #expect(text.contains("  type:                      \"c6i: \\\"x\\\"\\n\"\n"))
        #expect(try PolicyReader.read(Array(text.utf8), file: "p.yaml") == policy)
    }
}
