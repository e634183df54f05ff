import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// Against a real moto_server with signature checking on: set up an IAM user allowed
/// `autoscaling:*`, a launch template and a group in the first (unchecked) requests, then
/// drive every Auto Scaling operation signed with that user's new key, over libcurl.
@Suite(.serialized) struct MotoIntegrationTests {
    static let region = "eu-west-2"
    static let group = "moodle-web"

    struct Fixture {
        let moto: MotoServer
        let key: Credentials
        let launchTemplateID: String

        func client(_ credentials: Credentials? = nil, logs: LogCapture = LogCapture()) -> AutoScalingClient {
            let creds = credentials ?? key
            return AutoScalingClient(
                query: AWSQueryClient(
                    endpoint: moto.endpoint, service: "autoscaling", region: MotoIntegrationTests.region,
                    credentials: { creds }, transport: CurlTransport(), retry: RetryStrategy(maxAttempts: 3, sleep: { _ in }),
                    logger: logs.logger))
        }
    }

    /// A moto_server with the group, its launch template and an IAM user allowed `autoscaling:*`,
    /// made in its unchecked first requests; every request after them is signature-checked.
    static func setup() throws -> Fixture {
        let moto = try MotoServer(unauthenticatedRequests: MotoServer.autoScalingSetupRequests)
        let account = try moto.setUpAutoScalingGroup(group, region: region)
        return Fixture(
            moto: moto,
            key: Credentials(
                accessKeyID: account.accessKeyID, secretAccessKey: account.secretAccessKey,
                source: "moto IAM user"),
            launchTemplateID: account.launchTemplateID)
    }

    @Test func scheduledActionsRoundTripSigned() throws {
        let f = try Self.setup()
        let client = f.client()
        let first = utc("2031-01-13T08:45:00Z")
        let actions = (0..<120).map { i in
            ScheduledActionRequest(
                name: ScheduledAction.name(group: Self.group, startTime: first.addingTimeInterval(Double(i) * 1800)),
                startTime: first.addingTimeInterval(Double(i) * 1800), minSize: 2 + i % 30)
        }
        #expect(try client.putScheduledActions(group: Self.group, actions) == [])
        let stored = try client.describeScheduledActions(group: Self.group).sorted { $0.name < $1.name }
        #expect(stored.count == 120)
        #expect(stored.first?.name == "termscale-moodle-web-20310113T0845Z")
        #expect(stored.first?.startTime == first)
        #expect(stored.first?.minSize == 2)
        #expect(stored.last?.name == "termscale-moodle-web-20310115T2015Z")
        #expect(stored.last?.minSize == 2 + 119 % 30)

        let doomed = Array(actions.prefix(30).map(\.name))
        #expect(try client.deleteScheduledActions(group: Self.group, names: doomed) == [])
        let left = try client.describeScheduledActions(group: Self.group)
        #expect(left.count == 90)
        #expect(Set(left.map(\.name)).isDisjoint(with: doomed))
    }

    /// A BatchDelete retried after a lost answer finds the names gone: moto, like AWS, reports each
    /// as "not found", and that is success.
    @Test func deletingTheSameActionTwiceSucceedsTwice() throws {
        let f = try Self.setup()
        let client = f.client()
        let start = utc("2031-01-13T08:45:00Z")
        let name = ScheduledAction.name(group: Self.group, startTime: start)
        #expect(try client.putScheduledActions(group: Self.group, [.init(name: name, startTime: start, minSize: 6)]) == [])
        #expect(try client.deleteScheduledActions(group: Self.group, names: [name]) == [])
        #expect(try client.deleteScheduledActions(group: Self.group, names: [name, "termscale-moodle-web-never"]) == [])
        #expect(try client.describeScheduledActions(group: Self.group) == [])
        // What moto answered, read without the client's filter: the per-item "not found".
        let raw = try client.query.call(
            AWSQueryRequest(
                action: "BatchDeleteScheduledAction",
                parameters: [("AutoScalingGroupName", Self.group), ("ScheduledActionNames.member.1", name)]))
        let items = AutoScalingClient.failures(raw.all("BatchDeleteScheduledActionResult/FailedScheduledActions/member"))
        #expect(items == [BatchItemFailure(name: name, code: "ValidationError", message: "Scheduled action name not found")])
        #expect(items.map(\.isScheduledActionNotFound) == [true])
    }

