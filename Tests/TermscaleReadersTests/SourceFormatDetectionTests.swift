import TermscaleCore
import TermscaleReaders
import Testing

@Suite struct SourceFormatDetectionTests {
    @Test func theFileNameDecidesWhenItHasAKnownExtension() {
        #expect(SourceFormat.detect(path: "a.CSV", bytes: Array("BEGIN:VCALENDAR".utf8)) == .csv)
        #expect(SourceFormat.detect(path: "rooms.tsv", bytes: []) == .csv)
        #expect(SourceFormat.detect(path: "feed.ics", bytes: []) == .ics)
        #expect(SourceFormat.detect(path: "dir.csv/feed.IFB", bytes: Array("Date,Start\n".utf8)) == .ics)
    }

    @Test func otherwiseTheContentDecides() {
        #expect(SourceFormat.detect(path: "feed", bytes: [0xEF, 0xBB, 0xBF] + Array("\r\nbegin:vcalendar\r\n".utf8)) == .ics)
        #expect(SourceFormat.detect(path: "export", bytes: Array("Date,Start\n".utf8)) == .csv)
        #expect(SourceFormat.detect(path: "export.dat", bytes: [0xEF, 0xBB, 0xBF] + Array("code,title\n".utf8)) == .csv)
        #expect(SourceFormat.detect(path: "empty", bytes: []) == .csv)
    }
}
