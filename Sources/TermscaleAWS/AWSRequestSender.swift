import Foundation
import Logging

/// What every AWS protocol client does around one call, whatever the protocol: signs each attempt
/// afresh with SigV4 (credentials asked for each time, so a refresh is picked up), sends it,
/// retries what the SDKs' standard mode retries while the retry quota lasts, and logs each attempt
/// (action, status, request id, delay) — never a header, a body or a secret. `AWSQueryClient` and
/// `AWSRestJSONClient` share it; only how a request is built and an error read differs between them.
struct AWSRequestSender: Sendable {
    let signer: SigV4Signer
    /// nil sends the requests unsigned (STS AssumeRoleWithWebIdentity, where a token is the proof).
    let credentials: (@Sendable () throws -> Credentials)?
    let transport: any HTTPTransport
    let retry: RetryStrategy
    let now: @Sendable () -> Date
    let logger: Logger

    /// A sender signing as `service` in `region` (nil `credentials`: unsigned), as both clients build it.
    init(
        service: String, region: String, credentials: (@Sendable () throws -> Credentials)?, transport: any HTTPTransport,
        retry: RetryStrategy, now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.signer = SigV4Signer(service: service, region: region)
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
        self.now = now
        self.logger = logger
    }

    /// Sends `unsigned` until an attempt answers 2xx, and returns that answer.
    /// - Parameters:
    ///   - action: the operation's name, for logs and errors (`CreateSchedule`).
    ///   - serviceError: the error a non-2xx answer carries, in the protocol's format.
    /// - Throws: `AWSServiceError` for a non-retryable error (at once), `AWSRetriesExhausted` when
    ///   every attempt failed with a retryable one or the retry quota was used up,
    ///   `TransportError` for a non-retryable transport problem, or the credential provider's error.
    func send(
        _ unsigned: HTTPRequest, action: String, serviceError: (HTTPResponse) -> AWSServiceError
    ) throws -> HTTPResponse {
        var attempt = 1
        // What the last retry took from the quota, given back when the call succeeds.
        var lastRetryCost: Int?
        while true {
            let creds = try credentials?()
            let signed = creds.map { signer.sign(unsigned, credentials: $0, date: now()) } ?? unsigned
            let started = DispatchTime.now().uptimeNanoseconds
            let failure: any Error & Sendable
            do {
                let response = try transport.send(signed)
                let ms = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
                if (200..<300).contains(response.status) {
                    logger.debug(
                        "\(action) → HTTP \(response.status) in \(ms) ms (attempt \(attempt)/\(retry.maxAttempts), request \(response.header("x-amzn-RequestId") ?? "?"))"
                    )
                    retry.quota.release(lastRetryCost ?? RetryQuota.noRetryIncrement)
                    return response
                }
                if (300..<400).contains(response.status) {
                    // Never followed (libcurl is told not to) and never retried.
                    let error = AWSServiceError(redirect: response, action: action, service: signer.service)
                    logger.debug("\(action) → HTTP \(response.status) redirect in \(ms) ms, not followed")
                    throw error
                }
                let error = serviceError(response).redacting([creds?.secretAccessKey ?? "", creds?.sessionToken ?? ""])
                logger.debug(
                    "\(action) → HTTP \(response.status) \(error.code) in \(ms) ms (attempt \(attempt)/\(retry.maxAttempts), request \(error.requestID ?? "?"))"
                )
                guard error.isRetryable else { throw error }
                failure = error
            } catch let error as TransportError {
                logger.debug("\(action) → \(error) (attempt \(attempt)/\(retry.maxAttempts))")
                guard error.isRetryable else { throw error }
                failure = error
            }
            guard attempt < retry.maxAttempts else {
                if retry.maxAttempts == 1 { throw failure }
                throw AWSRetriesExhausted(action: action, attempts: attempt, lastError: failure)
            }
            let cost = (failure as? TransportError)?.isTimeout == true ? RetryQuota.timeoutRetryCost : RetryQuota.retryCost
            guard retry.quota.acquire(cost) else {
                logger.debug("\(action): not retried, the retry quota is used up (\(retry.quota.available) left)")
                throw AWSRetriesExhausted(action: action, attempts: attempt, lastError: failure, stoppedBy: .retryQuota)
            }
            lastRetryCost = cost
            let delay = retry.delay(beforeRetry: attempt)
            logger.debug("\(action): retrying in \(String(format: "%.3f", delay)) s")
            retry.sleep(delay)
            attempt += 1
        }
    }
}
