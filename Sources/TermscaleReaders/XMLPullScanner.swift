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
    /// A start tag.
    struct Tag {
        /// The element's local name.
        var name: String
        /// Attributes by local name, in document order.
        var attributes: [(name: String, value: String)]
        /// `<x/>`: no end event follows.
        var selfClosing: Bool

        func attribute(_ name: String) -> String? {
            attributes.first(where: { $0.name == name })?.value
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
    /// Qualified names of the open elements, innermost last.
    private var open: [ArraySlice<UInt8>] = []
    private var rootSeen = false

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        index = ByteOrderMark.utf8Length(bytes)
    }

    /// How deep the scanner is: 0 outside the root element.
    var depth: Int { open.count }

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
                return .text(try decode(bytes[start..<index], at: start))
            }
            if startsWith("<?", at: index) {
                index = try skip(past: "?>", what: "a processing instruction")
            } else if startsWith("<!--", at: index) {
                index = try skip(past: "-->", what: "a comment")
            } else if startsWith("<![CDATA[", at: index) {
                let start = index + 9
                let end = try skip(past: "]]>", what: "a CDATA section")
                index = end
                guard !open.isEmpty else { throw Failure(offset: start, message: "CDATA outside the root element") }
                return .text(String(decoding: bytes[start..<(end - 3)], as: UTF8.self))
            } else if startsWith("<!", at: index) {
                throw Failure(offset: index, message: "a DOCTYPE or other declaration, which workbook parts never have")
            } else if startsWith("</", at: index) {
                return .end(try endTag())
            } else {
                return .start(try startTag())
            }
        }
        if let innermost = open.last {
            throw Failure(
                offset: bytes.count,
                message: "the part ends inside <\(String(decoding: innermost, as: UTF8.self))>: it is cut short")
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
        var attributes: [(name: String, value: String)] = []
        while true {
            skipSpace()
            guard index < bytes.count else {
                throw Failure(offset: tagStart, message: "the tag <\(Self.text(qualified)) is never closed with '>'")
            }
            let byte = bytes[index]
            if byte == Self.gt {
                index += 1
                open.append(qualified)
                rootSeen = true
                return Tag(name: Self.localName(qualified), attributes: attributes, selfClosing: false)
            }
            if byte == Self.slash {
                guard index + 1 < bytes.count, bytes[index + 1] == Self.gt else {
                    throw Failure(offset: index, message: "'/' inside the tag <\(Self.text(qualified))> is not followed by '>'")
                }
                index += 2
                rootSeen = true
                return Tag(name: Self.localName(qualified), attributes: attributes, selfClosing: true)
            }
            let nameStart = index
            let name = readName()
            guard !name.isEmpty else {
                throw Failure(offset: nameStart, message: "unexpected '\(Self.character(byte))' in the tag <\(Self.text(qualified))>")
            }
            skipSpace()
            guard index < bytes.count, bytes[index] == Self.equals else {
                throw Failure(offset: index, message: "the attribute \(Self.text(name)) has no '=' and value")
            }
            index += 1
            skipSpace()
            guard index < bytes.count, bytes[index] == Self.quote || bytes[index] == Self.apostrophe else {
                throw Failure(offset: index, message: "the value of \(Self.text(name)) is not in quotes")
            }
            let delimiter = bytes[index]
            let valueStart = index + 1
            var end = valueStart
            while end < bytes.count && bytes[end] != delimiter { end += 1 }
            guard end < bytes.count else {
                throw Failure(offset: valueStart, message: "the value of \(Self.text(name)) never ends")
            }
            index = end + 1
            attributes.append((Self.localName(name), try decode(bytes[valueStart..<end], at: valueStart)))
        }
    }

    private mutating func endTag() throws(Failure) -> String {
        let tagStart = index
        index += 2
        let qualified = readName()
        skipSpace()
        guard index < bytes.count, bytes[index] == Self.gt else {
            throw Failure(offset: tagStart, message: "the end tag </\(Self.text(qualified)) is never closed with '>'")
        }
        index += 1
        guard let innermost = open.last else {
            throw Failure(offset: tagStart, message: "</\(Self.text(qualified))> closes an element that was never opened")
        }
        guard innermost.elementsEqual(qualified) else {
            throw Failure(
                offset: tagStart,
                message: "</\(Self.text(qualified))> where </\(Self.text(innermost))> was expected")
        }
        open.removeLast()
        return Self.localName(qualified)
    }

    // MARK: - Bytes

    private static let lt = UInt8(ascii: "<")
    private static let gt = UInt8(ascii: ">")
    private static let slash = UInt8(ascii: "/")
    private static let equals = UInt8(ascii: "=")
    private static let quote = UInt8(ascii: "\"")
    private static let apostrophe = UInt8(ascii: "'")
    private static let ampersand = UInt8(ascii: "&")
    private static let colon = UInt8(ascii: ":")

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

    /// A name: everything up to space, `/`, `>`, `=` or the end.
    private mutating func readName() -> ArraySlice<UInt8> {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if Self.isSpace(byte) || byte == Self.gt || byte == Self.slash || byte == Self.equals || byte == Self.lt {
                break
            }
            index += 1
        }
        return bytes[start..<index]
    }

    private static func localName(_ qualified: ArraySlice<UInt8>) -> String {
        if let colon = qualified.lastIndex(of: colon) {
            return String(decoding: qualified[(colon + 1)...], as: UTF8.self)
        }
        return String(decoding: qualified, as: UTF8.self)
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes.prefix(40), as: UTF8.self) }

    private static func character(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\u{\(String(byte, radix: 16))}"
    }

    /// Text or an attribute value with its entity and character references decoded.
    private func decode(_ raw: ArraySlice<UInt8>, at offset: Int) throws(Failure) -> String {
        guard raw.contains(Self.ampersand) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var position = raw.startIndex
        while position < raw.endIndex {
            let byte = raw[position]
            guard byte == Self.ampersand else {
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
