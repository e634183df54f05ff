/// How a wall-clock time maps to instants in a zone.
public enum LocalTimeResolution: Equatable, Sendable {
    /// Exactly one instant (seconds since the epoch, UTC).
    case unique(Int64)
    /// The wall time falls in a spring-forward gap and never happens. `before` is the instant
    /// it would be with the offset in force before the gap (RFC 5545's rule), `after` with the
    /// offset after it.
    case nonexistent(before: Int64, after: Int64)
    /// The wall time happens twice (autumn fall-back): `earlier` and `later` instants.
    case ambiguous(earlier: Int64, later: Int64)
}

/// What to do with nonexistent and ambiguous wall times.
public enum TransitionPolicy: Sendable {
    /// Refuse them: the input must say which offset it means.
    case reject
    /// RFC 5545 §3.3.5: an ambiguous time is its first occurrence; a nonexistent one is read
    /// with the offset in force before the gap. Used where the input defines its own zone
    /// (a VTIMEZONE) and so has said which offset it means.
    case rfc5545
}

public enum LocalTimeResolver {
    /// Resolves `local` in `zone`. Exact for any zone with at most one offset change within
    /// a day of the wall time, which holds for every real zone.
    public static func resolve(_ local: LocalDateTime, in zone: any ZoneRules) -> LocalTimeResolution {
        let wall = local.secondsAsIfUTC
        // Offsets in force around the wall time; any instant it can name is within ±1 day.
        var offsets: [Int] = []
        for probe in [wall - 86_400, wall, wall + 86_400] {
            let offset = zone.utcOffset(atUTC: probe)
            if !offsets.contains(offset) { offsets.append(offset) }
        }
        var matches: [Int64] = []
        for offset in offsets {
            let candidate = wall - Int64(offset)
            if zone.utcOffset(atUTC: candidate) == offset, !matches.contains(candidate) {
                matches.append(candidate)
            }
        }
        matches.sort()
        if matches.count == 1 { return .unique(matches[0]) }
        if matches.count >= 2 { return .ambiguous(earlier: matches[0], later: matches[matches.count - 1]) }
        // In a gap: the offset before it is the one in force a day earlier.
        let before = zone.utcOffset(atUTC: wall - 86_400)
        let after = zone.utcOffset(atUTC: wall + 86_400)
        return .nonexistent(before: wall - Int64(before), after: wall - Int64(after))
    }

    /// Resolves `local` in `zone` under `policy`; nil when `policy` is `.reject` and the wall
    /// time is nonexistent or ambiguous.
    public static func instant(_ local: LocalDateTime, in zone: any ZoneRules, policy: TransitionPolicy) -> Result<
        Int64, TransitionError
    > {
        switch resolve(local, in: zone) {
        case .unique(let t): return .success(t)
        case .nonexistent(let before, _):
            return policy == .rfc5545 ? .success(before) : .failure(.nonexistent(local, zone: zone.identifier))
        case .ambiguous(let earlier, _):
            return policy == .rfc5545 ? .success(earlier) : .failure(.ambiguous(local, zone: zone.identifier))
        }
    }
}

/// A wall time that does not name exactly one instant.
public enum TransitionError: Error, Equatable, Sendable, CustomStringConvertible {
    case nonexistent(LocalDateTime, zone: String)
    case ambiguous(LocalDateTime, zone: String)

    public var description: String {
        switch self {
        case .nonexistent(let t, let zone):
            return "\(t) does not exist in \(zone) (clocks go forward then); give the time in UTC or with an explicit offset"
        case .ambiguous(let t, let zone):
            return "\(t) happens twice in \(zone) (clocks go back then); give the time in UTC or with an explicit offset"
        }
    }
}

extension LocalTimeResolver {
    /// The first instant (seconds since the epoch, UTC) of local day `date` in `zone`: local
    /// midnight; the first of two midnights where the clocks go back over it; and where they
    /// jump forward over midnight, the instant of the jump (the day begins at 01:00 then).
    public static func startOfDay(_ date: CivilDate, in zone: any ZoneRules) -> Int64 {
        switch resolve(LocalDateTime(date: date), in: zone) {
        case .unique(let t): return t
        case .ambiguous(let earlier, _): return earlier
        // Midnight read with the offset before the gap is exactly the instant of the jump.
        case .nonexistent(let before, _): return before
        }
    }
}
