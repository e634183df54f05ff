import Foundation
import TermscaleAWS
import Testing

/// What the suite does not pin down: white space forms, unsigned headers, Host from the URL,
/// keys for different secrets.
@Suite struct SigV4SignerTests {
    static let signer = SigV4Signer(service: "autoscaling", region: "eu-west-2")
    static let date = Date(timeIntervalSince1970: 1_799_740_800)
    static let credentials = Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret-one", source: "test")

    static func canonicalHeaders(_ request: HTTPRequest) -> [Substring] {
        let canonical = signer.canonicalRequest(signer.prepare(request, credentials: credentials, date: date))
        return canonical.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(3).prefix { !$0.isEmpty }
            .map { $0 }
    }

    @Test func headerValuesAreTrimmedAndInnerWhiteSpaceCollapsed() throws {
        let url = try #require(URL(string: "https://autoscaling.eu-west-2.amazonaws.com/"))
        let request = HTTPRequest(
            method: "POST", url: url,
            headers: [
                (name: "X-A", value: "\t a \t\r\n  b  "),
                (name: "X-B", value: "plain value"),
                (name: "X-C", value: ""),
                (name: "x-a", value: "second"),
            ])
        #expect(
            Self.canonicalHeaders(request) == [
                "host:autoscaling.eu-west-2.amazonaws.com", "x-a:a b,second", "x-amz-date:20270112T080000Z",
                "x-b:plain value", "x-c:",
            ])
    }

    @Test func userAgentAndHopByHopHeadersAreNotSignedAndHostComesFromTheURL() throws {
        let url = try #require(URL(string: "http://127.0.0.1:5000/"))
        let request = HTTPRequest(
            method: "POST", url: url,
            headers: [
                (name: "User-Agent", value: "termscale/1.0"), (name: "Connection", value: "keep-alive"),
                (name: "Expect", value: ""), (name: "Content-Type", value: "application/x-www-form-urlencoded"),
            ])
        let signed = Self.signer.sign(request, credentials: Self.credentials, date: Self.date)
        #expect(signed.header("Host") == "127.0.0.1:5000")
        #expect(Self.signer.signedHeaders(signed) == "content-type;host;x-amz-date")
        #expect(signed.header("Authorization")?.contains("SignedHeaders=content-type;host;x-amz-date,") == true)
    }

    @Test func differentSecretsAndDaysGetDifferentKeys() {
        let one = Self.signer.signingKey(secret: "secret-one", date: Self.date, region: "eu-west-2", service: "autoscaling")
        let two = Self.signer.signingKey(secret: "secret-two", date: Self.date, region: "eu-west-2", service: "autoscaling")
        let nextDay = Self.signer.signingKey(
            secret: "secret-one", date: Self.date.addingTimeInterval(86_400),
            region: "eu-west-2", service: "autoscaling")
        let sts = Self.signer.signingKey(secret: "secret-one", date: Self.date, region: "eu-west-2", service: "sts")
        #expect(Set([one, two, nextDay, sts]).count == 4)
        #expect(
            one
                == Self.signer.signingKey(
                    secret: "secret-one", date: Self.date.addingTimeInterval(3600),
                    region: "eu-west-2", service: "autoscaling"))
    }

    @Test func theSignatureNeverContainsTheSecret() {
        let url = URL(string: "https://autoscaling.eu-west-2.amazonaws.com/")!
        var credentials = Self.credentials
        credentials.sessionToken = "the-session-token"
        let signed = Self.signer.sign(HTTPRequest(method: "POST", url: url), credentials: credentials, date: Self.date)
        #expect(!signed.headers.contains { $0.value.contains("secret-one") })
        #expect(signed.header("X-Amz-Security-Token") == "the-session-token")
    }
}
