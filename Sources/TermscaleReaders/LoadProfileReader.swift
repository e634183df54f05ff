import Foundation
import TermscaleCore

/// Reads a load profile (`termscale cost --load FILE`): a CSV of the average instances target
/// tracking runs above the floor in each local hour of the week.
///
/// The file, exactly:
/// - **Header**, required: `hour_of_week,instances`, names compared trimmed and case-insensitively,
///   columns in either order. Any other named column is an error naming it (nothing is read
///   from it, so nothing is dropped silently); so is a column named twice. An unnamed column
///   (a trailing comma) is allowed as long as every row leaves it empty.
/// - **Rows**: `hour_of_week` a whole number from 0 (Monday 00:00–01:00 local) to 167 (Sunday
///   23:00–24:00); `instances` a plain decimal ≥ 0 (`0`, `1.5`, `12.25`: digits, at most one
///   `.`, no sign, exponent or thousands separator, at most `maximumDecimalPlaces` decimals), at
///   most `maximumInstances`. It is read exactly as a `Decimal` from its digits, never through
///   `Double`. Each hour at most once; hours not listed are 0, and `LoadProfileFile.hoursGiven`
///   says how many were listed.
/// - **Skipped**: blank lines, rows of empty cells (`,`), and comment lines, whose first
///   character other than spaces or tabs is `#` (even inside a quoted field that spans lines).
/// - The CSV itself is read by `CSVParser`: quoted fields, a UTF-8 BOM, CRLF, LF or CR line
///   ends, and `;` or tab as the separator when the header uses them. Bytes are brought to
///   UTF-8 by `CSVTextEncoding` (UTF-16 with a BOM is transcoded); the file is ASCII when
///   valid, so no encoding warning is needed.
///
/// Every problem is reported, not just the first: `read` throws one `DiagnosticsError` with a
/// `Diagnostic` per problem, in line order, each at the line the row starts on and naming the
/// field (`hour_of_week`, `instances`), in the wording of `CSVTimetableReader`.
public enum LoadProfileReader {
    /// The most instances one hour may give: far above any one group's fleet, so a larger value
    /// is a mistake (requests or users instead of instances).
    public static let maximumInstances: Decimal = 10_000

    /// The most decimals `instances` may have. With `maximumInstances` it keeps a week's sum
    /// within `Decimal`'s 38 digits, so it is exact.
    public static let maximumDecimalPlaces = 20

    /// The header names, lowercase.
    static let hourColumn = "hour_of_week"
    static let instancesColumn = "instances"

