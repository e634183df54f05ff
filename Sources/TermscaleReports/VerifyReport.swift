import Foundation
import TermscaleCore

/// `termscale verify`: the pre-flight checklist of one group before an exam session.
public struct VerifyReport: Sendable, Equatable {
    /// One check and whether the group passes it.
    public struct Check: Sendable, Equatable {
        /// A short name that stays the same from run to run (`min-size`, `in-service`, `mix`,
        /// `next-raise`, `actions`, `target-tracking`), for monitoring.
        public var name: String
        public var passed: Bool
        /// What was found, and against what.
        public var detail: String

        public init(name: String, passed: Bool, detail: String) {
            self.name = name
            self.passed = passed
            self.detail = detail
        }
    }

    public var group: String
    public var region: String
    public var now: Date
    public var checks: [Check]

    public init(group: String, region: String, now: Date, checks: [Check]) {
        self.group = group
        self.region = region
        self.now = now
        self.checks = checks
    }

    /// Whether every check passed.
    public var passed: Bool { checks.allSatisfy(\.passed) }
}

/// How `termscale verify` prints.
extension OutputFormat {
    public var verifyRenderer: any ReportRenderer<[VerifyReport]> {
        switch self {
        case .table: VerifyTextRenderer()
        case .json: VerifyJSONRenderer()
        }
    }
}

/// A checklist per group: `✔`/`✘`, the check's name, what was found.
public struct VerifyTextRenderer: ReportRenderer {
    public init() {}

    public func render(_ reports: [VerifyReport]) -> String {
        reports.map { r in
            var out = "\(r.group) (\(r.region)) at \(UTCFormat.rfc3339(r.now)): \(r.passed ? "ready" : "NOT READY")\n"
            for c in r.checks {
                out += "  \(c.passed ? "✔" : "✘") \(c.name.padding(toLength: 15, withPad: " ", startingAt: 0)) \(c.detail)\n"
            }
            return out
        }.joined(separator: "\n")
    }
}

/// One JSON array: per group `group`, `region`, `now`, `passed` and `checks` (`name`, `passed`, `detail`).
public struct VerifyJSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ reports: [VerifyReport]) -> String {
        JSONValue.array(
            reports.map { r in
                .object([
                    ("group", .string(r.group)), ("region", .string(r.region)), ("now", .string(UTCFormat.rfc3339(r.now))),
                    ("passed", .bool(r.passed)),
                    (
                        "checks",
                        .array(
                            r.checks.map { c in
                                .object([("name", .string(c.name)), ("passed", .bool(c.passed)), ("detail", .string(c.detail))])
                            })
                    ),
                ])
            }
        ).serialized()
    }
}
