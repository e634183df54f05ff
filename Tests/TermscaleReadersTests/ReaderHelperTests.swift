import TermscaleCore
import Testing

@testable import TermscaleReaders

/// The small pieces every reader shares: candidate counts, the UTF-8 BOM, diagnostics order.
@Suite struct ReaderHelperTests {
    @Test func candidateCounts() {
        #expect(CandidateCount.parse("0") == .success(0))
        #expect(CandidateCount.parse("120") == .success(120))
        #expect(CandidateCount.parse("999999999") == .success(999_999_999))
        #expect(CandidateCount.parse("1000000000") == .failure(.tooMany))
        #expect(CandidateCount.parse("") == .failure(.notANumber))
        #expect(CandidateCount.parse("12a") == .failure(.notANumber))
        #expect(CandidateCount.parse("-5") == .failure(.negative))
        #expect(CandidateCount.parse("-") == .failure(.notANumber))
        #expect(CandidateCount.parse("1,200") == .failure(.notANumber))
    }

    @Test func candidateCountsWithThousandsSeparators() {
        #expect(CandidateCount.parse("1,200", thousandsSeparators: true) == .success(1200))
        #expect(CandidateCount.parse("12,345,678", thousandsSeparators: true) == .success(12_345_678))
        #expect(CandidateCount.parse("1,20", thousandsSeparators: true) == .failure(.notANumber))
        #expect(CandidateCount.parse(",120", thousandsSeparators: true) == .failure(.notANumber))
        #expect(CandidateCount.parse("1,2000", thousandsSeparators: true) == .failure(.notANumber))
        #expect(CandidateCount.parse("-1,200", thousandsSeparators: true) == .failure(.negative))
    }

    @Test func byteOrderMark() {
        #expect(ByteOrderMark.utf8Length([0xEF, 0xBB, 0xBF, 0x41]) == 3)
        #expect(ByteOrderMark.utf8Length([0xEF, 0xBB, 0xBF]) == 3)
        #expect(ByteOrderMark.utf8Length([0xEF, 0xBB]) == 0)
        #expect(ByteOrderMark.utf8Length([0xFF, 0xFE, 0x41, 0x00]) == 0)
        #expect(ByteOrderMark.utf8Length(Array("code".utf8)) == 0)
    }

    @Test func diagnosticsAreOrderedByLineAndStableWithinALine() {
        func d(_ line: Int?, _ message: String) -> Diagnostic { Diagnostic(file: "f", line: line, message: message) }
        let error = DiagnosticsError(byLine: [d(3, "a"), d(1, "b"), d(nil, "c"), d(3, "d"), d(1, "e"), d(2, "f")])
        #expect(error.diagnostics.map(\.message) == ["c", "b", "e", "f", "a", "d"])
    }
}
