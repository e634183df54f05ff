import Foundation

extension MotoServer {
    /// The requests `createUser` makes (3 IAM): start moto with that many more
    /// `unauthenticatedRequests` for each user.
    public static let userSetupRequests = 3

    /// Creates, in unchecked calls, the IAM user `name` whose only (inline) policy is `policy`, and
    /// an access key for it. moto checks a signed request's action against the policy, not its
    /// Resource or Condition.
    public func createUser(_ name: String, policy: String) throws -> (accessKeyID: String, secretAccessKey: String) {
        func iam(_ action: String, _ parameters: [(String, String)]) throws -> String {
            try uncheckedCall(service: "iam", region: "us-east-1", action: action, version: "2010-05-08", parameters)
        }
        _ = try iam("CreateUser", [("UserName", name)])
        _ = try iam("PutUserPolicy", [("UserName", name), ("PolicyName", name), ("PolicyDocument", policy)])
        let key = try iam("CreateAccessKey", [("UserName", name)])
        return (try Self.element("AccessKeyId", in: key), try Self.element("SecretAccessKey", in: key))
    }
}

extension MotoServer {
    /// `policy` with every statement's `Resource` set to `"*"`. moto authorises a signed request
    /// as if its resource were `*`, so a statement scoped to ARNs (the Scheduler statements of
    /// docs/iam-policy.json) never matches there; widened, the policy still grants exactly its
    /// actions, which is all moto can check.
    public static func widenedToEveryResource(_ policy: String) throws -> String {
        guard var document = try JSONSerialization.jsonObject(with: Data(policy.utf8)) as? [String: Any],
            let statements = document["Statement"] as? [[String: Any]]
        else { throw MotoError.setupFailed("the policy is not a JSON object with a Statement list") }
        document["Statement"] = statements.map { statement in
            var widened = statement
            widened["Resource"] = "*"
            return widened
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: document), as: UTF8.self)
    }
}
