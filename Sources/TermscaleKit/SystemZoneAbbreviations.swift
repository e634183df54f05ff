import Foundation
import TermscaleReaders

/// Zone abbreviations (`GMT`, `BST`, `CET`) from the system's compiled tzdata: reads the zone's
/// TZif file and hands its bytes to `TZifAbbreviationReader`.
public enum SystemZoneAbbreviations {
    /// A lookup from UTC offset (seconds east) to abbreviation for zone `identifier`, read from
    /// `$TZDIR` (default `/usr/share/zoneinfo`); it answers nil for offsets the file's footer
    /// does not name, or when the file cannot be read.
    public static func lookup(identifier: String, environment: [String: String])
        -> @Sendable (Int) -> String?
    {
        let folder = environment["TZDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/zoneinfo"
        guard !identifier.contains(".."),
            let data = FileManager.default.contents(atPath: folder + "/" + identifier),
            let names = TZifAbbreviationReader.read(Array(data))
        else { return { _ in nil } }
        return { offset in names[offset] }
    }
}
