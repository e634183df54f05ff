import Foundation

extension XMLTree {
    /// What `parse` refuses before FoundationXML sees the bytes, and where it begins.
    ///
    /// On Linux, FoundationXML turns libxml2's C strings into Swift strings without checks: an
    /// element name with bytes that are not UTF-8 (`<Empt\u{FF}y/>` inside a document; libxml2
    /// lets them through) and a processing instruction without data (`<?pi?>`, a null pointer)
    /// each crash the process. AWS answers are UTF-8 and have no processing instructions, so a
    /// byte that is not UTF-8 is refused, and so is every processing instruction, found by a
    /// byte scan that skips comments and CDATA sections. The scan is exact only if libxml2 reads
    /// the bytes as UTF-8 and builds no markup of its own, so also refused are: a NUL byte (UTF-16
    /// and UTF-32 text has them; XML never does), a first character other than `<` after an
    /// optional UTF-8 byte order mark and white space (a UTF-16 or UTF-32 byte order mark,
    /// EBCDIC), a declared encoding other than UTF-8, and a document type declaration, whose
    /// entities could spell a processing instruction the scan cannot see. AWS sends none of these.
    static func refusal(_ bytes: [UInt8]) -> (offset: Int, reason: String)? {
        if let nul = bytes.firstIndex(of: 0) { return (nul, "a NUL byte, which XML never has") }
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard let first = bytes[bom...].firstIndex(where: { !isSpace($0) }) else { return nil }
        guard bytes[first] == UInt8(ascii: "<") else {
            return (first, "not UTF-8 XML: the first character is not '<'")
        }
        if let invalid = firstInvalidUTF8(bytes) { return (invalid, "a byte that is not UTF-8; AWS answers are UTF-8") }
        var next = first
        if first == bom, let declaration = declaration(bytes, at: first) {
            if let encoding = declaration.encoding, !["utf-8", "utf8"].contains(encoding.lowercased()) {
                return (first, "declares encoding \(encoding); AWS answers are UTF-8")
            }
            next = declaration.end
        }
        while let open = bytes[next...].firstIndex(of: UInt8(ascii: "<")) {
            let rest = bytes[open...]
            if rest.starts(with: "<!--".utf8) {
                next = end(of: "-->", in: bytes, from: open + 4)
            } else if rest.starts(with: "<![CDATA[".utf8) {
                next = end(of: "]]>", in: bytes, from: open + 9)
            } else if rest.starts(with: "<?".utf8) {
                return (open, "a processing instruction, which no AWS answer has")
            } else if rest.starts(with: "<!DOCTYPE".utf8) {
                return (open, "a document type declaration, which no AWS answer has")
            } else {
                next = open + 1
            }
        }
        return nil
    }

    /// The offset of the first byte sequence that is not UTF-8, nil when all of `bytes` is.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The XML declaration (`<?xml version="1.0" encoding="UTF-8"?>`) at `start`: its declared
    /// encoding and the offset just past it; nil when there is none.
    private static func declaration(_ bytes: [UInt8], at start: Int) -> (encoding: String?, end: Int)? {
        let open = Array("<?xml".utf8)
        guard bytes[start...].starts(with: open), start + open.count < bytes.count, isSpace(bytes[start + open.count])
        else { return nil }
        let end = end(of: "?>", in: bytes, from: start + open.count)
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        guard let name = text.range(of: "encoding") else { return (nil, end) }
        let value = text[name.upperBound...].drop { $0.isWhitespace || $0 == "=" }
        guard let quote = value.first, quote == "\"" || quote == "'" else { return (nil, end) }
        return (String(value.dropFirst().prefix { $0 != quote }), end)
    }

    /// The offset just past the first `terminator` at or after `from`, or the end of `bytes`.
    private static func end(of terminator: String, in bytes: [UInt8], from: Int) -> Int {
        let t = Array(terminator.utf8)
        var i = min(from, bytes.count)
        while i + t.count <= bytes.count {
            if bytes[i..<i + t.count].elementsEqual(t) { return i + t.count }
            i += 1
        }
        return bytes.count
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
