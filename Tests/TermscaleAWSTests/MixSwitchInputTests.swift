import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// A mix-switch schedule's input is UpdateAutoScalingGroup's parameters exactly as botocore types
/// them, written the same way every time, and read back to the same policy.
@Suite struct MixSwitchInputTests {
    static let script = "botocore_scheduler_input.py"

    /// The policy of the every-field fixture, read as the Auto Scaling client reads it.
    static func everyFieldPolicy() throws -> (xml: String, policy: MixedInstancesPolicy) {
        let xml = try String(contentsOf: MixedInstancesPolicyTests.everyField, encoding: .utf8)
        let group = try XMLTree.parse(Array(xml.utf8)).path("DescribeAutoScalingGroupsResult/AutoScalingGroups/member")
        let policy = MixedInstancesPolicy(described: try #require(group?.path("MixedInstancesPolicy")))
        return (xml, policy)
    }

    static let simple = MixedInstancesPolicy(
        launchTemplate: .init(id: "lt-0a1b", name: "moodle-web", version: "$Default"),
        overrides: [.init(instanceType: "c6i.xlarge"), .init(instanceType: "c5.xlarge", weightedCapacity: "2")],
        instancesDistribution: .init(
            onDemandBaseCapacity: 2, onDemandPercentageAboveBaseCapacity: 100, spotAllocationStrategy: "price-capacity-optimized")
    )

    // MARK: Against botocore

    @Test func theInstanceRequirementsShapeIsBotocores() throws {
        let json = try Botocore.run(Self.script, ["shape"])
        #expect(InputShape.instanceRequirements == (try Self.shape(JSONSerialization.jsonObject(with: json))))
    }

    /// botocore's JSON rendering of a shape (see the script) as an `InputShape`.
    static func shape(_ json: Any) throws -> InputShape {
        switch json as? String {
        case "integer": return .integer
        case "double": return .double
        case "boolean": return .boolean
        case "string": return .string
        default: break
        }
        if let members = (json as? [String: Any])?["structure"] as? [[Any]] {
            return .structure(
                try members.map { member in
                    guard let name = member[0] as? String, let query = member[1] as? String else {
                        throw Botocore.Unavailable(reason: "unexpected member JSON: \(member)")
                    }
                    return InputShape.Member(name, query: query, try shape(member[2]))
                })
        }
        if let list = (json as? [String: Any])?["list"] as? [String: Any], let item = list["item"] as? String,
            let element = list["of"]
        {
            return .list(item: item, try shape(element))
        }
        throw Botocore.Unavailable(reason: "unexpected shape JSON: \(json)")
    }

    @Test func everyFieldIsWrittenAsBotocoreTypesIt() throws {
        // Given a group whose policy uses every member of the model
        let (xml, policy) = try Self.everyFieldPolicy()

        // When termscale writes it as a schedule's input
        let input = try MixSwitchInput(groupName: "moodle-web", mixedInstancesPolicy: policy).json()

        // Then it is byte for byte botocore's parse of the same answer, dumped compactly…
        let botocore = String(decoding: try Botocore.run(Self.script, ["input"], input: Data(xml.utf8)), as: UTF8.self)
        #expect(input == botocore)
        #expect(input.contains(#""VCpuCount":{"Min":4,"Max":16}"#))
        #expect(input.contains(#""MemoryGiBPerVCpu":{"Min":2.0,"Max":8.5}"#))
        #expect(input.contains(#""RequireHibernateSupport":false"#))
        #expect(input.contains(#""AcceleratorNames":[]"#))
        #expect(input.contains(#""BaselinePerformanceFactors":{"Cpu":{"References":[{"InstanceFamily":"c6i"}]}}"#))
        #expect(input.contains(#""WeightedCapacity":"2""#))
        // …and botocore's validator finds nothing wrong with it as UpdateAutoScalingGroup's parameters
        #expect(String(decoding: try Botocore.run(Self.script, ["validate"], input: Data(input.utf8)), as: UTF8.self) == "")
    }

    @Test func botocoresValidatorWouldCatchAWronglyTypedInput() throws {
        // Without this, the test above could pass with a validator that checks nothing.
        let wrong =
            #"{"AutoScalingGroupName":"g","MixedInstancesPolicy":{"LaunchTemplate":{"Overrides":[{"InstanceRequirements":{"VCpuCount":{"Min":"4"},"MemoryMiB":{"Min":1}}}]}}}"#
        let report = String(decoding: try Botocore.run(Self.script, ["validate"], input: Data(wrong.utf8)), as: UTF8.self)
        #expect(
            report.hasPrefix(
                "Invalid type for parameter MixedInstancesPolicy.LaunchTemplate.Overrides[0].InstanceRequirements.VCpuCount.Min"))
    }

