import Foundation

/// An AWS service termscale calls (over the Query protocol, or REST-JSON for EventBridge
/// Scheduler): how its endpoint, its endpoint override and its signature are named, and which
/// API version it speaks.
public struct AWSService: Sendable, Hashable {
    /// The SDKs' service id (`Auto Scaling`, `EC2`): upper-cased with spaces as `_`, it names the
    /// service's endpoint variable, `AWS_ENDPOINT_URL_AUTO_SCALING`, `AWS_ENDPOINT_URL_EC2`.
    public var serviceID: String
    /// The endpoint's first label and the SigV4 signing name (`autoscaling`, `ec2`).
    public var endpointPrefix: String
    /// The API version (`2011-01-01`): the Query API's `Version` parameter; a REST API's is in its paths.
    public var apiVersion: String

    public init(serviceID: String, endpointPrefix: String, apiVersion: String) {
        self.serviceID = serviceID
        self.endpointPrefix = endpointPrefix
        self.apiVersion = apiVersion
    }

    public static let autoScaling = AWSService(
        serviceID: "Auto Scaling", endpointPrefix: "autoscaling", apiVersion: AWSQuery.autoScalingVersion)
    public static let ec2 = AWSService(serviceID: "EC2", endpointPrefix: "ec2", apiVersion: AWSQuery.ec2Version)
    /// EventBridge Scheduler (REST-JSON): `https://scheduler.{region}.amazonaws.com`, signing name
    /// `scheduler`, override `AWS_ENDPOINT_URL_SCHEDULER`.
    public static let scheduler = AWSService(serviceID: "Scheduler", endpointPrefix: "scheduler", apiVersion: "2021-06-30")

    /// `AWS_ENDPOINT_URL_` and the service id upper-cased, spaces as `_`.
    public var endpointVariable: String {
        "AWS_ENDPOINT_URL_" + serviceID.uppercased().replacingOccurrences(of: " ", with: "_")
    }
}
