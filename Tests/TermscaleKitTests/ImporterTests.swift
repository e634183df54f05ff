import Foundation
import TermscaleCore
import TermscaleReports
import TermscaleStore
import Testing

@testable import TermscaleKit

@Suite struct ImporterTests {
    static let files: [String: String] = [
        "jan.csv": """
        Date,Start,Duration,Code,Title,Candidates
        2027-01-12,09:30,2h,MATH1001,Calculus,1200
        2027-01-12,14:00,90,PHYS1001,Mechanics,800

        """,
        "may.ics": """
        BEGIN:VCALENDAR
        VERSION:2.0
        PRODID:-//t//EN
        BEGIN:VEVENT
        UID:1@t
        DTSTART;TZID=Europe/London:20270512T093000
        DTEND;TZID=Europe/London:20270512T113000
        SUMMARY:CHEM1001 Organic Chemistry
        X-CANDIDATES:640
        END:VEVENT
        END:VCALENDAR

        """,
        "bad.csv": """
        Date,Start,Duration,Code,Title,Candidates
        2027-01-12,25:00,2h,MATH1001,Calculus,1200
        2027-01-12,14:00,90,PHYS1001,Mechanics,lots

        """,
    ]

    let importer = Importer(
        readFile: { path in
            guard let text = ImporterTests.files[path] else {
                throw TermscaleError.unreadableInput(path: path, reason: "no such file")
            }
            return Array(text.utf8)
        },
        now: { UTCFormat.date(1_795_000_000) })

    @Test func importsCSVAndICSTogether() throws {
        let store = try CalendarStore.inMemory()
        let (report, warnings) = try importer.run(ImportRequest(files: ["jan.csv", "may.ics"])) { store }
        #expect(warnings.isEmpty)
        #expect(report.sources.map(\.name) == ["jan.csv", "may.ics"])
        #expect(report.sources.map(\.isNew) == [true, true])
        let events = try store.events()
        #expect(
            events.map { UTCFormat.rfc3339($0.start) } == [
                "2027-01-12T09:30:00Z", "2027-01-12T14:00:00Z", "2027-05-12T08:30:00Z",
            ])
        #expect(events.map(\.candidates) == [1200, 800, 640])
        let sources = try store.sources()
        #expect(sources.map(\.format) == [.csv, .ics])
        #expect(sources[0].sha256 == "a189bde8c327692cd4ffa967daa7fbb0d7c32da81849d8c6a6476b6f37b69d23")
        #expect(sources[0].importedAt == UTCFormat.date(1_795_000_000))
    }

    @Test func oneBadFileStoresNothingAndReportsEveryRow() throws {
        let store = try CalendarStore.inMemory()
        _ = try importer.run(ImportRequest(files: ["jan.csv"])) { store }
        var opened = false
        #expect {
            _ = try importer.run(ImportRequest(files: ["may.ics", "bad.csv"])) {
                opened = true
                return store
            }
        } throws: { error in
            guard case TermscaleError.invalidInput(let diagnostics) = error else { return false }
            return diagnostics.diagnostics.map { "\($0.file):\($0.line ?? 0):\($0.field ?? "")" }
                == ["bad.csv:2:start", "bad.csv:3:candidates"]
        }
        #expect(!opened, "the store must not even be opened when a file is bad")
        #expect(try store.sources().map(\.name) == ["jan.csv"])
    }

    @Test func dryRunComparesButStoresNothing() throws {
        let store = try CalendarStore.inMemory()
        let (report, _) = try importer.run(ImportRequest(files: ["jan.csv"], dryRun: true)) { store }
        #expect(report.dryRun)
        #expect(report.sources[0].diff.added == 2)
        #expect(try store.sources().isEmpty)
    }

    @Test func reimportingAnUnchangedFileKeepsItsEventsAndRecordsTheNewImport() throws {
        let store = try CalendarStore.inMemory()
        _ = try importer.run(ImportRequest(files: ["jan.csv"])) { store }
        let before = try store.events()
        let later = Importer(readFile: importer.readFile, now: { UTCFormat.date(1_795_086_400) })
        let (report, _) = try later.run(ImportRequest(files: ["jan.csv"])) { store }
        #expect(report.sources[0].diff.changes.isEmpty)
        #expect(report.sources[0].diff.unchanged == 2)
        #expect(try store.events() == before)
        #expect(try store.sources().map { UTCFormat.seconds($0.importedAt) } == [1_795_086_400])
    }

    @Test func reimportingAFileWhoseRowsMovedStoresTheNewLines() throws {
        let store = try CalendarStore.inMemory()
        _ = try importer.run(ImportRequest(files: ["jan.csv"])) { store }
        // The same sessions, a blank line above them: no change to report, but the stored lines
        // must follow the file, so the events are rewritten.
        let moved = Importer(
            readFile: { _ in
                Array(ImporterTests.files["jan.csv"]!.replacingOccurrences(of: "Candidates\n", with: "Candidates\n\n").utf8)
            },
            now: { UTCFormat.date(1_795_086_400) })
        let (report, _) = try moved.run(ImportRequest(files: ["jan.csv"])) { store }
        #expect(report.sources[0].diff.changes.isEmpty)
        #expect(try store.events().map(\.sourceLine) == [3, 4])
    }

    @Test func sourceNamesMustBeUnambiguous() throws {
        let store = try CalendarStore.inMemory()
        #expect(throws: TermscaleError.self) {
            _ = try importer.run(ImportRequest(files: ["jan.csv", "may.ics"], sourceName: "x")) { store }
        }
        #expect(throws: TermscaleError.self) {
            _ = try importer.run(ImportRequest(files: ["jan.csv", "./jan.csv"])) { store }
        }
        let (report, _) = try importer.run(ImportRequest(files: ["jan.csv"], sourceName: "january")) { store }
        #expect(report.sources[0].name == "january")
        #expect(try store.events().allSatisfy { $0.source == "january" })
    }
}
