import ArgumentParser
import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleReaders
import TermscaleReports

// Command-line values are domain types: ArgumentParser parses each one once, before `validate()`,
// and a bad value is reported as "The value '…' is invalid for '--option <form>'" with the help line.

extension EventKind: ExpressibleByArgument {}
extension SourceFormat: ExpressibleByArgument {}
extension DateOrder: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension PlanFormat: ExpressibleByArgument {}

/// A local date, `YYYY-MM-DD`.
extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) {
        guard let date = CivilDate.parseISO(argument) else { return nil }
        self = date
    }
}

/// An IANA zone name such as `Europe/London`.
extension IANAZone: ExpressibleByArgument {
    public init?(argument: String) { self.init(identifier: argument) }
    public var defaultValueDescription: String { identifier }
}

/// An ISO week such as `2027-W02`.
extension ISOWeek: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

/// An instant in RFC 3339 with an explicit offset, such as `2027-01-04T12:00:00Z`.
struct Instant: ExpressibleByArgument {
    let date: Date

    init?(argument: String) {
        guard let date = UTCFormat.parseRFC3339(argument) else { return nil }
        self.date = date
    }
}
