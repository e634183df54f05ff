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

    /// The whole sample year (the stored span), by month: table and JSON golden, and the two agree.
    @Test func sampleYearMatchesGoldenFilesAndTheFormatsAgree() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let table = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--db", db])
        #expect(table.exitCode == 0, "\(table.stderr)")
        try Golden.check(table.stdout, named: "cost-2026-27.txt")
        let json = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--db", db, "--format", "json"])
        #expect(json.exitCode == 0, "\(json.stderr)")
        try Golden.check(json.stdout, named: "cost-2026-27.json")

        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["from"] as? String == "2026-09-13T23:00:00Z" && object["to"] as? String == "2027-09-13T23:00:00Z")
        let plan = try #require(object["plan"] as? [String: Any])
        let cost = try #require(Self.decimal(plan["cost"]))
        let periods = try #require(object["periods"] as? [[String: Any]])
        #expect(periods.count == 13)
        #expect(periods.compactMap { Self.decimal($0["cost"]) }.reduce(0, +) == cost)
        // Each alternative's periods add up to its total too.
        let alternatives = try #require(object["alternatives"] as? [String: [String: Any]])
        for (name, alternative) in alternatives {
            let sum = periods.compactMap { Self.decimal(($0["alternatives"] as? [String: Any])?[name]) }.reduce(0, +)
            #expect(sum == Self.decimal(alternative["cost"]), "\(name)")
        }
        // The table prints the same numbers: the plan's line, each period's, each window's.
        let lines = table.stdout.split(separator: "\n").map(String.init)
        let planLine = try #require(lines.first { $0.hasPrefix("this plan ") })
        #expect(planLine.hasSuffix(" \(Self.text(cost))"), "\(planLine)")
        for period in periods {
            let label = try #require(period["label"] as? String)
            let row = try #require(lines.first { $0.hasPrefix(label + " ") })
            #expect(row.hasSuffix(" " + Self.text(try #require(Self.decimal(period["cost"])))), "\(row)")
        }
        let windows = try #require(object["windows"] as? [[String: Any]])
        #expect(windows.count == 12)
        let top = try #require(object["top_exams"] as? [[String: Any]])
        #expect(top.count == 10)
        let uncovered = try #require(object["uncovered_exams"] as? [[String: Any]])
        #expect(table.stdout.contains("Reactive-only would leave \(uncovered.count) exam sessions short"))
        #expect((object["groups"] as? [[String: Any]])?.first?["policy_file"] as? String == Self.policy)

        // The HTML page: self-contained, and the same numbers in its periods table.
        let html = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--db", db, "--format", "html"])
        #expect(html.exitCode == 0, "\(html.stderr)")
        #expect(!html.stdout.contains("<script") && !html.stdout.contains("src=") && !html.stdout.contains("url("))
        #expect(html.stdout.contains(">\(Self.text(cost))</td>"), "the plan's total")
        for period in periods {
            let label = try #require(period["label"] as? String)
            let amount = Self.text(try #require(Self.decimal(period["cost"])))
            #expect(html.stdout.contains(">\(label)</td>"), "\(label)")
            #expect(html.stdout.contains(">\(amount)</td>"), "\(label): \(amount)")
        }
    }

    /// `--by window`: the stretches between the windows' edges tile the year and add up to the total.
    @Test func byWindowTilesTheRangeAtTheWindowsEdges() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let json = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--db", db, "--by", "window", "--format", "json"])
        #expect(json.exitCode == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let periods = try #require(object["periods"] as? [[String: Any]])
        #expect(
            periods.prefix(4).compactMap { $0["label"] as? String } == [
                "Enrolment and Welcome Fortnight", "outside any window", "Autumn Term Teaching",
                "Autumn Term Teaching + Autumn Reading Week",
            ])
        // Consecutive: each stretch starts where the one before ends.
        #expect(zip(periods, periods.dropFirst()).allSatisfy { ($0["end"] as? String) == ($1["start"] as? String) })
        let total = try #require(Self.decimal((object["plan"] as? [String: Any])?["cost"]))
        #expect(periods.compactMap { Self.decimal($0["cost"]) }.reduce(0, +) == total)
        let table = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--db", db, "--by", "window"])
        for line in table.stdout.split(separator: "\n") { #expect(line.count <= 80, "wider than 80: \(line)") }
        #expect(table.stdout.contains("\nAutumn Term Teaching + Autumn Reading Week  2026-11-02 "), "\(table.stdout)")
    }

    /// Two policies: a section each, then the total; different currencies are refused.
    @Test func severalPoliciesAddUpAndDifferentCurrenciesAreRefused() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        let sample = try String(contentsOfFile: Self.policy, encoding: .utf8)
        let second = try tmp.write(
            "moodle-api.yaml",
            sample.replacing("name: moodle-web", with: "name: moodle-api")
                .replacing("auto_scaling_group: moodle-web", with: "auto_scaling_group: moodle-api"))
        let range = ["--from", "2027-01-04", "--to", "2027-02-01", "--db", db]
        let json = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--policy", second, "--format", "json"] + range)
        #expect(json.exitCode == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups.compactMap { $0["group"] as? String } == ["moodle-web", "moodle-api"])
        let groupCosts = groups.compactMap { Self.decimal(($0["plan"] as? [String: Any])?["cost"]) }
        let total = try #require(Self.decimal((object["plan"] as? [String: Any])?["cost"]))
        #expect(groupCosts.count == 2 && groupCosts[0] == groupCosts[1] && total == groupCosts[0] * 2)
        let periods = try #require(object["periods"] as? [[String: Any]])
        // January in each policy.
        #expect(periods.count == 2 && periods.compactMap { Self.decimal($0["cost"]) }.reduce(0, +) == total)
        let top = try #require(object["top_exams"] as? [[String: Any]])
        #expect(
            top.compactMap { $0["group"] as? String } == Array(repeating: "moodle-web", count: 10)
                + Array(repeating: "moodle-api", count: 10))

        let table = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--policy", second] + range)
        #expect(
            table.stdout.contains("\nTotal of 2 policies · 2027-01-04T00:00:00Z to 2027-02-01T00:00:00Z\n"), "\(table.stdout)")
        let totalLine = try #require(table.stdout.split(separator: "\n").last { $0.hasPrefix("this plan ") })
        #expect(totalLine.hasSuffix(" " + Self.text(total)))

        let euros = try tmp.write("moodle-eur.yaml", sample.replacing("currency: USD", with: "currency: EUR"))
        let refused = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--policy", euros] + range)
        #expect(refused.exitCode == 64)
        #expect(refused.stderr == "the policies price in different currencies (EUR, USD): cost them separately\n")
    }

    /// A decimal as the reports print it: two places.
    static func text(_ value: Decimal) -> String {
        let plain = "\(value)"
        guard let dot = plain.firstIndex(of: ".") else { return plain + ".00" }
        return plain.count - plain.distance(from: plain.startIndex, to: dot) == 2 ? plain + "0" : plain
    }

    /// `--load`: priced at the mixed rate on top of the floor; a bad file is refused with its lines.
    @Test func loadProfileIsAddedAtTheMixedRateAndABadOneIsRefused() throws {
        let (tmp, db) = try SampleYearEndToEndTests.importedSampleYear()
        defer { _ = tmp }
        // Monday 09:00–10:00 local, 2 instances: in the week of 4 January 2027 (GMT) 2 instance-hours,
        // 25 % on-demand: 0.5 h × 0.202 + 1.5 h × 0.076 = 0.101 + 0.114 = 0.215 → 0.22.
        let load = try tmp.write("load.csv", "hour_of_week,instances\n9,2\n")
        let range = ["--from", "2027-01-04", "--to", "2027-01-11", "--db", db, "--format", "json"]
        let without = try TermscaleBinary.run(["cost", "--policy", Self.policy] + range)
        let with = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--load", load] + range)
        #expect(with.exitCode == 0, "\(with.stderr)")
        func group(_ run: TermscaleBinary.Result) throws -> [String: Any] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            return try #require((object["groups"] as? [[String: Any]])?.first)
        }
        let loaded = try #require(try group(with)["load"] as? [String: Any])
        #expect(Self.decimal(loaded["on_demand_hours"]) == Decimal(string: "0.5"))
        #expect(Self.decimal(loaded["spot_hours"]) == Decimal(string: "1.5"))
        #expect(Self.decimal(loaded["cost"]) == Decimal(string: "0.22"))
        #expect(try group(without)["load"] is NSNull)
        let planWith = try #require(try group(with)["plan"] as? [String: Any])
        let planWithout = try #require(try group(without)["plan"] as? [String: Any])
        #expect(Self.decimal(planWith["spot_hours"])! - Self.decimal(planWithout["spot_hours"])! == Decimal(string: "1.5"))
        let assumptions = try #require(try group(with)["assumptions"] as? [String])
        #expect(
            assumptions.contains {
                $0.hasPrefix("load above the floor from \(load) (1 of 168 hours of the week, the rest 0; mean 0.01 instances)")
            })

        let bad = try tmp.write("bad.csv", "hour_of_week,instances\n168,1\n3,-2\n")
        let refused = try TermscaleBinary.run(["cost", "--policy", Self.policy, "--load", bad] + range)
        #expect(refused.exitCode == 65)
        #expect(refused.stdout.isEmpty)
        let lines = refused.stderr.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("\(bad):2: hour_of_week: ") && lines[1].hasPrefix("\(bad):3: instances: "))
    }
}
