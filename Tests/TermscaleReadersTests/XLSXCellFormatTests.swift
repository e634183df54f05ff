import Testing

@testable import TermscaleReaders

/// Number formats and serial numbers: what a cell's number means as the text a CSV would hold.
@Suite struct XLSXCellFormatTests {
    @Test(arguments: [
        ("dd/mm/yyyy", XLSXCellFormat.date), ("d-mmm-yy", .date), ("[$-F800]dddd, mmmm dd, yyyy", .date),
        ("m", .date), ("hh:mm", .time(elapsed: false)), ("h:mm AM/PM", .time(elapsed: false)),
        ("mm:ss", .time(elapsed: false)), ("[h]:mm", .time(elapsed: true)), ("yyyy-mm-dd hh:mm", .dateTime),
        ("General", .number), ("0.00", .number), ("\"Room \"0", .number), ("[Red]#,##0;[Blue]-#,##0", .number),
        ("0.00E+00", .number), ("\"day\"0", .number), ("00000", .zeroPadded(width: 5)), ("0", .zeroPadded(width: 1)),
    ])
    func customFormatCodes(_ code: String, _ format: XLSXCellFormat) {
        #expect(XLSXCellFormat.custom(code) == format)
    }

    @Test func builtInFormats() {
        #expect([0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 37, 49].map(XLSXCellFormat.builtIn).allSatisfy { $0 == .number })
        #expect((14...17).map(XLSXCellFormat.builtIn).allSatisfy { $0 == .date })
        #expect((18...21).map(XLSXCellFormat.builtIn).allSatisfy { $0 == .time(elapsed: false) })
        #expect(XLSXCellFormat.builtIn(22) == .dateTime)
        #expect(XLSXCellFormat.builtIn(46) == .time(elapsed: true))
    }

    /// The 1900 system with Excel's bug: serial 60 is 29 February 1900, which never was.
    @Test(arguments: [
        (1.0, "1900-01-01"), (31.0, "1900-01-31"), (59.0, "1900-02-28"), (61.0, "1900-03-01"),
        (25_569.0, "1970-01-01"), (46_399.0, "2027-01-12"), (46_399.75, "2027-01-12"), (2_958_465.0, "9999-12-31"),
    ])
    func dates1900(_ serial: Double, _ text: String) {
        #expect(XLSXCellFormat.date.text(serial, date1904: false) == .success(text))
    }

    @Test func datesThatAreNotDays() {
        #expect(XLSXCellFormat.date.text(60, date1904: false) == .failure(.leapDay1900))
        #expect(XLSXCellFormat.date.text(0, date1904: false) == .failure(.dayZero))
        #expect(XLSXCellFormat.date.text(-1, date1904: false) == .failure(.notADate(-1)))
        #expect(XLSXCellFormat.date.text(3_000_000, date1904: false) == .failure(.notADate(3_000_000)))
        #expect(
            XLSXValueProblem.leapDay1900.message
                == "is 29 February 1900, a day that never existed (Excel's 1900 leap-year bug); type the date again")
    }

    /// The 1904 system: serial 0 is 1 January 1904, and the same day is 1,462 lower than in 1900's.
    @Test(arguments: [(0.0, "1904-01-01"), (59.0, "1904-02-29"), (60.0, "1904-03-01"), (44_937.0, "2027-01-12")])
    func dates1904(_ serial: Double, _ text: String) {
        #expect(XLSXCellFormat.date.text(serial, date1904: true) == .success(text))
    }

    /// A time is a binary fraction of a day: rounded to the nearest second, shown to the minute
    /// unless it has seconds.
    @Test(arguments: [
        (0.395833333333333, "09:30"), (0.3958333333333333, "09:30"), (0.3958449074074074, "09:30:01"), (0.39583912037, "09:30"), (0.5, "12:00"),
        (0.99999999, "00:00"), (0.0, "00:00"), (0.604166666666667, "14:30"), (1.5, "12:00"),
    ])
    func timesOfDay(_ fraction: Double, _ text: String) {
        #expect(XLSXCellFormat.time(elapsed: false).text(fraction, date1904: false) == .success(text))
    }

    @Test func elapsedTimesCountTheDays() {
        #expect(XLSXCellFormat.time(elapsed: true).text(1.5, date1904: false) == .success("36:00"))
        #expect(XLSXCellFormat.time(elapsed: true).text(0.0625, date1904: false) == .success("01:30"))
    }

    @Test func dateTimes() {
        #expect(XLSXCellFormat.dateTime.text(46_399.395833333336, date1904: false) == .success("2027-01-12 09:30"))
        #expect(XLSXCellFormat.dateTime.text(44_937.5, date1904: true) == .success("2027-01-12 12:00"))
    }

    @Test func numbers() {
        #expect(XLSXCellFormat.number.text(143, date1904: false) == .success("143"))
        #expect(XLSXCellFormat.number.text(1.5, date1904: false) == .success("1.5"))
        #expect(XLSXCellFormat.number.text(-2, date1904: false) == .success("-2"))
        #expect(XLSXCellFormat.zeroPadded(width: 5).text(42, date1904: false) == .success("00042"))
        #expect(XLSXCellFormat.zeroPadded(width: 2).text(2027, date1904: false) == .success("2027"))
        #expect(XLSXCellFormat.zeroPadded(width: 5).text(4.5, date1904: false) == .success("4.5"))
    }
}
