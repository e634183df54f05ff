import ArgumentParser
import TermscaleCore
import TermscaleReaders
import TermscaleReports

extension EventKind: ExpressibleByArgument {}
extension SourceFormat: ExpressibleByArgument {}
extension DateOrder: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}

/// An IANA zone given on the command line.
func parseZone(_ text: String) throws -> IANAZone {
    guard let zone = IANAZone(identifier: text) else {
        throw ValidationError("--timezone: '\(text)' is not an IANA time zone name (e.g. Europe/London)")
    }
    return zone
}

/// A `YYYY-MM-DD` date given on the command line.
func parseDate(_ text: String, option: String) throws -> CivilDate {
    guard let date = CivilDate.parseISO(text) else {
        throw ValidationError("\(option): '\(text)' is not a date of the form YYYY-MM-DD")
    }
    return date
}