    @Test func mixedInstancesPolicyIsUpdatedWhole() throws {
        let f = try Self.setup()
        let client = f.client()
        let group = try #require(try client.describeAutoScalingGroup(name: Self.group))
        #expect(group.minSize == 2)
        #expect(group.maxSize == 60)
        var mixed = try #require(group.mixedInstancesPolicy)
        #expect(mixed.instancesDistribution.onDemandPercentageAboveBaseCapacity == 25)
        #expect(mixed.overrides.map(\.instanceType) == ["c6i.xlarge", "c5.xlarge"])
        // Exam time: 100 % on-demand above the base, everything else as read.
        mixed.instancesDistribution.onDemandPercentageAboveBaseCapacity = 100
        try client.updateAutoScalingGroup(name: Self.group, minSize: 6, mixedInstancesPolicy: mixed)
        let after = try #require(try client.describeAutoScalingGroup(name: Self.group))
        #expect(after.minSize == 6)
        #expect(after.mixedInstancesPolicy?.instancesDistribution.onDemandPercentageAboveBaseCapacity == 100)
        #expect(after.mixedInstancesPolicy?.instancesDistribution.onDemandBaseCapacity == 2)
        #expect(after.mixedInstancesPolicy?.overrides.map(\.instanceType) == ["c6i.xlarge", "c5.xlarge"])
        #expect(after.mixedInstancesPolicy?.launchTemplate.id == f.launchTemplateID)
    }

