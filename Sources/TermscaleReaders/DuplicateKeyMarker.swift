/// Lets a YAML file with repeated keys be composed, so each repeat can be reported with its line.
///
/// Yams refuses a mapping with a repeated key and names only the first occurrence, stopping
/// everything else. When that happens the reader composes the text again with every block-style
/// key suffixed by `marker` and its line number, which makes the keys distinct; `name(_:)` strips
/// the suffix again. Keys in flow mappings (`{a: 1, a: 2}`) are left alone, so a repeat there
/// still fails and is reported as Yams reports it.
enum DuplicateKeyMarker {
    /// A private-use character: legal in a plain YAML scalar, never in a real key.
    static let marker: Character = "\u{E000}"

    /// `text` with each line's block mapping key made unique by its line number.
    static func marked(_ text: String) -> String {
        // CRLF is one Character in Swift; libyaml reads the LF-only text with the same line numbers.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .enumerated()
            .map { index, line in mark(line, lineNumber: index + 1) }
            .joined(separator: "\n")
    }

    /// The key as written, without a marker suffix.
    static func name(_ key: String) -> String {
        guard let i = key.firstIndex(of: marker) else { return key }
        return String(key[..<i])
    }

    private static func mark(_ line: Substring, lineNumber: Int) -> String {
        var i = line.startIndex
        func skipBlanks() { while i < line.endIndex, line[i] == " " || line[i] == "\t" { i = line.index(after: i) } }
        skipBlanks()
        // Block sequence entries (`- key: value`) hold mappings too.
        while i < line.endIndex, line[i] == "-" {
            let next = line.index(after: i)
            guard next == line.endIndex || line[next] == " " || line[next] == "\t" else { break }
            i = next
            skipBlanks()
        }
        guard i < line.endIndex else { return String(line) }
        let suffix = "\(marker)\(lineNumber)"

        if line[i] == "\"" || line[i] == "'" {
            let quote = line[i]
            guard let close = line[line.index(after: i)...].firstIndex(of: quote),
                isKeyColon(line, after: line.index(after: close))
            else { return String(line) }
            return String(line[..<close]) + suffix + String(line[close...])
        }
        guard !"#&*!|>%@`{[,?:'\"".contains(line[i]) else { return String(line) }
        var j = i
        while j < line.endIndex {
            if line[j] == "#", j > line.startIndex, line[line.index(before: j)] == " " { return String(line) }
            if line[j] == ":", isKeyColon(line, after: j) {
                var end = j
                while end > i, line[line.index(before: end)] == " " || line[line.index(before: end)] == "\t" {
                    end = line.index(before: end)
                }
                return String(line[..<end]) + suffix + String(line[end...])
            }
            j = line.index(after: j)
        }
        return String(line)
    }

    /// Whether the character at `index` (after optional blanks) is a colon ending a key.
    private static func isKeyColon(_ line: Substring, after index: Substring.Index) -> Bool {
        var k = index
        while k < line.endIndex, line[k] == " " || line[k] == "\t" { k = line.index(after: k) }
        guard k < line.endIndex, line[k] == ":" else { return false }
        let next = line.index(after: k)
        return next == line.endIndex || line[next] == " " || line[next] == "\t"
    }
}