    /// The load profile in `bytes`.
    /// - Parameters:
    ///   - bytes: the file's contents: UTF-8 (a BOM is allowed) or UTF-16 with a BOM.
    ///   - file: the name diagnostics use (and `LoadProfileFile.path`); not opened.
    /// - Throws: `DiagnosticsError` listing every problem found.
    public static func read(_ bytes: [UInt8], file: String) throws -> LoadProfileFile {
        try InputDamage.refuse(csv: bytes, file: file)
        let parsed = CSVParser.parse(withoutComments(CSVTextEncoding.utf8(bytes).bytes))
        var diagnostics = parsed.problems.map { Diagnostic(file: file, line: $0.line, field: nil, message: $0.message) }
        var records = parsed.records.filter { !$0.isEffectivelyBlank }[...]

        guard let header = records.popFirst() else {
            if diagnostics.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        file: file, line: 1, field: nil,
                        message: "the file is empty; expected the header hour_of_week,instances, then one row per hour "
                            + "of the week (0 is Monday 00:00–01:00 local, 167 Sunday 23:00–24:00)"))
            }
            throw DiagnosticsError(byLine: diagnostics)
        }
        let columns = Columns(header: header.fields)
        guard let hourIndex = columns.hour, let instancesIndex = columns.instances else {
            diagnostics.append(Diagnostic(file: file, line: header.line, field: nil, message: columns.missingMessage))
            throw DiagnosticsError(byLine: diagnostics)
        }
        diagnostics += columns.problems.map { Diagnostic(file: file, line: header.line, field: nil, message: $0) }
        if records.isEmpty {
            diagnostics.append(
                Diagnostic(
                    file: file, line: header.line, field: nil,
                    message: "the file has a header but no rows; give one row per hour of the week: hour_of_week "
                        + "(0 is Monday 00:00–01:00 local, 167 Sunday 23:00–24:00) and the instances above the floor"))
        }

        var instances = [Decimal](repeating: 0, count: 168)
        var givenOn = [Int?](repeating: nil, count: 168)
        // Fields in the file's column order, so a row's problems read left to right.
        let fieldOrder = hourIndex < instancesIndex ? [hourColumn, instancesColumn] : [instancesColumn, hourColumn]
        for record in records {
            func value(_ index: Int) -> String {
                index < record.fields.count ? WallClockParsing.trimmed(record.fields[index]) : ""
            }
            func report(_ field: String?, _ message: String) {
                diagnostics.append(Diagnostic(file: file, line: record.line, field: field, message: message))
            }
            var hour: Int?
            var count: Decimal?
            for field in fieldOrder {
                if field == hourColumn {
                    switch hourOfWeek(value(hourIndex)) {
                    case .success(let h):
                        if let first = givenOn[h] {
                            report(
                                field,
                                "\(h) (\(describe(hour: h))) is given twice, on lines \(first) and \(record.line); "
                                    + "give each hour once")
                        } else {
                            givenOn[h] = record.line
                            hour = h
                        }
                    case .failure(let problem): report(field, problem.message)
                    }
                } else {
                    switch instanceCount(value(instancesIndex)) {
                    case .success(let n): count = n
                    case .failure(let problem): report(field, problem.message)
                    }
                }
            }
            let stray = record.fields.indices.filter { !columns.isNamed($0) && !value($0).isEmpty }
            if !stray.isEmpty {
                let listed = stray.map { "'\(value($0))' (column \($0 + 1))" }.joined(separator: ", ")
                report(
                    nil,
                    "has values in no named column: \(listed); every row gives hour_of_week and instances only: "
                        + "remove \(stray.count == 1 ? "it" : "them")")
            }
            if let hour, let count { instances[hour] = count }
        }

        guard diagnostics.isEmpty, let profile = LoadProfile(instances: instances) else {
            throw DiagnosticsError(byLine: diagnostics)
        }
        return LoadProfileFile(path: file, profile: profile, hoursGiven: givenOn.count(where: { $0 != nil }))
    }

    // MARK: - Header

    /// Where the two columns are, from the header row, and what is wrong with it.
    struct Columns {
        /// 0-based column of `hour_of_week` and of `instances`; nil when the header lacks it.
        var hour: Int?
        var instances: Int?
        /// Extra and repeated columns, in column order.
        var problems: [String] = []
        /// The header's cells, trimmed.
        private let names: [String]

        init(header: [String]) {
            names = header.map { WallClockParsing.trimmed($0) }
            var extra: [String] = []
            for (index, name) in names.enumerated() {
                let key = name.lowercased()
                if key == LoadProfileReader.hourColumn || key == LoadProfileReader.instancesColumn {
                    let first = key == LoadProfileReader.hourColumn ? hour : instances
                    if let first {
                        problems.append(
                            "column \(index + 1) repeats \(key) (already column \(first + 1)); give each column once")
                    } else if key == LoadProfileReader.hourColumn {
                        hour = index
                    } else {
                        instances = index
                    }
                } else if !name.isEmpty {
                    extra.append("'\(name)' (column \(index + 1))")
                }
            }
            if !extra.isEmpty {
                problems.insert(
                    "extra \(extra.count == 1 ? "column" : "columns") \(extra.joined(separator: ", ")); a load profile "
                        + "has only the columns hour_of_week and instances (in either order): remove "
                        + (extra.count == 1 ? "it and its values" : "them and their values"),
                    at: 0)
            }
        }

        /// Whether the header names column `index` (a row's values there are read or reported
        /// with the header).
        func isNamed(_ index: Int) -> Bool { index < names.count && !names[index].isEmpty }

        /// Why the header cannot be read: which of the two columns it lacks.
        var missingMessage: String {
            let missing = [hour == nil ? hourColumn : nil, instances == nil ? instancesColumn : nil]
                .compactMap { $0 }.joined(separator: " or ")
            return "the header '\(names.joined(separator: ","))' has no column \(missing); the first row must be the "
                + "header hour_of_week,instances (in either order; case and spaces do not matter)"
        }
    }

    // MARK: - Fields

    /// Why a field is not what it should be; `message` reads after `file:line: field: `.
    struct FieldProblem: Error, Equatable {
        var message: String
    }

    /// The hour of the week `text` (trimmed) gives: a whole number from 0 to 167.
    static func hourOfWeek(_ text: String) -> Result<Int, FieldProblem> {
        let range = "0 (Monday 00:00–01:00 local) to 167 (Sunday 23:00–24:00)"
        if text.isEmpty { return .failure(FieldProblem(message: "is empty; give the hour of the week, from \(range)")) }
        let negative = text.utf8.first == UInt8(ascii: "-")
        let digits = negative ? text.utf8.dropFirst() : text.utf8[...]
        guard isDigits(digits) else {
            return .failure(
                FieldProblem(message: "'\(text)' is not an hour of the week; give a whole number from \(range)"))
        }
        let significant = digits.drop { $0 == 0x30 }
        let hour = significant.count <= 3 ? significant.reduce(0) { $0 * 10 + Int($1 - 0x30) } : Int.max
        guard !negative, hour <= 167 else {
            return .failure(FieldProblem(message: "'\(text)' is out of range; hours of the week go from \(range)"))
        }
        return .success(hour)
    }

    /// The instance count `text` (trimmed) gives, exactly: a plain decimal from 0 to `maximumInstances`.
    static func instanceCount(_ text: String) -> Result<Decimal, FieldProblem> {
        if text.isEmpty {
            return .failure(
                FieldProblem(
                    message: "is empty; give the average instances running above the floor in that hour, e.g. 0, 1.5 "
                        + "or 12.25"))
        }
        let negative = text.utf8.first == UInt8(ascii: "-")
        let unsigned = negative ? text.utf8.dropFirst() : text.utf8[...]
        let parts = unsigned.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, isDigits(whole), parts.count == 1 || isDigits(parts[1]) else {
            return .failure(
                FieldProblem(
                    message: "'\(text)' is not a plain decimal number; write digits with at most one decimal point, "
                        + "no exponent or thousands separator, e.g. 0, 1.5 or 12.25"))
        }
        if negative {
            return .failure(
                FieldProblem(message: "'\(text)' is negative; the instances above the floor are 0 or more"))
        }
        let fraction = parts.count == 2 ? parts[1] : unsigned[unsigned.endIndex...]
        if fraction.count > maximumDecimalPlaces {
            return .failure(
                FieldProblem(
                    message: "'\(text)' has more than \(maximumDecimalPlaces) decimal places; round it (two are "
                        + "plenty)"))
        }
        let tooMany = FieldProblem(
            message: "'\(text)' is more than \(maximumInstances), the most a load profile allows; give the average "
                + "instances above the floor in that hour, not requests or users")
        // At most 5 significant whole digits (10000), so the significand stays well within 38.
        guard whole.drop(while: { $0 == 0x30 }).count <= 5 else { return .failure(tooMany) }
        var significand: Decimal = 0
        for byte in Array(whole.drop(while: { $0 == 0x30 })) + Array(fraction) {
            significand = significand * 10 + Decimal(Int(byte - 0x30))
        }
        let value = Decimal(sign: .plus, exponent: -fraction.count, significand: significand)
        guard value <= maximumInstances else { return .failure(tooMany) }
        return .success(value)
    }

    /// Whether `bytes` is one or more ASCII digits.
    private static func isDigits(_ bytes: Substring.UTF8View) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// `Monday 05:00–06:00` for hour 5 of the week.
    static func describe(hour: Int) -> String {
        let (day, h) = hour.quotientAndRemainder(dividingBy: 24)
        return "\(WallClockParsing.weekdayName(day + 1)) \(h.zeroPadded(to: 2)):00–\((h + 1).zeroPadded(to: 2)):00"
    }

    // MARK: - Comments

    /// `bytes` with the text of each comment line (first character other than space or tab is
    /// `#`) removed and its line break kept, so the other lines keep their numbers. A leading
    /// BOM is kept for `CSVParser`.
    static func withoutComments(_ bytes: [UInt8]) -> [UInt8] {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var i = ByteOrderMark.utf8Length(bytes)
        result.append(contentsOf: bytes[..<i])
        while i < bytes.count {
            var end = i
            while end < bytes.count, bytes[end] != cr, bytes[end] != lf { end += 1 }
            let line = bytes[i..<end]
            if line.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) != UInt8(ascii: "#") {
                result.append(contentsOf: line)
            }
            if end < bytes.count { result.append(bytes[end]) }
            i = end + 1
        }
        return result
    }
}
