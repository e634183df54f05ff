/// A small, strict pull scanner for the XML parts of a workbook: start tags with their attributes,
/// end tags and text, one at a time, straight from the bytes.
///
/// Enough XML for Office Open XML and no more: namespace prefixes are dropped from element and
/// attribute names (`x:c` is `c`, `r:id` is `id`); the five predefined entities and character
/// references are decoded; CDATA is text; comments and processing instructions are skipped. A
/// DOCTYPE is refused (OOXML parts have none, and entity definitions are how XML bombs work).
/// Tags must nest and close, and the part must not end inside an element: a truncated or edited
/// part fails with the byte offset where it breaks rather than giving half a sheet.
struct XMLPullScanner {
    /// A start tag. Its attributes are checked when it is scanned but decoded only when asked
    /// for: a sheet's rows carry half a dozen attributes of which one or two matter.
    struct Tag {
        /// The element's local name.
        var name: String
        /// `<x/>`: no end event follows.
        var selfClosing: Bool
        fileprivate var bytes: [UInt8]
        /// (name, value) byte ranges of each attribute, in document order.
        fileprivate var attributeRanges: [(name: Range<Int>, value: Range<Int>)]

        /// The value of the attribute whose local name is `name` (`id` finds `r:id`), decoded.
        func attribute(_ name: String) -> String? {
            guard let range = attributeRange(name.utf8) else { return nil }
            return (try? XMLPullScanner.decode(bytes, range)) ?? ""
        }

        /// The raw bytes of an attribute's value (references not decoded), for values that are
        /// numbers or references and so have none.
        func attributeBytes(_ name: StaticString) -> ArraySlice<UInt8>? {
            name.withUTF8Buffer { wanted in attributeRange(wanted).map { bytes[$0] } }
        }

        private func attributeRange(_ wanted: some Collection<UInt8>) -> Range<Int>? {
            for (nameRange, valueRange) in attributeRanges {
                var start = nameRange.lowerBound
                for position in nameRange where bytes[position] == XMLPullScanner.colon { start = position + 1 }
                guard nameRange.upperBound - start == wanted.count else { continue }
                var position = start
                var equal = true
                for byte in wanted {
                    if bytes[position] != byte {
                        equal = false
                        break
                    }
                    position += 1
                }
                if equal { return valueRange }
            }
            return nil
        }
    }

    enum Event {
        case start(Tag)
        /// An end tag, by local name. A self-closing element sends only its `start`.
        case end(String)
        case text(String)
    }

    /// Where and why the part is not well-formed XML.
    struct Failure: Error, Equatable {
        /// 0-based byte offset into the part.
        var offset: Int
        var message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    /// Where the qualified names of the open elements are, innermost last.
    private var open: [Range<Int>] = []
    private var rootSeen = false

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        index = ByteOrderMark.utf8Length(bytes)
    }

    /// The next event, or nil at the end of a well-formed part.
    mutating func next() throws(Failure) -> Event? {
        while index < bytes.count {
            if bytes[index] != Self.lt {
                let start = index
                while index < bytes.count && bytes[index] != Self.lt { index += 1 }
                if open.isEmpty {
                    guard bytes[start..<index].allSatisfy(Self.isSpace) else {
                        throw Failure(offset: start, message: "text outside the document's root element")
                    }
                    continue
                }
                return .text(try Self.decode(bytes, start..<index))
            }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if next == UInt8(ascii: "/") {
                return .end(try endTag())
            } else if next == UInt8(ascii: "?") {
                index = try skip(past: "?>", what: "a processing instruction")
            } else if next != UInt8(ascii: "!") {
                return .start(try startTag())
            } else if startsWith("<!--", at: index) {
                index = try skip(past: "-->", what: "a comment")
            } else if startsWith("<![CDATA[", at: index) {
                let start = index + 9
                let end = try skip(past: "]]>", what: "a CDATA section")
                index = end
                guard !open.isEmpty else { throw Failure(offset: start, message: "CDATA outside the root element") }
                return .text(String(decoding: bytes[start..<(end - 3)], as: UTF8.self))
            } else {
                throw Failure(offset: index, message: "a DOCTYPE or other declaration, which workbook parts never have")
            }
        }
        if let innermost = open.last {
            throw Failure(
                offset: bytes.count,
                message: "the part ends inside <\(String(decoding: bytes[innermost], as: UTF8.self))>: it is cut short")
        }
        if !rootSeen { throw Failure(offset: bytes.count, message: "the part has no XML element at all") }
        return nil
    }

    // MARK: - Tags

