import Foundation
import TermscaleCore
import TermscaleReaders
import Testing

/// The third-party corpora copied unchanged into `Fixtures/corpora/ics`.
enum ICSCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/corpora/ics")

    /// Every `.ics` file, as paths relative to `root`, sorted.
    static var files: [String] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var out: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "ics" {
                out.append(String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)))
            }
        }
        return out.sorted()
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    enum Outcome {
        case batch(ImportBatch)
        case refused([Diagnostic])
    }

    static func read(_ relative: String, kind: EventKind) throws -> Outcome {
        let reader = ICalendarReader(options: ReaderOptions(kind: kind, zone: IANAZone(identifier: "Europe/London")!))
        do {
            return .batch(try reader.read(try bytes(relative), file: relative, source: relative))
        } catch let error as DiagnosticsError {
            return .refused(error.diagnostics)
        }
    }
}

@Suite struct ICalendarCorpusTests {
    @Test func corpusIsPresent() {
        #expect(ICSCorpus.files.count > 150)
        for license in ["icalendar/LICENSE.rst", "icaljs-parser/LICENSE", "icaljs-samples/LICENSE"] {
            #expect(FileManager.default.fileExists(atPath: ICSCorpus.root.appendingPathComponent(license).path), "\(license)")
        }
    }

    @Test(arguments: [EventKind.exam, EventKind.window])
    func everyFileIsImportedOrRefusedWithLines(kind: EventKind) throws {
        for file in ICSCorpus.files {
            switch try ICSCorpus.read(file, kind: kind) {
            case .batch(let batch):
                for event in batch.events {
                    #expect(event.end > event.start, "\(file): \(event)")
                    #expect(event.sourceLine >= 1, "\(file): \(event)")
                }
                if ProcessInfo.processInfo.environment["ICS_CORPUS_REPORT"] != nil { print("OK \(kind) \(file) \(batch.count)") }
            case .refused(let diagnostics):
                #expect(!diagnostics.isEmpty, "\(file)")
                for diagnostic in diagnostics {
                    #expect(diagnostic.line != nil && diagnostic.line! >= 1, "\(file): \(diagnostic)")
                    #expect(diagnostic.file == file)
                }
                if ProcessInfo.processInfo.environment["ICS_CORPUS_REPORT"] != nil {
                    print("REFUSED \(kind) \(file)\n  " + diagnostics.prefix(3).map(\.description).joined(separator: "\n  "))
                }
            }
        }
    }
}

@Suite struct ICalendarCorpusKnownFilesTests {
    func exams(_ file: String) throws -> [ExamSession] {
        guard case .batch(let batch) = try ICSCorpus.read(file, kind: .exam) else {
            Issue.record("\(file) was refused")
            return []
        }
        return batch.exams
    }

    @Test func durationInsteadOfDtendUsesTheFileVTimezone() throws {
        let exams = try exams("icaljs-samples/duration_instead_of_dtend.ics")
        #expect(spans(exams) == ["2012-06-30T13:00:00Z/2012-07-01T13:00:00Z"])
        #expect(exams.first?.title == "Really long event name thing")
        #expect(exams.first?.sourceLine == 25)
    }

