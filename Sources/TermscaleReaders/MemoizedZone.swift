import TermscaleCore

/// Wraps a zone whose lookups are slow (Foundation's `TimeZone`) with a per-UTC-day cache.
///
/// Exact under the assumption `LocalTimeResolver` already makes: at most one offset change per
/// day. Each day costs two lookups, or about twenty when it holds a transition. Not thread-safe:
/// one instance is used by one `read` call only.
final class MemoizedZone: ZoneRules, @unchecked Sendable {
    private struct Day {
        var transition: Int64?
        var before: Int
        var after: Int
    }

    let base: any ZoneRules
    private var days: [Int64: Day] = [:]

    init(_ base: any ZoneRules) { self.base = base }

    var identifier: String { base.identifier }

    func utcOffset(atUTC utcSeconds: Int64) -> Int {
        let dayNumber = utcSeconds >= 0 ? utcSeconds / 86_400 : (utcSeconds - 86_399) / 86_400
        let day: Day
        if let cached = days[dayNumber] {
            day = cached
        } else {
            let start = dayNumber * 86_400
            let before = base.utcOffset(atUTC: start)
            let after = base.utcOffset(atUTC: start + 86_399)
            var transition: Int64?
            if before != after {
                // First second showing the new offset.
                var low = start, high = start + 86_399
                while low < high {
                    let mid = low + (high - low) / 2
                    if base.utcOffset(atUTC: mid) == after { high = mid } else { low = mid + 1 }
                }
                transition = low
            }
            day = Day(transition: transition, before: before, after: after)
            days[dayNumber] = day
        }
        guard let transition = day.transition else { return day.before }
        return utcSeconds < transition ? day.before : day.after
    }
}
