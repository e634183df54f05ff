import TermscaleCore

extension PolicyReader {
    /// Nesting deeper than this (flow collections, or `- ` entries on one line) is refused.
    static let maxYAMLNesting = 64

    /// Why YAML text is refused before Yams composes it: an anchor or alias, which a "billion
    /// laughs" file uses to expand a few lines into billions of values, or nesting deep enough
    /// to exhaust the stack. A policy needs neither, so neither is allowed.
    struct YAMLRefusal: Equatable {
        var line: Int
        var message: String
    }

    /// The first anchor (`&name`), alias (`*name`) or too-deep nesting in `text`, found by a scan
    /// that knows where a YAML node may start (line start, after `- `, `? `, `: `, `[`, `{` and
    /// `,` in a flow) and skips comments, quoted scalars and block scalars (`|`, `>`), so
    /// `R&D`, `"*"` and `# &x` pass.
    static func refusal(in text: String) -> YAMLRefusal? {
        var scan = YAMLScan()
        var lineNumber = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if let message = scan.line(Array(line)) { return YAMLRefusal(line: lineNumber, message: message) }
        }
        return nil
    }
}

/// The state `PolicyReader.refusal(in:)` carries from line to line.
private struct YAMLScan {
    /// The quote of a quoted scalar that runs on past the end of its line.
    var quote: UInt8?
    /// Inside a block scalar: the indentation of the line that started it.
    var blockParent: Int?
    var flowDepth = 0

    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    /// The refusal message for the first problem of `line`, if any.
    mutating func line(_ b: [UInt8]) -> String? {
        var i = 0
        while i < b.count, b[i] == Self.space { i += 1 }
        let indent = i
        if let parent = blockParent {
            let blank = b[i...].allSatisfy { $0 == Self.space || $0 == Self.tab || $0 == UInt8(ascii: "\r") }
            if blank || indent > parent { return nil }
            blockParent = nil
        }
        var atNodeStart = quote == nil
        var entriesOnLine = 0
        func isBlank(_ k: Int) -> Bool { k >= b.count || b[k] == Self.space || b[k] == Self.tab || b[k] == UInt8(ascii: "\r") }
        while i < b.count {
            let c = b[i]
            if let open = quote {
                if c == UInt8(ascii: "\\") && open == UInt8(ascii: "\"") {
                    i += 2
                    continue
                }
                if c == open {
                    if open == UInt8(ascii: "'") && i + 1 < b.count && b[i + 1] == open {
                        i += 2
                        continue
                    }
                    quote = nil
                    atNodeStart = false
                }
                i += 1
                continue
            }
            switch c {
            case Self.space, Self.tab, UInt8(ascii: "\r"):
                break
            case UInt8(ascii: "#") where i == 0 || b[i - 1] == Self.space || b[i - 1] == Self.tab:
                return nil
            case UInt8(ascii: "\"") where atNodeStart, UInt8(ascii: "'") where atNodeStart:
                quote = c
            case UInt8(ascii: "&") where atNodeStart, UInt8(ascii: "*") where atNodeStart:
                let kind = c == UInt8(ascii: "&") ? "an anchor" : "an alias"
                var end = i + 1
                while !isBlank(end), ![UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(b[end]) { end += 1 }
                let token = String(decoding: b[i..<end], as: UTF8.self)
                return "'\(token)' is \(kind): YAML anchors and aliases (&name, *name, <<: *name) are not allowed in a "
                    + "policy, since a few lines of them can expand to billions of values; write the values out"
            case UInt8(ascii: "-") where atNodeStart && isBlank(i + 1), UInt8(ascii: "?") where atNodeStart && isBlank(i + 1):
                entriesOnLine += 1
                if entriesOnLine > PolicyReader.maxYAMLNesting { return nestingMessage }
            case UInt8(ascii: ":") where isBlank(i + 1) || flowDepth > 0:
                atNodeStart = true
            case UInt8(ascii: "|") where atNodeStart && flowDepth == 0, UInt8(ascii: ">") where atNodeStart && flowDepth == 0:
                blockParent = indent
                return nil
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flowDepth += 1
                if flowDepth > PolicyReader.maxYAMLNesting { return nestingMessage }
                atNodeStart = true
            case UInt8(ascii: ",") where flowDepth > 0:
                atNodeStart = true
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                flowDepth = max(0, flowDepth - 1)
                atNodeStart = false
            case UInt8(ascii: "!") where atNodeStart:
                // A tag (`!!str`): the node starts after it.
                while !isBlank(i + 1) { i += 1 }
            default:
                atNodeStart = false
            }
            i += 1
        }
        return nil
    }

    var nestingMessage: String {
        "lists or mappings nested more than \(PolicyReader.maxYAMLNesting) deep (a policy nests 2); the file is damaged"
    }
}
