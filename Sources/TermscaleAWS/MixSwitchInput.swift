import Foundation

/// The `Target.Input` of a mix-switch schedule: `UpdateAutoScalingGroup`'s parameters
/// (`AutoScalingGroupName` and the whole `MixedInstancesPolicy`) as the JSON the universal target
/// hands to the AWS SDK, members named and typed as botocore's Auto Scaling model has them:
///
/// ```json
/// {"AutoScalingGroupName":"moodle-web","MixedInstancesPolicy":{"LaunchTemplate":{
///  "LaunchTemplateSpecification":{"LaunchTemplateId":"lt-0a1b","Version":"$Default"},
///  "Overrides":[{"InstanceType":"c6i.xlarge"},{"InstanceRequirements":{"VCpuCount":{"Min":2},…}}]},
///  "InstancesDistribution":{"OnDemandBaseCapacity":2,"OnDemandPercentageAboveBaseCapacity":100}}}
/// ```
///
/// `json()` is deterministic — members in the model's order, only what is set, no white space, a
/// double in its shortest form (`2.0`, `8.5`) — so the same policy always gives the same text (the
/// push hashes it into schedule names). As for the Query call, a launch template specification
/// that has an id is sent without its name (a request may carry only one), an empty list of
/// overrides and an empty structure are left out.
///
/// `InstanceRequirements` is carried as Query-named text fields (`VCpuCount.Min` = `2`,
/// `BaselinePerformanceFactors.Cpu.Reference.item.1.InstanceFamily` = `c6i`); here they become
/// nested JSON of the model's types under its member names (`"VCpuCount":{"Min":2}`,
/// `"BaselinePerformanceFactors":{"Cpu":{"References":[{"InstanceFamily":"c6i"}]}}`: the member
/// `References` is serialised as `Reference` in Query), and back.
public struct MixSwitchInput: Sendable, Equatable {
    public var groupName: String
    public var mixedInstancesPolicy: MixedInstancesPolicy

    public init(groupName: String, mixedInstancesPolicy: MixedInstancesPolicy) {
        self.groupName = groupName
        self.mixedInstancesPolicy = mixedInstancesPolicy
    }

    /// The input text.
    /// - Throws: `AutoScalingClientError.mixedInstancesPolicyNotUnderstood` for a policy holding
    ///   fields termscale did not recognise, `MixSwitchInputError.instanceRequirementNotTyped` for an
    ///   instance requirement that has no place or no JSON type in the model: either way the
    ///   schedule would change the group's instance selection, so none is written.
    public func json() throws -> String {
        let policy = mixedInstancesPolicy
        guard policy.isFullyUnderstood else {
            throw AutoScalingClientError.mixedInstancesPolicyNotUnderstood(group: groupName, fields: policy.unknownFields)
        }
        var launchTemplate: [(String, AWSJSON)] = []
        if let spec = Self.json(policy.launchTemplate) { launchTemplate.append(("LaunchTemplateSpecification", spec)) }
        if !policy.overrides.isEmpty {
            let overrides = try policy.overrides.enumerated().map { index, override in
                var o: [(String, AWSJSON)] = []
                if let type = override.instanceType { o.append(("InstanceType", .string(type))) }
                if let weight = override.weightedCapacity { o.append(("WeightedCapacity", .string(weight))) }
                if let spec = override.launchTemplate.flatMap(Self.json) { o.append(("LaunchTemplateSpecification", spec)) }
                if let requirements = override.instanceRequirements {
                    do {
                        o.append(("InstanceRequirements", try InputShape.instanceRequirements.json(requirements.fields)))
                    } catch let problem as InputShape.FieldProblem {
                        throw MixSwitchInputError.instanceRequirementNotTyped(
                            group: groupName, override: index + 1, field: problem.field, value: problem.value,
                            reason: problem.reason)
                    }
                }
                if let image = override.imageId { o.append(("ImageId", .string(image))) }
                return AWSJSON.object(o)
            }
            launchTemplate.append(("Overrides", .array(overrides)))
        }
        let d = policy.instancesDistribution
        var distribution: [(String, AWSJSON)] = []
        if let v = d.onDemandAllocationStrategy { distribution.append(("OnDemandAllocationStrategy", .string(v))) }
        if let v = d.onDemandBaseCapacity { distribution.append(("OnDemandBaseCapacity", .int(v))) }
        if let v = d.onDemandPercentageAboveBaseCapacity {
            distribution.append(("OnDemandPercentageAboveBaseCapacity", .int(v)))
        }
        if let v = d.spotAllocationStrategy { distribution.append(("SpotAllocationStrategy", .string(v))) }
        if let v = d.spotInstancePools { distribution.append(("SpotInstancePools", .int(v))) }
        if let v = d.spotMaxPrice { distribution.append(("SpotMaxPrice", .string(v))) }
        var mixed: [(String, AWSJSON)] = []
        if !launchTemplate.isEmpty { mixed.append(("LaunchTemplate", .object(launchTemplate))) }
        if !distribution.isEmpty { mixed.append(("InstancesDistribution", .object(distribution))) }
        return AWSJSON.object([("AutoScalingGroupName", .string(groupName)), ("MixedInstancesPolicy", .object(mixed))]).text
    }

