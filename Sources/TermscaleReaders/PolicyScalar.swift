import TermscaleCore
import Yams

/// How a policy file's scalars are typed: strictly, by their text, not by YAML 1.1's guesses.
///
/// Numbers and booleans must be plain (unquoted); a whole number has no decimal point;
/// a boolean is exactly `true` or `false` (`yes`, `on`, `True` are refused, not guessed at);
/// an empty value (`key:`, `~`, `null`) is never a value: leave the key out for its default.
enum PolicyScalar {
    enum Parsed<Value> {
        case value(Value)
        case problem(String)
    }

    static func int(_ node: Node) -> Parsed<Int> {
        if let text = plain(node), isWholeNumber(text) {
            guard let value = Int(text) else { return .problem("\(text) is too large; no value here needs that many digits") }
            return .value(value)
        }
        return mismatch("a whole number", node)
    }

    static func number(_ node: Node) -> Parsed<Double> {
        if let text = plain(node), isDecimalNumber(text),
            let value = Double(text), value.isFinite
        {
            return .value(value)
        }
        return mismatch("a number", node)
    }

    static func bool(_ node: Node) -> Parsed<Bool> {
        switch plain(node) {
        case "true": .value(true)
        case "false": .value(false)
        default: mismatch("true or false", node)
        }
    }

    /// Any scalar but an empty one, as written (`2027` is the text "2027").
    static func text(_ node: Node) -> Parsed<String> {
        guard case .scalar(let scalar) = node, !isNull(node) else { return mismatch("text", node) }
        return .value(scalar.string)
    }

    /// One of `Value`'s raw values, exactly as spelled.
    static func choice<Value: RawRepresentable & CaseIterable>(_ node: Node) -> Parsed<Value>
    where Value.RawValue == String {
        let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
        guard case .value(let text) = self.text(node) else {
            return .problem("expected one of \(allowed), found \(describe(node))")
        }
        if let value = Value(rawValue: text) { return .value(value) }
        return .problem("\(quoted(text)) is not allowed; use one of \(allowed)")
    }

    /// An IANA zone name such as `Europe/London`.
    static func zone(_ node: Node) -> Parsed<IANAZone> {
        guard case .value(let text) = self.text(node) else {
            return .problem("expected an IANA time zone name such as Europe/London, found \(describe(node))")
        }
        if let zone = IANAZone(identifier: text) { return .value(zone) }
        return .problem("\(quoted(text)) is not an IANA time zone (e.g. Europe/London)")
    }

    /// Whether `node` is an empty value: `key:` with nothing after it, `~` or `null`.
    static func isNull(_ node: Node) -> Bool {
        guard let text = plain(node) else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// How a value is shown in a message: numbers and booleans as written, text in quotes.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(node) { return "nothing" }
            if scalar.style == .plain || scalar.style == .any, looksTyped(scalar.string) { return scalar.string }
            return quoted(scalar.string)
        }
    }

    private static func mismatch<Value>(_ expected: String, _ node: Node) -> Parsed<Value> {
        var message = "expected \(expected), found \(describe(node))"
        if isNull(node) {
            message += "; give a value or leave the key out"
        } else if case .scalar(let scalar) = node, plain(node) == nil, looksTyped(scalar.string) {
            message += " in quotes, which makes it text; remove the quotes"
        }
        return .problem(message)
    }

    /// The text of an unquoted scalar, nil for quoted or block scalars and collections.
    private static func plain(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return nil }
        return scalar.string
    }

    /// `[-+]?[0-9]+`, scanned (a regex is rebuilt at every use, and policies are read per push).
    static func isWholeNumber(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?`, scanned.
    static func isDecimalNumber(_ text: String) -> Bool {
        var rest = Substring(text)
        func digits() -> Int {
            let n = rest.prefix { $0.isASCII && $0.isNumber }.count
            rest = rest.dropFirst(n)
            return n
        }
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        var mantissa = digits()
        if rest.first == "." {
            rest = rest.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return rest.isEmpty
    }

    /// Whether bare `text` reads as a number or boolean (and so is shown unquoted).
    private static func looksTyped(_ text: String) -> Bool {
        text == "true" || text == "false"
            || isDecimalNumber(text)
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n") + "\""
    }
}
