/// Zone abbreviations (`GMT`, `BST`, `CET`) from the bytes of a compiled tzdata (TZif) file.
///
/// Foundation on Linux only offers `GMT+1`; a TZif file's footer (a POSIX TZ string such as
/// `GMT0BST,M3.5.0/1,M10.5.0`) names the zone's current standard and daylight abbreviations.
public enum TZifAbbreviationReader {
    /// UTC offset (seconds east) → abbreviation, from the POSIX TZ string that ends a TZif file
    /// (between its last two newlines); nil when `bytes` are not a TZif file with such a footer.
    /// Numeric abbreviations such as `<+0530>` are left out.
    public static func read(_ bytes: [UInt8]) -> [Int: String]? {
        guard bytes.count > 2, bytes.starts(with: Array("TZif".utf8)), bytes.last == UInt8(ascii: "\n") else {
            return nil
        }
        guard let start = bytes[..<(bytes.count - 1)].lastIndex(of: UInt8(ascii: "\n")) else { return nil }
        return abbreviations(posixTZ: String(decoding: bytes[(start + 1)..<(bytes.count - 1)], as: UTF8.self))
    }

    /// `GMT0BST,M3.5.0/1,M10.5.0` → [0: "GMT", 3600: "BST"]. POSIX offsets are west-positive;
    /// a daylight name without an offset is an hour ahead of standard time.
    static func abbreviations(posixTZ text: String) -> [Int: String]? {
        var s = Substring(text)
        func name() -> String? {
            if s.first == "<" {
                guard let close = s.firstIndex(of: ">") else { return nil }
                let n = String(s[s.index(after: s.startIndex)..<close])
                s = s[s.index(after: close)...]
                return n
            }
            let n = s.prefix(while: { $0.isLetter })
            guard n.count >= 3 else { return nil }
            s = s.dropFirst(n.count)
            return String(n)
        }
        func offset() -> Int? {
            var sign = 1
            if s.first == "+" || s.first == "-" {
                sign = s.first == "-" ? -1 : 1
                s = s.dropFirst()
            }
            let text = s.prefix(while: { $0.isNumber || $0 == ":" })
            guard !text.isEmpty else { return nil }
            s = s.dropFirst(text.count)
            let parts = text.split(separator: ":").compactMap { Int($0) }
            guard !parts.isEmpty else { return nil }
            let seconds = parts[0] * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0)
            return -sign * seconds
        }
        guard let std = name(), let stdOffset = offset() else { return nil }
        var names = [stdOffset: std]
        if let dst = name() {
            let dstOffset = (s.first == "," || s.isEmpty) ? stdOffset + 3600 : (offset() ?? stdOffset + 3600)
            names[dstOffset] = dst
        }
        // Numeric "abbreviations" such as <+0530> say nothing the fallback does not.
        return names.filter { !$0.value.hasPrefix("+") && !$0.value.hasPrefix("-") }
    }
}
