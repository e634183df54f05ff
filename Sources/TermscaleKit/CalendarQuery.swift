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

    public init(from: CivilDate? = nil, to: CivilDate? = nil, kind: EventKind? = nil, zone: any ZoneRules) {
        self.from = from
        self.to = to
        self.kind = kind
        self.zone = zone
    }

    /// The instant local midnight starts `date` in `zone` (the first instant of the day where a
    /// transition skips midnight).
    public static func startOfDay(_ date: CivilDate, in zone: any ZoneRules) -> Date {
        switch LocalTimeResolver.resolve(LocalDateTime(date: date), in: zone) {
        case .unique(let t): return UTCFormat.date(t)
        case .ambiguous(let earlier, _): return UTCFormat.date(earlier)
        case .nonexistent(_, let after): return UTCFormat.date(after)
        }
    }

    public func run(on store: CalendarStore) throws -> [CalendarEvent] {
        if let from, let to, !(from < to) {
            throw TermscaleError.usage("--to (\(to)) must be after --from (\(from)); --to is exclusive")
        }
        return try store.events(from: from.map { Self.startOfDay($0, in: zone) },
                                to: to.map { Self.startOfDay($0, in: zone) }, kind: kind)
    }
}
