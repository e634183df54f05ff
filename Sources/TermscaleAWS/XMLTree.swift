import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed XML element: name (namespace prefix dropped), text and child elements. Just
/// enough DOM to read AWS Query responses; attributes are not kept.
public struct XMLTree: Sendable, Equatable {
    /// The local name: `DescribeScheduledActionsResponse`, `member`.
    public var name: String
    /// The element's own character data (CDATA included), not trimmed; for an element with
    /// children it is the white space between them.
    public var text: String
    public var children: [XMLTree]

    public init(name: String, text: String = "", children: [XMLTree] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// Parses a whole document and returns its root element.
    /// - Throws: `XMLParseError` with the line where parsing stopped, or where the document
    ///   has what `refusal` refuses (a processing instruction, a document type, not UTF-8).
    public static func parse(_ bytes: [UInt8]) throws -> XMLTree {
        if let refused = refusal(bytes) {
            let before = bytes[..<refused.offset]
            let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            throw XMLParseError(
                line: before.count { $0 == 0x0A } + 1, column: refused.offset - lineStart + 1, reason: refused.reason)
        }
        let builder = XMLTreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let ok = parser.parse()
        if let failure = builder.failure {
            throw failure
        }
        if !ok || builder.root == nil {
            let reason = parser.parserError.map(XMLTreeBuilder.reason) ?? "no root element"
            throw XMLParseError(line: parser.lineNumber, column: parser.columnNumber, reason: reason)
        }
        return builder.root!
    }

    public static func parse(_ text: String) throws -> XMLTree {
        try parse(Array(text.utf8))
    }

    /// The first child element called `name`.
    public func child(_ name: String) -> XMLTree? {
        children.first { $0.name == name }
    }

    /// Every child element called `name`, in document order.
    public func children(_ name: String) -> [XMLTree] {
        children.filter { $0.name == name }
    }

    /// The element at a `/`-separated path of child names below this one, following the first
    /// match at each step: `path("DescribeScheduledActionsResult/NextToken")`.
    public func path(_ path: String) -> XMLTree? {
        var node = self
        for step in path.split(separator: "/") {
            guard let next = node.child(String(step)) else { return nil }
            node = next
        }
        return node
    }

    /// All elements matching the last step of `path` under the first match of the steps before
    /// it: `all("Result/ScheduledUpdateGroupActions/member")` is every member; empty when absent.
    public func all(_ path: String) -> [XMLTree] {
        var steps = path.split(separator: "/").map(String.init)
        guard let last = steps.popLast() else { return [] }
        guard let parent = self.path(steps.joined(separator: "/")) else { return [] }
        return parent.children(last)
    }

    /// The text of the element at `path`, nil when there is no such element.
    public func text(_ path: String) -> String? {
        self.path(path)?.text
    }
}

/// An XML document that could not be parsed.
public struct XMLParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var reason: String

    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "XML line \(line), column \(column): \(reason)" }
}

/// Collects SAX events into an `XMLTree`.
private final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    var root: XMLTree?
    /// The first error reported, with the position the parser was at.
    var failure: XMLParseError?
    private var stack: [XMLTree] = []

    private static func localName(_ qualified: String) -> String {
        guard let colon = qualified.lastIndex(of: ":") else { return qualified }
        return String(qualified[qualified.index(after: colon)...])
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        stack.append(XMLTree(name: Self.localName(elementName)))
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        guard let done = stack.popLast() else { return }
        if stack.isEmpty {
            root = done
        } else {
            stack[stack.count - 1].children.append(done)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: block, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if failure == nil {
            failure = XMLParseError(line: parser.lineNumber, column: parser.columnNumber, reason: Self.reason(parseError))
        }
    }

    /// Foundation's text for parser errors is "The operation could not be completed", and its
    /// error codes are libxml2's on Linux, so say what is known: where, and the code.
    static func reason(_ error: Error) -> String {
        "not well-formed XML (parser error \((error as NSError).code))"
    }
}
