/// A number of candidates as the readers take it: up to nine ASCII digits, a whole number ≥ 0.
enum CandidateCount {
    /// Why a text is not a candidate count.
    enum Problem: Error, Equatable {
        /// Not digits (or badly grouped ones), or empty.
        case notANumber
        /// More than nine digits: no exam has that many candidates.
        case tooMany
        /// Starts with `-`.
        case negative
    }

    /// The count `text` gives. With `thousandsSeparators`, commas may group the digits in
    /// threes (`1,200`), as spreadsheets write them. `text` is already trimmed.
    static func parse(_ text: some StringProtocol, thousandsSeparators: Bool = false) -> Result<Int, Problem> {
        var value = 0
        var digits = 0
        var digitsSinceComma = -1 // -1 until a comma is seen
        var negative = false
        for (i, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard digits < 9 else { return .failure(.tooMany) }
                value = value * 10 + Int(byte - 48)
                digits += 1
                if digitsSinceComma >= 0 { digitsSinceComma += 1 }
            case UInt8(ascii: ",") where thousandsSeparators:
                guard digits > 0, digitsSinceComma == -1 || digitsSinceComma == 3 else { return .failure(.notANumber) }
                digitsSinceComma = 0
            case UInt8(ascii: "-") where i == 0:
                negative = true
            default:
                return .failure(.notANumber)
            }
        }
        guard digits > 0, digitsSinceComma == -1 || digitsSinceComma == 3 else { return .failure(.notANumber) }
        return negative ? .failure(.negative) : .success(value)
    }
}
