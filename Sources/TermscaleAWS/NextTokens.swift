/// The `NextToken`s of one paginated read: an empty token ends it, and a token that comes back
/// a second time is an error (`PagingLoop`) rather than a read that never ends.
struct NextTokens {
    let action: String
    let service: String
    private var seen: Set<String> = []

    init(action: String, service: String) {
        self.action = action
        self.service = service
    }

    /// The token to ask for next, nil when the read is complete.
    /// - Throws: `AWSServiceError` code `PagingLoop` for a token already seen.
    mutating func next(_ token: String?) throws -> String? {
        guard let token, !token.isEmpty else { return nil }
        guard seen.insert(token).inserted else {
            throw AWSServiceError(
                code: "PagingLoop", message: "\(action) returned NextToken \(token) twice", httpStatus: 200, action: action,
                service: service)
        }
        return token
    }
}
