import Foundation

@testable import TermscaleAWS

/// Secret values used across the credential tests; `SecretRedactionTests` proves none of them is ever printed.
enum Secret {
    static let accessKeyID = "AKIATERMSCALEEXAMPLE"
    static let secretKey = "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"
    static let sessionToken = "IQoJb3JpZ2luX2VjSESSIONTOKENtermscale+abc/def=="
    static let secretKey2 = "zZsecondSECRETKEYrotatedAfterRefresh00002"
    static let sessionToken2 = "IQoJsecondSESSIONTOKENafterRefresh"
    static let webIdentityToken = "eyJhbGciOiJSUzI1NiJ9.WEBIDENTITYTOKEN.signature"
    static let containerAuthorization = "Bearer CONTAINERAUTHTOKEN"

    static let all = [secretKey, sessionToken, secretKey2, sessionToken2, webIdentityToken, containerAuthorization]
}

/// A readFile over an in-memory set of files.
func files(_ contents: [String: String]) -> FileReader {
    { path in contents[path] }
}

/// A clock the test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ date: Date) { current = date }

    var now: @Sendable () -> Date { { self.lock.withLock { self.current } } }

    func set(_ date: Date) { lock.withLock { current = date } }
}

/// The JSON document IMDS and the ECS agent return; a nil `expiration` leaves the field out.
func credentialJSON(
    keyID: String = Secret.accessKeyID, secret: String = Secret.secretKey,
    token: String = Secret.sessionToken, expiration: String? = "2026-11-22T10:00:00Z",
    code: String = "Success"
) -> String {
    """
    {"Code": "\(code)", "LastUpdated": "2026-11-22T04:00:00Z", "Type": "AWS-HMAC", "AccessKeyId": "\(keyID)", \
    "SecretAccessKey": "\(secret)", "Token": "\(token)"\(expiration.map { #", "Expiration": "\#($0)""# } ?? "")}
    """
}
