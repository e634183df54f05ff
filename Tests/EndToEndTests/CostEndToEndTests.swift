import Foundation
import TermscaleTestSupport
import Testing

/// `termscale cost` on the shipped sample year.
@Suite struct CostEndToEndTests {
    static let policy = "policies/moodle-web.yaml"

    /// A JSON number as the exact decimal it was written as (JSONSerialization reads a Double,
    /// whose shortest text is the written one for these two-place values).
    static func decimal(_ value: Any?) -> Decimal? { (value as? NSNumber).flatMap { Decimal(string: $0.stringValue) } }

    @Test func tableJSONAndCSVAgreeAndPeriodsAddUpToTheCent() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let range = ["--from", "2027-01-04", "--to", "2027-02-01", "--by", "week", "--db", db]
        let json = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--format", "json"] + range)
        #expect(json.exitCode == 0, "\(json.stderr)")
        let object = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]))
        let plan = try #require(object["plan"] as? [String: Any])
        let total = try #require(Self.decimal(plan["cost"]))
        let periods = try #require(object["periods"] as? [[String: Any]])
        #expect(periods.compactMap { $0["label"] as? String } == ["2027-W01", "2027-W02", "2027-W03", "2027-W04"])
        let sum = periods.compactMap { Self.decimal($0["cost"]) }.reduce(Decimal(0), +)
        #expect(sum == total)
        // Static peak is the plan's peak MinSize, all on-demand, for the 672 hours of four weeks.
        let peak = try #require((object["alternatives"] as? [String: Any])?["static-peak"] as? [String: Any])
        let peakHours = try #require(Self.decimal(peak["hours"]))
        #expect(peakHours / 672 == Decimal(31))
        #expect(object["currency"] as? String == "USD")

        let table = try TermscaleBinary.run(["cost", "--policy", Self.policy] + range)
        #expect(table.exitCode == 0, "\(table.stderr)")
        let totalText = "\(total)".contains(".") ? "\(total)" : "\(total).00"
        #expect(table.stdout.contains("this plan "))
        #expect(table.stdout.contains(" \(totalText)"), "\(table.stdout)")
        for line in table.stdout.split(separator: "\n") { #expect(line.count <= 80, "wider than 80: \(line)") }

        let csv = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--format", "csv"] + range)
        let rows = csv.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 4)
        let csvSum = rows.compactMap { Decimal(string: String($0.split(separator: ",").last ?? "")) }.reduce(Decimal(0), +)
        #expect(csvSum == total)
    }

    @Test func onlyOneOfFromAndToIsAUsageError() throws {
        let run = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--from", "2027-01-04"])
        #expect(run.exitCode == 64)
        #expect(run.stderr.hasPrefix("Error: give both --from and --to, or neither\n"), "\(run.stderr)")
    }
}
