import Testing

@testable import TermscaleReaders

@Suite struct TZifAbbreviationReaderTests {
    /// A TZif file as far as the reader cares: the magic, a body, then `\n<POSIX TZ>\n`.
    static func tzif(footer: String) -> [UInt8] {
        Array("TZif2".utf8) + [0, 0, 0, 1, 0x0A, 0xFF, 0] + Array("\n\(footer)\n".utf8)
    }

    @Test func posixStrings() {
        #expect(TZifAbbreviationReader.abbreviations(posixTZ: "GMT0BST,M3.5.0/1,M10.5.0") == [0: "GMT", 3600: "BST"])
        #expect(TZifAbbreviationReader.abbreviations(posixTZ: "EST5EDT,M3.2.0,M11.1.0") == [-18000: "EST", -14400: "EDT"])
        #expect(TZifAbbreviationReader.abbreviations(posixTZ: "CET-1CEST,M3.5.0,M10.5.0/3") == [3600: "CET", 7200: "CEST"])
        #expect(TZifAbbreviationReader.abbreviations(posixTZ: "IST-5:30") == [19800: "IST"])
        #expect(TZifAbbreviationReader.abbreviations(posixTZ: "<+0530>-5:30") == [:])
        #expect(TZifAbbreviationReader.abbreviations(posixTZ: "") == nil)
    }

    @Test func theFooterOfTZifBytes() {
        #expect(TZifAbbreviationReader.read(Self.tzif(footer: "GMT0BST,M3.5.0/1,M10.5.0")) == [0: "GMT", 3600: "BST"])
        #expect(TZifAbbreviationReader.read(Self.tzif(footer: "AEST-10AEDT,M10.1.0,M4.1.0/3")) == [36000: "AEST", 39600: "AEDT"])
        #expect(TZifAbbreviationReader.read(Self.tzif(footer: "<-03>3")) == [:])
    }

    @Test func bytesThatAreNotATZifFileWithAFooterGiveNothing() {
        #expect(TZifAbbreviationReader.read([]) == nil)
        #expect(TZifAbbreviationReader.read(Array("GMT0BST\n".utf8)) == nil) // no TZif magic
        #expect(TZifAbbreviationReader.read(Array(Self.tzif(footer: "GMT0BST").dropLast())) == nil) // no final newline
        #expect(TZifAbbreviationReader.read(Array("TZif\n".utf8)) == nil) // no footer line
        #expect(TZifAbbreviationReader.read(Self.tzif(footer: "")) == nil)
    }
}
