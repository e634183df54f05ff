import Foundation
import TermscaleCore

/// The AWS Query protocol's form encoding (`application/x-www-form-urlencoded`).
///
/// Exactly as moto re-encodes a parsed form before checking the signature: unreserved
/// `A-Z a-z 0-9 - _ . ~` literal, space as `+`, every other UTF-8 byte `%XX` uppercase.
/// AWS would accept `%20` for a space; moto would not.
public enum AWSQuery {
    /// The Auto Scaling API version.
    public static let autoScalingVersion = "2011-01-01"
    /// The EC2 API version.
    public static let ec2Version = "2016-11-15"
    public static let contentType = "application/x-www-form-urlencoded; charset=utf-8"

    /// One name or value, form-encoded.
    public static func encode(_ text: String) -> String {
        PercentEncoding.encode(text, spaceAsPlus: true)
    }

    /// `name=value` pairs, encoded and joined by `&`, in the order given.
    public static func formBody(_ parameters: [(String, String)]) -> String {
        var out: [UInt8] = []
        for (index, (name, value)) in parameters.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            PercentEncoding.append(name, to: &out, spaceAsPlus: true)
            out.append(UInt8(ascii: "="))
            PercentEncoding.append(value, to: &out, spaceAsPlus: true)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYY-MM-DDThh:mm:ssZ` in UTC, fractions of a second dropped.
    public static func timestamp(_ date: Date) -> String {
        UTCFormat.rfc3339(date)
    }

    /// `true` / `false`.
    public static func boolean(_ value: Bool) -> String {
        value ? "true" : "false"
    }
}

/// Query parameters under construction, flattened the way the Query protocol nests them:
/// structure members joined by `.`, list items as `.member.N` counting from 1.
///
/// ```swift
/// var p = AWSQueryParameters()
/// p.add("AutoScalingGroupName", "exams")
/// p.addList("ScheduledUpdateGroupActions", actions) { item, action in
///     item.add("ScheduledActionName", action.name)   // ScheduledUpdateGroupActions.member.1.ScheduledActionName
///     item.add("StartTime", action.start)
/// }
/// ```
public struct AWSQueryParameters: Sendable {
    /// The flattened `(name, value)` pairs, in the order added.
    public private(set) var items: [(String, String)] = []
    private let prefix: String

    public init() { prefix = "" }

    private init(prefix: String) { self.prefix = prefix }

    private func qualified(_ name: String) -> String {
        prefix.isEmpty ? name : "\(prefix).\(name)"
    }

    public mutating func add(_ name: String, _ value: String) {
        items.append((qualified(name), value))
    }

    /// Adds nothing when `value` is nil: absent members are not sent.
    public mutating func add(_ name: String, _ value: String?) {
        if let value { add(name, value) }
    }

    public mutating func add(_ name: String, _ value: Int?) {
        if let value { add(name, String(value)) }
    }

    public mutating func add(_ name: String, _ value: Double?) {
        guard let value else { return }
        add(name, value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))
    }

    /// A timestamp as `YYYY-MM-DDThh:mm:ssZ`.
    public mutating func add(_ name: String, _ value: Date?) {
        if let value { add(name, AWSQuery.timestamp(value)) }
    }

    /// A boolean as `true` / `false`.
    public mutating func add(_ name: String, _ value: Bool?) {
        if let value { add(name, AWSQuery.boolean(value)) }
    }

    /// Members of the structure `name`: `name.Member`.
    public mutating func addStructure(_ name: String, _ build: (inout AWSQueryParameters) -> Void) {
        var nested = AWSQueryParameters(prefix: qualified(name))
        build(&nested)
        items += nested.items
    }

    /// One structure per element: `name.member.1.Field`, `name.member.2.Field`…
    public mutating func addList<Element>(
        _ name: String, _ elements: some Sequence<Element>,
        _ build: (inout AWSQueryParameters, Element) -> Void
    ) {
        for (index, element) in elements.enumerated() {
            var nested = AWSQueryParameters(prefix: "\(qualified(name)).member.\(index + 1)")
            build(&nested, element)
            items += nested.items
        }
    }

    /// A list of strings: `name.member.1=a`, `name.member.2=b`…
    public mutating func addList(_ name: String, _ values: some Sequence<String>) {
        for (index, value) in values.enumerated() {
            items.append(("\(qualified(name)).member.\(index + 1)", value))
        }
    }
}

/// One Query-protocol call: `Action`, `Version` and the operation's parameters.
public struct AWSQueryRequest: Sendable, Equatable {
    public var action: String
    public var version: String
    /// Flattened parameters in the order they are sent (see `AWSQueryParameters`).
    public var parameters: [(String, String)]

    public init(action: String, version: String = AWSQuery.autoScalingVersion, parameters: [(String, String)] = []) {
        self.action = action
        self.version = version
        self.parameters = parameters
    }

    public init(action: String, version: String = AWSQuery.autoScalingVersion, parameters: AWSQueryParameters) {
        self.init(action: action, version: version, parameters: parameters.items)
    }

    /// `Action=<Op>&Version=<version>&…`, form-encoded.
    public var body: String {
        AWSQuery.formBody([("Action", action), ("Version", version)] + parameters)
    }

    /// The unsigned HTTP request: `POST` to the endpoint's path (`/` when it has none), with
    /// `Host` and `Content-Type` headers and the form body.
    /// - Parameter endpoint: e.g. `https://autoscaling.eu-west-2.amazonaws.com` or `http://127.0.0.1:5000`.
    public func httpRequest(endpoint: URL) -> HTTPRequest {
        var url = endpoint
        if endpoint.path(percentEncoded: true).isEmpty {
            url = endpoint.appending(path: "/")
        }
        return HTTPRequest(
            method: "POST",
            url: url,
            headers: [
                (name: "Host", value: endpoint.hostHeaderValue),
                (name: "Content-Type", value: AWSQuery.contentType),
            ],
            body: Array(body.utf8)
        )
    }

    public static func == (lhs: AWSQueryRequest, rhs: AWSQueryRequest) -> Bool {
        lhs.action == rhs.action && lhs.version == rhs.version
            && lhs.parameters.map { [$0.0, $0.1] } == rhs.parameters.map { [$0.0, $0.1] }
    }
}