    // MARK: Determinism

    @Test func aSimplePolicyIsWrittenExactly() throws {
        let input = try MixSwitchInput(groupName: "moodle-web", mixedInstancesPolicy: Self.simple).json()
        #expect(
            input
                == #"{"AutoScalingGroupName":"moodle-web","MixedInstancesPolicy":{"LaunchTemplate":{"LaunchTemplateSpecification":"#
                + #"{"LaunchTemplateId":"lt-0a1b","Version":"$Default"},"Overrides":[{"InstanceType":"c6i.xlarge"},"#
                + #"{"InstanceType":"c5.xlarge","WeightedCapacity":"2"}]},"InstancesDistribution":{"OnDemandBaseCapacity":2,"#
                + #""OnDemandPercentageAboveBaseCapacity":100,"SpotAllocationStrategy":"price-capacity-optimized"}}}"#)
    }

    @Test func theSamePolicyGivesTheSameTextWhateverTheOrderItWasDescribedIn() throws {
        let (_, policy) = try Self.everyFieldPolicy()
        var shuffled = policy
        var random = SplitMix64(seed: 10)
        for index in shuffled.overrides.indices {
            shuffled.overrides[index].instanceRequirements?.fields.shuffle(using: &random)
        }
        #expect(shuffled != policy)
        let text = try MixSwitchInput(groupName: "moodle-web", mixedInstancesPolicy: policy).json()
        #expect(try MixSwitchInput(groupName: "moodle-web", mixedInstancesPolicy: shuffled).json() == text)
        #expect(try MixSwitchInput(groupName: "moodle-web", mixedInstancesPolicy: policy).json() == text)
        // A launch template without an id is named; an unset distribution field is left out.
        var named = Self.simple
        named.launchTemplate = .init(name: "moodle-web", version: "7")
        named.instancesDistribution = .init(onDemandPercentageAboveBaseCapacity: 0)
        let namedText = try MixSwitchInput(groupName: "g", mixedInstancesPolicy: named).json()
        #expect(namedText.contains(#""LaunchTemplateSpecification":{"LaunchTemplateName":"moodle-web","Version":"7"}"#))
        #expect(namedText.hasSuffix(#""InstancesDistribution":{"OnDemandPercentageAboveBaseCapacity":0}}}"#))
    }

    // MARK: Round trip

    @Test func anInputIsReadBackToThePolicyItWasWrittenFrom() throws {
        let (_, policy) = try Self.everyFieldPolicy()
        let text = try MixSwitchInput(groupName: "moodle-web", mixedInstancesPolicy: policy).json()
        let read = try MixSwitchInput(json: text)

        // The launch template names beside ids are not sent; everything else comes back as described.
        var sent = policy
        sent.launchTemplate.name = nil
        sent.overrides[2].launchTemplate?.name = nil
        #expect(read.groupName == "moodle-web")
        #expect(read.mixedInstancesPolicy == sent)
        #expect(read.mixedInstancesPolicy.overrides[0].instanceRequirements?["MemoryGiBPerVCpu.Min"] == "2.0")
        #expect(read.mixedInstancesPolicy.overrides[0].instanceRequirements?["AcceleratorNames"] == "")
        #expect(try read.json() == text)

        let simple = try MixSwitchInput(json: try MixSwitchInput(groupName: "g", mixedInstancesPolicy: Self.simple).json())
        var simpleSent = Self.simple
        simpleSent.launchTemplate.name = nil
        #expect(simple == MixSwitchInput(groupName: "g", mixedInstancesPolicy: simpleSent))
    }

