// TEMPORARY until the reader branches are merged.
import TermscaleCore
public struct CSVTimetableReader: EventReader {
    public init(options: ReaderOptions) {}
    public func read(_ bytes: [UInt8], file: String, source: String) throws -> ImportBatch { ImportBatch() }
}
