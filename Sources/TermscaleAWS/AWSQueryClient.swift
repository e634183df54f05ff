import Foundation
import Logging

/// A call that failed after more than one attempt: says how often it was tried and why it
/// stopped.
public struct AWSRetriesExhausted: Error, Sendable, CustomStringConvertible {
    public var action: String
    public var attempts: Int
    /// The last attempt's error (`AWSServiceError` or `TransportError`).
    public var lastError: any Error & Sendable

    public var description: String {
        "\(action) failed after \(attempts) attempts (AWS_MAX_ATTEMPTS): \(lastError)"
    }
}

/// Sends AWS Query-protocol calls (Auto Scaling, IAM, EC2, STS…) to one endpoint: signs every
/// attempt afresh with SigV4, retries what the SDKs' standard mode retries, and logs each
/// attempt (action, status, request id, delay) — never a header, a body or a secret.
public final class AWSQueryClient: Sendable {
    public let endpoint: URL
    public let signer: SigV4Signer
    let credentials: @Sendable () throws -> Credentials
    let transport: any HTTPTransport
    let retry: RetryStrategy
    let now: @Sendable () -> Date
    let logger: Logger

    /// - Parameters:
    ///   - service: the signing name (`autoscaling`, `iam`, `ec2`, `sts`).
    ///   - credentials: asked before every attempt, so refreshed credentials are picked up.
    public init(
        endpoint: URL, service: String, region: String, credentials: @escaping @Sendable () throws -> Credentials,
        transport: any HTTPTransport, retry: RetryStrategy = RetryStrategy(), now: @escaping @Sendable () -> Date = Date.init,
        logger: Logger = Logger(label: "termscale.aws")
    ) {
        self.endpoint = endpoint
        self.signer = SigV4Signer(service: service, region: region)
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
        self.now = now
        self.logger = logger
    }

    /// Sends `request` and returns the parsed XML response document.
    /// - Throws: `AWSServiceError` for a non-retryable error (at once), `AWSRetriesExhausted`
    ///   when every attempt failed with a retryable one, `TransportError` for a non-retryable
    ///   transport problem, `XMLParseError` for a malformed success body, or the credential
    ///   provider's error.
    public func call(_ request: AWSQueryRequest) throws -> XMLTree {
        let unsigned = request.httpRequest(endpoint: endpoint)
        var attempt = 1
        while true {
            let creds = try credentials()
            let signed = signer.sign(unsigned, credentials: creds, date: now())
            let started = DispatchTime.now().uptimeNanoseconds
            let failure: any Error & Sendable
            do {
                let response = try transport.send(signed)
                let ms = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
                if (200..<300).contains(response.status) {
                    logger.debug(
                        "\(request.action) → HTTP \(response.status) in \(ms) ms (attempt \(attempt)/\(retry.maxAttempts), request \(response.header("x-amzn-RequestId") ?? "?"))"
                    )
                    return try XMLTree.parse(response.body)
                }
                let error = AWSServiceError(response: response, action: request.action, service: signer.service)
                    .redacting([creds.secretAccessKey, creds.sessionToken ?? ""])
                logger.debug(
                    "\(request.action) → HTTP \(response.status) \(error.code) in \(ms) ms (attempt \(attempt)/\(retry.maxAttempts), request \(error.requestID ?? "?"))"
                )
                guard error.isRetryable else { throw error }
                failure = error
            } catch let error as TransportError {
                logger.debug("\(request.action) → \(error) (attempt \(attempt)/\(retry.maxAttempts))")
                guard error.isRetryable else { throw error }
                failure = error
            }
            guard attempt < retry.maxAttempts else {
                if retry.maxAttempts == 1 { throw failure }
                throw AWSRetriesExhausted(action: request.action, attempts: attempt, lastError: failure)
            }
            let delay = retry.delay(beforeRetry: attempt)
            logger.debug("\(request.action): retrying in \(String(format: "%.3f", delay)) s")
            retry.sleep(delay)
            attempt += 1
        }
    }
}