    @Test func randomPoliciesRoundTrip() throws {
        var random = SplitMix64(seed: 0x5C4E_D01E)
        for _ in 0..<200 {
            var fields: [MixedInstancesPolicy.InstanceRequirements.Field] = [
                .init("VCpuCount.Min", String(Int.random(in: 1...8, using: &random)))
            ]
            if Bool.random(using: &random) {
                fields.append(.init("VCpuCount.Max", String(Int.random(in: 8...64, using: &random))))
            }
            fields.append(.init("MemoryMiB.Min", String(Int.random(in: 1...64, using: &random) * 1024)))
            if Bool.random(using: &random) {
                fields.append(.init("MemoryGiBPerVCpu.Max", String(Double(Int.random(in: 1...64, using: &random)) / 4)))
            }
            if Bool.random(using: &random) { fields.append(.init("BurstablePerformance", "excluded")) }
            if Bool.random(using: &random) {
                fields.append(.init("RequireHibernateSupport", Bool.random(using: &random) ? "true" : "false"))
            }
            // In the model's order, as AWS describes them and as they are read back.
            let types = ["c6i.*", "m6i.*", "r6i.*", "c7g.*"].filter { _ in Bool.random(using: &random) }
            for (i, type) in types.enumerated() { fields.append(.init("AllowedInstanceTypes.member.\(i + 1)", type)) }
            let policy = MixedInstancesPolicy(
                launchTemplate: .init(id: "lt-\(Int.random(in: 1...999, using: &random))", version: "$Latest"),
                overrides: [
                    .init(weightedCapacity: String(Int.random(in: 1...4, using: &random)), instanceRequirements: .init(fields))
                ],
                instancesDistribution: .init(
                    onDemandBaseCapacity: Int.random(in: 0...4, using: &random),
                    onDemandPercentageAboveBaseCapacity: Int.random(in: 0...100, using: &random),
                    spotMaxPrice: Bool.random(using: &random) ? "" : nil))
            let input = MixSwitchInput(groupName: "group-\(Int.random(in: 0...9, using: &random))", mixedInstancesPolicy: policy)
            let text = try input.json()
            #expect(try MixSwitchInput(json: text) == input, "\(text)")
        }
    }

    // MARK: Refusals