    private mutating func startTag() throws(Failure) -> Tag {
        let tagStart = index
        if open.isEmpty && rootSeen {
            throw Failure(offset: tagStart, message: "a second root element; the part has content after its end")
        }
        index += 1
        let qualified = readName()
        guard !qualified.isEmpty else { throw Failure(offset: tagStart, message: "'<' does not start a tag") }
        var attributes: [(name: Range<Int>, value: Range<Int>)] = []
        while true {
            skipSpace()
            guard index < bytes.count else {
                throw Failure(offset: tagStart, message: "the tag <\(text(qualified)) is never closed with '>'")
            }
            let byte = bytes[index]
            if byte == Self.gt {
                index += 1
                open.append(qualified)
                rootSeen = true
                return Tag(name: localName(qualified), selfClosing: false, bytes: bytes, attributeRanges: attributes)
            }
            if byte == Self.slash {
                guard index + 1 < bytes.count, bytes[index + 1] == Self.gt else {
                    throw Failure(offset: index, message: "'/' inside the tag <\(text(qualified))> is not followed by '>'")
                }
                index += 2
                rootSeen = true
                return Tag(name: localName(qualified), selfClosing: true, bytes: bytes, attributeRanges: attributes)
            }
            let nameStart = index
            let name = readName()
            guard !name.isEmpty else {
                throw Failure(offset: nameStart, message: "unexpected '\(Self.character(byte))' in the tag <\(text(qualified))>")
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == Self.equals else {
                throw Failure(offset: index, message: "the attribute \(text(name)) has no '=' and value")
            }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == Self.quote || bytes[index] == Self.apostrophe else {
                throw Failure(offset: index, message: "the value of \(text(name)) is not in quotes")
            }
            let delimiter = bytes[index]
            let valueStart = index + 1
            var end = valueStart
            var hasReference = false
            while end < bytes.count && bytes[end] != delimiter {
                if bytes[end] == Self.ampersand { hasReference = true }
                end += 1
            }
            guard end < bytes.count else {
                throw Failure(offset: valueStart, message: "the value of \(text(name)) never ends")
            }
            index = end + 1
            // References are checked now, so that a bad one is found even in an attribute nobody reads.
            if hasReference { _ = try Self.decode(bytes, valueStart..<end) }
            attributes.append((name, valueStart..<end))
        }
    }

    private mutating func endTag() throws(Failure) -> String {
        let tagStart = index
        index += 2
        let qualified = readName()
        skipSpace()
        guard index < bytes.count, bytes[index] == Self.gt else {
            throw Failure(offset: tagStart, message: "the end tag </\(text(qualified)) is never closed with '>'")
        }
        index += 1
        guard let innermost = open.last else {
            throw Failure(offset: tagStart, message: "</\(text(qualified))> closes an element that was never opened")
        }
        var matches = innermost.count == qualified.count
        if matches {
            for offset in 0..<qualified.count where bytes[innermost.lowerBound + offset] != bytes[qualified.lowerBound + offset] {
                matches = false
                break
            }
        }
        guard matches else {
            throw Failure(
                offset: tagStart,
                message: "</\(text(qualified))> where </\(text(innermost))> was expected")
        }
        open.removeLast()
        return localName(qualified)
    }

    // MARK: - Bytes

    private static let lt = UInt8(ascii: "<")
    private static let gt = UInt8(ascii: ">")
    private static let slash = UInt8(ascii: "/")
    private static let equals = UInt8(ascii: "=")
    private static let quote = UInt8(ascii: "\"")
    private static let apostrophe = UInt8(ascii: "'")
    private static let ampersand = UInt8(ascii: "&")
    fileprivate static let colon = UInt8(ascii: ":")

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func startsWith(_ prefix: StaticString, at position: Int) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { $0.elementsEqual(bytes[position..<(position + count)]) }
    }

    /// The index just past the next `terminator`.
    private func skip(past terminator: StaticString, what: String) throws(Failure) -> Int {
        let count = terminator.utf8CodeUnitCount
        let first = terminator.withUTF8Buffer { $0[0] }
        var position = index + 2
        while position + count <= bytes.count {
            if bytes[position] == first && startsWith(terminator, at: position) { return position + count }
            position += 1
        }
        throw Failure(offset: index, message: "\(what) that never ends")
    }

    private mutating func skipSpace() {
        while index < bytes.count && Self.isSpace(bytes[index]) { index += 1 }
    }

    /// A name: everything up to space, `/`, `>`, `=`, `<` or the end.
    private mutating func readName() -> Range<Int> {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if Self.isSpace(byte) || byte == Self.gt || byte == Self.slash || byte == Self.equals || byte == Self.lt {
                break
            }
            index += 1
        }
        return start..<index
    }

    private func localName(_ qualified: Range<Int>) -> String {
        var start = qualified.lowerBound
        for position in qualified where bytes[position] == Self.colon { start = position + 1 }
        return String(decoding: bytes[start..<qualified.upperBound], as: UTF8.self)
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: bytes[range.lowerBound..<min(range.upperBound, range.lowerBound + 40)], as: UTF8.self)
    }

    private static func character(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }

    /// Text or an attribute value with its entity and character references decoded.
    fileprivate static func decode(_ bytes: [UInt8], _ range: Range<Int>) throws(Failure) -> String {
        let raw = bytes[range]
        guard raw.contains(ampersand) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var position = raw.startIndex
        while position < raw.endIndex {
            let byte = raw[position]
            guard byte == ampersand else {
                out.append(byte)
                position += 1
                continue
            }
            guard let semicolon = raw[position...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw Failure(offset: position, message: "'&' that starts no entity (write it as &amp;)")
            }
            let name = String(decoding: raw[(position + 1)..<semicolon], as: UTF8.self)
            switch name {
            case "amp": out.append(Self.ampersand)
            case "lt": out.append(Self.lt)
            case "gt": out.append(Self.gt)
            case "quot": out.append(Self.quote)
            case "apos": out.append(Self.apostrophe)
            default:
                let number: UInt32? =
                    name.hasPrefix("#x") || name.hasPrefix("#X")
                    ? UInt32(name.dropFirst(2), radix: 16)
                    : name.hasPrefix("#") ? UInt32(name.dropFirst(), radix: 10) : nil
                guard let number, let scalar = Unicode.Scalar(number) else {
                    throw Failure(offset: position, message: "unknown entity &\(name);")
                }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            position = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
