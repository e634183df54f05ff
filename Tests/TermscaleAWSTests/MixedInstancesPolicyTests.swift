import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// The mixed instances policy is read whole and sent back whole: every field of botocore's model
/// is recognised, re-sent exactly as botocore would, and a policy holding anything else is never
/// written.
@Suite struct MixedInstancesPolicyTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let everyField = fixtures.appendingPathComponent("describe-group-every-policy-field.xml")
    static let updated = ScriptedTransport.Step.xml(
        200,
        """
        <UpdateAutoScalingGroupResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">\
        <ResponseMetadata><RequestId>updated</RequestId></ResponseMetadata></UpdateAutoScalingGroupResponse>
        """)

    static func client(_ transport: ScriptedTransport) -> AutoScalingClient {
        AutoScalingClient(
            query: AWSQueryClient(
                endpoint: URL(string: "https://autoscaling.eu-west-2.amazonaws.com")!, service: "autoscaling",
                region: "eu-west-2", credentials: { RetryTests.credentials }, transport: transport,
                retry: RetryStrategy(maxAttempts: 3, sleep: { _ in })))
    }

    /// The form body's `name=value` pairs, decoded, without `Action` and `Version`.
    static func parameters(_ body: String) -> [[String]] {
        body.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return [parts[0], parts.count > 1 ? parts[1] : ""]
        }.filter { $0[0] != "Action" && $0[0] != "Version" }
    }

    // MARK: Against botocore's model

    @Test func theShapeIsBotocoresMixedInstancesPolicy() throws {
        let json = try Botocore.run("botocore_mixed_instances_policy.py", ["shape"])
        let model = try Self.shape(JSONSerialization.jsonObject(with: json))
        #expect(MixedInstancesPolicy.shape == model)
    }

    /// botocore's JSON rendering of a shape (see the script) as a `QueryShape`.
    static func shape(_ json: Any) throws -> QueryShape {
        if json as? String == "scalar" { return .scalar }
        if let members = (json as? [String: Any])?["structure"] as? [String: Any] {
            return .structure(try members.mapValues(shape))
        }
        if let list = (json as? [String: Any])?["list"] as? [String: Any], let item = list["item"] as? String,
            let element = list["of"]
        {
            return .list(item: item, try shape(element))
        }
        throw Botocore.Unavailable(reason: "unexpected shape JSON: \(json)")
    }

    @Test func everyFieldIsSentBackAsBotocoreSendsIt() throws {
        // Given a group whose policy uses every member of the model (both override kinds, an AMI
        // per override, a nested list of `item`s, an empty list)
        let xml = try String(contentsOf: Self.everyField, encoding: .utf8)
        let transport = ScriptedTransport([.xml(200, xml), Self.updated])
        let client = Self.client(transport)

        // When termscale reads it and sends it back unchanged
        let group = try #require(try client.describeAutoScalingGroup(name: "moodle-web"))
        let policy = try #require(group.mixedInstancesPolicy)
        try client.updateAutoScalingGroup(name: "moodle-web", mixedInstancesPolicy: policy)

        // Then it understood everything, and the fixture does use every member of the model
        #expect(
            Self.memberNames(MixedInstancesPolicy.shape).filter { !xml.contains("<\($0)>") && !xml.contains("<\($0)/>") } == [])
        #expect(policy.unknownFields == [])
        #expect(policy.isFullyUnderstood)
        #expect(policy.launchTemplate == .init(id: "lt-0a1b2c3d4e5f67890", name: "moodle-web", version: "$Default"))
        #expect(policy.overrides.map(\.imageId) == ["ami-0123456789abcdef0", nil, nil])
        #expect(policy.overrides.map(\.instanceType) == [nil, nil, "c5.xlarge"])
        #expect(policy.overrides.map(\.weightedCapacity) == [nil, "2", "1"])
        #expect(policy.overrides[2].launchTemplate == .init(id: "lt-0fedcba9876543210", name: "moodle-web-x86", version: "3"))
        let requirements = try #require(policy.overrides[0].instanceRequirements)
        #expect(requirements.fields.count == 33)
        #expect(requirements["VCpuCount.Min"] == "4")
        #expect(requirements["MemoryGiBPerVCpu.Min"] == "2.0")
        #expect(requirements["CpuManufacturers.member.2"] == "amd")
        #expect(requirements["AcceleratorNames"] == "")
        #expect(requirements["BaselinePerformanceFactors.Cpu.Reference.item.1.InstanceFamily"] == "c6i")
        #expect(
            policy.overrides[1].instanceRequirements?.fields == [
                .init("VCpuCount.Min", "2"), .init("MemoryMiB.Min", "4096"),
                .init("MaxSpotPriceAsPercentageOfOptimalOnDemandPrice", "60"),
                .init("AllowedInstanceTypes.member.1", "c6i.*"), .init("AllowedInstanceTypes.member.2", "c7i.*"),
            ])
        #expect(
            policy.instancesDistribution
                == .init(
                    onDemandAllocationStrategy: "lowest-price", onDemandBaseCapacity: 2,
                    onDemandPercentageAboveBaseCapacity: 25, spotAllocationStrategy: "lowest-price",
                    spotInstancePools: 3, spotMaxPrice: "0.25"))

        // And the update carries exactly what boto3 would send back after reading the same answer
        let sent = Self.parameters(transport.bodies[1])
        let botocore = try JSONDecoder().decode(
            [[String]].self, from: Botocore.run("botocore_mixed_instances_policy.py", ["resend"], input: Data(xml.utf8)))
        #expect(sent == botocore)
        #expect(sent.count == 53)
    }

    /// Every member name in `shape`, at any depth.
    static func memberNames(_ shape: QueryShape) -> Set<String> {
        switch shape {
        case .scalar: return []
        case .list(_, let element): return memberNames(element)
        case .structure(let members):
            return members.reduce(into: Set(members.keys)) { $0.formUnion(memberNames($1.value)) }
        }
    }

    @Test func aChangedDistributionChangesNothingElse() throws {
        let xml = try String(contentsOf: Self.everyField, encoding: .utf8)
        let transport = ScriptedTransport([.xml(200, xml), Self.updated, Self.updated])
        let client = Self.client(transport)
        var policy = try #require(try client.describeAutoScalingGroup(name: "moodle-web")?.mixedInstancesPolicy)
        try client.updateAutoScalingGroup(name: "moodle-web", mixedInstancesPolicy: policy)
        policy.instancesDistribution.onDemandPercentageAboveBaseCapacity = 100
        try client.updateAutoScalingGroup(name: "moodle-web", minSize: 6, mixedInstancesPolicy: policy)

        let unchanged = Self.parameters(transport.bodies[1])
        let onDemand = Self.parameters(transport.bodies[2])
        #expect(
            onDemand
                == [["AutoScalingGroupName", "moodle-web"], ["MinSize", "6"]]
                + unchanged.dropFirst().map {
                    $0[0] == "MixedInstancesPolicy.InstancesDistribution.OnDemandPercentageAboveBaseCapacity"
                        ? [$0[0], "100"] : $0
                })
    }

    // MARK: What termscale does not understand

    static let withUnknownFields = """
        <DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
        <DescribeAutoScalingGroupsResult><AutoScalingGroups><member>
          <AutoScalingGroupName>moodle-web</AutoScalingGroupName>
          <MixedInstancesPolicy>
            <LaunchTemplate>
              <LaunchTemplateSpecification><LaunchTemplateId>lt-1</LaunchTemplateId><Version>1</Version></LaunchTemplateSpecification>
              <Overrides>
                <member><InstanceType>c6i.xlarge</InstanceType></member>
                <member>
                  <InstanceRequirements>
                    <VCpuCount><Min>2</Min><Typical>4</Typical></VCpuCount>
                    <MemoryMiB><Min>4096</Min></MemoryMiB>
                    <QuantumAccelerators><member>qpu</member></QuantumAccelerators>
                    <CpuManufacturers><entry>intel</entry></CpuManufacturers>
                  </InstanceRequirements>
                  <Placement>spread</Placement>
                </member>
              </Overrides>
            </LaunchTemplate>
            <InstancesDistribution>
              <OnDemandBaseCapacity>two</OnDemandBaseCapacity>
              <OnDemandPercentageAboveBaseCapacity>25</OnDemandPercentageAboveBaseCapacity>
            </InstancesDistribution>
            <CapacityReservationPreference>none</CapacityReservationPreference>
          </MixedInstancesPolicy>
          <MinSize>2</MinSize><MaxSize>60</MaxSize><DesiredCapacity>2</DesiredCapacity>
        </member></AutoScalingGroups></DescribeAutoScalingGroupsResult>
        <ResponseMetadata><RequestId>unknown</RequestId></ResponseMetadata>
        </DescribeAutoScalingGroupsResponse>
        """

    @Test func aPolicyWithFieldsTermscaleDoesNotKnowIsNeverWritten() throws {
        let transport = ScriptedTransport([.xml(200, Self.withUnknownFields)])
        let client = Self.client(transport)
        var policy = try #require(try client.describeAutoScalingGroup(name: "moodle-web")?.mixedInstancesPolicy)
        let unknown = [
            "MixedInstancesPolicy.LaunchTemplate.Overrides.member.2.InstanceRequirements.VCpuCount.Typical",
            "MixedInstancesPolicy.LaunchTemplate.Overrides.member.2.InstanceRequirements.QuantumAccelerators",
            "MixedInstancesPolicy.LaunchTemplate.Overrides.member.2.InstanceRequirements.CpuManufacturers.entry",
            "MixedInstancesPolicy.LaunchTemplate.Overrides.member.2.Placement",
            "MixedInstancesPolicy.CapacityReservationPreference",
            #"MixedInstancesPolicy.InstancesDistribution.OnDemandBaseCapacity ("two" is not a whole number)"#,
        ]
        #expect(policy.unknownFields == unknown)
        #expect(!policy.isFullyUnderstood)
        // What was understood is still read.
        #expect(policy.overrides.map(\.instanceType) == ["c6i.xlarge", nil])
        #expect(policy.instancesDistribution.onDemandPercentageAboveBaseCapacity == 25)

        // A mix switch is refused before any call, naming every field.
        policy.instancesDistribution.onDemandPercentageAboveBaseCapacity = 100
        #expect(throws: AutoScalingClientError.mixedInstancesPolicyNotUnderstood(group: "moodle-web", fields: unknown)) {
            try client.updateAutoScalingGroup(name: "moodle-web", minSize: 6, mixedInstancesPolicy: policy)
        }
        #expect(transport.requests.count == 1)
        let message = AutoScalingClientError.mixedInstancesPolicyNotUnderstood(
            group: "moodle-web", fields: ["MixedInstancesPolicy.CapacityReservationPreference"]
        ).description
        #expect(
            message
                == "not updating the MixedInstancesPolicy of group 'moodle-web': it holds a field termscale does not "
                + "understand (MixedInstancesPolicy.CapacityReservationPreference), and sending the policy back "
                + "without it would change the group's instance selection. Change the instances distribution by "
                + "hand, or use a termscale that knows this field")
    }

    @Test func queryShapeReadsListsStructuresAndFlagsTheRest() throws {
        let shape = QueryShape.structure([
            "Name": .scalar, "Sizes": .range, "Tags": .texts,
            "Refs": .list(item: "item", .structure(["Family": .scalar])),
        ])
        let xml = try XMLTree.parse(
            """
            <X><Name>a b</Name><Sizes><Max>3</Max></Sizes><Tags/><Refs><item><Family>c6i</Family></item>\
            <item><Family>m7g</Family></item></Refs><Name>again</Name><Sizes><Min>1</Min></Sizes>\
            <Refs><item><Family><Deep>x</Deep></Family></item></Refs></X>
            """)
        let reading = shape.read(xml, path: "P")
        #expect(
            reading.parameters.map { [$0.0, $0.1] } == [
                ["Name", "a b"], ["Sizes.Max", "3"], ["Tags", ""], ["Refs.item.1.Family", "c6i"],
                ["Refs.item.2.Family", "m7g"],
            ])
        #expect(reading.unknown == ["P.Name (described twice)", "P.Sizes (described twice)", "P.Refs (described twice)"])

        let deep = try XMLTree.parse("<X><Refs><item><Family><Deep>x</Deep></Family></item><member/></Refs></X>")
        #expect(
            shape.read(deep, path: "P").unknown == [
                "P.Refs.item.1.Family (holds elements where a value was expected)", "P.Refs.member",
            ])
    }
}

/// Runs a script of `Fixtures` with `python3` from PATH. Fails (never skips) when python3 or
/// botocore is missing: CI installs both (moto brings botocore).
enum Botocore {
    struct Unavailable: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    static func run(_ script: String, _ arguments: [String], input: Data = Data()) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", MixedInstancesPolicyTests.fixtures.appendingPathComponent(script).path] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw Unavailable(reason: "cannot run python3 (\(error)): install Python 3 and botocore (pip install botocore)")
        }
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { out = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = stderr.fileHandleForReading.readDataToEndOfFile() }
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Unavailable(
                reason: "\(script) \(arguments.joined(separator: " ")) exited with status "
                    + "\(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
        }
        return out
    }
}