    /// Attribute-based instance selection and a per-override AMI survive a mix switch: created in
    /// moto, read, sent back with only the distribution changed, read again.
    @Test func instanceRequirementsAndImageIdSurviveAMixSwitch() throws {
        let f = try Self.setup()
        let client = f.client()
        let policy = "MixedInstancesPolicy.LaunchTemplate"
        let requirements = "\(policy).Overrides.member.1.InstanceRequirements"
        _ = try client.query.call(
            AWSQueryRequest(
                action: "CreateAutoScalingGroup",
                parameters: [
                    ("AutoScalingGroupName", "exam-abs"), ("MinSize", "1"), ("MaxSize", "20"), ("DesiredCapacity", "1"),
                    ("AvailabilityZones.member.1", "\(Self.region)a"),
                    ("\(policy).LaunchTemplateSpecification.LaunchTemplateId", f.launchTemplateID),
                    ("\(policy).LaunchTemplateSpecification.Version", "$Latest"),
                    ("\(requirements).VCpuCount.Min", "4"), ("\(requirements).VCpuCount.Max", "16"),
                    ("\(requirements).MemoryMiB.Min", "8192"),
                    ("\(requirements).CpuManufacturers.member.1", "intel"),
                    ("\(requirements).CpuManufacturers.member.2", "amd"),
                    ("\(requirements).MemoryGiBPerVCpu.Max", "8.5"),
                    ("\(requirements).ExcludedInstanceTypes.member.1", "t2.*"),
                    ("\(requirements).BurstablePerformance", "excluded"),
                    ("\(requirements).RequireHibernateSupport", "false"),
                    ("\(requirements).BaselinePerformanceFactors.Cpu.Reference.item.1.InstanceFamily", "c6i"),
                    ("\(policy).Overrides.member.1.ImageId", "ami-0123456789abcdef0"),
                    ("\(policy).Overrides.member.2.InstanceType", "c5.xlarge"),
                    ("\(policy).Overrides.member.2.WeightedCapacity", "2"),
                    ("\(policy).Overrides.member.2.LaunchTemplateSpecification.LaunchTemplateName", Self.group),
                    ("\(policy).Overrides.member.2.LaunchTemplateSpecification.Version", "1"),
                    ("MixedInstancesPolicy.InstancesDistribution.OnDemandAllocationStrategy", "prioritized"),
                    ("MixedInstancesPolicy.InstancesDistribution.OnDemandBaseCapacity", "1"),
                    ("MixedInstancesPolicy.InstancesDistribution.OnDemandPercentageAboveBaseCapacity", "0"),
                    ("MixedInstancesPolicy.InstancesDistribution.SpotAllocationStrategy", "price-capacity-optimized"),
                    ("MixedInstancesPolicy.InstancesDistribution.SpotMaxPrice", ""),
                ]))

        let before = try #require(try client.describeAutoScalingGroup(name: "exam-abs")?.mixedInstancesPolicy)
        #expect(before.unknownFields == [])
        #expect(before.launchTemplate == .init(id: f.launchTemplateID, name: Self.group, version: "$Latest"))
        #expect(
            before.overrides == [
                .init(
                    instanceRequirements: .init([
                        .init("VCpuCount.Min", "4"), .init("VCpuCount.Max", "16"), .init("MemoryMiB.Min", "8192"),
                        .init("CpuManufacturers.member.1", "intel"), .init("CpuManufacturers.member.2", "amd"),
                        .init("MemoryGiBPerVCpu.Max", "8.5"), .init("ExcludedInstanceTypes.member.1", "t2.*"),
                        .init("BurstablePerformance", "excluded"), .init("RequireHibernateSupport", "false"),
                        .init("BaselinePerformanceFactors.Cpu.Reference.item.1.InstanceFamily", "c6i"),
                    ]),
                    imageId: "ami-0123456789abcdef0"),
                .init(
                    instanceType: "c5.xlarge", weightedCapacity: "2",
                    launchTemplate: .init(name: Self.group, version: "1")),
            ])
        #expect(
            before.instancesDistribution
                == .init(
                    onDemandAllocationStrategy: "prioritized", onDemandBaseCapacity: 1,
                    onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: "price-capacity-optimized",
                    spotMaxPrice: ""))

        // The exam mix: only the distribution changes.
        var onDemand = before
        onDemand.instancesDistribution.onDemandPercentageAboveBaseCapacity = 100
        try client.updateAutoScalingGroup(name: "exam-abs", mixedInstancesPolicy: onDemand)
        let after = try #require(try client.describeAutoScalingGroup(name: "exam-abs")?.mixedInstancesPolicy)
        #expect(after == onDemand)
        #expect(after.launchTemplate == before.launchTemplate)
        #expect(after.overrides == before.overrides)
        #expect(after.instancesDistribution.onDemandPercentageAboveBaseCapacity == 100)
    }

    @Test func targetTrackingPolicyRoundTrip() throws {
        let f = try Self.setup()
        let client = f.client()
        let ours = TargetTrackingPolicy(
            name: "termscale-cpu", metricType: "ASGAverageCPUUtilization", targetValue: 55, disableScaleIn: false,
            estimatedInstanceWarmup: 300)
        try client.putTargetTrackingPolicy(group: Self.group, ours)
        // Someone's own policy on a CloudWatch metric, beside it.
        _ = try client.query.call(
            AWSQueryRequest(
                action: "PutScalingPolicy",
                parameters: [
                    ("AutoScalingGroupName", Self.group), ("PolicyName", "sessions"),
                    ("PolicyType", "TargetTrackingScaling"),
                    ("TargetTrackingConfiguration.CustomizedMetricSpecification.MetricName", "ActiveSessions"),
                    ("TargetTrackingConfiguration.CustomizedMetricSpecification.Namespace", "Moodle"),
                    ("TargetTrackingConfiguration.CustomizedMetricSpecification.Statistic", "Average"),
                    ("TargetTrackingConfiguration.TargetValue", "40.5"),
                ]))
        let policies = try client.describePolicies(group: Self.group)
        #expect(policies.map(\.name) == ["termscale-cpu", "sessions"])
        #expect(policies.first?.targetTrackingPolicy == ours)
        #expect(
            policies.last?.targetTracking
                == .init(
                    metric: .customized(.init(metricName: "ActiveSessions", namespace: "Moodle", statistic: "Average")),
                    targetValue: 40.5))
        #expect(policies.map(\.hasCustomizedMetric) == [false, true])
    }

    @Test func wrongSecretFailsClearlyAndLeaksNothing() throws {
        let f = try Self.setup()
        let wrong = Credentials(accessKeyID: f.key.accessKeyID, secretAccessKey: "not-the-secret-0123456789", source: "test")
        let logs = LogCapture()
        var message = ""
        #expect {
            _ = try f.client(wrong, logs: logs).describeScheduledActions(group: Self.group)
        } throws: { error in
            message = String(describing: error)
            return (error as? AWSServiceError)?.code == "SignatureDoesNotMatch"
        }
        #expect(message.contains("signature does not match"), "\(message)")
        #expect(message.contains("check your credentials"), "\(message)")
        // A succeeding call with the right key, logged verbosely as well.
        _ = try f.client(logs: logs).describeScheduledActions(group: Self.group)
        #expect(logs.lines.count >= 2)
        for text in logs.lines + [message] {
            #expect(!text.contains(wrong.secretAccessKey))
            #expect(!text.contains(f.key.secretAccessKey))
        }
    }
}
