import TermscaleCore

/// Maps the TZID strings real exports use to IANA zones when the file has no VTIMEZONE for them.
public enum TimeZoneNames {
    /// Common Windows zone names (as Outlook and Exchange write them) and their IANA zones.
    public static let windows: [String: String] = [
        "GMT Standard Time": "Europe/London",
        "Greenwich Standard Time": "Atlantic/Reykjavik",
        "W. Europe Standard Time": "Europe/Berlin",
        "Romance Standard Time": "Europe/Paris",
        "Central Europe Standard Time": "Europe/Budapest",
        "Central European Standard Time": "Europe/Warsaw",
        "E. Europe Standard Time": "Europe/Chisinau",
        "FLE Standard Time": "Europe/Helsinki",
        "GTB Standard Time": "Europe/Bucharest",
        "Russian Standard Time": "Europe/Moscow",
        "Eastern Standard Time": "America/New_York",
        "Central Standard Time": "America/Chicago",
        "Mountain Standard Time": "America/Denver",
        "US Mountain Standard Time": "America/Phoenix",
        "Pacific Standard Time": "America/Los_Angeles",
        "Atlantic Standard Time": "America/Halifax",
        "India Standard Time": "Asia/Kolkata",
        "China Standard Time": "Asia/Shanghai",
        "Singapore Standard Time": "Asia/Singapore",
        "Tokyo Standard Time": "Asia/Tokyo",
        "AUS Eastern Standard Time": "Australia/Sydney",
        "New Zealand Standard Time": "Pacific/Auckland",
        "UTC": "UTC",
        "Coordinated Universal Time": "UTC",
    ]

    /// The IANA zone a TZID names: an IANA identifier (`Europe/London`), one behind a vendor
    /// prefix (`/mozilla.org/20050126_1/Europe/London`, `/citadel.org/20190914_1/Europe/Paris`),
    /// or a Windows name from `windows`. Nil when none of these.
    public static func ianaZone(forTZID tzid: String) -> IANAZone? {
        let trimmed = tzid.trimmingSpaces()
        if let name = windows[trimmed] { return IANAZone(identifier: name) }
        if !trimmed.hasPrefix("/"), let zone = IANAZone(identifier: trimmed) { return zone }
        let parts = trimmed.split(separator: "/")
        // The trailing IANA part of a prefixed name: try the longest plausible suffix first.
        for length in stride(from: min(3, parts.count), through: 1, by: -1) {
            let candidate = parts.suffix(length).joined(separator: "/")
            if candidate.contains("/") || candidate == "UTC" || candidate == "GMT",
                let zone = IANAZone(identifier: candidate)
            {
                return zone
            }
        }
        return nil
    }
}
