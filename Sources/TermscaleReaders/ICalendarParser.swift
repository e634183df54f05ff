import TermscaleCore

/// Turns the bytes of an iCalendar file into its components (RFC 5545 §3.1), without giving
/// meaning to any property.
///
/// Accepts CRLF, LF and lone-CR line endings, a UTF-8 byte-order mark, blank lines, and folded
/// lines (a line starting with a space or tab continues the previous one; folds are joined on
/// bytes before decoding, so a fold may split a multi-byte character).
public enum ICalendarParser {
    /// Past this many problems the parser stops listing them one by one.
    static let maxDiagnostics = 200
    /// Components nest at most this deep (a real calendar: 3, VCALENDAR > VEVENT > VALARM).
    public static let maxNesting = 64

    /// The top-level components of the file (normally one or more `VCALENDAR`s).
    /// - Throws: `DiagnosticsError` listing every malformed line (no colon, bad name, unclosed
    ///   quote, invalid UTF-8) and every unbalanced `BEGIN`/`END`, each with its line.
    public static func parse(_ bytes: [UInt8], file: String) throws -> [ICalComponent] {
        var state = ParserState(file: file)
        bytes.withUnsafeBufferPointer { buffer in
            state.run(buffer)
        }
        state.finish()
        if !state.diagnostics.isEmpty { throw DiagnosticsError(state.diagnostics) }
        return state.roots
    }
}

private struct ParserState {
    let file: String
    var roots: [ICalComponent] = []
    var stack: [ICalComponent] = []
    var diagnostics: [Diagnostic] = []
    var suppressed = 0
    var logical: [UInt8] = []
    var logicalLine = 0
    var lastLine = 0
    /// BEGINs past `maxNesting` not yet matched by an END: reported once, then skipped.
    var tooDeep = 0

    init(file: String) { self.file = file }

    mutating func report(_ line: Int, _ field: String?, _ message: String) {
        if diagnostics.count < ICalendarParser.maxDiagnostics {
            diagnostics.append(Diagnostic(file: file, line: line, field: field, message: message))
        } else {
            suppressed += 1
        }
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        var i = ByteOrderMark.utf8Length(buffer)
        let n = buffer.count
        var lineNumber = 0
        logical.reserveCapacity(256)
        while i < n {
            lineNumber += 1
            let start = i
            while i < n, buffer[i] != cr, buffer[i] != lf { i += 1 }
            let end = i
            if i < n {
                if buffer[i] == cr, i + 1 < n, buffer[i + 1] == lf { i += 2 } else { i += 1 }
            }
            physicalLine(UnsafeBufferPointer(rebasing: buffer[start..<end]), number: lineNumber)
        }
        lastLine = lineNumber
        flush()
    }

