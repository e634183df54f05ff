import Foundation

/// An error answer from an AWS service (HTTP status ≥ 300). Query services' are parsed from any of
/// `<ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>` (Auto Scaling, STS),
/// `<ErrorResponse><Errors><Error>…` (moto's auth errors) and `<Response><Errors><Error>…`
/// (EC2); REST-JSON services' (EventBridge Scheduler) by `init(restJSONResponse:action:service:)`.
/// `description` says what to do; it never contains credentials.
public struct AWSServiceError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// Who AWS blames: `Sender` (the request) or `Receiver` (AWS itself).
    public enum Fault: String, Sendable, Equatable {
        case sender = "Sender"
        case receiver = "Receiver"
    }

    /// `Throttling`, `ValidationError`, `SignatureDoesNotMatch`…; `HTTP <status>` when the body
    /// was not an AWS error document (e.g. a proxy's HTML page).
    public var code: String
    public var message: String
    public var requestID: String?
    public var httpStatus: Int
    public var type: Fault?
    /// The operation that failed (`BatchPutScheduledUpdateGroupAction`), for messages.
    public var action: String?
    /// The IAM service prefix of the action, for permission advice (`autoscaling`).
    public var service: String
    /// For a redirect (HTTP 3xx), where it pointed (scheme, host, port and path only), or a note
    /// that it had no `Location`.
    public var redirectedTo: String?

    public init(
        code: String, message: String, requestID: String? = nil, httpStatus: Int, type: Fault? = nil,
        action: String? = nil, service: String = "autoscaling", redirectedTo: String? = nil
    ) {
        self.code = code
        self.message = message
        self.requestID = requestID
        self.httpStatus = httpStatus
        self.type = type
        self.action = action
        self.service = service
        self.redirectedTo = redirectedTo
    }

    /// A 200 answer termscale cannot use (a list missing, an item without a field it needs):
    /// `MalformedResponse`, final like any answer AWS gave.
    public static func malformedResponse(_ message: String, action: String, service: String) -> AWSServiceError {
        AWSServiceError(code: "MalformedResponse", message: message, httpStatus: 200, action: action, service: service)
    }

    /// A redirect (HTTP 3xx), which termscale never follows: a signed request is never sent again
    /// to another host. Names the status and the `Location` (without its query, which could hold
    /// anything); never retried.
    public init(redirect response: HTTPResponse, action: String? = nil, service: String = "autoscaling") {
        let location = response.header("Location").map { text in
            URL(string: text).map(CurlTransport.displayURL) ?? "<a Location that is not a URL>"
        }
        self.init(
            code: "HTTP \(response.status)", message: "",
            requestID: response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id"),
            httpStatus: response.status, action: action, service: service,
            redirectedTo: location ?? "<no Location header>")
    }

    /// The error `response` carries. Never fails: a body that is not an AWS error document
    /// gives code `HTTP <status>` and the start of the body as message.
    public init(response: HTTPResponse, action: String? = nil, service: String = "autoscaling") {
        let headerID = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
        guard let root = try? XMLTree.parse(response.body),
            let error = root.path("Error") ?? root.path("Errors/Error")
        else {
            let snippet = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            self.init(
                code: "HTTP \(response.status)", message: String(snippet.prefix(200)), requestID: headerID,
                httpStatus: response.status, action: action, service: service)
            return
        }
        let trimmed = { (text: String?) in text?.trimmingCharacters(in: .whitespacesAndNewlines) }
        let requestID =
            trimmed(
                root.text("RequestId") ?? root.text("RequestID") ?? error.text("RequestId")
                    ?? error.text("RequestID")) ?? headerID
        self.init(
            code: trimmed(error.text("Code")) ?? "HTTP \(response.status)",
            message: trimmed(error.text("Message")) ?? "",
            requestID: requestID,
            httpStatus: response.status,
            type: trimmed(error.text("Type")).flatMap(Fault.init(rawValue:)),
            action: action, service: service)
    }

    /// Codes AWS sends when a caller goes too fast: botocore's standard mode list
    /// (`ThrottledRetryableChecker._THROTTLED_ERROR_CODES` in `retries/standard.py`).
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// Codes that mean the signature was refused: bad key, bad secret, or a skewed clock.
    public static let signatureCodes: Set<String> = [
        "SignatureDoesNotMatch", "InvalidClientTokenId", "IncompleteSignature", "UnrecognizedClientException",
        "InvalidSignatureException", "AuthFailure",
    ]
    public static let clockSkewCodes: Set<String> = ["RequestExpired", "RequestTimeTooSkewed", "RequestInTheFuture"]
    public static let accessDeniedCodes: Set<String> = [
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
    ]
    public static let expiredTokenCodes: Set<String> = ["ExpiredToken", "ExpiredTokenException"]
    static let retryableStatuses: Set<Int> = [500, 502, 503, 504]
    /// Codes of a failure that passes: botocore's standard mode list
    /// (`TransientRetryableChecker._TRANSIENT_ERROR_CODES`: `RequestTimeout`,
    /// `RequestTimeoutException`, `PriorRequestNotComplete`), and the codes of a failure on AWS's
    /// side that REST-JSON services name besides the 5xx status.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalServerException",
        "InternalFailure", "ServiceUnavailable",
    ]

    /// Codes that say the group is busy: a scaling activity is in progress
    /// (`ScalingActivityInProgress`, from UpdateAutoScalingGroup) or the resource is in use by
    /// another change (`ResourceInUse`). Nothing was changed; it passes on its own.
    public static let tryAgainNextRunCodes: Set<String> = ["ScalingActivityInProgress", "ResourceInUse"]

    public var isThrottling: Bool { Self.throttlingCodes.contains(code) }

    /// Whether the group was busy (`tryAgainNextRunCodes`): the call is not retried within the run,
    /// and the push reports "try again next run" instead of failing, since the next cron run
    /// reconciles what this one could not.
    public var isTryAgainNextRun: Bool { Self.tryAgainNextRunCodes.contains(code) }

    /// Whether the SDKs' standard retry mode would try again: the `throttlingCodes`, the
    /// `transientCodes`, `ResourceContention`, STS's `IDPCommunicationError` (botocore's
    /// `retries/special.py`), HTTP 500/502/503/504; never a busy group (`isTryAgainNextRun`),
    /// whatever its status.
    public var isRetryable: Bool {
        guard !isTryAgainNextRun else { return false }
        return isThrottling || code == "ResourceContention" || Self.transientCodes.contains(code)
            || (service == "sts" && code == "IDPCommunicationError") || Self.retryableStatuses.contains(httpStatus)
    }

    public var description: String {
        let call = action.map { "\($0) failed" } ?? "the AWS request failed"
        var text = "\(call): \(code) (HTTP \(httpStatus))"
        if let advice { text += ": \(advice)" }
        if !message.isEmpty { text += ". AWS said: \(message)" }
        if let requestID { text += " (request ID \(requestID))" }
        return text
    }

    public var errorDescription: String? { description }

    /// What to do about it, for the errors a user can fix.
    public var advice: String? {
        if let redirectedTo {
            return "the endpoint redirected the call to \(redirectedTo); termscale never follows a redirect "
                + "(a signed request is not sent on to another host): set --endpoint-url (or AWS_ENDPOINT_URL, "
                + "or the region) to the service's own endpoint"
        }
        if Self.signatureCodes.contains(code) {
            return "the request signature does not match: check your credentials (AWS_ACCESS_KEY_ID / "
                + "AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN / profile) — the access key may be unknown or the "
                + "secret wrong — and the system clock, which must be within 5 minutes of the real time"
        }
        if Self.clockSkewCodes.contains(code) {
            return "the system clock may be skewed: AWS refuses requests signed more than 5 minutes from its "
                + "time; synchronise the clock (NTP / chrony) and retry"
        }
        if Self.accessDeniedCodes.contains(code) {
            let permission = "\(service):\(action ?? "<Action>")"
            return "the credentials are not allowed to call \(action ?? "this action"): grant \(permission) "
                + "to the IAM user or role in an IAM policy"
        }
        if Self.expiredTokenCodes.contains(code) {
            return "the session token has expired: refresh the session (new temporary credentials, "
                + "`aws sso login`, or let the instance role refresh) and retry"
        }
        if isThrottling {
            return "AWS is throttling the calls: retry later or make fewer calls"
        }
        if isTryAgainNextRun {
            return "the group is busy with a scaling activity or another change, and nothing was changed: "
                + "try again on the next run"
        }
        return nil
    }

    /// This error with every occurrence of `secrets` in the AWS message replaced by `…`: a
    /// safeguard for messages that echo request data (a canonical request holds the session token).
    public func redacting(_ secrets: [String]) -> AWSServiceError {
        var copy = self
        for secret in secrets where !secret.isEmpty {
            copy.message = copy.message.replacingOccurrences(of: secret, with: "…")
        }
        return copy
    }
}
