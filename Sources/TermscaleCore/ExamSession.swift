import Foundation

/// One sitting of one exam paper: the unit the planner pre-warms for.
public struct ExamSession: Hashable, Sendable {
    /// Module or paper code (`MATH1001`); nil when the source has none.
    public var code: String?
    public var title: String
    public var location: String?
    /// Start instant (UTC).
    public var start: Date
    /// Scheduled end instant (UTC), before any extra time.
    public var end: Date
    /// Candidates sitting it; nil when the source does not say (the planner reports these).
    public var candidates: Int?
    /// The import source it came from (see `ImportSource`).
    public var source: String
    /// 1-based line in the source file where it is defined.
    public var sourceLine: Int

    public init(
        code: String?, title: String, location: String?, start: Date, end: Date,
        candidates: Int?, source: String, sourceLine: Int
    ) {
        self.code = code
        self.title = title
        self.location = location
        self.start = start
        self.end = end
        self.candidates = candidates
        self.source = source
        self.sourceLine = sourceLine
    }
}
