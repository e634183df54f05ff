import FuzzSupport
import TermscaleCore
import TermscaleReaders

/// The CSV timetable reader, whole: encoding, header mapping, wall-clock forms and the import
/// batch, for exam sessions (day first) and windows (month first, no header).
private let zone = IANAZone.europeLondon
private let readers = [
    CSVTimetableReader(options: ReaderOptions(kind: .exam, zone: zone)),
    CSVTimetableReader(options: ReaderOptions(kind: .window, zone: zone, hasHeader: false, dateOrder: .mdy)),
]

// Also exported under libFuzzer's own name, which its `main` (linked with it, unused) refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    for reader in readers {
        _ = try? reader.read(bytes, file: "fuzz.csv", source: "fuzz")
    }
    return 0
}
