extension BinaryInteger {
    /// The value's digits with leading zeros up to `width`: `7.zeroPadded(to: 2)` is `07`,
    /// `2027.zeroPadded(to: 2)` is `2027`, `0x1B.zeroPadded(to: 4, radix: 16)` is `001b`.
    ///
    /// For values ≥ 0, which is what dates, times, offsets and escapes need; zeros go before the
    /// whole text, so a negative value would read `0-5`.
    @inlinable
    public func zeroPadded(to width: Int, radix: Int = 10, uppercase: Bool = false) -> String {
        let digits = String(self, radix: radix, uppercase: uppercase)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