    static func refusal(_ field: MixedInstancesPolicy.InstanceRequirements.Field) throws -> MixSwitchInputError {
        var policy = simple
        policy.overrides.append(
            .init(instanceRequirements: .init([.init("VCpuCount.Min", "2"), .init("MemoryMiB.Min", "4096"), field])))
        return try #require(throws: MixSwitchInputError.self) {
            try MixSwitchInput(groupName: "moodle-web", mixedInstancesPolicy: policy).json()
        }
    }

    @Test func anInstanceRequirementWithoutAJSONFormIsRefusedSayingWhich() throws {
        func refused(_ name: String, _ value: String, _ reason: String) -> MixSwitchInputError {
            .instanceRequirementNotTyped(group: "moodle-web", override: 3, field: name, value: value, reason: reason)
        }
        #expect(try Self.refusal(.init("VCpuCount.Max", "two")) == refused("VCpuCount.Max", "two", "is not a whole number"))
        #expect(
            try Self.refusal(.init("MemoryGiBPerVCpu.Min", "inf"))
                == refused("MemoryGiBPerVCpu.Min", "inf", "is not a decimal number"))
        #expect(
            try Self.refusal(.init("RequireHibernateSupport", "yes"))
                == refused("RequireHibernateSupport", "yes", "is not true or false"))
        #expect(
            try Self.refusal(.init("QuantumAccelerators.member.1", "qpu"))
                == refused("QuantumAccelerators.member.1", "qpu", "names no member of botocore's model (QuantumAccelerators)"))
        #expect(
            try Self.refusal(.init("CpuManufacturers.entry.1", "intel"))
                == refused("CpuManufacturers.entry.1", "intel", "is not an item of a list (member.N)"))
        #expect(try Self.refusal(.init("VCpuCount.Min", "4")) == refused("VCpuCount.Min", "4", "is given twice"))
        #expect(try Self.refusal(.init("VCpuCount", "4")) == refused("VCpuCount", "4", "is a structure, not a value"))
        let message = try Self.refusal(.init("VCpuCount.Max", "two")).description
        #expect(
            message
                == "cannot hand the mix switch of group 'moodle-web' to EventBridge Scheduler: override 3's InstanceRequirements "
                + #"field VCpuCount.Max = "two" is not a whole number, so it has no JSON form the UpdateAutoScalingGroup input "#
                + "could carry. Use mix.switch: cron for this group, or use a termscale that knows this field")
    }

    @Test func aPolicyWithFieldsTermscaleDoesNotKnowIsRefusedAsForTheQueryCall() {
        var policy = Self.simple
        policy.unknownFields = ["MixedInstancesPolicy.CapacityReservationPreference"]
        #expect(
            throws: AutoScalingClientError.mixedInstancesPolicyNotUnderstood(
                group: "moodle-web", fields: ["MixedInstancesPolicy.CapacityReservationPreference"])
        ) { try MixSwitchInput(groupName: "moodle-web", mixedInstancesPolicy: policy).json() }
    }

    @Test func anInputTermscaleDidNotWriteIsRefusedSayingWhere() {
        func reason(_ json: String) -> String? {
            do {
                _ = try MixSwitchInput(json: json)
                return nil
            } catch let error as MixSwitchInputError {
                guard case .malformed(let reason) = error else { return "\(error)" }
                return reason
            } catch {
                return "\(error)"
            }
        }
        #expect(reason(#"{"MixedInstancesPolicy":{}}"#) == "input has no AutoScalingGroupName")
        #expect(reason(#"{"AutoScalingGroupName":"g"}"#) == "input has no MixedInstancesPolicy")
        #expect(
            reason(#"{"AutoScalingGroupName":"g","MixedInstancesPolicy":{},"MinSize":6}"#)
                == "input has a member termscale does not write: MinSize")
        #expect(
            reason(#"{"AutoScalingGroupName":"g","MixedInstancesPolicy":{"InstancesDistribution":{"OnDemandBaseCapacity":"2"}}}"#)
                == "input.MixedInstancesPolicy.InstancesDistribution.OnDemandBaseCapacity is not a whole number")
        #expect(
            reason(
                #"{"AutoScalingGroupName":"g","MixedInstancesPolicy":{"LaunchTemplate":{"Overrides":[{"InstanceRequirements":{"VCpuCount":{"Min":2.5}}}]}}}"#
            ) == "input.MixedInstancesPolicy.LaunchTemplate.Overrides[0].InstanceRequirements.VCpuCount.Min is not a whole number"
        )
        #expect(
            reason(
                #"{"AutoScalingGroupName":"g","MixedInstancesPolicy":{"LaunchTemplate":{"Overrides":[{"InstanceRequirements":{"Typical":1}}]}}}"#
            )
                == "input.MixedInstancesPolicy.LaunchTemplate.Overrides[0].InstanceRequirements.Typical is not a member of botocore's model"
        )
        #expect(reason("{") == "not valid JSON at byte 1: expected a member name")
    }
}
