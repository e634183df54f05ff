import Foundation
import TermscaleCore

/// Values drawn from a seeded generator, so a random test replays exactly from its seed.
extension SplitMix64 {
    /// A number in `0..<n`, by remainder (its bias is irrelevant to a test).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A string of `length` characters drawn from `alphabet`.
    public mutating func string(from alphabet: [Character], length: ClosedRange<Int>) -> String {
        String((0..<Int.random(in: length, using: &self)).map { _ in alphabet.randomElement(using: &self)! })
    }

    /// A whole-second instant in `range`.
    public mutating func date(in range: ClosedRange<Date>) -> Date {
        let seconds = UTCFormat.seconds(range.lowerBound)...UTCFormat.seconds(range.upperBound)
        return UTCFormat.date(Int64.random(in: seconds, using: &self))
    }
}
