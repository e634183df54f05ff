import Foundation
import TermscaleCore
import Testing

@testable import TermscaleReaders

/// The policy file reader: the shipped sample, defaults, and every kind of problem with its exact
/// `file:line: field: message`.
@Suite struct PolicyReaderTests {
    static let sampleURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("policies/moodle-web.yaml")

    /// The smallest valid policy: only required keys. Line numbers are referred to in the tests.
    static let minimal = """
        name: web
        auto_scaling_group: web-asg
        region: eu-west-2
        capacity:
          min: 2
          max: 20
          students_per_instance: 250
          headroom_percent: 20
        exams:
          prewarm_minutes: 45
          hold_after_minutes: 15
          merge_gap_minutes: 30
        target_tracking:
          metric: ASGAverageCPUUtilization
          target: 60
          warmup_seconds: 300
        mix:
          on_demand_percent_above_base: 25
        instance:
          type: c6i.xlarge
          boot_minutes: 8
          on_demand_price: 0.202
          spot_price: 0.076
          currency: USD

        """

    /// `minimal` with each `old` line replaced by `new` (which may span several lines, or be empty
    /// to delete it).
    static func minimal(_ edits: (old: String, new: String)...) -> String {
        var text = minimal
        for edit in edits {
            precondition(text.contains(edit.old + "\n"), "no line \(edit.old)")
            text = text.replacing(edit.old + "\n", with: edit.new.isEmpty ? "" : edit.new + "\n", maxReplacements: 1)
        }
        return text
    }

    func read(_ yaml: String) throws -> Policy {
        try PolicyReader.read(Array(yaml.utf8), file: "policy.yaml")
    }

