import Foundation
import TermscaleCore
import TermscaleReaders
import Testing

/// The load profile reader (`cost --load`): whole and sparse weeks read exactly, the CSV forms
/// it shares with the timetable reader, the shipped sample, and every problem with its exact
/// `file:line: field: message`.
@Suite struct LoadProfileReaderTests {
    static let sampleURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("policies/moodle-web-load.csv")

    /// `text` as an exact decimal (what a literal such as 0.1 would not be).
    private func dec(_ text: String) -> Decimal {
        Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) ?? .nan
    }

    private func read(_ csv: String) throws -> LoadProfileFile {
        try LoadProfileReader.read(Array(csv.utf8), file: "load.csv")
    }

    /// The `file:line: field: message` lines `bytes` is refused with; empty when it is accepted.
    private func problems(bytes: [UInt8]) -> [String] {
        do {
            _ = try LoadProfileReader.read(bytes, file: "load.csv")
            return []
        } catch let error as DiagnosticsError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["unexpected error: \(error)"]
        }
    }

    private func problems(_ csv: String) -> [String] { problems(bytes: Array(csv.utf8)) }

    /// A week where hour h has h / 4 instances, e.g. `5,1.25`.
    private var quarterWeek: String {
        "hour_of_week,instances\n"
            + (0..<168).map { "\($0),\($0 / 4).\(["00", "25", "50", "75"][$0 % 4])\n" }.joined()
    }

    // MARK: - Reading

    @Test func fullWeek() throws {
        let load = try read(quarterWeek)
        #expect(load.path == "load.csv")
        #expect(load.hoursGiven == 168)
        #expect(load.profile.instances == (0..<168).map { Decimal($0) / 4 })
        #expect(load.profile.instances[5] == dec("1.25"))
        // (0 + 1 + … + 167) / 4 = 14028 / 4; the mean 3507 / 168 = 20.875 rounds half away from zero.
        #expect(load.instanceHoursPerWeek == 3507)
        #expect(load.meanInstances == dec("20.88"))
    }

    @Test func sparseWeekWithCommentsAndBlankLines() throws {
        let csv = """
            # Load above the floor, teaching week.

            hour_of_week,instances
            # Monday 09:00 and 10:00
            9,0.1
              # indented comment, with "a quote and, a comma
            10,0.2

            ,
            167,0
            """
        let load = try read(csv)
        #expect(load.hoursGiven == 3)
        var expected = [Decimal](repeating: 0, count: 168)
        expected[9] = dec("0.1")
        expected[10] = dec("0.2")
        #expect(load.profile.instances == expected)
        // Exact: 0.1 + 0.2 is 0.3, not binary floating point's 0.30000000000000004.
        #expect(load.instanceHoursPerWeek == dec("0.3"))
        #expect(load.meanInstances == 0)
    }

    @Test func plainDecimalsAreReadExactly() throws {
        let csv = """
            hour_of_week,instances
            0,0
            1,007
            2,12.25
            3,10000
            4,10000.00
            5,0.12345678901234567890
            006,0.000
            167,9999.99
            """
        let load = try read(csv)
        #expect(load.hoursGiven == 8)
        #expect(
            Array(load.profile.instances[0...6])
                == [0, 7, dec("12.25"), 10_000, 10_000, dec("0.1234567890123456789"), 0])
        #expect(load.profile.instances[167] == dec("9999.99"))
        #expect(load.instanceHoursPerWeek == dec("30019.3634567890123456789"))
        #expect(load.meanInstances == dec("178.69"))
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let bytes = ByteOrderMarkBytes.utf8 + Array("hour_of_week,instances\r\n5,1.5\r\n\r\n# note\r\n7,2\r\n".utf8)
        let load = try LoadProfileReader.read(bytes, file: "load.csv")
        #expect(load.hoursGiven == 2)
        #expect(load.profile.instances[5] == dec("1.5"))
        #expect(load.profile.instances[7] == 2)
        // Line numbers count CRLF line ends (and the blank and comment lines) once each.
        let bad = ByteOrderMarkBytes.utf8 + Array("hour_of_week,instances\r\n5,1.5\r\n\r\n# note\r\n7,x\r\n".utf8)
        #expect(
            problems(bytes: bad) == [
                "load.csv:5: instances: 'x' is not a plain decimal number; write digits with at most one decimal point, "
                    + "no exponent or thousands separator, e.g. 0, 1.5 or 12.25"
            ])
    }

    @Test func utf16WithByteOrderMark() throws {
        let text = "hour_of_week,instances\r\n5,1.5\r\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let load = try LoadProfileReader.read(bytes, file: "load.csv")
        #expect(load.hoursGiven == 1)
        #expect(load.profile.instances[5] == dec("1.5"))
    }

    @Test func quotedFields() throws {
        let csv = """
            "hour_of_week","instances"
            "5","1.5"
             6 , "2.25"
            "7"," 3 "
            """
        let load = try read(csv)
        #expect(load.hoursGiven == 3)
        #expect(Array(load.profile.instances[5...7]) == [dec("1.5"), dec("2.25"), 3])
    }

    @Test func reorderedColumnsAnyCaseAndSpaces() throws {
        let load = try read(" Instances ,HOUR_OF_WEEK \n1.5,5\n0.25, 166\n")
        #expect(load.hoursGiven == 2)
        #expect(load.profile.instances[5] == dec("1.5"))
        #expect(load.profile.instances[166] == dec("0.25"))
        // A row's problems follow the file's column order.
        #expect(
            problems("instances,hour_of_week\n-2,168\n") == [
                "load.csv:2: instances: '-2' is negative; the instances above the floor are 0 or more",
                "load.csv:2: hour_of_week: '168' is out of range; hours of the week go from 0 (Monday 00:00–01:00 "
                    + "local) to 167 (Sunday 23:00–24:00)",
            ])
    }

    @Test func semicolonSeparatedFile() throws {
        let load = try read("hour_of_week;instances\n5;1.5\n")
        #expect(load.profile.instances[5] == dec("1.5"))
        // A spreadsheet that writes `;` usually writes decimal commas too.
        #expect(
            problems("hour_of_week;instances\n5;1,5\n") == [
                "load.csv:2: instances: '1,5' is not a plain decimal number; write digits with at most one decimal "
                    + "point, no exponent or thousands separator, e.g. 0, 1.5 or 12.25"
            ])
    }

    @Test func emptyTrailingColumnIsAllowed() throws {
        let load = try read("hour_of_week,instances,\n5,1.5,\n6,2\n")
        #expect(load.hoursGiven == 2)
    }

    @Test func shippedSample() throws {
        let bytes = try [UInt8](Data(contentsOf: Self.sampleURL))
        let load = try LoadProfileReader.read(bytes, file: "policies/moodle-web-load.csv")
        #expect(load.hoursGiven == 168)
        #expect(load.instanceHoursPerWeek == dec("572.73"))
        // 572.73 / 168 = 3.40910…
        #expect(load.meanInstances == dec("3.41"))
        // Quiet at night, the peak on Tuesday 11:00, Sunday ending above Saturday's evening.
        #expect(load.profile.instances[0] == dec("0.6"))
        #expect(load.profile.instances[3] == 0)
        #expect(load.profile.instances.max() == dec("11.13"))
        #expect(load.profile.instances.firstIndex(of: dec("11.13")) == 35)
        #expect(load.profile.instances[167] == dec("1.83"))
    }

    // MARK: - Problems

    @Test func emptyFile() {
        let empty = [
            "load.csv:1: the file is empty; expected the header hour_of_week,instances, then one row per hour of the "
                + "week (0 is Monday 00:00–01:00 local, 167 Sunday 23:00–24:00)"
        ]
        #expect(problems("") == empty)
        #expect(problems("\n\n# only a comment\n") == empty)
        #expect(problems(bytes: ByteOrderMarkBytes.utf8) == empty)
    }

    @Test func headerOnly() {
        #expect(
            problems("# a comment\nhour_of_week,instances\n\n") == [
                "load.csv:2: the file has a header but no rows; give one row per hour of the week: hour_of_week "
                    + "(0 is Monday 00:00–01:00 local, 167 Sunday 23:00–24:00) and the instances above the floor"
            ])
    }

    @Test func headerWithoutTheColumns() {
        #expect(
            problems("hour,instances\n5,1.5\n") == [
                "load.csv:1: the header 'hour,instances' has no column hour_of_week; the first row must be the header "
                    + "hour_of_week,instances (in either order; case and spaces do not matter)"
            ])
        // No header at all: the first row of data is taken for one.
        #expect(
            problems("0,1.5\n1,2\n") == [
                "load.csv:1: the header '0,1.5' has no column hour_of_week or instances; the first row must be the "
                    + "header hour_of_week,instances (in either order; case and spaces do not matter)"
            ])
    }

    @Test func extraAndRepeatedColumns() {
        let csv = """
            hour_of_week,instances,peak,,Note,instances
            5,1.5,9,,busy,2
            6,2,,x
            """
        #expect(
            problems(csv) == [
                "load.csv:1: extra columns 'peak' (column 3), 'Note' (column 5); a load profile has only the columns "
                    + "hour_of_week and instances (in either order): remove them and their values",
                "load.csv:1: column 6 repeats instances (already column 2); give each column once",
                "load.csv:3: has values in no named column: 'x' (column 4); every row gives hour_of_week and "
                    + "instances only: remove it",
            ])
        #expect(
            problems("hour_of_week,instances,peak\n5,1.5,9\n") == [
                "load.csv:1: extra column 'peak' (column 3); a load profile has only the columns hour_of_week and "
                    + "instances (in either order): remove it and its values"
            ])
        #expect(
            problems("hour_of_week,instances\n5,1.5,9,,x\n") == [
                "load.csv:2: has values in no named column: '9' (column 3), 'x' (column 5); every row gives "
                    + "hour_of_week and instances only: remove them"
            ])
    }

    @Test func badHours() {
        let range = "0 (Monday 00:00–01:00 local) to 167 (Sunday 23:00–24:00)"
        let csv = """
            hour_of_week,instances
            ,1
            Mon 09,1
            1.0,1
            +5,1
            168,1
            -1,1
            99999999999999999999,1
            5
            """
        #expect(
            problems(csv) == [
                "load.csv:2: hour_of_week: is empty; give the hour of the week, from \(range)",
                "load.csv:3: hour_of_week: 'Mon 09' is not an hour of the week; give a whole number from \(range)",
                "load.csv:4: hour_of_week: '1.0' is not an hour of the week; give a whole number from \(range)",
                "load.csv:5: hour_of_week: '+5' is not an hour of the week; give a whole number from \(range)",
                "load.csv:6: hour_of_week: '168' is out of range; hours of the week go from \(range)",
                "load.csv:7: hour_of_week: '-1' is out of range; hours of the week go from \(range)",
                "load.csv:8: hour_of_week: '99999999999999999999' is out of range; hours of the week go from \(range)",
                "load.csv:9: instances: is empty; give the average instances running above the floor in that hour, "
                    + "e.g. 0, 1.5 or 12.25",
            ])
    }

    @Test func badInstances() {
        let notPlain =
            "is not a plain decimal number; write digits with at most one decimal point, no exponent or thousands "
            + "separator, e.g. 0, 1.5 or 12.25"
        let tooMany =
            "the most a load profile allows; give the average instances above the floor in that hour, not "
            + "requests or users"
        let csv = """
            hour_of_week,instances
            0,-1
            1,NaN
            2,1e3
            3,"1,5"
            4,
            5,.5
            6,5.
            7,1.2.3
            8,-0.5
            9,10000.01
            10,0012000
            11,1.123456789012345678901
            12,1 000
            """
        #expect(
            problems(csv) == [
                "load.csv:2: instances: '-1' is negative; the instances above the floor are 0 or more",
                "load.csv:3: instances: 'NaN' \(notPlain)",
                "load.csv:4: instances: '1e3' \(notPlain)",
                "load.csv:5: instances: '1,5' \(notPlain)",
                "load.csv:6: instances: is empty; give the average instances running above the floor in that hour, "
                    + "e.g. 0, 1.5 or 12.25",
                "load.csv:7: instances: '.5' \(notPlain)",
                "load.csv:8: instances: '5.' \(notPlain)",
                "load.csv:9: instances: '1.2.3' \(notPlain)",
                "load.csv:10: instances: '-0.5' is negative; the instances above the floor are 0 or more",
                "load.csv:11: instances: '10000.01' is more than 10000, \(tooMany)",
                "load.csv:12: instances: '0012000' is more than 10000, \(tooMany)",
                "load.csv:13: instances: '1.123456789012345678901' has more than 20 decimal places; round it (two are "
                    + "plenty)",
                "load.csv:14: instances: '1 000' \(notPlain)",
            ])
    }

    @Test func duplicateHoursNameBothLines() {
        let csv = """
            hour_of_week,instances
            5,1
            6,1
            05,2
            5,3
            """
        #expect(
            problems(csv) == [
                "load.csv:4: hour_of_week: 5 (Monday 05:00–06:00) is given twice, on lines 2 and 4; give each hour once",
                "load.csv:5: hour_of_week: 5 (Monday 05:00–06:00) is given twice, on lines 2 and 5; give each hour once",
            ])
        #expect(
            problems("hour_of_week,instances\n167,1\n167,1\n") == [
                "load.csv:3: hour_of_week: 167 (Sunday 23:00–24:00) is given twice, on lines 2 and 3; give each hour once"
            ])
    }

    @Test func everyProblemIsReportedInLineOrder() {
        let csv = """
            hour_of_week,instances,peak
            0,1
            x,-1
            0,2
            "3,1
            """
        #expect(
            problems(csv) == [
                "load.csv:1: extra column 'peak' (column 3); a load profile has only the columns hour_of_week and "
                    + "instances (in either order): remove it and its values",
                "load.csv:3: hour_of_week: 'x' is not an hour of the week; give a whole number from 0 (Monday "
                    + "00:00–01:00 local) to 167 (Sunday 23:00–24:00)",
                "load.csv:3: instances: '-1' is negative; the instances above the floor are 0 or more",
                "load.csv:4: hour_of_week: 0 (Monday 00:00–01:00) is given twice, on lines 2 and 4; give each hour once",
                "load.csv:5: a quoted field opened on this line is never closed, so the rest of the file was swallowed "
                    + "by it; add the closing \" (and write any \" inside the field as \"\")",
            ])
    }
}

/// The UTF-8 byte order mark, as a test writes it by hand.
private enum ByteOrderMarkBytes {
    static let utf8: [UInt8] = [0xEF, 0xBB, 0xBF]
}
