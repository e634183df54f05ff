import TermscaleCore
import Yams

/// Typed values out of a composed policy file, with a diagnostic for every problem on the way.
///
/// Reading never stops at a problem: a value that cannot be read gives nil (the caller puts a
/// placeholder in its place) and its key path is remembered in `failed`, so that
/// `Policy.validate()` is not asked about a value the user never wrote.
struct PolicyDocument {
    /// One mapping of the file: the root or a section such as `exams`.
    struct Section {
        /// Dotted key path (`exams`); empty for the root.
        var path: String
        /// Line of the section's key (the root: its first key), where missing keys are reported.
        var line: Int
        /// The first occurrence of each key, by name.
        var entries: [String: (key: Node, value: Node)] = [:]
        /// Keys in file order (first occurrences).
        var order: [String] = []
        /// The section is missing or not a mapping, already reported: its keys are not.
        var isBroken = false

        func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        /// `under exams` or `at the top level`, for messages.
        var placement: String { path.isEmpty ? "at the top level" : "under \(path)" }
    }

    /// Whether an absent key is an error, is simply absent (nil), or takes a default.
    enum Presence<Value> {
        case required
        case optional
        case defaulted(Value)
    }

    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// Line of every key read, by key path; `Policy.validate()`'s problems are placed with it.
    private(set) var lines: [String: Int] = [:]
    /// Key paths whose value is missing or unreadable (a broken section's path covers its keys).
    private(set) var failed: Set<String> = []

    init(file: String) { self.file = file }

    mutating func report(_ line: Int?, _ field: String?, _ message: String) {
        diagnostics.append(Diagnostic(file: file, line: line, field: field, message: message))
    }

    /// Treats `keyPath` as unread: `Policy.validate()`'s problems there depend on a value that was not.
    mutating func markFailed(_ keyPath: String) { failed.insert(keyPath) }

    /// The root mapping, its unknown and repeated keys reported.
    mutating func root(_ mapping: Node.Mapping) -> Section {
        section(mapping, path: "", line: mapping.mark?.line ?? 1, known: PolicyKeys.root)
    }

    /// The mapping under `key` of `parent`; `known` nil accepts any key (the `windows` map).
    /// A missing required section, or a value that is not a mapping, is reported once and gives
    /// a broken section whose keys are then not reported again.
    mutating func section(_ key: String, of parent: Section, known: [String]?, required: Bool) -> Section {
        let path = parent.keyPath(key)
        guard let (keyNode, value) = parent.entries[key] else {
            if required && !parent.isBroken {
                let keys = (known ?? []).joined(separator: ", ")
                report(parent.line, path, "required section missing; add \(key) \(parent.placement) with \(keys)")
            }
            if required { failed.insert(path) }
            return Section(path: path, line: parent.line, isBroken: required)
        }
        let line = Self.line(of: keyNode, else: parent.line)
        guard case .mapping(let mapping) = value else {
            let shape = known.map { "a mapping of \($0.joined(separator: ", "))" } ?? "a mapping of category: floor"
            report(Self.line(of: value, else: line), path, "expected \(shape), found \(PolicyScalar.describe(value))")
            failed.insert(path)
            return Section(path: path, line: line, isBroken: true)
        }
        return section(mapping, path: path, line: line, known: known)
    }

    /// Whether `parent` has `key` (a section may be optional as a whole).
    func has(_ key: String, in parent: Section) -> Bool { parent.entries[key] != nil }

