import Testing

@testable import TermscaleReaders

@Suite struct ICalendarParserTests {
    @Test func parametersValuesAndLines() throws {
        let text =
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\ndtstart;tzid=\"GMT Standard Time\";X-A=\"a;b:c,d\",plain:20270329T090000\n"
            + "CATEGORIES:Exams,Resits\\, autumn\nEND:VEVENT\nEND:VCALENDAR\n"
        let roots = try ICalendarParser.parse(Array(text.utf8), file: "p.ics")
        let event = try #require(roots.first?.components.first)
        #expect(event.name == "VEVENT" && event.line == 2)
        let dtstart = try #require(event.property("DTSTART"))
        #expect(dtstart.line == 3)
        #expect(
            dtstart.parameters == [
                ICalParameter(name: "TZID", values: ["GMT Standard Time"]),
                ICalParameter(name: "X-A", values: ["a;b:c,d", "plain"]),
            ])
        #expect(dtstart.value == "20270329T090000")
        #expect(event.property("CATEGORIES")?.textList == ["Exams", "Resits, autumn"])
        #expect(ICalText.unescape("a\\,b\\;c\\\\d\\ne\\Nf") == "a,b;c\\d\ne\nf")
    }

    @Test func durations() {
        #expect(ICalDuration.parse("P1W") == ICalDuration(days: 7, seconds: 0))
        #expect(ICalDuration.parse("P1DT2H") == ICalDuration(days: 1, seconds: 7200))
        #expect(ICalDuration.parse("-PT2H30M") == ICalDuration(days: 0, seconds: -9000))
        for bad in ["P", "PT", "P1H", "PT1D", "1D", "P1M1D", "P9999999W", "PT1H2H"] {
            #expect(ICalDuration.parse(bad) == nil, "\(bad)")
        }
    }
}
