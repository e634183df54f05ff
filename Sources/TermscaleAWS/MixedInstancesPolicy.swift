import Foundation

/// `MixedInstancesPolicy`: the launch template with its overrides and the instances
/// distribution (the Spot/on-demand mix).
///
/// termscale only ever changes the distribution; everything else is carried as described so that
/// `UpdateAutoScalingGroup` can send it back unchanged (AWS replaces the whole policy). What the
/// description held that termscale did not recognise is listed in `unknownFields`, and a policy
/// with any is never written: re-sending it without them would change the group's instance
/// selection.
public struct MixedInstancesPolicy: Sendable, Equatable {
    public struct LaunchTemplateSpecification: Sendable, Equatable {
        public var id: String?
        public var name: String?
        public var version: String?

        public init(id: String? = nil, name: String? = nil, version: String? = nil) {
            self.id = id
            self.name = name
            self.version = version
        }
    }

    /// One `LaunchTemplateOverrides` item: an instance type or instance requirements, with
    /// optional weight, launch template and AMI.
    public struct Override: Sendable, Equatable {
        public var instanceType: String?
        /// Capacity units this type counts for (1–999, as text, as AWS has it).
        public var weightedCapacity: String?
        public var launchTemplate: LaunchTemplateSpecification?
        /// Attribute-based instance type selection, instead of `instanceType`.
        public var instanceRequirements: InstanceRequirements?
        /// An AMI that replaces the launch template's for this override.
        public var imageId: String?

        public init(
            instanceType: String? = nil, weightedCapacity: String? = nil, launchTemplate: LaunchTemplateSpecification? = nil,
            instanceRequirements: InstanceRequirements? = nil, imageId: String? = nil
        ) {
            self.instanceType = instanceType
            self.weightedCapacity = weightedCapacity
            self.launchTemplate = launchTemplate
            self.instanceRequirements = instanceRequirements
            self.imageId = imageId
        }
    }

    /// `InstanceRequirements`, carried without interpretation: termscale never changes it, only
    /// sends it back. Its XML mirrors its Query parameters, so each described value is kept under
    /// its parameter name below `InstanceRequirements`, in the order described:
    /// `<VCpuCount><Min>2</Min></VCpuCount>` is `VCpuCount.Min` = `2`,
    /// `<CpuManufacturers><member>intel</member></CpuManufacturers>` is `CpuManufacturers.member.1` = `intel`.
    public struct InstanceRequirements: Sendable, Equatable {
        public struct Field: Sendable, Equatable {
            /// The Query parameter name below `InstanceRequirements`.
            public var name: String
            /// The text AWS described, unchanged.
            public var value: String

            public init(_ name: String, _ value: String) {
                self.name = name
                self.value = value
            }
        }

        public var fields: [Field]

        public init(_ fields: [Field]) { self.fields = fields }

        /// The value of the field `name` (`VCpuCount.Min`), nil when not described.
        public subscript(name: String) -> String? { fields.first { $0.name == name }?.value }
    }

    public struct InstancesDistribution: Sendable, Equatable {
        public var onDemandAllocationStrategy: String?
        public var onDemandBaseCapacity: Int?
        /// 0–100; 100 = on-demand only.
        public var onDemandPercentageAboveBaseCapacity: Int?
        public var spotAllocationStrategy: String?
        public var spotInstancePools: Int?
        /// As described; an empty text (no maximum: the on-demand price) is kept and sent back.
        public var spotMaxPrice: String?

        public init(
            onDemandAllocationStrategy: String? = nil, onDemandBaseCapacity: Int? = nil,
            onDemandPercentageAboveBaseCapacity: Int? = nil, spotAllocationStrategy: String? = nil,
            spotInstancePools: Int? = nil, spotMaxPrice: String? = nil
        ) {
            self.onDemandAllocationStrategy = onDemandAllocationStrategy
            self.onDemandBaseCapacity = onDemandBaseCapacity
            self.onDemandPercentageAboveBaseCapacity = onDemandPercentageAboveBaseCapacity
            self.spotAllocationStrategy = spotAllocationStrategy
            self.spotInstancePools = spotInstancePools
            self.spotMaxPrice = spotMaxPrice
        }
    }

    public var launchTemplate: LaunchTemplateSpecification
    public var overrides: [Override]
    public var instancesDistribution: InstancesDistribution
    /// What the description held that termscale did not recognise, as Query paths
    /// (`MixedInstancesPolicy.LaunchTemplate.Overrides.member.2.InstanceRequirements.NewAttribute`), with
    /// the reason when the element was known but its value was not. Empty for a policy built in code.
    public var unknownFields: [String]

    /// Whether every described element was recognised, so the policy can be sent back unchanged.
    public var isFullyUnderstood: Bool { unknownFields.isEmpty }

    public init(
        launchTemplate: LaunchTemplateSpecification, overrides: [Override] = [],
        instancesDistribution: InstancesDistribution, unknownFields: [String] = []
    ) {
        self.launchTemplate = launchTemplate
        self.overrides = overrides
        self.instancesDistribution = instancesDistribution
        self.unknownFields = unknownFields
    }
}
