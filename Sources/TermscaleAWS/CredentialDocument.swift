import Foundation

/// The JSON document that the ECS credential endpoint and IMDS return:
/// `{"AccessKeyId", "SecretAccessKey", "Token", "Expiration", ["Code"]}`, every field required.
enum CredentialDocument {
    /// Decodes `body`. Error reasons name fields, never values, so no secret reaches a message.
    static func decode(_ body: [UInt8], provider: String, url: String, source: String) throws -> Credentials {
        func malformed(_ reason: String) -> AWSConfigurationError {
            .malformedCredentialResponse(provider: provider, url: url, reason: reason)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw malformed("not a JSON object")
        }
        if let code = object["Code"] as? String, code != "Success" {
            throw malformed("Code is \(code), not Success")
        }
        func field(_ name: String) throws -> String {
            guard let value = object[name] as? String, !value.isEmpty else { throw malformed("no \(name)") }
            return value
        }
        // A session token always expires; without Expiration it could not be refreshed in time
        // (botocore refuses such a document too).
        guard let expirationText = object["Expiration"] as? String, !expirationText.isEmpty else {
            throw malformed("no Expiration (temporary credentials must say when they expire)")
        }
        guard let expiration = AWSTimestamp.parse(expirationText) else {
            throw malformed("Expiration is not an ISO 8601 time")
        }
        return Credentials(
            accessKeyID: try field("AccessKeyId"), secretAccessKey: try field("SecretAccessKey"),
            sessionToken: try field("Token"), expiration: expiration, source: source)
    }
}

/// ISO 8601 times as AWS writes them: `2026-11-22T09:30:00Z`, optionally with fractional seconds.
enum AWSTimestamp {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

extension [String: String] {
    /// The value of `name` when it is set and not empty (an empty variable counts as unset, as in the SDKs).
    func nonEmpty(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
