import Foundation
import TermscaleKit
import Testing

/// The file-reading part; parsing the TZif footer is tested in TermscaleReadersTests.
@Suite struct SystemZoneAbbreviationsTests {
    @Test func londonFromTheSystemTzdata() {
        let lookup = SystemZoneAbbreviations.lookup(identifier: "Europe/London", environment: [:])
        #expect(lookup(0) == "GMT")
        #expect(lookup(3600) == "BST")
        #expect(lookup(7200) == nil)
    }

    @Test func theZoneFileIsReadFromTZDIR() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tzdir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Test"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = Array("TZif2".utf8) + [0, 0, 0] + Array("\nXST-3XDT,M3.5.0,M10.5.0\n".utf8)
        try Data(bytes).write(to: folder.appendingPathComponent("Test/Zone"))

        let lookup = SystemZoneAbbreviations.lookup(identifier: "Test/Zone", environment: ["TZDIR": folder.path])
        #expect(lookup(10800) == "XST")
        #expect(lookup(14400) == "XDT")
        #expect(lookup(0) == nil)
    }

    @Test func unknownZoneOrEscapingPathGivesNothing() {
        #expect(SystemZoneAbbreviations.lookup(identifier: "No/Such_Zone", environment: [:])(0) == nil)
        #expect(SystemZoneAbbreviations.lookup(identifier: "../../etc/passwd", environment: [:])(0) == nil)
    }
}
