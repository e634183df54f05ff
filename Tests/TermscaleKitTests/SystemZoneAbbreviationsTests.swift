import Testing
@testable import TermscaleKit

@Suite struct SystemZoneAbbreviationsTests {
    @Test func posixStrings() {
        #expect(SystemZoneAbbreviations.parsePOSIXTZ("GMT0BST,M3.5.0/1,M10.5.0") == [0: "GMT", 3600: "BST"])
        #expect(SystemZoneAbbreviations.parsePOSIXTZ("EST5EDT,M3.2.0,M11.1.0") == [-18000: "EST", -14400: "EDT"])
        #expect(SystemZoneAbbreviations.parsePOSIXTZ("CET-1CEST,M3.5.0,M10.5.0/3") == [3600: "CET", 7200: "CEST"])
        #expect(SystemZoneAbbreviations.parsePOSIXTZ("IST-5:30") == [19800: "IST"])
        #expect(SystemZoneAbbreviations.parsePOSIXTZ("<+0530>-5:30") == [:])
        #expect(SystemZoneAbbreviations.parsePOSIXTZ("") == nil)
    }

    @Test func londonFromTheSystemTzdata() {
        let lookup = SystemZoneAbbreviations.lookup(identifier: "Europe/London", environment: [:])
        #expect(lookup(0) == "GMT")
        #expect(lookup(3600) == "BST")
        #expect(lookup(7200) == nil)
    }

    @Test func unknownZoneOrEscapingPathGivesNothing() {
        #expect(SystemZoneAbbreviations.lookup(identifier: "No/Such_Zone", environment: [:])(0) == nil)
        #expect(SystemZoneAbbreviations.lookup(identifier: "../../etc/passwd", environment: [:])(0) == nil)
    }
}