    @Test func weeklyViennaRuleWithExdatesOnSeveralLines() throws {
        let starts = try exams("icalendar/events/event_with_recurrence_exdates_on_different_lines.ics").map {
            UTCFormat.rfc3339($0.start)
        }
        #expect(
            starts == [
                "2012-03-27T08:00:00Z", "2012-04-24T08:00:00Z", "2012-05-08T08:00:00Z", "2012-05-15T08:00:00Z",
                "2012-05-22T08:00:00Z", "2012-06-05T08:00:00Z", "2012-06-12T08:00:00Z", "2012-06-19T08:00:00Z",
                "2012-06-26T08:00:00Z", "2012-07-03T08:00:00Z",
            ])
    }

    @Test func negativeZeroOffsetZone() throws {
        #expect(spans(try exams("icaljs-samples/utc_negative_zero.ics")) == ["2012-08-21T21:00:00Z/2012-08-21T21:30:00Z"])
    }

    /// Files upstream marks as broken, and why this reader refuses them.
    @Test(arguments: [
        ("icalendar/calendars/big_bad_calendar.ics", "BEGIN:VCALENDAR is never closed"),
        ("icalendar/calendars/small_bad_calendar.ics", "BEGIN:VCALENDAR is never closed"),
        ("icalendar/calendars/broken_dtstart.ics", "'INVALID-DATE' is not a DATE"),
        ("icalendar/calendars/issue_1081_invalid_rrule_freq.ics", "unknown FREQ 'INVALID_TYPE_CAUSES_ERROR'"),
        ("icalendar/calendars/invalid_duration.ics", "'P999999999999999999W' is not a duration"),
        ("icalendar/events/issue_464_invalid_rdate.ics", "'199709T180000Z/PT5H30M' is not a DATE, DATE-TIME or PERIOD"),
        ("icalendar/calendars/issue_351_whitespace_in_property_and_params.ics", "is not an iCalendar content line"),
        ("icalendar/calendars/fuzz_testcase_0_char_in_component_name.ics", "contains a NUL byte (0x00)"),
    ])
    func upstreamBrokenFilesAreRefused(file: String, reason: String) throws {
        for kind in [EventKind.exam, .window] {
            guard case .refused(let diagnostics) = try ICSCorpus.read(file, kind: kind) else {
                Issue.record("\(file) was imported as \(kind)")
                continue
            }
            #expect(diagnostics.contains { $0.message.contains(reason) }, "\(diagnostics)")
        }
    }
}

/// Compares `ICalendarParser` with ical.js's expected jCal (RFC 7265) for each `icaljs-parser` case.
@Suite struct ICalendarParserJCalTests {
    /// Cases where this parser deliberately gives something else than ical.js, as
    /// `file: property: what differs`, with the reason beside each.
    static let intentionalDifferences: Set<String> = [
        // ical.js coerces invalid typed values to 0/false; this parser keeps the raw text and the
        // reader refuses the value where it matters.
        "integer.ics: x-invalid: value",
        "float.ics: x-invalid-float: value",
        "boolean.ics: x-maybe: value",
    ]

    @Test func everyCaseHasItsJCal() {
        let cases = ICSCorpus.files.filter { $0.hasPrefix("icaljs-parser/") }
        #expect(cases.count == 21)
        for file in cases {
            let json = ICSCorpus.root.appendingPathComponent(String(file.dropLast(4)) + ".json").path
            #expect(FileManager.default.fileExists(atPath: json), "\(file)")
        }
    }

    @Test func parserMatchesJCal() throws {
        var differences = Set<String>()
        var compared = Set<String>()
        for file in ICSCorpus.files where file.hasPrefix("icaljs-parser/") {
            let name = String(file.dropFirst("icaljs-parser/".count))
            let components = try ICalendarParser.parse(try ICSCorpus.bytes(file), file: name)
            let jsonData = try Data(contentsOf: ICSCorpus.root.appendingPathComponent(String(file.dropLast(4)) + ".json"))
            let json = try JSONSerialization.jsonObject(with: jsonData, options: [.fragmentsAllowed])
            // One root is written as the component itself, several as a list of them.
            let roots: [Any]
            if let array = json as? [Any], array.first is String { roots = [array] } else { roots = json as? [Any] ?? [] }
            guard roots.count == components.count else {
                differences.insert("\(name): root count \(components.count) vs \(roots.count)")
                continue
            }
            for (component, root) in zip(components, roots) {
                compare(component, root, file: name, differences: &differences, compared: &compared)
            }
        }
        #expect(differences == Self.intentionalDifferences)
        // The value types the comparison must have exercised.
        for type in [
            "text", "date", "date-time", "integer", "utc-offset", "float", "period", "recur", "binary", "time",
            "boolean", "cal-address", "unknown", "text-multi",
        ] {
            #expect(compared.contains(type), "no \(type) value compared")
        }
    }

    func compare(
        _ component: ICalComponent, _ json: Any, file: String, differences: inout Set<String>, compared: inout Set<String>
    ) {
        guard let array = json as? [Any], array.count == 3, let name = array[0] as? String,
            let properties = array[1] as? [[Any]], let children = array[2] as? [Any]
        else {
            differences.insert("\(file): malformed jCal")
            return
        }
        if component.name.lowercased() != name { differences.insert("\(file): component \(component.name) vs \(name)") }
        if component.properties.count != properties.count {
            differences.insert("\(file): \(name): \(component.properties.count) properties vs \(properties.count)")
        }
        for (property, expected) in zip(component.properties, properties) {
            compare(property, expected, file: file, differences: &differences, compared: &compared)
        }
        if component.components.count != children.count {
            differences.insert("\(file): \(name): \(component.components.count) components vs \(children.count)")
        }
        for (child, expected) in zip(component.components, children) {
            compare(child, expected, file: file, differences: &differences, compared: &compared)
        }
    }

