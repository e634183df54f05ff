import TermscaleCore

/// RECURRENCE-ID overrides: components sharing a master's UID that move, resize or cancel one of
/// its occurrences.
extension ICalendarImport {
    /// The events to read in file order, each with its overrides: the components with a
    /// RECURRENCE-ID and the UID of a master in the file. An override without such a master is
    /// read as an event of its own.
    static func withOverrides(_ events: [ICalComponent]) -> [(event: ICalComponent, overrides: [ICalComponent])] {
        guard events.contains(where: { $0.property("RECURRENCE-ID") != nil }) else {
            return events.map { ($0, []) }
        }
        var masterUIDs = Set<String>()
        var overrides: [String: [ICalComponent]] = [:]
        for event in events where event.property("RECURRENCE-ID") == nil {
            if let uid = event.property("UID")?.value { masterUIDs.insert(uid) }
        }
        for event in events where event.property("RECURRENCE-ID") != nil {
            if let uid = event.property("UID")?.value, masterUIDs.contains(uid) {
                overrides[uid, default: []].append(event)
            }
        }
        var result: [(event: ICalComponent, overrides: [ICalComponent])] = []
        for event in events {
            let uid = event.property("UID")?.value
            if event.property("RECURRENCE-ID") != nil, let uid, masterUIDs.contains(uid) { continue }
            result.append((event, uid.flatMap { overrides[$0] } ?? []))
        }
        return result
    }

    /// Replaces (or, when cancelled, removes) the occurrences that overrides name by RECURRENCE-ID.
    mutating func applyOverrides(_ overrides: [ICalComponent], master: Frame, to occurrences: inout [Occurrence]) {
        for override in overrides {
            guard let rid = override.property("RECURRENCE-ID") else { continue }
            guard let ridTime = ICalTime.parse(rid.value) else {
                report(rid, "'\(rid.value)' is not a DATE or DATE-TIME; fix it")
                continue
            }
            guard let ridFrame = frame(for: ridTime, property: rid, fallback: master) else { continue }
            let ridInstant = resolve(ridTime.local, in: ridFrame).instant
            let index = occurrences.firstIndex { occurrence in
                ridTime.isDate ? occurrence.local.date == ridTime.local.date : occurrence.start.instant == ridInstant
            }
            if Self.isCancelled(override) {
                if let index { occurrences.remove(at: index) }
                continue
            }
            var replacement: Occurrence
            if override.property("DTSTART") != nil {
                guard let own = occurrencesOf(override)?.first else { continue }
                replacement = own
            } else {
                replacement = Occurrence(
                    event: override, local: ridTime.local, frame: ridFrame,
                    start: resolve(ridTime.local, in: ridFrame), property: rid)
            }
            replacement.event = override
            if override.property("DTEND") != nil || override.property("DURATION") != nil {
                // Its own length; otherwise it keeps the master's.
                guard let length = lengthOf(override, start: replacement) else { continue }
                if let (end, property) = computeEnd(replacement, length: length) {
                    replacement.end = end
                    replacement.endProperty = property
                }
            }
            if let index {
                occurrences[index] = replacement
            } else {
                occurrences.append(replacement)
            }
        }
        occurrences.sort { $0.start.instant < $1.start.instant }
    }
}
