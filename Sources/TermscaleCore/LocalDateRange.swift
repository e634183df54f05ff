/// Consecutive local dates `[from, to)`: `to` is the day after the last one, and comes after `from`.
///
/// The one place the rule "`--to` must be after `--from`" lives: every command that takes a
/// range of days builds one of these, and nothing downstream checks again.
public struct LocalDateRange: Hashable, Sendable, CustomStringConvertible {
    public let from: CivilDate
    public let to: CivilDate

    /// Why a range could not be made.
    public struct Error: Swift.Error, Equatable, CustomStringConvertible {
        public let from: CivilDate
        public let to: CivilDate
        public var description: String { "--to (\(to)) must be after --from (\(from)); --to is exclusive" }
    }

    /// The days from `from` up to, not including, `to`.
    /// - Throws: `LocalDateRange.Error` unless `from < to`.
    public init(from: CivilDate, to: CivilDate) throws(Error) {
        guard from < to else { throw Error(from: from, to: to) }
        self.from = from
        self.to = to
    }

    /// For callers that know `from < to` by construction (a week, a day plus a count).
    init(uncheckedFrom from: CivilDate, to: CivilDate) {
        precondition(from < to, "empty range \(from)..<\(to)")
        self.from = from
        self.to = to
    }

    /// `days` days from `from` (at least 1).
    public static func days(_ days: Int, from: CivilDate) -> LocalDateRange {
        LocalDateRange(uncheckedFrom: from, to: from.adding(days: max(1, days)))
    }

    /// Checks optional bounds: when both are given, the same rule as `init(from:to:)`.
    public static func validate(from: CivilDate?, to: CivilDate?) throws(Error) {
        if let from, let to { _ = try LocalDateRange(from: from, to: to) }
    }

    /// `2027-01-11..<2027-01-18`.
    public var description: String { "\(from)..<\(to)" }
}