    func compare(
        _ property: ICalProperty, _ expected: [Any], file: String, differences: inout Set<String>, compared: inout Set<String>
    ) {
        guard expected.count >= 4, let name = expected[0] as? String, let params = expected[1] as? [String: Any],
            let type = expected[2] as? String
        else {
            differences.insert("\(file): malformed jCal property")
            return
        }
        let label = "\(file): \(name)"
        if property.name.lowercased() != name { differences.insert("\(label): name \(property.name)") }
        // VALUE= is jCal's type column, not a parameter.
        var mine: [String: Any] = [:]
        for parameter in property.parameters where parameter.name != "VALUE" {
            mine[parameter.name.lowercased()] = parameter.values.count == 1 ? parameter.values[0] : parameter.values
        }
        if !NSDictionary(dictionary: mine).isEqual(to: params) { differences.insert("\(label): parameters") }
        let values = Array(expected[3...])
        guard let converted = Self.jcalValues(of: property, type: type, count: values.count) else {
            differences.insert("\(label): value type \(type) not compared")
            return
        }
        compared.insert(type == "text" && values.count > 1 ? "text-multi" : type)
        let same: Bool
        if type == "boolean" {
            // JSON booleans and Swift's do not compare equal through NSArray on Linux.
            same = converted.map { $0 as? Bool } == values.map { $0 as? Bool }
        } else {
            same = NSArray(array: converted).isEqual(to: values)
        }
        if !same { differences.insert("\(label): value") }
    }

    /// The jCal form (RFC 7265 §3.6) of a raw property value read as `type`.
    static func jcalValues(of property: ICalProperty, type: String, count: Int) -> [Any]? {
        let raw = property.value
        switch type {
        case "text":
            if property.name == "REQUEST-STATUS" { return [raw.split(separator: ";", maxSplits: 2).map(String.init)] }
            return count > 1 ? property.textList : [property.text]
        case "date", "date-time":
            return property.valueList.map { dateTime($0) ?? "invalid \($0)" }
        case "time":
            let b = Array(raw)
            guard b.count >= 6 else { return nil }
            return ["\(String(b[0..<2])):\(String(b[2..<4])):\(String(b[4..<6]))\(String(b[6...]))"]
        case "period":
            return property.valueList.map { item in
                item.split(separator: "/").map { part in dateTime(String(part)) ?? String(part) }
            }
        case "integer": return [Int(raw) ?? Int.min]
        case "float":
            if property.name == "GEO" { return [raw.split(separator: ";").map { Double($0) ?? .nan }] }
            return [Double(raw) ?? .nan]
        case "boolean": return [raw == "TRUE" ? true : raw == "FALSE" ? false : "invalid"]
        case "utc-offset":
            guard let seconds = parseUTCOffset(raw) else { return nil }
            let sign = raw.hasPrefix("-") ? "-" : "+"
            let magnitude = abs(seconds)
            var text = sign + (magnitude / 3600).zeroPadded(to: 2) + ":" + (magnitude % 3600 / 60).zeroPadded(to: 2)
            if magnitude % 60 != 0 { text += ":" + (magnitude % 60).zeroPadded(to: 2) }
            return [text]
        case "recur":
            guard case .success(let rule) = RecurrenceRule.parse(raw) else { return nil }
            var object: [String: Any] = ["freq": rule.frequency.rawValue]
            if !rule.byMonth.isEmpty { object["bymonth"] = rule.byMonth.count == 1 ? rule.byMonth[0] as Any : rule.byMonth }
            if let until = rule.until {
                switch until {
                case .date(let d): object["until"] = d.description
                case .dateTime(let t, let utc): object["until"] = t.description + (utc ? "Z" : "")
                }
            }
            return [object]
        case "binary", "cal-address", "unknown", "uri":
            return [raw]
        default:
            return nil
        }
    }

    static func dateTime(_ text: String) -> String? {
        switch ICalTime.parse(text) {
        case .date(let d)?: return d.description
        case .dateTime(let t, let utc)?: return t.description + (utc ? "Z" : "")
        case nil: return nil
        }
    }
}
