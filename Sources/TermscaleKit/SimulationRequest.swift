import Foundation
import TermscaleCore
import TermscaleReaders
import TermscaleStore

/// What `termscale simulate` is asked for, as the command line gives it: local days, a
/// late-changes file by path. `settings(policy:store:)` turns it into `SimulationSettings`.
public struct SimulationRequest: Sendable {
    /// Local days of the policy's zone; nil: every day of the stored calendar.
    public var days: LocalDateRange?
    public var cronOutageRate: Double
    public var cronDown: Range<Date>?
    public var actionDelayMax: Int
    public var bootMinutes: Int?
    public var spotInterruptionsPerDay: Double
    /// The `--late-changes` CSV.
    public var lateChanges: String?
    public var seed: UInt64
    /// Reads a file's bytes (live: the file system).
    public var readFile: @Sendable (String) throws -> [UInt8]
    /// Whether a file exists (live: the file system).
    public var fileExists: @Sendable (String) -> Bool

    public init(
        days: LocalDateRange? = nil, cronOutageRate: Double = 0, cronDown: Range<Date>? = nil,
        actionDelayMax: Int = SimulationSettings.defaultActionDelayMax, bootMinutes: Int? = nil,
        spotInterruptionsPerDay: Double = 0, lateChanges: String? = nil, seed: UInt64 = 1,
        readFile: @escaping @Sendable (String) throws -> [UInt8] = Importer.readFromDisk,
        fileExists: @escaping @Sendable (String) -> Bool = { FileManager.default.isReadableFile(atPath: $0) }
    ) {
        self.days = days
        self.cronOutageRate = cronOutageRate
        self.cronDown = cronDown
        self.actionDelayMax = actionDelayMax
        self.bootMinutes = bootMinutes
        self.spotInterruptionsPerDay = spotInterruptionsPerDay
        self.lateChanges = lateChanges
        self.seed = seed
        self.readFile = readFile
        self.fileExists = fileExists
    }

    /// The settings: the days as instants of `policy`'s zone (local midnight to local midnight),
    /// the late changes read and checked.
    /// - Throws: `TermscaleError.usage` when no range is given and nothing is imported;
    ///   `.unreadableInput` when the late-changes file cannot be read; `.invalidInput` listing
    ///   every bad line of it (a malformed field, a file that does not exist, an instant outside
    ///   the range), each as `FILE:LINE: field: message`.
    public func settings(policy: Policy, store: CalendarStore) throws -> SimulationSettings {
        let zone = policy.timezone
        let range = try days ?? CostForecastQuery.storedSpan(store, zone: zone)
        let from = CalendarQuery.startOfDay(range.from, in: zone)
        let to = CalendarQuery.startOfDay(range.to, in: zone)
        return SimulationSettings(
            from: from, to: to, cronOutageRate: cronOutageRate, cronDown: cronDown, actionDelayMax: actionDelayMax,
            bootMinutes: bootMinutes, spotInterruptionsPerDay: spotInterruptionsPerDay,
            lateChanges: try lateChanges.map { try readLateChanges($0, within: from..<to) } ?? [], seed: seed)
    }

    /// The changes listed in the CSV at `path`, each file resolved against the CSV's folder.
    func readLateChanges(_ path: String, within range: Range<Date>) throws -> [SimulationLateChange] {
        let bytes = try readFile(path)
        var changes: [SimulationLateChange]
        do {
            changes = try SimulationLateChangesReader.read(bytes, file: path)
        } catch let error as DiagnosticsError {
            throw TermscaleError.invalidInput(error)
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var diagnostics: [Diagnostic] = []
        for i in changes.indices {
            let given = changes[i].path
            changes[i].path = given.hasPrefix("/") ? given : folder.appendingPathComponent(given).path
            if !fileExists(changes[i].path) {
                diagnostics.append(
                    Diagnostic(
                        file: path, line: changes[i].line, field: "file",
                        message: "\(changes[i].path): no such file (a relative path is read from the late-changes file's folder)")
                )
            }
            if !range.contains(changes[i].at) {
                diagnostics.append(
                    Diagnostic(
                        file: path, line: changes[i].line, field: "at",
                        message: "\(UTCFormat.rfc3339(changes[i].at)) is outside the simulated range "
                            + "\(UTCFormat.rfc3339(range.lowerBound)) to \(UTCFormat.rfc3339(range.upperBound))"))
            }
        }
        if !diagnostics.isEmpty { throw TermscaleError.invalidInput(DiagnosticsError(diagnostics)) }
        return changes
    }
}
