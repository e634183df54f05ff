/// One iCalendar component (`VCALENDAR`, `VEVENT`, `VTIMEZONE`, `STANDARD`…) as read from a file,
/// before any meaning is given to its properties.
public struct ICalComponent: Sendable, Hashable {
    /// The component name, uppercased (`VEVENT`).
    public var name: String
    /// Properties in file order.
    public var properties: [ICalProperty]
    /// Nested components in file order.
    public var components: [ICalComponent]
    /// 1-based physical line of its `BEGIN:` line.
    public var line: Int

    public init(name: String, properties: [ICalProperty] = [], components: [ICalComponent] = [], line: Int) {
        self.name = name
        self.properties = properties
        self.components = components
        self.line = line
    }

    /// The first property called `name` (uppercase), if any.
    public func property(_ name: String) -> ICalProperty? {
        properties.first { $0.name == name }
    }

    /// Every property called `name` (uppercase), in file order.
    public func properties(_ name: String) -> [ICalProperty] {
        properties.filter { $0.name == name }
    }
}

/// One parameter of a property (`TZID=Europe/London`), with its values unquoted.
public struct ICalParameter: Sendable, Hashable {
    /// The parameter name, uppercased (`TZID`).
    public var name: String
    /// The values in order; one unless the parameter is multi-valued (`MEMBER="a","b"`).
    /// Quotes are removed and RFC 6868 caret escapes (`^n`, `^'`, `^^`) decoded.
    public var values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}

/// One content line of an iCalendar file (after unfolding): `NAME;PARAM=V:VALUE`.
public struct ICalProperty: Sendable, Hashable {
    /// The property name, uppercased (`DTSTART`), including any group prefix (`GROUP1.X-TEST`).
    public var name: String
    /// Parameters in file order.
    public var parameters: [ICalParameter]
    /// The raw text after the first unquoted `:`, not unescaped. See `ICalText`.
    public var value: String
    /// 1-based physical line where the property starts.
    public var line: Int

    public init(name: String, parameters: [ICalParameter] = [], value: String, line: Int) {
        self.name = name
        self.parameters = parameters
        self.value = value
        self.line = line
    }

    /// The first value of the parameter `name` (uppercase), if present.
    public func parameter(_ name: String) -> String? {
        parameters.first { $0.name == name }?.values.first
    }

    /// The value as TEXT: escapes (`\,` `\;` `\\` `\n`) decoded.
    public var text: String { ICalText.unescape(value) }

    /// The value as a TEXT list (`CATEGORIES:a,b\,c`): split on unescaped commas, each unescaped.
    public var textList: [String] { ICalText.splitList(value).map(ICalText.unescape) }

    /// The value as a list of non-TEXT values (`EXDATE:a,b`): split on commas, trimmed, empty dropped.
    public var valueList: [String] {
        value.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }
}

/// TEXT value escaping (RFC 5545 §3.3.11).
public enum ICalText {
    /// Decodes `\\`, `\;`, `\,`, `\n` and `\N`. A backslash before any other character is kept
    /// with it (lenient, as real exports contain `\:`, which becomes `:`).
    public static func unescape(_ raw: String) -> String {
        guard raw.utf8.contains(UInt8(ascii: "\\")) else { return raw }
        var out: [UInt8] = []
        out.reserveCapacity(raw.utf8.count)
        var escaped = false
        for byte in raw.utf8 {
            if escaped {
                switch byte {
                case UInt8(ascii: "n"), UInt8(ascii: "N"): out.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "\\"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: ":"): out.append(byte)
                default:
                    out.append(UInt8(ascii: "\\"))
                    out.append(byte)
                }
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else {
                out.append(byte)
            }
        }
        if escaped { out.append(UInt8(ascii: "\\")) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits a TEXT list on commas not preceded by a backslash escape; parts stay escaped.
    public static func splitList(_ raw: String) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        var escaped = false
        for byte in raw.utf8 {
            if escaped {
                current.append(byte)
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                current.append(byte)
                escaped = true
            } else if byte == UInt8(ascii: ",") {
                parts.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        parts.append(String(decoding: current, as: UTF8.self))
        return parts
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
