import Foundation

/// A load profile as read from its file (`termscale cost --load FILE`): the 168 hourly averages,
/// and how much of the week the file gave, so a report can say "N of 168 hours given, the rest
/// taken as 0".
///
/// In Core, not Readers, so the cost report (which sees Core only) can print it.
public struct LoadProfileFile: Hashable, Sendable {
    /// The path as given on the command line (the name diagnostics used).
    public var path: String
    /// Every hour of the week; hours the file did not list are 0.
    public var profile: LoadProfile
    /// How many of the 168 hours the file listed, those listed as 0 included.
    public var hoursGiven: Int

    public init(path: String, profile: LoadProfile, hoursGiven: Int) {
        self.path = path
        self.profile = profile
        self.hoursGiven = hoursGiven
    }

    /// Instance-hours above the floor in one 168-hour week: the sum of the hourly averages, exact.
    public var instanceHoursPerWeek: Decimal { profile.instances.reduce(0, +) }

    /// The mean instances above the floor over the 168 hours of the week (hours not given count
    /// as 0), rounded half away from zero to two decimals, as a report prints it. The exact
    /// figure is `instanceHoursPerWeek / 168`, which rarely has a finite decimal expansion.
    public var meanInstances: Decimal { Decimal.rounded(instanceHoursPerWeek / 168, scale: 2, .plain) }
}
