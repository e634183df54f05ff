import Foundation
import TermscaleCore
import Testing

@testable import TermscaleReaders

@Suite struct ICalendarReaderTests {
    // MARK: Time zones and DST (Europe/London 2027: forward 2027-03-28 01:00Z, back 2027-10-31 01:00Z)

    static let dstDays = ["20270326T090000", "20270329T090000", "20271029T090000", "20271101T090000"]
    static let dstExpected = [
        "2027-03-26T09:00:00Z/2027-03-26T11:00:00Z",
        "2027-03-29T08:00:00Z/2027-03-29T10:00:00Z",
        "2027-10-29T08:00:00Z/2027-10-29T10:00:00Z",
        "2027-11-01T09:00:00Z/2027-11-01T11:00:00Z",
    ]

    @Test func ianaTZIDOnBothSidesOfBothChanges() throws {
        let events = Self.dstDays.flatMap { exam(["DTSTART;TZID=Europe/London:\($0)", "DURATION:PT2H"]) }
        let batch = try readICS(calendar(events), zone: FixedOffsetZone.utc)
        #expect(spans(batch.exams) == Self.dstExpected)
    }

    @Test func floatingTimesAreReadInTheOptionsZone() throws {
        let events = Self.dstDays.flatMap { exam(["DTSTART:\($0)", "DURATION:PT2H"]) }
        #expect(spans(try readICS(calendar(events), zone: london).exams) == Self.dstExpected)
        // The same wall times in New York are five hours behind UTC before 14 March.
        let ny = IANAZone(identifier: "America/New_York")!
        #expect(
            try readICS(calendar(exam(["DTSTART:20270301T090000", "DURATION:PT1H"])), zone: ny).exams
                .map { UTCFormat.rfc3339($0.start) } == ["2027-03-01T14:00:00Z"])
    }

    @Test func vtimezoneOnlyZoneNameFromOutlook() throws {
        let events = Self.dstDays.flatMap {
            exam(["DTSTART;TZID=\"GMT Standard Time\":\($0)", "DTEND;TZID=\"GMT Standard Time\":\($0.prefix(9))110000"])
        }
        let batch = try readICS(calendar(outlookGMTStandardTime + events), zone: FixedOffsetZone.utc)
        #expect(spans(batch.exams) == Self.dstExpected)
    }

    @Test func vtimezoneMayFollowTheEventsThatUseIt() throws {
        let events = Self.dstDays.flatMap { exam(["DTSTART;TZID=GMT Standard Time:\($0)", "DURATION:PT2H"]) }
        let batch = try readICS(calendar(events + outlookGMTStandardTime), zone: FixedOffsetZone.utc)
        #expect(spans(batch.exams) == Self.dstExpected)
    }

    @Test func vtimezoneBeatsIANAAndUsesRFC5545ForGapsAndRepeats() throws {
        // A file VTIMEZONE has said which offset it means: gap → offset before, repeat → first.
        let events =
            exam(["DTSTART;TZID=GMT Standard Time:20270328T013000", "DURATION:PT1H"])
            + exam(["DTSTART;TZID=GMT Standard Time:20271031T013000", "DURATION:PT1H"])
        let batch = try readICS(calendar(outlookGMTStandardTime + events))
        #expect(spans(batch.exams) == ["2027-03-28T01:30:00Z/2027-03-28T02:30:00Z", "2027-10-31T00:30:00Z/2027-10-31T01:30:00Z"])
    }

    @Test func gapAndRepeatedHourInIANAZoneAreRefusedWithFileAndLine() {
        let file = calendar(
            exam(["DTSTART;TZID=Europe/London:20270328T013000", "DURATION:PT1H"])
                + exam(["DTSTART:20271031T013000", "DURATION:PT1H"]))
        #expect(
            diagnosticsOf(file) == [
                "test.ics:6: DTSTART: 2027-03-28T01:30:00 does not exist in Europe/London (clocks go forward then); give the time in UTC or with an explicit offset",
                "test.ics:12: DTSTART: 2027-10-31T01:30:00 happens twice in Europe/London (clocks go back then); give the time in UTC or with an explicit offset",
            ])
    }

    @Test func gapInARecurrenceNamesTheOccurrence() {
        let file = calendar(exam(["DTSTART;TZID=Europe/London:20270321T013000", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=3"]))
        #expect(
            diagnosticsOf(file) == [
                "test.ics:6: DTSTART: 2027-03-28T01:30:00 does not exist in Europe/London (clocks go forward then); give the time in UTC or with an explicit offset"
            ])
    }

    @Test func utcTimesAndVendorPrefixedAndWindowsZoneNames() throws {
        let events =
            exam(["DTSTART:20270329T090000Z", "DTEND:20270329T110000Z"])
            + exam(["DTSTART;TZID=/mozilla.org/20050126_1/Europe/London:20270329T090000", "DURATION:PT1H"])
            + exam(["DTSTART;TZID=/citadel.org/20190914_1/Europe/Paris:20270329T090000", "DURATION:PT1H"])
            + exam(["DTSTART;TZID=W. Europe Standard Time:20270329T090000", "DURATION:PT1H"])
            + exam(["DTSTART;TZID=Eastern Standard Time:20270329T090000", "DURATION:PT1H"])
            + exam(["DTSTART;TZID=UTC:20270329T090000", "DURATION:PT1H"])
        let starts = try readICS(calendar(events)).exams.map { UTCFormat.rfc3339($0.start) }
        #expect(
            starts == [
                "2027-03-29T09:00:00Z", "2027-03-29T08:00:00Z", "2027-03-29T07:00:00Z",
                "2027-03-29T07:00:00Z", "2027-03-29T13:00:00Z", "2027-03-29T09:00:00Z",
            ])
    }

    @Test func unknownTZIDIsReportedAtItsLine() {
        let file = calendar(exam(["DTSTART;TZID=Mars/Olympus:20270329T090000", "DURATION:PT1H"]))
        #expect(
            diagnosticsOf(file) == [
                "test.ics:6: DTSTART: unknown time zone 'Mars/Olympus': the file has no VTIMEZONE with this TZID and it is not an IANA name such as Europe/London; add the VTIMEZONE or use an IANA name"
            ])
    }

    // MARK: Recurrence

    @Test func weeklyRuleWithExdateAcrossTheSpringChange() throws {
        let file = calendar(
            exam([
                "DTSTART;TZID=Europe/London:20270315T090000", "DTEND;TZID=Europe/London:20270315T110000",
                "RRULE:FREQ=WEEKLY;COUNT=5", "EXDATE;TZID=Europe/London:20270322T090000",
            ]))
        #expect(
            spans(try readICS(file).exams) == [
                "2027-03-15T09:00:00Z/2027-03-15T11:00:00Z",
                "2027-03-29T08:00:00Z/2027-03-29T10:00:00Z",
                "2027-04-05T08:00:00Z/2027-04-05T10:00:00Z",
                "2027-04-12T08:00:00Z/2027-04-12T10:00:00Z",
            ])
    }

    @Test func weeklyRuleAcrossTheAutumnChangeWithUntilAndSeveralExdates() throws {
        let file = calendar(
            exam([
                "DTSTART;TZID=Europe/London:20271018T143000", "DURATION:PT1H30M",
                "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20271103T143000Z",
                "EXDATE;TZID=Europe/London:20271020T143000,20271027T143000",
                "EXDATE:20271101T143000Z",
            ]))
        #expect(
            try readICS(file).exams.map { UTCFormat.rfc3339($0.start) } == [
                "2027-10-18T13:30:00Z", "2027-10-25T13:30:00Z", "2027-11-03T14:30:00Z",
            ])
    }

    @Test func exdateAsDateRemovesTheWholeDay() throws {
        let file = calendar(
            exam([
                "DTSTART:20270104T090000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20270105",
            ]))
        #expect(try readICS(file).exams.map { UTCFormat.rfc3339($0.start) } == ["2027-01-04T09:00:00Z", "2027-01-06T09:00:00Z"])
    }

    @Test func monthlyAndYearlyRulesWithOrdinalsMonthDaysAndSetPos() throws {
        func starts(_ rule: String, _ dtstart: String = "20270101T090000Z") throws -> [String] {
            try readICS(calendar(exam(["DTSTART:\(dtstart)", "DURATION:PT1H", "RRULE:\(rule)"])))
                .exams.map { String(UTCFormat.rfc3339($0.start).prefix(10)) }
        }
        #expect(
            try starts("FREQ=MONTHLY;BYDAY=-1FR;COUNT=4", "20270129T090000Z") == [
                "2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30",
            ])
        #expect(
            try starts("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", "20270131T090000Z") == ["2027-01-31", "2027-02-28", "2027-03-31"])
        #expect(try starts("FREQ=MONTHLY;COUNT=3", "20270131T090000Z") == ["2027-01-31", "2027-03-31", "2027-05-31"])
        #expect(
            try starts("FREQ=YEARLY;BYMONTH=1,6;BYDAY=1MO;COUNT=4", "20270104T090000Z") == [
                "2027-01-04", "2027-06-07", "2028-01-03", "2028-06-05",
            ])
        #expect(
            try starts("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3", "20270129T090000Z") == [
                "2027-01-29", "2027-02-26", "2027-03-31",
            ])
        #expect(
            try starts("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=SU;COUNT=4", "20270105T090000Z") == [
                "2027-01-05", "2027-01-07", "2027-01-19", "2027-01-21",
            ])
        #expect(
            try starts("FREQ=DAILY;INTERVAL=10;UNTIL=20270125", "20270101T090000Z") == ["2027-01-01", "2027-01-11", "2027-01-21"])
        #expect(try starts("FREQ=YEARLY;COUNT=2", "20280229T090000Z") == ["2028-02-29", "2032-02-29"])
    }

    @Test func unboundedRuleIsCutAfterTwoYearsWithAWarning() throws {
        let batch = try readICS(calendar(exam(["DTSTART:20270104T090000Z", "DURATION:PT1H", "RRULE:FREQ=WEEKLY"])))
        #expect(batch.exams.count == 105)
        #expect(batch.exams.last.map { UTCFormat.rfc3339($0.start) } == "2029-01-01T09:00:00Z")
        #expect(
            batch.warnings.map(\.description) == [
                "test.ics:8: RRULE: the rule has neither COUNT nor UNTIL; only occurrences before 2029-01-03 (730 days after DTSTART) were imported; add COUNT or UNTIL to import a fixed set"
            ])
    }

    @Test func unsupportedMalformedAndHugeRulesAreReported() {
        let file = calendar(
            exam(["DTSTART:20270104T090000Z", "DURATION:PT1H", "RRULE:FREQ=HOURLY;COUNT=3"])
                + exam(["DTSTART:20270104T090000Z", "DURATION:PT1H", "RRULE:FREQ=MONTHLY;BYWEEKNO=3"])
                + exam(["DTSTART:20270104T090000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=x"])
                + exam(["DTSTART:20270104T090000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY;COUNT=60000"])
        )
        #expect(
            diagnosticsOf(file) == [
                "test.ics:8: RRULE: unsupported RRULE: FREQ=HOURLY is not supported (only DAILY, WEEKLY, MONTHLY, YEARLY); list the occurrences with RDATE instead",
                "test.ics:15: RRULE: unsupported RRULE: BYWEEKNO is not supported; list the occurrences with RDATE instead",
                "test.ics:22: RRULE: malformed RRULE: COUNT must be a whole number from 1 to 999999; fix the rule",
                "test.ics:29: RRULE: the rule gives more than 50000 occurrences; add a COUNT or an earlier UNTIL",
            ])
    }

    @Test func rdateAddsDateTimesAndPeriods() throws {
        let file = calendar(
            exam([
                "DTSTART;TZID=Europe/London:20270329T090000", "DURATION:PT2H",
                "RDATE;TZID=Europe/London:20270330T140000,20270331T100000",
                "RDATE;VALUE=PERIOD:20270401T080000Z/20270401T083000Z,20270402T080000Z/PT3H",
            ]))
        #expect(
            spans(try readICS(file).exams) == [
                "2027-03-29T08:00:00Z/2027-03-29T10:00:00Z",
                "2027-03-30T13:00:00Z/2027-03-30T15:00:00Z",
                "2027-03-31T09:00:00Z/2027-03-31T11:00:00Z",
                "2027-04-01T08:00:00Z/2027-04-01T08:30:00Z",
                "2027-04-02T08:00:00Z/2027-04-02T11:00:00Z",
            ])
    }

    @Test func recurrenceIdOverridesMoveOrCancelOneOccurrence() throws {
        let master = [
            "BEGIN:VEVENT", "UID:series-1", "SUMMARY:CS101 Programming", "DTSTART;TZID=Europe/London:20270405T090000",
            "DURATION:PT2H", "RRULE:FREQ=DAILY;COUNT=4", "END:VEVENT",
        ]
        let moved = [
            "BEGIN:VEVENT", "UID:series-1", "RECURRENCE-ID;TZID=Europe/London:20270406T090000",
            "SUMMARY:CS101 Programming (moved)", "DTSTART;TZID=Europe/London:20270406T130000",
            "DTEND;TZID=Europe/London:20270406T140000", "END:VEVENT",
        ]
        let cancelled = [
            "BEGIN:VEVENT", "UID:series-1", "RECURRENCE-ID:20270407T080000Z", "STATUS:CANCELLED",
            "DTSTART;TZID=Europe/London:20270407T090000", "END:VEVENT",
        ]
        let batch = try readICS(calendar(master + moved + cancelled))
        #expect(
            spans(batch.exams) == [
                "2027-04-05T08:00:00Z/2027-04-05T10:00:00Z",
                "2027-04-06T12:00:00Z/2027-04-06T13:00:00Z",
                "2027-04-08T08:00:00Z/2027-04-08T10:00:00Z",
            ])
        #expect(batch.exams.map(\.title) == ["Programming", "Programming (moved)", "Programming"])
        #expect(batch.exams.map(\.sourceLine) == [3, 10, 3])
    }

    // MARK: Lengths

    @Test func durationDaysAreNominalAndHoursExact() throws {
        let file = calendar(
            exam(["DTSTART;TZID=Europe/London:20270327T120000", "DURATION:P1D"])
                + exam(["DTSTART;TZID=Europe/London:20270327T120000", "DURATION:PT24H"])
                + exam(["DTSTART;TZID=Europe/London:20270327T120000", "DURATION:P1DT2H30M"])
                + exam(["DTSTART:20270301T090000Z", "DURATION:P1W"])
                + exam(["DTSTART:20270301T090000Z", "DURATION:+PT45M"])
        )
        #expect(
            spans(try readICS(file).exams) == [
                "2027-03-27T12:00:00Z/2027-03-28T11:00:00Z",
                "2027-03-27T12:00:00Z/2027-03-28T12:00:00Z",
                "2027-03-27T12:00:00Z/2027-03-28T13:30:00Z",
                "2027-03-01T09:00:00Z/2027-03-08T09:00:00Z",
                "2027-03-01T09:00:00Z/2027-03-01T09:45:00Z",
            ])
    }

    @Test func strictExamsNeedAStartTimeAndAnEndAfterIt() {
        let file = calendar(
            exam(["DTSTART;VALUE=DATE:20270329"])
                + exam(["DTSTART:20270329T090000Z"])
                + exam(["DTSTART:20270329T090000Z", "DTEND:20270329T090000Z"])
                + exam(["DTSTART:20270329T090000Z", "DURATION:-PT1H"])
        )
        #expect(
            diagnosticsOf(file, options: ReaderOptions(zone: london, strict: true)) == [
                "test.ics:6: DTSTART: exam sessions need a start time, but DTSTART is the date 2027-03-29; give a date-time such as 20270329T090000",
                "test.ics:8: DTEND: the event starting 2027-03-29T09:00:00 has no DTEND or DURATION, so its end is unknown; add one, or pass --default-duration (e.g. --default-duration 2h)",
                "test.ics:17: DTEND: the event ends at 2027-03-29T09:00:00Z, not after its start 2027-03-29T09:00:00Z; fix DTEND",
                "test.ics:23: DURATION: the event ends at 2027-03-29T08:00:00Z, not after its start 2027-03-29T09:00:00Z; fix DURATION",
            ])
    }

    @Test func everyBadEventIsReportedNotJustTheFirst() {
        let file = calendar(
            ["BEGIN:VEVENT", "SUMMARY:No start", "END:VEVENT"]
                + exam(["DTSTART:20270231T090000", "DURATION:PT1H"])
                + exam(["DTSTART:20270301T090000Z", "DURATION:PT1H"])
                + exam(["DTSTART:20270301T090000Z", "DURATION:1 hour"])
                + exam(["DTSTART:20270301T090000Z", "DURATION:PT1H", "X-CANDIDATES:lots"])
        )
        #expect(
            diagnosticsOf(file) == [
                "test.ics:3: DTSTART: VEVENT has no DTSTART; add the start date or date-time",
                "test.ics:9: DTSTART: '20270231T090000' is not a DATE (YYYYMMDD) or DATE-TIME (YYYYMMDDTHHMMSS, optionally with Z); fix it",
                "test.ics:22: DURATION: '1 hour' is not a duration such as PT2H, PT1H30M, P1D or P1W; fix it",
                "test.ics:29: X-CANDIDATES: 'lots' is not a number of candidates (a whole number ≥ 0); fix it",
            ])
    }

    // MARK: Exam fields

    @Test func codeTitleLocationAndCandidates() throws {
        let file = calendar(
            exam(
                ["DTSTART:20270329T090000Z", "DURATION:PT1H", "LOCATION:Great Hall\\, Room 2", "X-CANDIDATES: 240 "],
                summary: "MATH1001 Linear Algebra")
                + exam(
                    ["DTSTART:20270329T090000Z", "DURATION:PT1H", "DESCRIPTION:Paper 1\\nCANDIDATES: 85\\nBring ID"],
                    summary: "CS101: Programming")
                + exam(["DTSTART:20270329T090000Z", "DURATION:PT1H"], summary: "ECON2001A - Macroeconomics")
                + exam(["DTSTART:20270329T090000Z", "DURATION:PT1H"], summary: "PHYS2002")
                + exam(["DTSTART:20270329T090000Z", "DURATION:PT1H", "X-EXAM-CODE:HIST3001"], summary: "History of Science")
                + exam(["DTSTART:20270329T090000Z", "DURATION:PT1H", "X-MODULE-CODE:LAW1"], summary: "LAW1001 Contract")
                + exam(["DTSTART:20270329T090000Z", "DURATION:PT1H"], summary: "Maths resit")
                + exam(["DTSTART:20270329T090000Z", "DURATION:PT1H"], summary: "MATH1001/2 joint paper")
        )
        let exams = try readICS(file).exams
        #expect(exams.map(\.code) == ["MATH1001", "CS101", "ECON2001A", "PHYS2002", "HIST3001", "LAW1", nil, nil])
        #expect(
            exams.map(\.title) == [
                "Linear Algebra", "Programming", "Macroeconomics", "PHYS2002", "History of Science",
                "LAW1001 Contract", "Maths resit", "MATH1001/2 joint paper",
            ])
        #expect(exams.map(\.candidates) == [240, 85, nil, nil, nil, nil, nil, nil])
        #expect(exams[0].location == "Great Hall, Room 2")
        #expect(exams[1].location == nil)
        #expect(exams.allSatisfy { $0.source == "test" })
        #expect(exams.map(\.sourceLine) == [3, 11, 18, 24, 30, 37, 44, 50])
    }

    @Test func cancelledEventsAndOtherComponentsAreIgnored() throws {
        let file = calendar(
            exam(["DTSTART:20270329T090000Z", "DURATION:PT1H", "STATUS:CANCELLED"])
                + [
                    "BEGIN:VTODO", "DTSTART:20270329T090000Z", "SUMMARY:todo", "END:VTODO",
                    "BEGIN:X-CUSTOM", "FOO:bar", "END:X-CUSTOM",
                ]
                + exam([
                    "DTSTART:20270329T090000Z", "DURATION:PT1H", "X-UNKNOWN;X-P=1:whatever",
                    "BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "END:VALARM",
                ])
        )
        let batch = try readICS(file)
        #expect(batch.exams.count == 1)
        #expect(batch.exams.first?.sourceLine == 17)
    }

    @Test func severalCalendarsInOneFile() throws {
        let one = calendar(exam(["DTSTART:20270329T090000Z", "DURATION:PT1H"]))
        let two = calendar(exam(["DTSTART:20270330T090000Z", "DURATION:PT1H"]))
        #expect(try readICS(one + two).exams.map(\.sourceLine) == [3, 12])
    }

    // MARK: Windows

    @Test func allDayWindowsStartAtLocalMidnight() throws {
        let file = calendar([
            "BEGIN:VEVENT", "SUMMARY:Summer Term", "CATEGORIES:Teaching,Term", "DTSTART;VALUE=DATE:20270329",
            "DTEND;VALUE=DATE:20270403", "END:VEVENT",
            "BEGIN:VEVENT", "SUMMARY:Reading Week", "DTSTART;VALUE=DATE:20271101", "END:VEVENT",
            "BEGIN:VEVENT", "SUMMARY:Exams", "DTSTART;VALUE=DATE:20271025", "DURATION:P1W", "END:VEVENT",
            "BEGIN:VEVENT", "SUMMARY:Open day", "CATEGORIES:Enrolment", "DTSTART;TZID=Europe/London:20270910T100000",
            "DTEND;TZID=Europe/London:20270910T160000", "END:VEVENT",
        ])
        let windows = try readICS(file, kind: .window).windows
        #expect(
            spans(windows) == [
                "2027-03-28T23:00:00Z/2027-04-02T23:00:00Z",
                "2027-11-01T00:00:00Z/2027-11-02T00:00:00Z",
                "2027-10-24T23:00:00Z/2027-11-01T00:00:00Z",
                "2027-09-10T09:00:00Z/2027-09-10T15:00:00Z",
            ])
        #expect(windows.map(\.category) == ["teaching", "reading-week", "exams", "enrolment"])
        #expect(windows.map(\.title) == ["Summer Term", "Reading Week", "Exams", "Open day"])
        let forced = try readICS(file, kind: .window, category: "Vacation Period").windows
        #expect(Set(forced.map(\.category)) == ["vacation-period"])
    }

    // MARK: Text, lines and encodings

    @Test func foldedAndEscapedText() throws {
        // A fold inside the two bytes of "ü" (C3 BC), another after a space, a tab fold, and escapes.
        var bytes = Array("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:MATH1001 Pr".utf8) + [0xC3, 13, 10, 32, 0xBC]
        bytes += Array(
            "fung\\, Teil 1\\; Algebra \r\n\t\\\\ Gruppe\\nB\r\nLOCATION:Room\r\n  42\r\nDTSTART:20270329T090000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                .utf8)
        let exam = try #require(try readICS(bytes).exams.first)
        #expect(exam.code == "MATH1001")
        #expect(exam.title == "Prüfung, Teil 1; Algebra \\ Gruppe\nB")
        #expect(exam.location == "Room 42")
    }

    @Test func lineEndingsAndByteOrderMarkGiveTheSameEvents() throws {
        let lines = [
            "BEGIN:VCALENDAR", "BEGIN:VEVENT", "SUMMARY:CS101 Intro", "DTSTART;TZID=Europe/London:20270329T090000",
            "DURATION:PT2H", "END:VEVENT", "END:VCALENDAR",
        ]
        let expected = ["2027-03-29T08:00:00Z/2027-03-29T10:00:00Z"]
        for separator in ["\r\n", "\n", "\r"] {
            let text = Array(lines.joined(separator: separator).utf8)
            #expect(spans(try readICS(text).exams) == expected, "separator \(separator.debugDescription)")
            #expect(
                spans(try readICS([0xEF, 0xBB, 0xBF] + text).exams) == expected, "BOM, separator \(separator.debugDescription)")
        }
        // Blank lines are tolerated.
        let blanks = Array(lines.joined(separator: "\n\n").utf8)
        #expect(spans(try readICS(blanks).exams) == expected)
        #expect(try readICS(blanks).exams.first?.sourceLine == 3)
    }

    @Test func quotedParameterValues() throws {
        let file = calendar(
            [
                "BEGIN:VEVENT", "SUMMARY;LANGUAGE=en-GB:CS101 Intro",
                "DTSTART;X-NOTE=\"a;b:c,d\";TZID=\"Europe/London\":20270329T090000",
                "DTEND;tzid=\"GMT Standard Time\":20270329T100000", "END:VEVENT",
            ] + outlookGMTStandardTime)
        #expect(spans(try readICS(file).exams) == ["2027-03-29T08:00:00Z/2027-03-29T09:00:00Z"])
    }

    @Test func invalidUTF8AndStructuralErrorsNameTheLine() {
        var bytes = Array("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:bad ".utf8) + [0xFF, 0xFE]
        bytes += Array("\r\nthis line has no colon\r\nDTSTART;TZID=\"Europe/London:20270329T090000\r\nEND:VCALENDAR\r\n".utf8)
        #expect(
            diagnosticsOf(bytes) == [
                "test.ics:3: SUMMARY: value is not valid UTF-8; save the file as UTF-8",
                "test.ics:4: 'this line has no colon' is not an iCalendar content line (NAME:VALUE or NAME;PARAM=VALUE:VALUE, names of letters, digits and '-'); fix or remove it",
                "test.ics:5: DTSTART: parameter TZID has an opening quote but no closing quote; add the closing '\"'",
                "test.ics:2: BEGIN: BEGIN:VEVENT is not closed before END:VCALENDAR at line 6; add END:VEVENT",
            ])
        #expect(diagnosticsOf([]) == ["test.ics:1: BEGIN: no BEGIN:VCALENDAR found; is this an iCalendar (.ics) file?"])
    }
}
