import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// What `MotoServer.setUpAutoScalingGroup` made in moto's default account.
public struct MotoAutoScalingAccount: Sendable {
    /// The IAM user's key: requests signed with it pass moto's signature check, and moto allows
    /// them the actions the user's policy allows.
    public let accessKeyID: String
    public let secretAccessKey: String
    /// The launch template the group's mixed instances policy uses.
    public let launchTemplateID: String
}

extension MotoServer {
    /// The requests `setUpAutoScalingGroup` makes (3 IAM, 1 EC2, 1 Auto Scaling): start moto with at
    /// least this many `unauthenticatedRequests`.
    public static let autoScalingSetupRequests = 5

    /// The IAM policy `setUpAutoScalingGroup` gives its user unless told otherwise: every Auto Scaling action.
    public static let allowAllAutoScaling =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"autoscaling:*","Resource":"*"}]}"#
    /// Every call a push makes: Auto Scaling, and EventBridge Scheduler with its role for
    /// `mix.switch: scheduler` (the sample policy's).
    public static let allowPushCalls =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["autoscaling:*","scheduler:*","iam:PassRole"],"Resource":"*"}]}"#

    /// Creates, in unchecked calls, an IAM user whose only (inline) policy is `userPolicy`, with an
    /// access key, a launch template, and the Auto Scaling group `group` in `region`: MinSize 2,
    /// MaxSize 60, desired 2 in `<region>a`; mixed instances c6i.xlarge then c5.xlarge, on-demand
    /// base 2, 25 % on-demand above it, Spot price-capacity-optimized; tagged with `tags` (not
    /// propagated to instances). moto checks a signed request's action against `userPolicy`, not
    /// its Resource or Condition.
    public func setUpAutoScalingGroup(
        _ group: String, region: String, userPolicy: String = allowPushCalls,
        tags: KeyValuePairs<String, String> = [:]
    ) throws -> MotoAutoScalingAccount {
        @discardableResult func iam(_ action: String, _ parameters: [(String, String)]) throws -> String {
            try uncheckedCall(service: "iam", region: "us-east-1", action: action, version: "2010-05-08", parameters)
        }
        try iam("CreateUser", [("UserName", "termscale-ci")])
        try iam(
            "PutUserPolicy",
            [
                ("UserName", "termscale-ci"), ("PolicyName", "termscale-ci"), ("PolicyDocument", userPolicy),
            ])
        let key = try iam("CreateAccessKey", [("UserName", "termscale-ci")])
        let template = try uncheckedCall(
            service: "ec2", region: region, action: "CreateLaunchTemplate", version: "2016-11-15",
            [
                ("LaunchTemplateName", group), ("LaunchTemplateData.ImageId", "ami-12c6146b"),
                ("LaunchTemplateData.InstanceType", "c6i.xlarge"),
            ])
        let account = MotoAutoScalingAccount(
            accessKeyID: try Self.element("AccessKeyId", in: key), secretAccessKey: try Self.element("SecretAccessKey", in: key),
            launchTemplateID: try Self.element("launchTemplateId", in: template))
        let tagParameters = tags.enumerated().flatMap { index, tag in
            let member = "Tags.member.\(index + 1)"
            return [
                ("\(member).Key", tag.key), ("\(member).Value", tag.value), ("\(member).ResourceId", group),
                ("\(member).ResourceType", "auto-scaling-group"), ("\(member).PropagateAtLaunch", "false"),
            ]
        }
        try uncheckedCall(
            service: "autoscaling", region: region, action: "CreateAutoScalingGroup", version: "2011-01-01",
            [
                ("AutoScalingGroupName", group), ("MinSize", "2"), ("MaxSize", "60"), ("DesiredCapacity", "2"),
                ("AvailabilityZones.member.1", "\(region)a"),
                ("MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.LaunchTemplateId", account.launchTemplateID),
                ("MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification.Version", "$Latest"),
                ("MixedInstancesPolicy.LaunchTemplate.Overrides.member.1.InstanceType", "c6i.xlarge"),
                ("MixedInstancesPolicy.LaunchTemplate.Overrides.member.2.InstanceType", "c5.xlarge"),
                ("MixedInstancesPolicy.InstancesDistribution.OnDemandBaseCapacity", "2"),
                ("MixedInstancesPolicy.InstancesDistribution.OnDemandPercentageAboveBaseCapacity", "25"),
                ("MixedInstancesPolicy.InstancesDistribution.SpotAllocationStrategy", "price-capacity-optimized"),
            ] + tagParameters)
        return account
    }

    /// One AWS Query API call that moto does not check, because it is one of its first
    /// `unauthenticatedRequests`. The `Authorization` header only names the service and region
    /// (moto routes on them); its key and signature are placeholders. Test setup only: it does not
    /// go through termscale's client, so it can set up what that client is then tested against.
    /// - Returns: the response body.
    /// - Throws: `MotoError.setupFailed` on no answer or a status other than 200.
    @discardableResult
    public func uncheckedCall(
        service: String, region: String, action: String, version: String,
        _ parameters: [(String, String)]
    ) throws -> String {
        var request = URLRequest(url: endpoint, timeoutInterval: 30)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded; charset=utf-8", forHTTPHeaderField: "Content-Type")
        request.setValue("20310101T000000Z", forHTTPHeaderField: "X-Amz-Date")
        request.setValue(
            "AWS4-HMAC-SHA256 Credential=AKIAMOTOSETUPUNCHECKED/20310101/\(region)/\(service)/aws4_request, "
                + "SignedHeaders=host;x-amz-date, Signature=\(String(repeating: "0", count: 64))",
            forHTTPHeaderField: "Authorization")
        let fields = [("Action", action), ("Version", version)] + parameters
        request.httpBody = Data(fields.map { "\(Self.formEncoded($0))=\(Self.formEncoded($1))" }.joined(separator: "&").utf8)

        let answer = Answer()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            answer.set(status: (response as? HTTPURLResponse)?.statusCode, body: data, error: error)
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 60) == .success else {
            throw MotoError.setupFailed("\(service) \(action): no answer within 60 s\n\(output)")
        }
        let (status, body, error) = answer.get()
        let text = String(decoding: body ?? Data(), as: UTF8.self)
        guard status == 200 else {
            throw MotoError.setupFailed(
                "\(service) \(action): \(status.map { "HTTP \($0)" } ?? "\(error.map(String.init(describing:)) ?? "no response")")\n\(text)"
            )
        }
        return text
    }

    /// The text of the first `<name>` element in `xml`.
    static func element(_ name: String, in xml: String) throws -> String {
        guard let open = xml.range(of: "<\(name)>"),
            let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else { throw MotoError.setupFailed("no <\(name)> in the answer:\n\(xml)") }
        return String(xml[open.upperBound..<close.lowerBound])
    }

    /// `application/x-www-form-urlencoded` as AWS reads it: everything but `A–Z a–z 0–9 - _ . ~` percent-encoded.
    static func formEncoded(_ text: String) -> String {
        var unreserved = CharacterSet(charactersIn: "-_.~")
        unreserved.formUnion(CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
        return text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// The answer a URLSession task hands back on its own thread.
    private final class Answer: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Int?, Data?, (any Error)?) = (nil, nil, nil)
        func set(status: Int?, body: Data?, error: (any Error)?) { lock.withLock { value = (status, body, error) } }
        func get() -> (Int?, Data?, (any Error)?) { lock.withLock { value } }
    }
}
