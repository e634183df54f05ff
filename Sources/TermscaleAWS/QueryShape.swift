import Foundation

/// The members of a structure of an AWS Query API, as far as reading it back needs: which names
/// exist, which are structures and which are lists. Names are the serialised ones of botocore's
/// model (`locationName` where it has one), so a described element and the Query parameter that
/// sets it have the same name: `<CpuManufacturers><member>intel</member></CpuManufacturers>` is
/// `CpuManufacturers.member.1=intel`, `<Reference><item><InstanceFamily>c6i</InstanceFamily>…`
/// is `Reference.item.1.InstanceFamily=c6i`.
indirect enum QueryShape: Sendable, Equatable {
    /// A string, number or boolean: the element's text.
    case scalar
    /// Named members, each with its shape.
    case structure([String: QueryShape])
    /// Items named `item` (`member` unless the model says otherwise), each of the element shape.
    case list(item: String, QueryShape)

    /// A list of texts, items named `member`.
    static let texts = QueryShape.list(item: "member", .scalar)
    /// A `Min`/`Max` range.
    static let range = QueryShape.structure(["Min": .scalar, "Max": .scalar])

    /// What was read from a described element: its values as Query parameters and what the shape
    /// does not know.
    struct Reading: Sendable, Equatable {
        /// `(name, text)` for each value, named relative to the element read, in document order.
        var parameters: [(String, String)] = []
        /// Full paths of the elements the shape does not know.
        var unknown: [String] = []

        static func == (lhs: Reading, rhs: Reading) -> Bool {
            lhs.unknown == rhs.unknown && lhs.parameters.map { [$0.0, $0.1] } == rhs.parameters.map { [$0.0, $0.1] }
        }
    }

    /// Reads `element` as this shape.
    ///
    /// A list with no items is the parameter with an empty value (`CpuManufacturers=`), as botocore
    /// sends an empty list; an element the shape does not have, a second element of one structure
    /// member, or children under a scalar go to `unknown`, named `path` plus the element's name.
    /// - Parameter path: the element's full Query path, for `unknown` (`MixedInstancesPolicy.LaunchTemplate`).
    func read(_ element: XMLTree, path: String) -> Reading {
        var reading = Reading()
        read(element, name: "", path: path, into: &reading)
        return reading
    }

    private func read(_ element: XMLTree, name: String, path: String, into reading: inout Reading) {
        func below(_ child: String) -> String { name.isEmpty ? child : "\(name).\(child)" }
        switch self {
        case .scalar:
            if element.children.isEmpty {
                reading.parameters.append((name, element.text))
            } else {
                reading.unknown.append("\(path) (holds elements where a value was expected)")
            }
        case .structure(let members):
            var seen: Set<String> = []
            for child in element.children {
                let childPath = "\(path).\(child.name)"
                guard let shape = members[child.name] else {
                    reading.unknown.append(childPath)
                    continue
                }
                guard seen.insert(child.name).inserted else {
                    reading.unknown.append("\(childPath) (described twice)")
                    continue
                }
                shape.read(child, name: below(child.name), path: childPath, into: &reading)
            }
        case .list(let item, let shape):
            if element.children.isEmpty {
                reading.parameters.append((name, ""))
                return
            }
            var index = 0
            for child in element.children {
                guard child.name == item else {
                    reading.unknown.append("\(path).\(child.name)")
                    continue
                }
                index += 1
                let step = "\(item).\(index)"
                shape.read(child, name: below(step), path: "\(path).\(step)", into: &reading)
            }
        }
    }
}
