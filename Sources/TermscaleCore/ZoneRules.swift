import Foundation

/// The UTC offsets of a time zone over time: an IANA zone, or one defined by an iCalendar
/// VTIMEZONE.
public protocol ZoneRules: Sendable {
    /// The zone's name as the input gave it (`Europe/London`, `GMT Standard Time`).
    var identifier: String { get }
    /// The offset from UTC, in seconds, in force at the instant `utcSeconds` since the epoch.
    func utcOffset(atUTC utcSeconds: Int64) -> Int
}

/// An IANA zone, backed by Foundation's `TimeZone`.
public struct IANAZone: ZoneRules, Hashable {
    public let timeZone: TimeZone

    public init(_ timeZone: TimeZone) { self.timeZone = timeZone }

    /// The zone named by an IANA identifier such as `Europe/London`, or nil if unknown.
    /// Abbreviations and Windows names are not IANA identifiers and give nil.
    public init?(identifier: String) {
        guard identifier.contains("/") || identifier == "UTC" || identifier == "GMT" || identifier == "Etc/UTC",
            let zone = TimeZone(identifier: identifier)
        else { return nil }
        self.timeZone = zone
    }

    public var identifier: String { timeZone.identifier }

    /// `Europe/London`, the default zone of policies and imports.
    public static let europeLondon = IANAZone(identifier: "Europe/London")!

    public func utcOffset(atUTC utcSeconds: Int64) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utcSeconds)))
    }
}

/// A zone with one fixed offset (used for UTC).
public struct FixedOffsetZone: ZoneRules, Hashable {
    public let identifier: String
    public let offsetSeconds: Int

    public init(identifier: String, offsetSeconds: Int) {
        self.identifier = identifier
        self.offsetSeconds = offsetSeconds
    }

    public static let utc = FixedOffsetZone(identifier: "UTC", offsetSeconds: 0)

    public func utcOffset(atUTC utcSeconds: Int64) -> Int { offsetSeconds }
}
