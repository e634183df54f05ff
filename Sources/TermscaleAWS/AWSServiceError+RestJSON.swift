import Foundation

extension AWSServiceError {
    /// The error a REST-JSON answer (EventBridge Scheduler) carries: the code from the
    /// `x-amzn-ErrorType` header, else the body's `__type` (or `code`), with anything after a `:`
    /// and before a `#` dropped, as botocore reads it (`ValidationException:http://internal…` and
    /// `aws.scheduler#ValidationException` are both `ValidationException`); the message from the
    /// body's `Message` (or `message`); the request id from `x-amzn-RequestId`.
    ///
    /// An answer that names no error type is read as a Query error document when it is one (moto
    /// answers signature and permission failures of every protocol in XML), else it gives code
    /// `HTTP <status>` and the start of the body. Never fails.
    public init(restJSONResponse response: HTTPResponse, action: String? = nil, service: String) {
        let document = try? AWSJSON.parse(response.body)
        let named =
            [
                response.header("x-amzn-ErrorType"), document?["__type"]?.stringValue, document?["code"]?.stringValue,
                document?["Code"]?.stringValue,
            ]
            .lazy.compactMap { $0.map(Self.errorCode(fromType:)) }.first { !$0.isEmpty }
        guard let code = named else {
            self.init(response: response, action: action, service: service)
            return
        }
        let message = document?["Message"]?.stringValue ?? document?["message"]?.stringValue ?? ""
        self.init(
            code: code, message: message.trimmingCharacters(in: .whitespacesAndNewlines),
            requestID: response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id"),
            httpStatus: response.status, action: action, service: service)
    }

    /// `type` without what follows a `:` or precedes a `#`, trimmed.
    static func errorCode(fromType type: String) -> String {
        var code = Substring(type)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        return code.trimmingCharacters(in: .whitespaces)
    }
}
