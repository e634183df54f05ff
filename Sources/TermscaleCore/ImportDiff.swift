/// What re-importing a source changes, event by event.
///
/// Events are matched by identity: an exam by its code (its title when it has none), a window
/// by category and title. Within one identity, events at the same times pair first, the rest
/// pair in start order (those are *moved*); what is left is added or removed.
public struct ImportDiff: Equatable, Sendable {
    public enum Change: Equatable, Sendable {
        case added(CalendarEvent)
        case removed(CalendarEvent)
        /// Start or end changed (and possibly other fields).
        case moved(from: CalendarEvent, to: CalendarEvent)
        /// Same times, different candidate count.
        case candidatesChanged(from: CalendarEvent, to: CalendarEvent)
        /// Same times and candidates; title, location or category changed.
        case updated(from: CalendarEvent, to: CalendarEvent)
    }

    public var changes: [Change]
    /// Events present before and after, unchanged.
    public var unchanged: Int

    public init(changes: [Change], unchanged: Int) {
        self.changes = changes
        self.unchanged = unchanged
    }

    public var isEmpty: Bool { changes.isEmpty }

    public func count(of kind: (Change) -> Bool) -> Int { changes.filter(kind).count }

    public var added: Int { count { if case .added = $0 { true } else { false } } }
    public var removed: Int { count { if case .removed = $0 { true } else { false } } }
    public var moved: Int { count { if case .moved = $0 { true } else { false } } }
    public var candidatesChanged: Int {
        count {
            switch $0 {
            case .candidatesChanged: true
            case .moved(let from, let to): from.candidates != to.candidates
            default: false
            }
        }
    }
    public var updated: Int { count { if case .updated = $0 { true } else { false } } }

    /// The changes from `old` to `new` (both the events of one source), in listing order of the
    /// event each change leaves (the removed one for a removal).
    public static func between(old: [CalendarEvent], new: [CalendarEvent]) -> ImportDiff {
        if old.isEmpty {
            return ImportDiff(changes: CalendarEvent.sortedForListing(new).map(Change.added), unchanged: 0)
        }
        func identity(_ e: CalendarEvent) -> String {
            switch e.kind {
            case .exam: return "exam\u{1F}" + (e.code ?? "\u{1E}" + e.title)
            case .window: return "window\u{1F}" + (e.category ?? "") + "\u{1F}" + e.title
            }
        }
        let oldGroups = Dictionary(grouping: CalendarEvent.sortedForListing(old), by: identity)
        let newGroups = Dictionary(grouping: CalendarEvent.sortedForListing(new), by: identity)
        var changes: [Change] = []
        var keys: [CalendarEvent] = [] // the event each change is listed by
        var unchanged = 0
        for key in Set(oldGroups.keys).union(newGroups.keys) {
            var olds = oldGroups[key] ?? []
            var news = newGroups[key] ?? []
            // Same times first.
            var i = 0
            while i < olds.count {
                if let j = news.firstIndex(where: { $0.start == olds[i].start && $0.end == olds[i].end }) {
                    let (from, to) = (olds.remove(at: i), news.remove(at: j))
                    if from.candidates != to.candidates {
                        changes.append(.candidatesChanged(from: from, to: to))
                        keys.append(to)
                    } else if from.title != to.title || from.location != to.location || from.category != to.category {
                        changes.append(.updated(from: from, to: to))
                        keys.append(to)
                    } else {
                        unchanged += 1
                    }
                } else {
                    i += 1
                }
            }
            for (from, to) in zip(olds, news) {
                changes.append(.moved(from: from, to: to))
                keys.append(to)
            }
            for e in olds.dropFirst(news.count) {
                changes.append(.removed(e))
                keys.append(e)
            }
            for e in news.dropFirst(olds.count) {
                changes.append(.added(e))
                keys.append(e)
            }
        }
        // Ties (same listing key) fall back to the change's text so the order never depends on
        // the hash seed of the grouping dictionaries.
        let order = changes.indices.sorted { a, b in
            if CalendarEvent.listingOrder(keys[a], keys[b]) { return true }
            if CalendarEvent.listingOrder(keys[b], keys[a]) { return false }
            return String(describing: changes[a]) < String(describing: changes[b])
        }
        return ImportDiff(changes: order.map { changes[$0] }, unchanged: unchanged)
    }
}
