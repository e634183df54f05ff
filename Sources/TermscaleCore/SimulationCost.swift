import Foundation

extension CostModel {
    /// A simulated fleet's instance-seconds priced at `policy`'s prices, exactly as the plan's
    /// lines are.
    public static func fleetLine(onDemandSeconds: Int64, spotSeconds: Int64, policy: Policy) -> CostLine {
        let (onDemand, spot) = (Decimal(onDemandSeconds), Decimal(spotSeconds))
        return CostLine(onDemandSeconds: onDemand, spotSeconds: spot, cost: Prices(policy).cost(onDemand: onDemand, spot: spot))
    }
}
