import Foundation
import TermscaleCore
import TermscaleStore
import TermscaleTestSupport
import Testing

@testable import TermscaleKit
@testable import TermscaleReports

@Suite struct PlanPreviewTests {
    /// min 2, max 40, 250 candidates per instance, 20 % headroom, pre-warm 45, hold 15, merge gap
    /// 30, cron every 5 minutes; teaching floor 4.
    static let policy = Policy.fixture(
        max: 40, windows: ["teaching": 4, "exams": 4], onDemandPercentAboveBase: 25,
        instanceType: "c6i.xlarge", bootMinutes: 8, onDemandPrice: 0.202, spotPrice: 0.076, currency: "USD")

    static func store() throws -> CalendarStore {
        let store = try CalendarStore.inMemory()
        func exam(_ code: String, _ title: String, _ start: String, _ end: String, _ candidates: Int) -> CalendarEvent {
            CalendarEvent(
                kind: .exam, code: code, title: title, location: "Online", start: utc(start), end: utc(end),
                candidates: candidates, category: nil, source: "jan.csv", sourceLine: 2)
        }
        try store.replaceSources([
            SourceImport(
                name: "jan.csv", kind: .exam, format: .csv, path: "jan.csv", sha256: String(repeating: "0", count: 64),
                importedAt: utc("2027-01-01T00:00:00Z"),
                events: [
                    exam("MGMT1001", "Introduction to Management", "2027-01-12T09:30:00Z", "2027-01-12T11:30:00Z", 3800),
                    exam("PHYS2001", "Electromagnetism", "2027-01-12T14:00:00Z", "2027-01-12T15:30:00Z", 120),
                    exam("LAWS3004", "Jurisprudence", "2027-01-25T09:30:00Z", "2027-01-25T12:30:00Z", 45),
                ]),
            SourceImport(
                name: "year.ics", kind: .window, format: .ics, path: "year.ics", sha256: String(repeating: "1", count: 64),
                importedAt: utc("2027-01-01T00:00:00Z"),
                events: [
                    CalendarEvent(
                        kind: .window, code: nil, title: "Spring teaching", location: nil,
                        start: utc("2027-01-04T00:00:00Z"), end: utc("2027-03-27T00:00:00Z"), candidates: nil,
                        category: "teaching", source: "year.ics", sourceLine: 9)
                ]),
        ])
        return store
    }

    func report(now: String, range: PlanRange = .week(ISOWeek(year: 2027, week: 2)!)) throws -> PlanReport {
        let label = ZoneLabel(zone: Self.policy.timezone, abbreviation: { $0 == 0 ? "GMT" : $0 == 3600 ? "BST" : nil })
        return try PlanPreview.report(
            policy: PolicyFile(path: "moodle-web.yaml", policy: Self.policy), store: Self.store(),
            range: range, now: utc(now), label: label)
    }

