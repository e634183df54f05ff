import Foundation
import Testing

@testable import TermscaleCore

@Suite struct ImportDiffTests {
    func exam(
        _ code: String?, _ title: String = "Paper", start: Int64, minutes: Int64 = 120, candidates: Int? = 100,
        location: String? = "Online"
    ) -> CalendarEvent {
        CalendarEvent(
            kind: .exam, code: code, title: title, location: location, start: UTCFormat.date(start),
            end: UTCFormat.date(start + minutes * 60), candidates: candidates, category: nil,
            source: "s", sourceLine: 1)
    }

    let t0: Int64 = 1_799_746_200 // 2027-01-12T09:30:00Z

    @Test func identicalImportsHaveNoChanges() {
        let events = [exam("MATH1001", start: t0), exam("PHYS1001", start: t0)]
        let diff = ImportDiff.between(old: events, new: events.reversed())
        #expect(diff.isEmpty)
        #expect(diff.unchanged == 2)
    }

    @Test func addedRemovedMovedAndCandidates() {
        let old = [exam("MATH1001", start: t0), exam("PHYS1001", start: t0, candidates: 300), exam("CHEM1001", start: t0)]
        let new = [
            exam("MATH1001", start: t0 + 86_400), exam("PHYS1001", start: t0, candidates: 320),
            exam("BIOL1001", start: t0),
        ]
        let diff = ImportDiff.between(old: old, new: new)
        #expect(diff.added == 1)
        #expect(diff.removed == 1)
        #expect(diff.moved == 1)
        #expect(diff.candidatesChanged == 1)
        #expect(diff.unchanged == 0)
        #expect(diff.changes.contains(.moved(from: old[0], to: new[0])))
        #expect(diff.changes.contains(.candidatesChanged(from: old[1], to: new[1])))
        #expect(diff.changes.contains(.removed(old[2])))
        #expect(diff.changes.contains(.added(new[2])))
    }

    @Test func sameCodeTwicePairsUnchangedSittingFirst() {
        // Two sittings of one code; the afternoon one moves, the morning one stays.
        let old = [exam("LAWS2001", start: t0), exam("LAWS2001", start: t0 + 3 * 3600)]
        let new = [exam("LAWS2001", start: t0), exam("LAWS2001", start: t0 + 4 * 3600)]
        let diff = ImportDiff.between(old: old, new: new)
        #expect(diff.unchanged == 1)
        #expect(diff.changes == [.moved(from: old[1], to: new[1])])
    }

    @Test func locationChangeIsAnUpdate() {
        let old = [exam("ECON1001", start: t0, location: "Hall A")]
        let new = [exam("ECON1001", start: t0, location: "Hall B")]
        #expect(ImportDiff.between(old: old, new: new).changes == [.updated(from: old[0], to: new[0])])
    }

    @Test func examsWithoutCodeMatchByTitle() {
        let old = [exam(nil, "Welcome quiz", start: t0)]
        let new = [exam(nil, "Welcome quiz", start: t0 + 600)]
        #expect(ImportDiff.between(old: old, new: new).moved == 1)
    }

    @Test func categoryNormalisation() {
        #expect(CalendarWindow.normalizedCategory("Reading Week") == "reading-week")
        #expect(CalendarWindow.normalizedCategory("  Enrolment ") == "enrolment")
        #expect(CalendarWindow.normalizedCategory("Exams: January!") == "exams-january")
        #expect(CalendarWindow.normalizedCategory("---") == "")
    }
}
