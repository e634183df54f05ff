import Testing

@testable import TermscaleReports

@Suite struct JSONValueTests {
    @Test func decimalsAreShortAndExact() {
        #expect(JSONValue.decimalText(0) == "0")
        #expect(JSONValue.decimalText(12.25) == "12.25")
        #expect(JSONValue.decimalText(1.0 / 60) == "0.0167")
        #expect(JSONValue.decimalText(3) == "3")
    }
}
