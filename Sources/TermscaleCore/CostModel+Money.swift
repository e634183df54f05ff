import Foundation

/// An exact amount of money from instance-seconds priced per instance-hour.
///
/// Held as `price × instance-seconds` (exact in `Decimal`: prices are short decimals, seconds
/// whole, load and percent shares decimal), so sums of periods equal the total exactly; the
/// division by 3,600 happens only when the amount is read (`amount`, `roundedToCents`).
public struct Money: Hashable, Sendable, Comparable {
    /// `price per hour × instance-seconds`: the amount times 3,600.
    let perHourSeconds: Decimal

    init(perHourSeconds: Decimal) { self.perHourSeconds = perHourSeconds }

    public static let zero = Money(perHourSeconds: 0)

    /// The amount in the currency's units, to `Decimal`'s 38 digits.
    public var amount: Decimal { perHourSeconds / 3600 }

    /// The amount rounded half away from zero to the cent (two decimals).
    public var roundedToCents: Decimal { Decimal.rounded(amount, scale: 2, .plain) }

    public static func + (a: Money, b: Money) -> Money { Money(perHourSeconds: a.perHourSeconds + b.perHourSeconds) }
    public static func - (a: Money, b: Money) -> Money { Money(perHourSeconds: a.perHourSeconds - b.perHourSeconds) }
    public static func < (a: Money, b: Money) -> Bool { a.perHourSeconds < b.perHourSeconds }

    /// `self × percent / 100`, exactly.
    /// What `plan` saves against this (an alternative's) cost, as a percentage of it, rounded
    /// half away from zero to 2 places; nil when this costs nothing.
    public func savingsPercent(against plan: Money) -> Decimal? {
        guard self != .zero else { return nil }
        return Decimal.rounded((perHourSeconds - plan.perHourSeconds) * 100 / perHourSeconds, scale: 2, .plain)
    }

    public func percent(_ percent: Int) -> Money { Money(perHourSeconds: perHourSeconds * Decimal(percent) / 100) }

    /// Each part rounded to the cent so that the rounded parts add up to the rounded sum of the
    /// parts (largest remainder: every part is rounded down, then the cents still missing go one
    /// each to the parts with the largest remainders, the earlier part first on a tie).
    /// Parts must not be negative.
    public static func roundedToCents(_ parts: [Money]) -> [Decimal] {
        let total = parts.reduce(Money.zero, +).roundedToCents
        // In cents: perHourSeconds / 36.
        var cents: [Decimal] = []
        var remainders: [Decimal] = []
        for part in parts {
            var whole = Decimal.rounded(part.perHourSeconds / 36, scale: 0, .down)
            // The quotient carries 38 digits; make the floor exact.
            if whole * 36 > part.perHourSeconds { whole -= 1 }
            if (whole + 1) * 36 <= part.perHourSeconds { whole += 1 }
            cents.append(whole)
            remainders.append(part.perHourSeconds - whole * 36)
        }
        let missing = total * 100 - cents.reduce(0, +)
        let order = remainders.indices.sorted { remainders[$0] > remainders[$1] || (remainders[$0] == remainders[$1] && $0 < $1) }
        var left = NSDecimalNumber(decimal: missing).intValue
        for i in order where left > 0 {
            cents[i] += 1
            left -= 1
        }
        return cents.map { $0 / 100 }
    }
}

extension Decimal {
    /// `value` rounded to `scale` decimals in `mode`.
    public static func rounded(_ value: Decimal, scale: Int, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, mode)
        return result
    }

    /// A price as its shortest decimal text reads (`0.1632`, not the binary double's
    /// 0.16320000000000001172…): what the policy file said.
    public static func price(_ value: Double) -> Decimal {
        Decimal(string: String(value), locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(value)
    }
}
