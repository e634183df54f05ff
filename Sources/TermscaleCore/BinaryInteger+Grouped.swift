extension BinaryInteger {
    /// The value with a comma between groups of three digits, as reports write counts:
    /// `6250` → `6,250`, `-1200` → `-1,200`, `999` → `999`.
    public var groupedThousands: String {
        let digits = String(magnitude)
        var out = self < 0 ? "-" : ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }
}