    private mutating func section(_ mapping: Node.Mapping, path: String, line: Int, known: [String]?) -> Section {
        var section = Section(path: path, line: line)
        for (keyNode, value) in mapping {
            let keyLine = Self.line(of: keyNode, else: line)
            guard case .scalar(let scalar) = keyNode else {
                report(
                    keyLine, path.isEmpty ? nil : path,
                    "keys must be plain names, found \(PolicyScalar.describe(keyNode)) as a key")
                continue
            }
            let name = DuplicateKeyMarker.name(scalar.string)
            let keyPath = section.keyPath(name)
            if let first = section.entries[name] {
                let firstLine = Self.line(of: first.key, else: line)
                report(keyLine, keyPath, "duplicate key (first on line \(firstLine)); keep only one")
                continue
            }
            if let known, !known.contains(name) {
                let hint =
                    PolicyKeys.suggestion(for: name, among: known).map { "did you mean \($0)?" }
                    ?? "\(path.isEmpty ? "a policy" : path) takes \(known.joined(separator: ", "))"
                report(keyLine, keyPath, "unknown key; \(hint)")
                continue
            }
            section.entries[name] = (keyNode, value)
            section.order.append(name)
            lines[keyPath] = keyLine
        }
        return section
    }

    /// The value of `key` in `section`, read by `parse`; nil when absent (and not defaulted) or
    /// unreadable, which is reported unless `presence` allows it.
    mutating func value<Value>(
        _ key: String, of section: Section, _ presence: Presence<Value> = .required,
        _ parse: (Node) -> PolicyScalar.Parsed<Value>
    ) -> Value? {
        let path = section.keyPath(key)
        guard let (keyNode, node) = section.entries[key] else {
            switch presence {
            case .defaulted(let value):
                return value
            case .optional:
                return nil
            case .required:
                if !section.isBroken { report(section.line, path, "required key missing; add \(key) \(section.placement)") }
                failed.insert(path)
                return nil
            }
        }
        switch parse(node) {
        case .value(let value):
            return value
        case .problem(let message):
            // An empty value has no useful position of its own; its key has.
            let line =
                PolicyScalar.isNull(node)
                ? Self.line(of: keyNode, else: section.line)
                : Self.line(of: node, else: section.line)
            report(line, path, message)
            failed.insert(path)
            return nil
        }
    }

    mutating func int(_ key: String, of section: Section, _ presence: Presence<Int> = .required) -> Int? {
        value(key, of: section, presence, PolicyScalar.int)
    }

    mutating func number(_ key: String, of section: Section, _ presence: Presence<Double> = .required) -> Double? {
        value(key, of: section, presence, PolicyScalar.number)
    }

    mutating func bool(_ key: String, of section: Section, _ presence: Presence<Bool> = .required) -> Bool? {
        value(key, of: section, presence, PolicyScalar.bool)
    }

    mutating func text(_ key: String, of section: Section, _ presence: Presence<String> = .required) -> String? {
        value(key, of: section, presence, PolicyScalar.text)
    }

    mutating func zone(_ key: String, of section: Section, _ presence: Presence<IANAZone> = .required) -> IANAZone? {
        value(key, of: section, presence, PolicyScalar.zone)
    }

    mutating func choice<Value: RawRepresentable & CaseIterable & SendableMetatype>(
        _ key: String, of section: Section, _ presence: Presence<Value> = .required
    ) -> Value? where Value.RawValue == String {
        value(key, of: section, presence, PolicyScalar.choice)
    }

    /// Whether a problem `Policy.validate()` found at `keyPath` is about a value that was read,
    /// not a placeholder standing in for one already reported.
    func wasRead(_ keyPath: String) -> Bool {
        var path = Substring(keyPath)
        while true {
            if failed.contains(String(path)) { return false }
            guard let dot = path.lastIndex(of: ".") else { return true }
            path = path[..<dot]
        }
    }

    /// The line of `keyPath`'s key, else of the nearest enclosing key that was read, else `root`.
    func line(of keyPath: String, root: Int) -> Int {
        var path = Substring(keyPath)
        while true {
            if let line = lines[String(path)] { return line }
            guard let dot = path.lastIndex(of: ".") else { return root }
            path = path[..<dot]
        }
    }

    static func line(of node: Node, else fallback: Int) -> Int { node.mark?.line ?? fallback }
}
