import Foundation
import TermscaleCore
import Testing

@testable import TermscaleStore

@Suite struct CalendarStoreTests {
    static let jan12 = UTCFormat.date(1_799_746_200) // 2027-01-12T09:30:00Z

    func exam(_ code: String, hoursAfter: Double = 0, minutes: Double = 120, candidates: Int? = 120) -> CalendarEvent {
        let start = Self.jan12.addingTimeInterval(hoursAfter * 3600)
        return CalendarEvent(
            kind: .exam, code: code, title: "\(code) paper", location: "Online", start: start,
            end: start.addingTimeInterval(minutes * 60), candidates: candidates, category: nil,
            source: "ignored", sourceLine: 7)
    }

    func window(_ category: String, days: Double) -> CalendarEvent {
        CalendarEvent(
            kind: .window, code: nil, title: category.capitalized, location: nil,
            start: Self.jan12.addingTimeInterval(-9.5 * 3600),
            end: Self.jan12.addingTimeInterval(-9.5 * 3600 + days * 86_400), candidates: nil,
            category: category, source: "ignored", sourceLine: 3)
    }

    func source(_ name: String, _ kind: EventKind, _ events: [CalendarEvent]) -> SourceImport {
        SourceImport(
            name: name, kind: kind, format: kind == .exam ? .csv : .ics, path: "calendars/\(name)",
            sha256: String(repeating: "a", count: 64), importedAt: UTCFormat.date(1_795_000_000),
            events: events)
    }

    @Test func storesAndReadsBackExactInstants() throws {
        let store = try CalendarStore.inMemory()
        try store.replaceSources([
            source("jan.csv", .exam, [exam("MATH1001", candidates: 3800), exam("PHYS1001", hoursAfter: 4.5, candidates: nil)])
        ])
        let events = try store.events()
        #expect(events.map(\.code) == ["MATH1001", "PHYS1001"])
        #expect(UTCFormat.rfc3339(events[0].start) == "2027-01-12T09:30:00Z")
        #expect(UTCFormat.rfc3339(events[0].end) == "2027-01-12T11:30:00Z")
        #expect(events[0].candidates == 3800)
        #expect(events[1].candidates == nil)
        #expect(events[0].source == "jan.csv")
        #expect(events[0].sourceLine == 7)
    }

    @Test func reimportReplacesOnlyThatSource() throws {
        let store = try CalendarStore.inMemory()
        try store.replaceSources([
            source("jan.csv", .exam, [exam("MATH1001"), exam("PHYS1001")]),
            source("year.ics", .window, [window("teaching", days: 5)]),
        ])
        try store.replaceSources([source("jan.csv", .exam, [exam("CHEM1001")])])
        #expect(try store.events(kind: .exam).map(\.code) == ["CHEM1001"])
        #expect(try store.events(kind: .window).map(\.category) == ["teaching"])
        #expect(try store.sources().map(\.eventCount) == [1, 1])
    }

    @Test func anUnchangedSourceKeepsItsEventsAndGetsANewSourceRow() throws {
        let store = try CalendarStore.inMemory()
        try store.replaceSources([source("jan.csv", .exam, [exam("MATH1001"), exam("PHYS1001")])])
        // The caller says jan.csv is unchanged: its events stay as stored (the CHEM1001 given here
        // is not written, which is how the test sees that the events were not rewritten); its
        // row takes the new path, hash and time.
        var again = source("jan.csv", .exam, [exam("CHEM1001")])
        again.path = "elsewhere/jan.csv"
        again.sha256 = String(repeating: "b", count: 64)
        again.importedAt = UTCFormat.date(1_795_086_400)
        try store.replaceSources([again], unchanged: ["jan.csv"])
        #expect(try store.events().map(\.code) == ["MATH1001", "PHYS1001"])
        let row = try #require(try store.sources().first)
        #expect(row.path == "elsewhere/jan.csv")
        #expect(row.sha256 == String(repeating: "b", count: 64))
        #expect(UTCFormat.seconds(row.importedAt) == 1_795_086_400)
        #expect(row.eventCount == 2)
    }

    @Test func anUnchangedSourceThatIsNotStoredIsInserted() throws {
        let store = try CalendarStore.inMemory()
        try store.replaceSources([source("jan.csv", .exam, [exam("MATH1001")])], unchanged: ["jan.csv"])
        #expect(try store.events().map(\.code) == ["MATH1001"])
    }

    @Test func failedWriteChangesNothing() throws {
        let store = try CalendarStore.inMemory()
        try store.replaceSources([source("jan.csv", .exam, [exam("MATH1001")])])
        // The second source has an event ending before it starts: the schema refuses it, and the
        // whole transaction, including the replacement of jan.csv, rolls back.
        let bad = exam("BAD1001", minutes: -5)
        #expect(throws: (any Error).self) {
            try store.replaceSources([source("jan.csv", .exam, [exam("NEW1001")]), source("bad.csv", .exam, [bad])])
        }
        #expect(try store.events().map(\.code) == ["MATH1001"])
        #expect(try store.sources().map(\.name) == ["jan.csv"])
    }

    @Test func rangeQueriesReturnOverlappingEvents() throws {
        let store = try CalendarStore.inMemory()
        try store.replaceSources([
            source("jan.csv", .exam, [exam("A1001"), exam("B1001", hoursAfter: 24), exam("C1001", hoursAfter: 48)]),
            source("year.ics", .window, [window("exams", days: 10)]),
        ])
        let from = Self.jan12.addingTimeInterval(12 * 3600) // after A ends
        let to = Self.jan12.addingTimeInterval(48 * 3600) // C starts exactly here: excluded
        let events = try store.events(from: from, to: to)
        #expect(events.map { $0.code ?? $0.category! } == ["exams", "B1001"])
        #expect(try store.events(from: from, to: to, kind: .exam).map(\.code) == ["B1001"])
    }

    @Test func sourcesSummarise() throws {
        let store = try CalendarStore.inMemory()
        try store.replaceSources([source("jan.csv", .exam, [exam("A1001"), exam("B1001", hoursAfter: 30)])])
        let s = try #require(try store.sources().first)
        #expect(s.name == "jan.csv")
        #expect(s.kind == .exam)
        #expect(s.format == .csv)
        #expect(s.eventCount == 2)
        #expect(UTCFormat.rfc3339(s.firstStart!) == "2027-01-12T09:30:00Z")
        #expect(UTCFormat.rfc3339(s.lastEnd!) == "2027-01-13T17:30:00Z")
        #expect(try store.removeSource(named: "jan.csv"))
        #expect(try store.events().isEmpty)
    }

    @Test func newDatabaseFileIsPrivate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("termscale-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state/termscale.sqlite").path
        let store = try CalendarStore.open(path: path)
        try store.replaceSources([source("jan.csv", .exam, [exam("A1001")])])
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let folderMode =
            try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("state").path)[.posixPermissions]
            as? Int
        #expect(fileMode == 0o600)
        #expect(folderMode == 0o700)
        // Reopening migrates nothing and keeps the data.
        #expect(try CalendarStore.open(path: path).events().count == 1)
    }
}