    mutating func physicalLine(_ line: UnsafeBufferPointer<UInt8>, number: Int) {
        guard let first = line.first else {
            // Blank line: tolerated; it ends any line being unfolded.
            flush()
            return
        }
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
            if logicalLine > 0 {
                logical.append(contentsOf: UnsafeBufferPointer(rebasing: line[1...]))
                return
            }
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return }
            report(number, nil, "line starts with a space but there is no line before it to continue; remove the leading space")
            return
        }
        flush()
        logical.append(contentsOf: line)
        logicalLine = number
    }

    mutating func flush() {
        guard logicalLine > 0 else { return }
        let line = logicalLine
        logicalLine = 0
        // Swap the buffer out (no copy) so `contentLine` may mutate self while reading it.
        var bytes: [UInt8] = []
        swap(&bytes, &logical)
        bytes.withUnsafeBufferPointer { contentLine($0, line: line) }
        bytes.removeAll(keepingCapacity: true)
        swap(&bytes, &logical)
    }

    mutating func contentLine(_ b: UnsafeBufferPointer<UInt8>, line: Int) {
        let n = b.count
        guard n <= InputDamage.maxLineBytes else {
            report(
                line, nil,
                "the content line is \(n.groupedThousands) bytes long once unfolded, more than the 1 MiB termscale reads "
                    + "in one line: the file is damaged, or not a calendar")
            return
        }
        var i = 0
        while i < n, isNameByte(b[i]) { i += 1 }
        guard i > 0, i < n, b[i] == UInt8(ascii: ":") || b[i] == UInt8(ascii: ";") else {
            report(
                line, nil,
                "'\(preview(b))' is not an iCalendar content line (NAME:VALUE or NAME;PARAM=VALUE:VALUE, names of letters, digits and '-'); fix or remove it"
            )
            return
        }
        let name = upperASCII(UnsafeBufferPointer(rebasing: b[0..<i]))
        var parameters: [ICalParameter] = []
        while i < n, b[i] == UInt8(ascii: ";") {
            i += 1
            let nameStart = i
            while i < n, isNameByte(b[i]) { i += 1 }
            guard i > nameStart, i < n, b[i] == UInt8(ascii: "=") else {
                report(line, name, "malformed parameter after ';' (expected NAME=VALUE); fix the parameter or quote its value")
                return
            }
            let paramName = upperASCII(UnsafeBufferPointer(rebasing: b[nameStart..<i]))
            i += 1
            var values: [String] = []
            while true {
                var valueBytes: UnsafeBufferPointer<UInt8>
                if i < n, b[i] == UInt8(ascii: "\"") {
                    let valueStart = i + 1
                    i = valueStart
                    while i < n, b[i] != UInt8(ascii: "\"") { i += 1 }
                    guard i < n else {
                        report(
                            line, name, "parameter \(paramName) has an opening quote but no closing quote; add the closing '\"'")
                        return
                    }
                    valueBytes = UnsafeBufferPointer(rebasing: b[valueStart..<i])
                    i += 1
                } else {
                    let valueStart = i
                    while i < n, b[i] != UInt8(ascii: ";"), b[i] != UInt8(ascii: ":"), b[i] != UInt8(ascii: ","),
                        b[i] != UInt8(ascii: "\"")
                    { i += 1 }
                    valueBytes = UnsafeBufferPointer(rebasing: b[valueStart..<i])
                }
                guard let value = decodeParameter(valueBytes) else {
                    report(line, name, "parameter \(paramName) is not valid UTF-8; save the file as UTF-8")
                    return
                }
                values.append(value)
                if i < n, b[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                break
            }
            parameters.append(ICalParameter(name: paramName, values: values))
            guard i < n, b[i] == UInt8(ascii: ";") || b[i] == UInt8(ascii: ":") else {
                report(
                    line, name,
                    "malformed parameter \(paramName) (a value containing ';', ':' or ',' must be in double quotes); quote it")
                return
            }
        }
        // b[i] is the ':' before the value.
        guard let value = decodeUTF8(UnsafeBufferPointer(rebasing: b[(i + 1)...])) else {
            report(line, name, "value is not valid UTF-8; save the file as UTF-8")
            return
        }
        let property = ICalProperty(name: name, parameters: parameters, value: value, line: line)
        switch name {
        case "BEGIN": begin(property)
        case "END": end(property)
        default:
            if stack.isEmpty {
                report(line, name, "property outside any component (before BEGIN:VCALENDAR or after its END); remove it")
            } else {
                stack[stack.count - 1].properties.append(property)
            }
        }
    }

    mutating func begin(_ property: ICalProperty) {
        let componentName = property.value.trimmingSpaces().uppercased()
        guard !componentName.isEmpty, componentName.utf8.allSatisfy(isNameByte) else {
            report(property.line, "BEGIN", "'\(property.value)' is not a component name; fix or remove the line")
            return
        }
        guard stack.count < ICalendarParser.maxNesting, tooDeep == 0 else {
            // Once: the BEGINs below it are the same damage, not more problems.
            if tooDeep == 0 {
                report(
                    property.line, "BEGIN",
                    "components nested more than \(ICalendarParser.maxNesting) deep (a calendar nests 3: VCALENDAR, "
                        + "VEVENT, VALARM); the file is damaged")
            }
            tooDeep += 1
            return
        }
        stack.append(ICalComponent(name: componentName, line: property.line))
    }

    mutating func end(_ property: ICalProperty) {
        if tooDeep > 0 {
            tooDeep -= 1
            return
        }
        let componentName = property.value.trimmingSpaces().uppercased()
        guard let index = stack.lastIndex(where: { $0.name == componentName }) else {
            report(
                property.line, "END", "END:\(componentName) without a matching BEGIN:\(componentName); remove it or add the BEGIN"
            )
            return
        }
        while stack.count > index + 1 {
            if let open = stack.popLast() {
                report(
                    open.line, "BEGIN",
                    "BEGIN:\(open.name) is not closed before END:\(componentName) at line \(property.line); add END:\(open.name)")
            }
        }
        guard let closed = stack.popLast() else { return }
        if stack.isEmpty {
            roots.append(closed)
        } else {
            stack[stack.count - 1].components.append(closed)
        }
    }

    mutating func finish() {
        // Past the nesting limit, the open components are that one damage, already reported.
        for open in stack.reversed() where tooDeep == 0 {
            report(open.line, "BEGIN", "BEGIN:\(open.name) is never closed (the file may be truncated); add END:\(open.name)")
        }
        stack.removeAll()
        if suppressed > 0 {
            diagnostics.append(
                Diagnostic(
                    file: file, line: lastLine, field: nil,
                    message: "\(suppressed) more problems not listed; fix the ones above first"))
        }
    }

    func preview(_ b: UnsafeBufferPointer<UInt8>) -> String {
        let cut = UnsafeBufferPointer(rebasing: b[0..<min(b.count, 40)])
        let text = String(decoding: cut, as: UTF8.self).unicodeScalars.map { scalar -> String in
            scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined()
        return b.count > 40 ? text + "…" : text
    }
}

@inline(__always)
private func isNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
        return true
    default:
        return false
    }
}

private func upperASCII(_ b: UnsafeBufferPointer<UInt8>) -> String {
    String(unsafeUninitializedCapacity: b.count) { out in
        for (k, byte) in b.enumerated() {
            out[k] = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
        }
        return b.count
    }
}

/// A parameter value, with RFC 6868 caret escapes decoded (`^n` newline, `^'` quote, `^^` caret).
private func decodeParameter(_ b: UnsafeBufferPointer<UInt8>) -> String? {
    guard b.contains(UInt8(ascii: "^")) else { return decodeUTF8(b) }
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var k = 0
    while k < b.count {
        let byte = b[k]
        if byte == UInt8(ascii: "^"), k + 1 < b.count {
            switch b[k + 1] {
            case UInt8(ascii: "n"), UInt8(ascii: "N"):
                out.append(UInt8(ascii: "\n"))
                k += 2
                continue
            case UInt8(ascii: "'"):
                out.append(UInt8(ascii: "\""))
                k += 2
                continue
            case UInt8(ascii: "^"):
                out.append(UInt8(ascii: "^"))
                k += 2
                continue
            default: break
            }
        }
        out.append(byte)
        k += 1
    }
    return String(validating: out, as: UTF8.self)
}

/// The bytes as a String, or nil when they are not valid UTF-8. ASCII (the common case) skips
/// the generic validating initializer, which is slow.
@inline(__always)
private func decodeUTF8(_ b: UnsafeBufferPointer<UInt8>) -> String? {
    for byte in b where byte >= 0x80 { return String(validating: b, as: UTF8.self) }
    return String(decoding: b, as: UTF8.self)
}
