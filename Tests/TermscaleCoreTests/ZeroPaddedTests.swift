import TermscaleCore
import Testing

@Suite struct ZeroPaddedTests {
    @Test func padsToTheWidthAndNeverCuts() {
        #expect(7.zeroPadded(to: 2) == "07")
        #expect(0.zeroPadded(to: 4) == "0000")
        #expect(42.zeroPadded(to: 2) == "42")
        #expect(2027.zeroPadded(to: 2) == "2027")
        #expect(5.zeroPadded(to: 0) == "5")
    }

    @Test func otherRadixesAndIntegerTypes() {
        #expect(UInt32(0x1B).zeroPadded(to: 4, radix: 16) == "001b")
        #expect(UInt32(0x7F).zeroPadded(to: 2, radix: 16, uppercase: true) == "7F")
        #expect(Int64(15).zeroPadded(to: 3, radix: 16, uppercase: true) == "00F")
        #expect(UInt(3).zeroPadded(to: 2) == "03")
    }
}