    /// The id when there is one, else the name, then the version; nil when none is set.
    private static func json(_ spec: MixedInstancesPolicy.LaunchTemplateSpecification) -> AWSJSON? {
        var members: [(String, AWSJSON)] = []
        if let id = spec.id {
            members.append(("LaunchTemplateId", .string(id)))
        } else if let name = spec.name {
            members.append(("LaunchTemplateName", .string(name)))
        }
        if let version = spec.version { members.append(("Version", .string(version))) }
        return members.isEmpty ? nil : .object(members)
    }

    /// Reads an input back: what a fired schedule hands to UpdateAutoScalingGroup (the in-memory
    /// scheduler executes it with this). Instance requirements come back as Query-named fields in
    /// the model's order; `init(json:).json()` gives `json` back for every text `json()` wrote.
    /// - Throws: `MixSwitchInputError.malformed` saying which member is missing, unknown or of
    ///   the wrong type.
    public init(json: String) throws {
        let document: AWSJSON
        do {
            document = try AWSJSON.parse(json)
        } catch let error as AWSJSON.ParseError {
            throw MixSwitchInputError.malformed(reason: error.description)
        }
        let reader = Reader(path: "input")
        let top = try reader.object(document, ["AutoScalingGroupName", "MixedInstancesPolicy"])
        guard let group = try reader.string(top["AutoScalingGroupName"], "AutoScalingGroupName") else {
            throw MixSwitchInputError.malformed(reason: "input has no AutoScalingGroupName")
        }
        guard let mixedJSON = top["MixedInstancesPolicy"] else {
            throw MixSwitchInputError.malformed(reason: "input has no MixedInstancesPolicy")
        }
        let policyReader = reader.below("MixedInstancesPolicy")
        let mixed = try policyReader.object(mixedJSON, ["LaunchTemplate", "InstancesDistribution"])
        var launchTemplate = MixedInstancesPolicy.LaunchTemplateSpecification()
        var overrides: [MixedInstancesPolicy.Override] = []
        if let templateJSON = mixed["LaunchTemplate"] {
            let templateReader = policyReader.below("LaunchTemplate")
            let template = try templateReader.object(templateJSON, ["LaunchTemplateSpecification", "Overrides"])
            if let spec = template["LaunchTemplateSpecification"] {
                launchTemplate = try templateReader.below("LaunchTemplateSpecification").launchTemplate(spec)
            }
            if let list = template["Overrides"] {
                guard case .array(let items) = list else {
                    throw MixSwitchInputError.malformed(reason: "\(templateReader.path).Overrides is not a list")
                }
                overrides = try items.enumerated().map { index, item in
                    let r = templateReader.below("Overrides[\(index)]")
                    let o = try r.object(
                        item,
                        ["InstanceType", "WeightedCapacity", "LaunchTemplateSpecification", "InstanceRequirements", "ImageId"])
                    var requirements: MixedInstancesPolicy.InstanceRequirements?
                    if let json = o["InstanceRequirements"] {
                        var fields: [MixedInstancesPolicy.InstanceRequirements.Field] = []
                        do {
                            try InputShape.instanceRequirements.fields(json, name: "", into: &fields)
                        } catch let problem as InputShape.FieldProblem {
                            throw MixSwitchInputError.malformed(
                                reason: "\(r.path).InstanceRequirements\(problem.field.isEmpty ? "" : ".\(problem.field)") "
                                    + problem.reason)
                        }
                        requirements = .init(fields)
                    }
                    return MixedInstancesPolicy.Override(
                        instanceType: try r.string(o["InstanceType"], "InstanceType"),
                        weightedCapacity: try r.string(o["WeightedCapacity"], "WeightedCapacity"),
                        launchTemplate: try o["LaunchTemplateSpecification"].map {
                            try r.below("LaunchTemplateSpecification").launchTemplate($0)
                        },
                        instanceRequirements: requirements, imageId: try r.string(o["ImageId"], "ImageId"))
                }
            }
        }
        var distribution = MixedInstancesPolicy.InstancesDistribution()
        if let distributionJSON = mixed["InstancesDistribution"] {
            let r = policyReader.below("InstancesDistribution")
            let d = try r.object(
                distributionJSON,
                [
                    "OnDemandAllocationStrategy", "OnDemandBaseCapacity", "OnDemandPercentageAboveBaseCapacity",
                    "SpotAllocationStrategy", "SpotInstancePools", "SpotMaxPrice",
                ])
            distribution = .init(
                onDemandAllocationStrategy: try r.string(d["OnDemandAllocationStrategy"], "OnDemandAllocationStrategy"),
                onDemandBaseCapacity: try r.int(d["OnDemandBaseCapacity"], "OnDemandBaseCapacity"),
                onDemandPercentageAboveBaseCapacity: try r.int(
                    d["OnDemandPercentageAboveBaseCapacity"], "OnDemandPercentageAboveBaseCapacity"),
                spotAllocationStrategy: try r.string(d["SpotAllocationStrategy"], "SpotAllocationStrategy"),
                spotInstancePools: try r.int(d["SpotInstancePools"], "SpotInstancePools"),
                spotMaxPrice: try r.string(d["SpotMaxPrice"], "SpotMaxPrice"))
        }
        self.init(
            groupName: group,
            mixedInstancesPolicy: MixedInstancesPolicy(
                launchTemplate: launchTemplate, overrides: overrides, instancesDistribution: distribution))
    }

