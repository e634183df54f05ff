import Foundation
import TermscaleCore
import TermscaleStore

/// `termscale calendar`: stored events overlapping a range of local dates.
public struct CalendarQuery: Sendable {
    /// First local date shown (inclusive); nil: from the start.
    public var from: CivilDate?
    /// Local date the listing stops before (exclusive); nil: to the end.
    public var to: CivilDate?
    public var kind: EventKind?
    /// The zone the dates are local to.
    public var zone: any ZoneRules

    /// - Throws: `LocalDateRange.Error` when both bounds are given and `to` is not after `from`.
    public init(from: CivilDate? = nil, to: CivilDate? = nil, kind: EventKind? = nil, zone: any ZoneRules) throws {
        try LocalDateRange.validate(from: from, to: to)
        self.from = from
        self.to = to
        self.kind = kind
        self.zone = zone
    }

    /// The first instant of local day `date` in `zone` (see `LocalTimeResolver.startOfDay`).
    public static func startOfDay(_ date: CivilDate, in zone: any ZoneRules) -> Date {
        UTCFormat.date(LocalTimeResolver.startOfDay(date, in: zone))
    }

    /// The events, in listing order.
    public func run(on store: CalendarStore) throws -> [CalendarEvent] {
        try store.events(
            from: from.map { Self.startOfDay($0, in: zone) },
            to: to.map { Self.startOfDay($0, in: zone) }, kind: kind)
    }

    /// `termscale sources`: every imported source, by name.
    public static func sources(on store: CalendarStore) throws -> [SourceRecord] {
        try store.sources()
    }
}
