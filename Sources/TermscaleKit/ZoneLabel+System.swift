import TermscaleCore
import TermscaleReports

extension ZoneLabel {
    /// A label for `zone` that names offsets with the system tzdata's abbreviations (`GMT`, `BST`).
    public static func system(_ zone: IANAZone, environment: [String: String]) -> ZoneLabel {
        ZoneLabel(
            zone: zone,
            abbreviation: SystemZoneAbbreviations.lookup(
                identifier: zone.identifier,
                environment: environment))
    }
}
