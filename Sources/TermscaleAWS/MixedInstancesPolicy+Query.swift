import Foundation

extension MixedInstancesPolicy {
    /// Every member of `MixedInstancesPolicy` in the Auto Scaling model (botocore's
    /// `autoscaling/2011-01-01`, checked against it by `MixedInstancesPolicyTests`): what
    /// termscale recognises in a description.
    static let shape = QueryShape.structure([
        "LaunchTemplate": .structure([
            "LaunchTemplateSpecification": launchTemplateSpecificationShape,
            "Overrides": .list(
                item: "member",
                .structure([
                    "InstanceType": .scalar,
                    "WeightedCapacity": .scalar,
                    "LaunchTemplateSpecification": launchTemplateSpecificationShape,
                    "InstanceRequirements": instanceRequirementsShape,
                    "ImageId": .scalar,
                ])),
        ]),
        "InstancesDistribution": .structure([
            "OnDemandAllocationStrategy": .scalar,
            "OnDemandBaseCapacity": .scalar,
            "OnDemandPercentageAboveBaseCapacity": .scalar,
            "SpotAllocationStrategy": .scalar,
            "SpotInstancePools": .scalar,
            "SpotMaxPrice": .scalar,
        ]),
    ])

    static let launchTemplateSpecificationShape = QueryShape.structure([
        "LaunchTemplateId": .scalar, "LaunchTemplateName": .scalar, "Version": .scalar,
    ])

    static let instanceRequirementsShape = QueryShape.structure([
        "VCpuCount": .range,
        "MemoryMiB": .range,
        "CpuManufacturers": .texts,
        "MemoryGiBPerVCpu": .range,
        "ExcludedInstanceTypes": .texts,
        "InstanceGenerations": .texts,
        "SpotMaxPricePercentageOverLowestPrice": .scalar,
        "MaxSpotPriceAsPercentageOfOptimalOnDemandPrice": .scalar,
        "OnDemandMaxPricePercentageOverLowestPrice": .scalar,
        "BareMetal": .scalar,
        "BurstablePerformance": .scalar,
        "RequireHibernateSupport": .scalar,
        "NetworkInterfaceCount": .range,
        "LocalStorage": .scalar,
        "LocalStorageTypes": .texts,
        "TotalLocalStorageGB": .range,
        "BaselineEbsBandwidthMbps": .range,
        "AcceleratorTypes": .texts,
        "AcceleratorCount": .range,
        "AcceleratorManufacturers": .texts,
        "AcceleratorNames": .texts,
        "AcceleratorTotalMemoryMiB": .range,
        "NetworkBandwidthGbps": .range,
        "AllowedInstanceTypes": .texts,
        "BaselinePerformanceFactors": .structure([
            "Cpu": .structure([
                "Reference": .list(item: "item", .structure(["InstanceFamily": .scalar]))
            ])
        ]),
    ])

    /// The policy a `DescribeAutoScalingGroups` `<MixedInstancesPolicy>` element describes, with
    /// every element termscale did not recognise (or a number it could not read) in `unknownFields`.
    init(described x: XMLTree) {
        let path = "MixedInstancesPolicy"
        var unknown = Self.shape.read(x, path: path).unknown
        func int(_ element: String, in parent: XMLTree?, _ parentPath: String) -> Int? {
            guard let text = parent?.text(element) else { return nil }
            guard let value = Int(text) else {
                unknown.append("\(parentPath).\(element) (\"\(text)\" is not a whole number)")
                return nil
            }
            return value
        }
        func launchTemplate(_ x: XMLTree) -> LaunchTemplateSpecification {
            .init(id: x.text("LaunchTemplateId"), name: x.text("LaunchTemplateName"), version: x.text("Version"))
        }
        let overridesPath = "\(path).LaunchTemplate.Overrides.member"
        let overrides = x.all("LaunchTemplate/Overrides/member").enumerated().map { index, o in
            Override(
                instanceType: o.text("InstanceType"), weightedCapacity: o.text("WeightedCapacity"),
                launchTemplate: o.path("LaunchTemplateSpecification").map(launchTemplate),
                instanceRequirements: o.path("InstanceRequirements").map {
                    let reading = Self.instanceRequirementsShape.read(
                        $0, path: "\(overridesPath).\(index + 1).InstanceRequirements")
                    return InstanceRequirements(reading.parameters.map { InstanceRequirements.Field($0, $1) })
                },
                imageId: o.text("ImageId"))
        }
        let d = x.path("InstancesDistribution")
        let distributionPath = "\(path).InstancesDistribution"
        let distribution = InstancesDistribution(
            onDemandAllocationStrategy: d?.text("OnDemandAllocationStrategy"),
            onDemandBaseCapacity: int("OnDemandBaseCapacity", in: d, distributionPath),
            onDemandPercentageAboveBaseCapacity: int("OnDemandPercentageAboveBaseCapacity", in: d, distributionPath),
            spotAllocationStrategy: d?.text("SpotAllocationStrategy"),
            spotInstancePools: int("SpotInstancePools", in: d, distributionPath),
            spotMaxPrice: d?.text("SpotMaxPrice"))
        self.init(
            launchTemplate: x.path("LaunchTemplate/LaunchTemplateSpecification").map(launchTemplate) ?? .init(),
            overrides: overrides, instancesDistribution: distribution, unknownFields: unknown)
    }

    /// The whole policy as `UpdateAutoScalingGroup` parameters below `MixedInstancesPolicy`, in the
    /// model's member order: every override field as described, the distribution as it is now.
    func addParameters(to p: inout AWSQueryParameters) {
        p.addStructure("LaunchTemplate") { lt in
            lt.addStructure("LaunchTemplateSpecification") { Self.add(launchTemplate, to: &$0) }
            lt.addList("Overrides", overrides) { o, override in
                o.add("InstanceType", override.instanceType)
                o.add("WeightedCapacity", override.weightedCapacity)
                if let spec = override.launchTemplate {
                    o.addStructure("LaunchTemplateSpecification") { Self.add(spec, to: &$0) }
                }
                if let requirements = override.instanceRequirements {
                    o.addStructure("InstanceRequirements") { r in
                        for field in requirements.fields { r.add(field.name, field.value) }
                    }
                }
                o.add("ImageId", override.imageId)
            }
        }
        let d = instancesDistribution
        p.addStructure("InstancesDistribution") { dp in
            dp.add("OnDemandAllocationStrategy", d.onDemandAllocationStrategy)
            dp.add("OnDemandBaseCapacity", d.onDemandBaseCapacity)
            dp.add("OnDemandPercentageAboveBaseCapacity", d.onDemandPercentageAboveBaseCapacity)
            dp.add("SpotAllocationStrategy", d.spotAllocationStrategy)
            dp.add("SpotInstancePools", d.spotInstancePools)
            dp.add("SpotMaxPrice", d.spotMaxPrice)
        }
    }

    /// The id when there is one, else the name: `DescribeAutoScalingGroups` returns both, but a
    /// request may carry only one (moto answers ValidationError to both).
    static func add(_ spec: LaunchTemplateSpecification, to p: inout AWSQueryParameters) {
        p.add("LaunchTemplateId", spec.id)
        p.add("LaunchTemplateName", spec.id == nil ? spec.name : nil)
        p.add("Version", spec.version)
    }
}
