import Foundation
import FuzzSupport
import TermscaleAWS

/// The AWS Query side: `XMLTree` on the raw bytes, then every Auto Scaling and EC2 read the
/// client makes with the bytes as the answer (success bodies decoded into models, pages
/// followed), and the bytes as an error answer (code, message, request id, classification).
// Also exported under libFuzzer's own name, which its `main` (linked with it, unused) refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAWSXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    _ = try? XMLTree.parse(bytes)
    _ = AWSServiceError(response: HTTPResponse(status: 400, body: bytes))

    let autoScaling = AutoScalingClient(query: FuzzAnswer.queryClient(status: 200, body: bytes, service: "autoscaling"))
    _ = try? autoScaling.describeAutoScalingGroup(name: "fuzz")
    _ = try? autoScaling.describeScheduledActions(group: "fuzz")
    _ = try? autoScaling.putScheduledActions(
        group: "fuzz", [ScheduledActionRequest(name: "fuzz", startTime: Date(timeIntervalSince1970: 1_800_000_000), minSize: 2)])
    _ = try? autoScaling.deleteScheduledActions(group: "fuzz", names: ["fuzz"])
    _ = try? autoScaling.describePolicies(group: "fuzz")
    _ = try? autoScaling.describeTargetTrackingPolicies(group: "fuzz")
    _ = try? EC2Client(query: FuzzAnswer.queryClient(status: 200, body: bytes, service: "ec2")).describeSpotPriceHistory(
        instanceType: "m5.large", productDescription: EC2Client.linuxProductDescription,
        from: Date(timeIntervalSince1970: 1_800_000_000), to: Date(timeIntervalSince1970: 1_800_086_400))

    let refused = AutoScalingClient(query: FuzzAnswer.queryClient(status: 400, body: bytes, service: "autoscaling"))
    _ = try? refused.describeAutoScalingGroup(name: "fuzz")
    return 0
}