    /// Reads the members of the input's structures, naming where a problem is.
    private struct Reader {
        var path: String

        func below(_ member: String) -> Reader { Reader(path: "\(path).\(member)") }

        func malformed(_ reason: String) -> MixSwitchInputError { .malformed(reason: "\(path)\(reason)") }

        /// `value`'s members, each one of `known`.
        func object(_ value: AWSJSON, _ known: Set<String>) throws -> [String: AWSJSON] {
            guard case .object(let members) = value else { throw malformed(" is not an object") }
            var result: [String: AWSJSON] = [:]
            for (key, member) in members {
                guard known.contains(key) else { throw malformed(" has a member termscale does not write: \(key)") }
                result[key] = member
            }
            return result
        }

        func string(_ value: AWSJSON?, _ name: String) throws -> String? {
            guard let value else { return nil }
            guard case .string(let text) = value else { throw malformed(".\(name) is not a string") }
            return text
        }

        func int(_ value: AWSJSON?, _ name: String) throws -> Int? {
            guard let value else { return nil }
            guard case .number(let text) = value, let number = Int(text) else {
                throw malformed(".\(name) is not a whole number")
            }
            return number
        }

        func launchTemplate(_ value: AWSJSON) throws -> MixedInstancesPolicy.LaunchTemplateSpecification {
            let spec = try object(value, ["LaunchTemplateId", "LaunchTemplateName", "Version"])
            return .init(
                id: try string(spec["LaunchTemplateId"], "LaunchTemplateId"),
                name: try string(spec["LaunchTemplateName"], "LaunchTemplateName"),
                version: try string(spec["Version"], "Version"))
        }
    }
}

/// Why a mix-switch input cannot be written or read.
public enum MixSwitchInputError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    /// An `InstanceRequirements` field (Query name and text, override counted from 1) that has no
    /// member in botocore's model or whose text is not of the member's type: it cannot be put in
    /// JSON, so the mix switch cannot be handed to EventBridge Scheduler.
    case instanceRequirementNotTyped(group: String, override: Int, field: String, value: String, reason: String)
    /// An input text that is not what `MixSwitchInput.json()` writes.
    case malformed(reason: String)

    public var description: String {
        switch self {
        case .instanceRequirementNotTyped(let group, let override, let field, let value, let reason):
            return "cannot hand the mix switch of group '\(group)' to EventBridge Scheduler: override \(override)'s "
                + "InstanceRequirements field \(field) = \"\(value)\" \(reason), so it has no JSON form the "
                + "UpdateAutoScalingGroup input could carry. Use mix.switch: cron for this group, or use a termscale "
                + "that knows this field"
        case .malformed(let reason):
            return "the mix switch input is not an UpdateAutoScalingGroup input termscale writes: \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