    /// The `file:line: field: message` lines `bytes` is refused with; empty when it is accepted.
    func problems(bytes: [UInt8]) -> [String] {
        do {
            _ = try PolicyReader.read(bytes, file: "policy.yaml")
            return []
        } catch let error as DiagnosticsError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["unexpected error: \(error)"]
        }
    }

    func problems(_ yaml: String) -> [String] { problems(bytes: Array(yaml.utf8)) }

    // MARK: - Accepted files

    @Test func sampleFileReadsToTheExpectedPolicy() throws {
        let bytes = try [UInt8](Data(contentsOf: Self.sampleURL))
        let policy = try PolicyReader.read(bytes, file: "policies/moodle-web.yaml")
        let expected = Policy(
            name: "moodle-web", autoScalingGroup: "moodle-web", region: "eu-west-2", timezone: .europeLondon,
            capacity: .init(min: 2, max: 60, studentsPerInstance: 250, headroomPercent: 20),
            exams: .init(
                prewarmMinutes: 45, holdAfterMinutes: 15, extraTimePercent: 25, mergeGapMinutes: 30,
                defaultCandidates: 150),
            windows: ["enrolment": 8, "teaching": 4, "exams": 4, "reading-week": 3, "resits": 3, "vacation": 2],
            targetTracking: .init(
                metric: .albRequestCountPerTarget,
                resourceLabel: "app/moodle-alb/0123456789abcdef/targetgroup/moodle-web/fedcba9876543210",
                target: 1000, warmupSeconds: 300, disableScaleIn: false),
            mix: .init(
                onDemandBase: 2, onDemandPercentAboveBase: 25, spotAllocationStrategy: .priceCapacityOptimized,
                switchedBy: .scheduler, schedulerRoleArn: "arn:aws:iam::123456789012:role/termscale-scheduler"),
            instance: .init(type: "c6i.xlarge", bootMinutes: 8, onDemandPrice: 0.202, spotPrice: 0.076, currency: "USD"),
            database: .init(maxConnections: 2000, connectionsPerInstance: 40),
            limits: .init(maxScheduledActions: 120, horizonDays: 14, cronIntervalMinutes: 5))
        #expect(policy == expected)
    }

    @Test func absentOptionalKeysTakePolicysDefaults() throws {
        let policy = try read(Self.minimal)
        #expect(
            policy
                == Policy(
                    name: "web", autoScalingGroup: "web-asg", region: "eu-west-2",
                    capacity: .init(min: 2, max: 20, studentsPerInstance: 250, headroomPercent: 20),
                    exams: .init(prewarmMinutes: 45, holdAfterMinutes: 15, mergeGapMinutes: 30),
                    targetTracking: .init(metric: .asgAverageCPUUtilization, target: 60, warmupSeconds: 300),
                    mix: .init(onDemandPercentAboveBase: 25),
                    instance: .init(type: "c6i.xlarge", bootMinutes: 8, onDemandPrice: 0.202, spotPrice: 0.076, currency: "USD")))
        #expect(policy.timezone.identifier == "Europe/London")
        #expect(policy.exams.extraTimePercent == 0 && policy.exams.defaultCandidates == nil)
        #expect(policy.windows.isEmpty && policy.database == nil)
        #expect(policy.targetTracking.resourceLabel == nil && policy.targetTracking.disableScaleIn == false)
        #expect(policy.mix.onDemandBase == 0 && policy.mix.spotAllocationStrategy == .priceCapacityOptimized)
        #expect(policy.limits == Policy.Limits(maxScheduledActions: 120, horizonDays: 14, cronIntervalMinutes: 5))
    }

    @Test func partialLimitsKeepTheOtherDefaults() throws {
        let policy = try read(Self.minimal + "limits:\n  horizon_days: 7\n")
        #expect(policy.limits == Policy.Limits(maxScheduledActions: 120, horizonDays: 7, cronIntervalMinutes: 5))
    }

    @Test func integersAreNumbersAndQuotedTextIsText() throws {
        let policy = try read(
            Self.minimal(
                ("  target: 60", "  target: 62.5"), ("name: web", "name: \"2027\""),
                ("region: eu-west-2", "region: 'eu-west-2'")))
        #expect(policy.targetTracking.target == 62.5 && policy.name == "2027" && policy.region == "eu-west-2")
        #expect(try read(Self.minimal).targetTracking.target == 60)
    }

    @Test func crlfLineEndingsAndAByteOrderMarkAreFine() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Self.minimal.replacing("\n", with: "\r\n").utf8)
        #expect(try PolicyReader.read(bytes, file: "policy.yaml") == read(Self.minimal))
    }

    // MARK: - Keys

    @Test func unknownKeysSuggestTheClosestKnownKey() {
        #expect(
            problems(
                Self.minimal(
                    ("  prewarm_minutes: 45", "  prewarm_minute: 45"),
                    ("region: eu-west-2", "region: eu-west-2\ncolour: blue"),
                    ("  currency: USD", "  currency: USD\n  spot_prise: 0.07\n  vcpus: 4"),
                    ("  boot_minutes: 8", "  boot_minutes: 8\n  boot_mintues: 8"))) == [
                    "policy.yaml:4: colour: unknown key; a policy takes name, auto_scaling_group, region, timezone, "
                        + "capacity, exams, windows, target_tracking, mix, instance, database, limits",
                    "policy.yaml:10: exams.prewarm_minutes: required key missing; add prewarm_minutes under exams",
                    "policy.yaml:11: exams.prewarm_minute: unknown key; did you mean prewarm_minutes?",
                    "policy.yaml:23: instance.boot_mintues: unknown key; did you mean boot_minutes?",
                    "policy.yaml:27: instance.spot_prise: unknown key; did you mean spot_price?",
                    "policy.yaml:28: instance.vcpus: unknown key; instance takes type, boot_minutes, on_demand_price, "
                        + "spot_price, currency, reserved_discount_percent",
                ])
    }

    @Test func reservedDiscountIsOptionalAndRead() throws {
        #expect(try read(Self.minimal).instance.reservedDiscountPercent == nil)
        let policy = try read(Self.minimal(("  currency: USD", "  currency: USD\n  reserved_discount_percent: 37")))
        #expect(policy.instance.reservedDiscountPercent == 37)
        #expect(
            problems(Self.minimal(("  currency: USD", "  currency: USD\n  reserved_discount_percent: 120"))) == [
                "policy.yaml:25: instance.reserved_discount_percent: must be 0–100, is 120"
            ])
    }

    @Test func repeatedKeysAreEachReportedWithTheFirstLine() {
        #expect(
            problems(Self.minimal(("  max: 20", "  max: 20\n  min: 3"), ("region: eu-west-2", "region: eu-west-2\nname: web2")))
                == [
                    "policy.yaml:4: name: duplicate key (first on line 1); keep only one",
                    "policy.yaml:8: capacity.min: duplicate key (first on line 6); keep only one",
                ])
    }

    @Test func repeatedKeysDoNotHideOtherProblems() {
        #expect(
            problems(Self.minimal(("  max: 20", "  max: 20\n  max: 30"), ("  prewarm_minutes: 45", "  prewarm_minutes: 29"))) == [
                "policy.yaml:7: capacity.max: duplicate key (first on line 6); keep only one",
                "policy.yaml:11: exams.prewarm_minutes: must be 30–60, is 29",
            ])
    }

    @Test func repeatedKeysInAFlowMappingAreReportedAsYamsFindsThem() {
        #expect(
            problems(Self.minimal + "limits: {horizon_days: 7, horizon_days: 8}\n") == [
                "policy.yaml:25: duplicate key horizon_days; keep only one"
            ])
    }

    @Test func missingKeysAndSectionsAreReportedAtTheirParent() {
        #expect(
            problems(
                Self.minimal(
                    ("region: eu-west-2", ""), ("  type: c6i.xlarge", ""),
                    ("exams:", ""), ("  prewarm_minutes: 45", ""), ("  hold_after_minutes: 15", ""),
                    ("  merge_gap_minutes: 30", ""))) == [
                    "policy.yaml:1: region: required key missing; add region at the top level",
                    "policy.yaml:1: exams: required section missing; add exams at the top level with prewarm_minutes, "
                        + "hold_after_minutes, extra_time_percent, merge_gap_minutes, default_candidates",
                    "policy.yaml:14: instance.type: required key missing; add type under instance",
                ])
    }

    @Test func aPresentDatabaseNeedsBothKeys() {
        #expect(
            problems(Self.minimal + "database:\n  max_connections: 2000\n") == [
                "policy.yaml:25: database.connections_per_instance: required key missing; add connections_per_instance under database"
            ])
    }

    // MARK: - Types

    @Test func wrongTypesNameWhatWasExpectedAndFound() {
        #expect(
            problems(
                Self.minimal(
                    ("  prewarm_minutes: 45", "  prewarm_minutes: forty"),
                    ("  hold_after_minutes: 15", "  hold_after_minutes: 15.5"),
                    ("  merge_gap_minutes: 30", "  merge_gap_minutes: \"30\""),
                    ("  target: 60", "  target: high"),
                    ("  warmup_seconds: 300", "  warmup_seconds: [300]\n  disable_scale_in: yes"),
                    ("  spot_price: 0.076", "  spot_price: true"),
                    ("name: web", "name:"))) == [
                    "policy.yaml:1: name: expected text, found nothing; give a value or leave the key out",
                    "policy.yaml:10: exams.prewarm_minutes: expected a whole number, found \"forty\"",
                    "policy.yaml:11: exams.hold_after_minutes: expected a whole number, found 15.5",
                    "policy.yaml:12: exams.merge_gap_minutes: expected a whole number, found \"30\" in quotes, which makes it "
                        + "text; remove the quotes",
                    "policy.yaml:15: target_tracking.target: expected a number, found \"high\"",
                    "policy.yaml:16: target_tracking.warmup_seconds: expected a whole number, found a list",
                    "policy.yaml:17: target_tracking.disable_scale_in: expected true or false, found \"yes\"",
                    "policy.yaml:24: instance.spot_price: expected a number, found true",
                ])
    }

    @Test func wholeNumbersBeyond64BitsAreTooLarge() {
        #expect(
            problems(Self.minimal(("  max: 20", "  max: 99999999999999999999"))) == [
                "policy.yaml:6: capacity.max: 99999999999999999999 is too large; no value here needs that many digits"
            ])
    }

    @Test func onlyTrueAndFalseAreBooleans() throws {
        for word in ["yes", "no", "on", "off", "True", "FALSE", "1", "y"] {
            let text = Self.minimal(("  warmup_seconds: 300", "  warmup_seconds: 300\n  disable_scale_in: \(word)"))
            #expect(problems(text).count == 1, "\(word)")
        }
        let on = Self.minimal(("  warmup_seconds: 300", "  warmup_seconds: 300\n  disable_scale_in: true"))
        #expect(try read(on).targetTracking.disableScaleIn == true)
    }

    @Test func aSectionThatIsNotAMappingIsReportedOnce() {
        #expect(
            problems(Self.minimal + "windows: [teaching, exams]\nlimits: 5\n") == [
                "policy.yaml:25: windows: expected a mapping of category: floor, found a list",
                "policy.yaml:26: limits: expected a mapping of max_scheduled_actions, horizon_days, cron_interval_minutes, "
                    + "found 5",
            ])
        // The section's keys are not reported missing as well.
        #expect(
            problems(
                Self.minimal(
                    ("exams:", "exams: soon"), ("  prewarm_minutes: 45", ""),
                    ("  hold_after_minutes: 15", ""), ("  merge_gap_minutes: 30", ""))) == [
                    "policy.yaml:9: exams: expected a mapping of prewarm_minutes, hold_after_minutes, extra_time_percent, "
                        + "merge_gap_minutes, default_candidates, found \"soon\""
                ])
    }

    @Test func windowFloorsMustBeWholeNumbers() {
        #expect(
            problems(Self.minimal + "windows:\n  teaching: 4\n  enrolment: eight\n  teaching: 5\n") == [
                "policy.yaml:27: windows.enrolment: expected a whole number, found \"eight\"",
                "policy.yaml:28: windows.teaching: duplicate key (first on line 26); keep only one",
            ])
    }

    // MARK: - Allowed values

    @Test func valuesOutsideAnEnumListTheAllowedOnes() {
        #expect(
            problems(
                Self.minimal(
                    ("  metric: ASGAverageCPUUtilization", "  metric: CPUUtilization"),
                    (
                        "  on_demand_percent_above_base: 25",
                        "  on_demand_percent_above_base: 25\n  spot_allocation_strategy: cheapest"
                    ))) == [
                    "policy.yaml:14: target_tracking.metric: \"CPUUtilization\" is not allowed; use one of "
                        + "ASGAverageCPUUtilization, ASGAverageNetworkIn, ASGAverageNetworkOut, ALBRequestCountPerTarget",
                    "policy.yaml:19: mix.spot_allocation_strategy: \"cheapest\" is not allowed; use one of "
                        + "price-capacity-optimized, capacity-optimized, capacity-optimized-prioritized, lowest-price",
                ])
    }

    @Test func resourceLabelIsRequiredForALBRequestCountAndOnlyThere() throws {
        let alb = "  metric: ALBRequestCountPerTarget"
        #expect(
            problems(Self.minimal(("  metric: ASGAverageCPUUtilization", alb))) == [
                "policy.yaml:13: target_tracking.resource_label: is required for ALBRequestCountPerTarget "
                    + "(app/<lb>/<id>/targetgroup/<tg>/<id>)"
            ])
        #expect(
            problems(Self.minimal(("  target: 60", "  target: 60\n  resource_label: app/lb/1/targetgroup/tg/2"))) == [
                "policy.yaml:16: target_tracking.resource_label: applies only to ALBRequestCountPerTarget, "
                    + "not ASGAverageCPUUtilization"
            ])
        let label = "app/moodle-alb/1/targetgroup/moodle-web/2"
        let policy = try read(Self.minimal(("  metric: ASGAverageCPUUtilization", alb + "\n  resource_label: \(label)")))
        #expect(policy.targetTracking.metric == .albRequestCountPerTarget && policy.targetTracking.resourceLabel == label)
    }

    @Test func theMixSwitchIsCronUnlessSchedulerWithARole() throws {
        let mix = "  on_demand_percent_above_base: 25"
        #expect(try read(Self.minimal).mix.switchedBy == .cron)
        #expect(try read(Self.minimal).mix.schedulerRoleArn == nil)
        let role = "arn:aws:iam::123456789012:role/termscale-scheduler"
        let scheduler = try read(Self.minimal((mix, mix + "\n  switch: scheduler\n  scheduler_role_arn: \(role)")))
        #expect(scheduler.mix.switchedBy == .scheduler && scheduler.mix.schedulerRoleArn == role)
        // Lines: mix is line 17, its key 18, switch 19, the role 20.
        #expect(
            problems(Self.minimal((mix, mix + "\n  switch: scheduler"))) == [
                "policy.yaml:17: mix.scheduler_role_arn: is required with switch: scheduler: the IAM role EventBridge "
                    + "Scheduler assumes (arn:aws:iam::123456789012:role/NAME)"
            ])
        #expect(
            problems(Self.minimal((mix, mix + "\n  switch: scheduler\n  scheduler_role_arn: termscale-scheduler"))) == [
                "policy.yaml:20: mix.scheduler_role_arn: must be an IAM role ARN (arn:aws:iam::123456789012:role/NAME), "
                    + "is \"termscale-scheduler\""
            ])
        #expect(
            problems(Self.minimal((mix, mix + "\n  switch: scheduler\n  scheduler_role_arn: arn:aws:iam::12345:role/x")))
                .count == 1)
        #expect(
            problems(Self.minimal((mix, mix + "\n  scheduler_role_arn: \(role)"))) == [
                "policy.yaml:19: mix.scheduler_role_arn: applies only to switch: scheduler (the switch is cron)"
            ])
        #expect(
            problems(Self.minimal((mix, mix + "\n  switch: lambda"))).first?.hasPrefix("policy.yaml:19: mix.switch: ") == true)
    }

    // MARK: - Validation

    @Test func outOfRangeValuesAreReportedAtTheirKey() {
        #expect(
            problems(Self.minimal(("  prewarm_minutes: 45", "  prewarm_minutes: 29"))) == [
                "policy.yaml:10: exams.prewarm_minutes: must be 30–60, is 29"
            ])
        #expect(
            problems(
                Self.minimal(("  min: 2", "  min: 30"), ("region: eu-west-2", "region: eu-west-2\ntimezone: BST"))
                    + "windows:\n  Reading Week: 3\n  enrolment: 50\nlimits:\n  max_scheduled_actions: 125\n  horizon_days: 400\n"
            ) == [
                "policy.yaml:4: timezone: \"BST\" is not an IANA time zone (e.g. Europe/London)",
                "policy.yaml:6: capacity.min: must not exceed capacity.max (30 > 20)",
                "policy.yaml:27: windows.Reading Week: category must be lowercase letters, digits and '-' (\"reading-week\") "
                    + "to match calendar windows",
                "policy.yaml:28: windows.enrolment: floor 50 exceeds capacity.max 20",
                "policy.yaml:31: limits.horizon_days: must be 1–366, is 400",
            ])
    }

    @Test func aValueThatCouldNotBeReadRaisesNoFurtherProblems() {
        // A placeholder max would otherwise put min and the window floor out of range, and a bad
        // metric would make the resource label look misplaced.
        #expect(
            problems(
                Self.minimal(
                    ("  max: 20", "  max: lots"), ("  metric: ASGAverageCPUUtilization", "  metric: ALB"),
                    ("  target: 60", "  target: 60\n  resource_label: app/lb/1/targetgroup/tg/2"))
                    + "windows:\n  teaching: 4\n") == [
                    "policy.yaml:6: capacity.max: expected a whole number, found \"lots\"",
                    "policy.yaml:14: target_tracking.metric: \"ALB\" is not allowed; use one of "
                        + "ASGAverageCPUUtilization, ASGAverageNetworkIn, ASGAverageNetworkOut, ALBRequestCountPerTarget",
                ])
    }

    @Test func everyKindOfProblemInOneFileIsReportedInLineOrder() {
        let text = Self.minimal(
            ("name: web", "name: web\nregoin: eu-west-1"),
            ("  headroom_percent: 20", "  headroom_percent: twenty"),
            ("  prewarm_minutes: 45", "  prewarm_minutes: 90"),
            ("  hold_after_minutes: 15", ""),
            ("  metric: ASGAverageCPUUtilization", "  metric: ALBRequestCountPerTarget"),
            ("  on_demand_percent_above_base: 25", "  on_demand_percent_above_base: 25\n  on_demand_percent_above_base: 30"),
            ("  currency: USD", "  currency: usd"))
        #expect(
            problems(text) == [
                "policy.yaml:2: regoin: unknown key; did you mean region?",
                "policy.yaml:9: capacity.headroom_percent: expected a whole number, found \"twenty\"",
                "policy.yaml:10: exams.hold_after_minutes: required key missing; add hold_after_minutes under exams",
                "policy.yaml:11: exams.prewarm_minutes: must be 30–60, is 90",
                "policy.yaml:13: target_tracking.resource_label: is required for ALBRequestCountPerTarget "
                    + "(app/<lb>/<id>/targetgroup/<tg>/<id>)",
                "policy.yaml:19: mix.on_demand_percent_above_base: duplicate key (first on line 18); keep only one",
                "policy.yaml:25: instance.currency: must be a 3-letter ISO 4217 code such as GBP, is \"usd\"",
            ])
    }

    // MARK: - Files that are not a policy at all

    @Test func emptyFilesAreRefused() {
        let empty = ["policy.yaml:1: the file is empty; write a policy (see policies/moodle-web.yaml and the README)"]
        #expect(problems("") == empty)
        #expect(problems("# nothing yet\n\n") == empty)
        #expect(problems("---\n") == empty)
    }

    @Test func aTopLevelThatIsNotAMappingIsRefused() {
        #expect(
            problems("# a list\n- name: web\n") == [
                "policy.yaml:2: expected a mapping of policy keys (name:, capacity:, exams: …), found a list"
            ])
        #expect(
            problems("moodle\n") == [
                "policy.yaml:1: expected a mapping of policy keys (name:, capacity:, exams: …), found \"moodle\""
            ])
    }

    @Test func yamlSyntaxErrorsGiveTheLineYamsReports() {
        #expect(
            problems("name: web\ncapacity:\n  min: 2\n max: 3\n") == [
                "policy.yaml:4: is not valid YAML: did not find expected key (while parsing a block mapping); "
                    + "check the indentation, colons and quotes here"
            ])
        #expect(
            problems("name: \"web\nregion: eu-west-2\n") == [
                "policy.yaml:3: is not valid YAML: found unexpected end of stream (while scanning a quoted scalar); "
                    + "check the indentation, colons and quotes here"
            ])
    }

    @Test func bytesThatAreNotUTF8AreRefusedAtTheirLine() {
        #expect(
            problems(bytes: Array("name: web\nregion: ".utf8) + [0xFF, 0x0A]) == [
                "policy.yaml:2: is not UTF-8 text; save the file as UTF-8"
            ])
    }
}

@Suite struct PolicyScalarScanTests {
    @Test func wholeNumbersAsTheRegexReadThem() {
        for yes in ["0", "42", "-7", "+12", "007"] { #expect(PolicyScalar.isWholeNumber(yes), "\(yes)") }
        for no in ["", "-", "+", "4.0", "1e3", " 4", "4 ", "٣", "0x10"] { #expect(!PolicyScalar.isWholeNumber(no), "\(no)") }
    }

    @Test func decimalNumbersAsTheRegexReadThem() {
        for yes in ["0", "1.", ".5", "-0.25", "+3.5e-2", "1E10", "12.75", "6e+3"] {
            #expect(PolicyScalar.isDecimalNumber(yes), "\(yes)")
        }
        for no in ["", ".", "-.", "e3", "1e", "1e+", "1.2.3", "1,5", "inf", "NaN", "0x1p3", " 1", "1 "] {
            #expect(!PolicyScalar.isDecimalNumber(no), "\(no)")
        }
    }
}
