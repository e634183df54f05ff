import TermscaleCore
import Testing

@Suite struct GroupedThousandsTests {
    @Test func groupsOfThreeFromTheRight() {
        #expect(0.groupedThousands == "0")
        #expect(999.groupedThousands == "999")
        #expect(1000.groupedThousands == "1,000")
        #expect(6250.groupedThousands == "6,250")
        #expect(50_000.groupedThousands == "50,000")
        #expect(1_234_567.groupedThousands == "1,234,567")
        #expect((-1200).groupedThousands == "-1,200")
        #expect((-999).groupedThousands == "-999")
        #expect(Int.min.groupedThousands == "-9,223,372,036,854,775,808")
        #expect(UInt64(13_000_000).groupedThousands == "13,000,000")
    }
}
