import Foundation
import TermscaleCore

/// Wraps a zone whose lookups are slow (Foundation's `TimeZone`) with a per-UTC-day cache.
///
/// Exact under the assumption `LocalTimeResolver` already makes: at most one offset change per
/// day. Each day costs two lookups, or about twenty when it holds a transition. Thread-safe: a
/// lock guards the cache (uncontended in practice, since each `read` call makes its own); the
/// slow lookups run outside it, so two threads may work out the same day, to the same answer.
final class MemoizedZone: ZoneRules, @unchecked Sendable {
    private struct Day {
        var transition: Int64?
        var before: Int
        var after: Int
    }

    let base: any ZoneRules
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var days: [Int64: Day] = [:]

    init(_ base: any ZoneRules) { self.base = base }

    var identifier: String { base.identifier }

    func utcOffset(atUTC utcSeconds: Int64) -> Int {
        let dayNumber = utcSeconds >= 0 ? utcSeconds / 86_400 : (utcSeconds - 86_399) / 86_400
        let day: Day
        if let cached = lock.withLock({ days[dayNumber] }) {
            day = cached
        } else {
            day = lookUp(dayNumber)
            lock.withLock { days[dayNumber] = day }
        }
        guard let transition = day.transition else { return day.before }
        return utcSeconds < transition ? day.before : day.after
    }

    /// The offsets of UTC day `dayNumber` from `base`, and the first second of the new offset
    /// when they differ.
    private func lookUp(_ dayNumber: Int64) -> Day {
        let start = dayNumber * 86_400
        let before = base.utcOffset(atUTC: start)
        let after = base.utcOffset(atUTC: start + 86_399)
        var transition: Int64?
        if before != after {
            var low = start
            var high = start + 86_399
            while low < high {
                let mid = low + (high - low) / 2
                if base.utcOffset(atUTC: mid) == after { high = mid } else { low = mid + 1 }
            }
            transition = low
        }
        return Day(transition: transition, before: before, after: after)
    }
}
