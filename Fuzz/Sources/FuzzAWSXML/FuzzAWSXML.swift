import Foundation
import FuzzSupport
import TermscaleAWS

/// The AWS Query side: `XMLTree` on the raw bytes, the bytes as an error answer (code, message,
/// request id), and one of the Auto Scaling and EC2 reads the client makes with the bytes as the
/// answer (success bodies decoded into models, pages followed, a refusal classified). One read per
/// input, chosen by its length, so an input costs two parses and a read instead of eleven.
private let start = Date(timeIntervalSince1970: 1_800_000_000)
private let reads: [@Sendable ([UInt8]) throws -> Void] = [
    { _ = try autoScaling(200, $0).describeAutoScalingGroup(name: "fuzz") },
    { _ = try autoScaling(200, $0).describeScheduledActions(group: "fuzz") },
    {
        _ = try autoScaling(200, $0).putScheduledActions(
            group: "fuzz", [ScheduledActionRequest(name: "fuzz", startTime: start, minSize: 2)])
    },
    { _ = try autoScaling(200, $0).deleteScheduledActions(group: "fuzz", names: ["fuzz"]) },
    { _ = try autoScaling(200, $0).describePolicies(group: "fuzz") },
    { _ = try autoScaling(200, $0).describeTargetTrackingPolicies(group: "fuzz") },
    {
        _ = try EC2Client(query: FuzzAnswer.queryClient(status: 200, body: $0, service: "ec2"))
            .describeSpotPriceHistory(
                instanceType: "m5.large", productDescription: EC2Client.linuxProductDescription, from: start,
                to: start.addingTimeInterval(86_400))
    },
    { _ = try autoScaling(400, $0).describeAutoScalingGroup(name: "fuzz") },
]

private func autoScaling(_ status: Int, _ body: [UInt8]) -> AutoScalingClient {
    AutoScalingClient(query: FuzzAnswer.queryClient(status: status, body: body, service: "autoscaling"))
}

// Also exported under libFuzzer's own name, which its `main` (linked with it, unused) refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAWSXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    _ = try? XMLTree.parse(bytes)
    _ = AWSServiceError(response: HTTPResponse(status: 400, body: bytes))
    try? reads[bytes.count % reads.count](bytes)
    return 0
}