    @Test func examWeekSegmentsAndActions() throws {
        let r = try report(now: "2027-01-04T12:00:00Z")
        #expect(UTCFormat.rfc3339(r.from) == "2027-01-11T00:00:00Z")
        #expect(UTCFormat.rfc3339(r.to) == "2027-01-18T00:00:00Z")
        // 3800 candidates: ceil(3800 × 120 / 25000) = 19 instances over the teaching floor of 4.
        #expect(
            r.plan.segments.map { "\(UTCFormat.rfc3339($0.start)) \($0.minSize) \($0.purchase.rawValue)" } == [
                "2027-01-11T00:00:00Z 4 mixed",
                "2027-01-12T08:35:00Z 4 on-demand",
                "2027-01-12T08:45:00Z 23 on-demand",
                "2027-01-12T11:45:00Z 4 mixed",
                "2027-01-12T13:05:00Z 4 on-demand",
                "2027-01-12T13:15:00Z 5 on-demand",
                "2027-01-12T15:45:00Z 4 mixed",
            ])
        #expect(r.schedule.currentMinSize == 4)
        #expect(
            r.schedule.actions.map { "\($0.name) \($0.minSize)" } == [
                "termscale-moodle-web-20270112T0845Z 23",
                "termscale-moodle-web-20270112T1145Z 4",
                "termscale-moodle-web-20270112T1315Z 5",
                "termscale-moodle-web-20270112T1545Z 4",
            ])
        #expect(r.schedule.extraInstanceHours == 0)
        #expect(r.exams.map { $0.code ?? "" } == ["MGMT1001", "PHYS2001"])
        #expect(r.windows.map(\.category) == ["teaching"])
        #expect(r.warnings.isEmpty)
    }

    @Test func nowInsideTheRangeSchedulesOnlyWhatIsAhead() throws {
        let r = try report(now: "2027-01-12T10:00:00Z")
        #expect(r.schedule.currentMinSize == 23)
        #expect(
            r.schedule.actions.map { UTCFormat.rfc3339($0.startTime) } == [
                "2027-01-12T11:45:00Z", "2027-01-12T13:15:00Z", "2027-01-12T15:45:00Z",
            ])
    }

    @Test func aChangeAtTheFirstInstantOfTheRangeIsAnAction() throws {
        // The teaching window starts at 00:00 on 4 January: previewing from that day must show it.
        let r = try report(
            now: "2026-12-30T12:00:00Z",
            range: .dates(
                try LocalDateRange(from: CivilDate(year: 2027, month: 1, day: 4), to: CivilDate(year: 2027, month: 1, day: 5))))
        #expect(r.schedule.currentMinSize == 2)
        #expect(r.schedule.actions.map { "\(UTCFormat.rfc3339($0.startTime)) \($0.minSize)" } == ["2027-01-04T00:00:00Z 4"])
    }

    @Test func actionsBeyondThePushHorizonAreSaid() throws {
        let r = try report(now: "2026-12-20T12:00:00Z")
        #expect(
            r.warnings == [
                "actions from 2027-01-12T08:45:00Z are beyond the 14-day push horizon from now (2026-12-20T12:00:00Z): a push now schedules only those before 2027-01-03T12:00:00Z"
            ])
    }

    @Test func comingWeekStartsTodayInThePolicyZone() throws {
        // 23:30 UTC on 10 January is still 10 January in London (GMT).
        let r = try report(now: "2027-01-10T23:30:00Z", range: .comingWeek)
        #expect(UTCFormat.rfc3339(r.from) == "2027-01-10T00:00:00Z")
        #expect(UTCFormat.rfc3339(r.to) == "2027-01-17T00:00:00Z")
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let r = try report(
            now: "2027-01-04T12:00:00Z",
            range: .dates(
                try LocalDateRange(from: CivilDate(year: 2027, month: 1, day: 12), to: CivilDate(year: 2027, month: 1, day: 13))))
        let json = PlanJSONRenderer().render(r)
        #expect(
            json.hasPrefix(
                """
                {
                  "policy": "moodle-web",
                  "auto_scaling_group": "moodle-web",
                  "timezone": "Europe/London",
                  "from": "2027-01-12T00:00:00Z",
                  "to": "2027-01-13T00:00:00Z",
                  "now": "2027-01-04T12:00:00Z",
                  "current_min_size": 4,
                  "segments": [
                    {
                      "start": "2027-01-12T00:00:00Z",
                      "end": "2027-01-12T08:35:00Z",
                      "min_size": 4,
                      "purchase": "mixed",
                      "reasons": [
                        "teaching"
                      ]
                    },
                """))
        #expect(
            json.contains(
                """
                    {
                      "start": "2027-01-12T08:45:00Z",
                      "end": "2027-01-12T11:45:00Z",
                      "min_size": 23,
                      "purchase": "on-demand",
                      "reasons": [
                        "MGMT1001",
                        "teaching"
                      ]
                    },
                """))
        #expect(
            json.hasSuffix(
                """
                    {
                      "name": "termscale-moodle-web-20270112T1545Z",
                      "start_time": "2027-01-12T15:45:00Z",
                      "min_size": 4
                    }
                  ],
                  "extra_instance_hours": 0,
                  "warnings": []
                }

                """))
    }

    @Test func tableFitsEightyColumns() throws {
        let r = try report(now: "2027-01-04T12:00:00Z")
        let table = PlanTableRenderer().render(r)
        for line in table.split(separator: "\n") {
            #expect(line.count <= 80, "\(line.count): \(line)")
        }
        #expect(table.contains("  09:30–11:30  MGMT1001    Introduction to Management                       3800\n"))
        #expect(table.contains("  08:45   23 on-demand ██████████████           MGMT1001, teaching\n"))
        #expect(table.contains("  08:45  MinSize  23  termscale-moodle-web-20270112T0845Z"))
        #expect(!table.contains("\u{1B}["))
        #expect(PlanTableRenderer(color: true).render(r).contains("\u{1B}[33mon-demand\u{1B}[0m"))
    }
}
