import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleReports

/// The simulation report's formats on a report built by hand: two sessions, one short.
@Suite struct SimulationRendererTests {
    static let report: SimulationReport = {
        let policy = Policy.fixture(windows: [:])
        func session(_ code: String, _ start: String, planned: Int, inService: Int, spot: Int, short: Int) -> SimulationSession {
            SimulationSession(
                code: code, title: "Paper \(code)", start: utc(start), end: utc(start).addingTimeInterval(7200),
                source: "jan.csv",
                sourceLine: 2, planned: planned, inService: inService, onDemand: inService - spot, spotExamCapacity: spot,
                minutesShort: short)
        }
        return SimulationReport(
            policyFile: "moodle-web.yaml", policy: policy,
            settings: SimulationSettings(
                from: utc("2027-01-12T00:00:00Z"), to: utc("2027-01-13T00:00:00Z"), cronOutageRate: 0.05, seed: 7),
            sessions: [
                session("MGMT1001", "2027-01-12T09:30:00Z", planned: 21, inService: 2, spot: 0, short: 5),
                session("PHYS2001", "2027-01-12T14:00:00Z", planned: 3, inService: 3, spot: 1, short: 0),
                session("CHEM1003", "2027-01-12T14:00:00Z", planned: 3, inService: 3, spot: 0, short: 0),
            ],
            runs: SimulationRuns(runs: 288, failed: 14, skipped: 0, changed: 7, withErrors: 0, apiCalls: 830),
            fleet: SimulationFleet(
                launches: 20, spotInterruptions: 0,
                line: CostModel.fleetLine(onDemandSeconds: 90_000, spotSeconds: 86_400, policy: policy)),
            planCost: CostModel.fleetLine(onDemandSeconds: 86_400, spotSeconds: 86_400, policy: policy),
            planned: [.init(at: utc("2027-01-12T00:00:00Z"), value: 2)],
            inService: [.init(at: utc("2027-01-12T00:00:00Z"), onDemand: 1, spot: 1)], lateChanges: [])
    }()

    @Test func theJSONCarriesTheIssuesFieldsFirst() throws {
        let json = SimulationJSONRenderer().render(Self.report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["exam_starts"] as? Int == 3 && object["covered"] as? Int == 2 && object["covered_on_demand"] as? Int == 1)
        #expect(object["runs"] as? Int == 288 && object["failed_runs"] as? Int == 14 && object["api_calls"] as? Int == 830)
        // 25 h on-demand + 24 h Spot; the plan 24 + 24 h at 0.1632 and 0.06.
        #expect(json.contains("\"instance_hours\": 49.00,"))
        #expect(json.contains("\"cost\": 5.36,"))
        #expect(
            json.hasPrefix(
                """
                {
                  "exam_starts": 3,
                  "covered": 2,
                  "covered_on_demand": 1,
                  "shortfalls": [
                    {
                      "code": "MGMT1001",
                      "title": "Paper MGMT1001",
                      "start": "2027-01-12T09:30:00Z",
                      "planned": 21,
                      "in_service": 2,
                      "on_demand": 2,
                      "minutes_short": 5
                    }
                  ],
                  "runs": 288,
                  "failed_runs": 14,
                  "api_calls": 830,
                """), "\(json)")
        let onSpot = try #require(object["on_spot"] as? [[String: Any]])
        #expect(onSpot.map { $0["code"] as? String } == ["PHYS2001"] && onSpot.first?["spot"] as? Int == 1)
    }

    @Test func theTableSaysWhatWasShortAndWhatRanOnSpot() {
        let table = SimulationTableRenderer().render(Self.report)
        #expect(
            table.hasPrefix(
                """
                moodle-web · group moodle-web · 2027-01-12T00:00:00Z to 2027-01-13T00:00:00Z · switch cron · seed 7
                Exam starts 3: covered 2 (66.7%), covered on-demand 1 (33.3%)
                Cron runs 288 (14 failed), 7 changed something, 0 with errors; API calls 830

                """), "\(table)")
        #expect(table.contains("\nMGMT1001  2027-01-12 09:30             21           2          2              5\n"))
        #expect(table.contains("\n1 covered exam sessions whose exam capacity launched on Spot:\n"))
        #expect(SimulationTableRenderer.percent(2, 3) == "66.7%" && SimulationTableRenderer.percent(1, 8) == "12.5%")
        #expect(SimulationTableRenderer.percent(0, 0) == "-")
    }
}
