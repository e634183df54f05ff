import TermscaleCore
import TermscaleReports
import TermscaleTestSupport
import Testing

@Suite struct SourcesRendererTests {
    static let sources = [
        SourceRecord(
            name: "exams-2027-01.csv", kind: .exam, format: .csv, path: "calendars/exams-2027-01.csv",
            sha256: String(repeating: "a", count: 64), importedAt: utc("2026-12-02T14:00:00Z"), eventCount: 298,
            firstStart: utc("2027-01-11T09:30:00Z"), lastEnd: utc("2027-01-22T16:00:00Z")),
        SourceRecord(
            name: "empty.ics", kind: .window, format: .ics, path: "/tmp/empty.ics",
            sha256: String(repeating: "b", count: 64), importedAt: utc("2026-12-02T14:05:00Z"), eventCount: 0,
            firstStart: nil, lastEnd: nil),
    ]

    @Test func tableHasOneRowASourceAndSaysWhenThereIsNone() throws {
        let lines = SourcesTableRenderer().render(Self.sources).split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "\(lines)")
        #expect(lines[0].hasPrefix("Source             Kind    Format  Events  First start (UTC)"), "\(lines[0])")
        #expect(
            lines[1].hasPrefix("exams-2027-01.csv  exam    csv        298  2027-01-11T09:30:00Z  2027-01-22T16:00:00Z"),
            "\(lines[1])")
        #expect(
            lines[2] == "empty.ics          window  ics          0"
                + String(repeating: " ", count: 46) + "2026-12-02T14:05:00Z  /tmp/empty.ics")
        #expect(SourcesTableRenderer().render([]) == "No sources imported yet.\n")
    }

    @Test func jsonHasNullBoundsForASourceWithoutEvents() {
        let json = SourcesJSONRenderer().render([Self.sources[1]])
        #expect(
            json == """
                [
                  {
                    "name": "empty.ics",
                    "kind": "window",
                    "format": "ics",
                    "path": "/tmp/empty.ics",
                    "sha256": "\(String(repeating: "b", count: 64))",
                    "imported_at": "2026-12-02T14:05:00Z",
                    "events": 0,
                    "first_start": null,
                    "last_end": null
                  }
                ]

                """)
    }
}
