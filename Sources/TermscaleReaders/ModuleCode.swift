/// Module codes at the start of exam titles: `MATH1001 Linear Algebra`, `CS101: Programming`,
/// `ECON2001A - Macroeconomics`.
enum ModuleCode {
    /// Splits a leading module code (2–8 uppercase letters, 2–6 digits, an optional uppercase
    /// letter) followed by the end, a space, `:` or ` - ` from the rest of the title.
    /// The title is the code itself when nothing follows. Nil when the text starts otherwise.
    static func split(_ text: String) -> (code: String, title: String)? {
        let bytes = Array(text.utf8)
        func isUpper(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        var i = 0
        while i < bytes.count, isUpper(bytes[i]) { i += 1 }
        guard (2...8).contains(i) else { return nil }
        let letters = i
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        guard (2...6).contains(i - letters) else { return nil }
        if i < bytes.count, isUpper(bytes[i]) { i += 1 }
        let code = String(decoding: bytes[0..<i], as: UTF8.self)
        guard i < bytes.count else { return (code, code) }
        guard bytes[i] == UInt8(ascii: " ") || bytes[i] == UInt8(ascii: ":") else { return nil }
        var rest = bytes[i...].drop { $0 == UInt8(ascii: " ") }
        if let first = rest.first, first == UInt8(ascii: ":") || first == UInt8(ascii: "-") {
            // `CODE - Title` needs the space before the dash; `CODE -Title` keeps it as title text.
            if first == UInt8(ascii: ":") || bytes[i] == UInt8(ascii: " ") {
                rest = rest.dropFirst().drop { $0 == UInt8(ascii: " ") }
            }
        }
        let title = String(decoding: rest, as: UTF8.self).trimmingSpaces()
        return (code, title.isEmpty ? code : title)
    }
}
