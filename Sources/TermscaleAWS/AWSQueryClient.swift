import Foundation
import Logging

/// A call that failed with a retryable error and was not tried again: says how often it was tried
/// and why it stopped.
public struct AWSRetriesExhausted: Error, Sendable, CustomStringConvertible {
    /// Why the retries stopped.
    public enum Stop: Sendable, Equatable {
        /// Every attempt `AWS_MAX_ATTEMPTS` allows was made.
        case attemptLimit
        /// The client's `RetryQuota` had too few tokens left for another retry.
        case retryQuota
    }

    public var action: String
    public var attempts: Int
    /// The last attempt's error (`AWSServiceError` or `TransportError`).
    public var lastError: any Error & Sendable
    public var stoppedBy: Stop = .attemptLimit

    public var description: String {
        switch stoppedBy {
        case .attemptLimit:
            return "\(action) failed after \(attempts) attempts (AWS_MAX_ATTEMPTS): \(lastError)"
        case .retryQuota:
            let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
            return "\(action) failed after \(tries) and was not retried: the client's retry quota is used up "
                + "(too many calls failed in a row; as the SDKs' standard retry mode, termscale then stops "
                + "retrying until calls succeed again): \(lastError)"
        }
    }
}

/// Sends AWS Query-protocol calls (Auto Scaling, IAM, EC2, STS…) to one endpoint: signs every
/// attempt afresh with SigV4, retries what the SDKs' standard mode retries, and logs each attempt
/// (action, status, request id, delay) — never a header, a body or a secret.
public final class AWSQueryClient: Sendable {
    public let endpoint: URL
    let sender: AWSRequestSender
    public var signer: SigV4Signer { sender.signer }
    var logger: Logger { sender.logger }

    /// - Parameters:
    ///   - service: the signing name (`autoscaling`, `iam`, `ec2`, `sts`).
    ///   - credentials: asked before every attempt, so refreshed credentials are picked up.
    public init(
        endpoint: URL, service: String, region: String, credentials: @escaping @Sendable () throws -> Credentials,
        transport: any HTTPTransport, retry: RetryStrategy = RetryStrategy(), now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger = Logger(label: "termscale.aws")
    ) {
        self.endpoint = endpoint
        self.sender = AWSRequestSender(
            service: service, region: region, credentials: credentials, transport: transport,
            retry: retry, now: now, logger: logger)
    }

    /// A client whose requests are not signed, with the same retries and logging: STS
    /// `AssumeRoleWithWebIdentity`, whose web identity token is the proof.
    /// - Parameter service: the service's name, for errors and permission advice (`sts`).
    public init(
        unsignedTo endpoint: URL, service: String, region: String, transport: any HTTPTransport,
        retry: RetryStrategy = RetryStrategy(), logger: Logger = Logger(label: "termscale.aws")
    ) {
        self.endpoint = endpoint
        self.sender = AWSRequestSender(
            service: service, region: region, credentials: nil, transport: transport,
            retry: retry, now: Date.init, logger: logger)
    }

    /// Sends `request` and returns the parsed XML response document.
    /// - Throws: `AWSServiceError` for a non-retryable error (at once), `AWSRetriesExhausted`
    ///   when every attempt failed with a retryable one, `TransportError` for a non-retryable
    ///   transport problem, `XMLParseError` for a malformed success body, or the credential
    ///   provider's error.
    public func call(_ request: AWSQueryRequest) throws -> XMLTree {
        let service = signer.service
        let response = try sender.send(request.httpRequest(endpoint: endpoint), action: request.action) {
            AWSServiceError(response: $0, action: request.action, service: service)
        }
        return try XMLTree.parse(response.body)
    }
}
