import Foundation

/// A member of an Auto Scaling request as the JSON protocols type it, with the name Query gives
/// it: what turns Query-named text fields (`VCpuCount.Min` = `2`) into JSON (`{"VCpuCount":{"Min":2}}`)
/// and back. Checked against botocore's model by `MixSwitchInputTests`.
indirect enum InputShape: Sendable, Equatable {
    case integer
    case double
    case boolean
    case string
    /// Items named `item` in Query (`member` unless the model says otherwise), each of the shape.
    case list(item: String, InputShape)
    /// Members in the model's order.
    case structure([Member])

    struct Member: Sendable, Equatable {
        /// The member's name: the JSON key.
        var name: String
        /// Its serialised name in Query (`locationName` where the model has one).
        var queryName: String
        var shape: InputShape

        init(_ name: String, query queryName: String? = nil, _ shape: InputShape) {
            self.name = name
            self.queryName = queryName ?? name
            self.shape = shape
        }
    }

    static let strings = InputShape.list(item: "member", .string)
    static let integerRange = InputShape.structure([Member("Min", .integer), Member("Max", .integer)])
    static let doubleRange = InputShape.structure([Member("Min", .double), Member("Max", .double)])

    /// `InstanceRequirements` of botocore's Auto Scaling model (2011-01-01), in its order.
    static let instanceRequirements = InputShape.structure([
        Member("VCpuCount", integerRange),
        Member("MemoryMiB", integerRange),
        Member("CpuManufacturers", strings),
        Member("MemoryGiBPerVCpu", doubleRange),
        Member("ExcludedInstanceTypes", strings),
        Member("InstanceGenerations", strings),
        Member("SpotMaxPricePercentageOverLowestPrice", .integer),
        Member("MaxSpotPriceAsPercentageOfOptimalOnDemandPrice", .integer),
        Member("OnDemandMaxPricePercentageOverLowestPrice", .integer),
        Member("BareMetal", .string),
        Member("BurstablePerformance", .string),
        Member("RequireHibernateSupport", .boolean),
        Member("NetworkInterfaceCount", integerRange),
        Member("LocalStorage", .string),
        Member("LocalStorageTypes", strings),
        Member("TotalLocalStorageGB", doubleRange),
        Member("BaselineEbsBandwidthMbps", integerRange),
        Member("AcceleratorTypes", strings),
        Member("AcceleratorCount", integerRange),
        Member("AcceleratorManufacturers", strings),
        Member("AcceleratorNames", strings),
        Member("AcceleratorTotalMemoryMiB", integerRange),
        Member("NetworkBandwidthGbps", doubleRange),
        Member("AllowedInstanceTypes", strings),
        Member(
            "BaselinePerformanceFactors",
            .structure([
                Member(
                    "Cpu",
                    .structure([
                        Member(
                            "References", query: "Reference",
                            .list(item: "item", .structure([Member("InstanceFamily", .string)])))
                    ]))
            ])),
    ])

    /// A field that has no place or no value of its member's type: its Query name (relative to the
    /// structure converted), its text, and why.
    struct FieldProblem: Error, Equatable {
        var field: String
        var value: String
        var reason: String
    }

    // MARK: Query fields → JSON

    /// `fields` (Query names relative to this structure) as JSON of this shape, structure members
    /// in the model's order, list items by index. A list given as one empty-valued field (`Names` =
    /// ``, botocore's form of an empty list) is `[]`.
    /// - Throws: `FieldProblem` for a name the shape does not have, a value given twice, or a text
    ///   that is not of the member's type (a whole number, a finite decimal, `true`/`false`).
    func json(_ fields: [MixedInstancesPolicy.InstanceRequirements.Field]) throws -> AWSJSON {
        try json(fields.map { Pending(path: $0.name.split(separator: ".", omittingEmptySubsequences: false)[...], field: $0) })
    }

    private struct Pending {
        var path: ArraySlice<Substring>
        var field: MixedInstancesPolicy.InstanceRequirements.Field

        func problem(_ reason: String) -> FieldProblem { FieldProblem(field: field.name, value: field.value, reason: reason) }
    }

    private func json(_ fields: [Pending]) throws -> AWSJSON {
        switch self {
        case .structure(let members):
            var out: [(String, AWSJSON)] = []
            var used = 0
            for member in members {
                let mine = fields.filter { $0.path.first.map(String.init) == member.queryName }
                guard !mine.isEmpty else { continue }
                used += mine.count
                out.append((member.name, try member.shape.json(mine.map { Pending(path: $0.path.dropFirst(), field: $0.field) })))
            }
            if used < fields.count,
                let stray = fields.first(where: { f in !members.contains { f.path.first.map(String.init) == $0.queryName } })
            {
                throw stray.problem(
                    stray.path.isEmpty
                        ? "is a structure, not a value" : "names no member of botocore's model (\(stray.path.first!))")
            }
            return .object(out)
        case .list(let item, let element):
            if fields.count == 1, fields[0].path.isEmpty, fields[0].field.value.isEmpty { return .array([]) }
            var items: [Int: [Pending]] = [:]
            for f in fields {
                guard f.path.count >= 2, f.path.first == Substring(item), let index = Int(f.path[f.path.startIndex + 1]),
                    index >= 1
                else { throw f.problem("is not an item of a list (\(item).N)") }
                items[index, default: []].append(Pending(path: f.path.dropFirst(2), field: f.field))
            }
            return .array(try items.keys.sorted().map { try element.json(items[$0]!) })
        case .integer, .double, .boolean, .string:
            guard let f = fields.first, fields.count == 1 else {
                throw fields[1].problem("is given twice")
            }
            guard f.path.isEmpty else { throw f.problem("names a member of a value (\(f.path.first!))") }
            return try scalar(f.field.value, f)
        }
    }

    private func scalar(_ text: String, _ f: Pending) throws -> AWSJSON {
        switch self {
        case .integer:
            guard let value = Int(text) else { throw f.problem("is not a whole number") }
            return .int(value)
        case .double:
            guard Self.isDecimal(text), let value = Double(text), value.isFinite else {
                throw f.problem("is not a decimal number")
            }
            return .number(value.description)
        case .boolean:
            guard text == "true" || text == "false" else { throw f.problem("is not true or false") }
            return .bool(text == "true")
        default:
            return .string(text)
        }
    }

    /// `-?digits(.digits)?([eE][+-]?digits)?`: what AWS writes for a double (no `inf`, `nan`, hex).
    static func isDecimal(_ text: String) -> Bool {
        guard case .number(let number)? = try? AWSJSON.parse(text) else { return false }
        return number == text
    }

    // MARK: JSON → Query fields

    /// Appends the Query-named fields `value` holds, structure members in the model's order.
    /// - Parameter name: the Query name of `value` relative to the structure converted ("" for it).
    /// - Throws: `FieldProblem` (field = the JSON member's Query name) for a member the shape does
    ///   not have or a value of another type.
    func fields(_ value: AWSJSON, name: String, into out: inout [MixedInstancesPolicy.InstanceRequirements.Field]) throws {
        func problem(_ reason: String) -> FieldProblem { FieldProblem(field: name, value: value.text, reason: reason) }
        func below(_ member: String) -> String { name.isEmpty ? member : "\(name).\(member)" }
        switch (self, value) {
        case (.structure(let members), .object(let pairs)):
            for (key, _) in pairs where !members.contains(where: { $0.name == key }) {
                throw FieldProblem(field: below(key), value: "", reason: "is not a member of botocore's model")
            }
            for member in members {
                guard let memberValue = value[member.name] else { continue }
                try member.shape.fields(memberValue, name: below(member.queryName), into: &out)
            }
        case (.list(let item, let element), .array(let items)):
            if items.isEmpty { out.append(.init(name, "")) }
            for (index, itemValue) in items.enumerated() {
                try element.fields(itemValue, name: "\(name).\(item).\(index + 1)", into: &out)
            }
        case (.integer, .number(let text)):
            guard let number = Int(text) else { throw problem("is not a whole number") }
            out.append(.init(name, String(number)))
        case (.double, .number(let text)):
            guard let number = Double(text), number.isFinite else { throw problem("is not a decimal number") }
            out.append(.init(name, number.description))
        case (.boolean, .bool(let flag)):
            out.append(.init(name, flag ? "true" : "false"))
        case (.string, .string(let text)):
            out.append(.init(name, text))
        case (.structure, _): throw problem("is not an object")
        case (.list, _): throw problem("is not a list")
        case (.integer, _), (.double, _): throw problem("is not a number")
        case (.boolean, _): throw problem("is not true or false")
        case (.string, _): throw problem("is not a string")
        }
    }
}
