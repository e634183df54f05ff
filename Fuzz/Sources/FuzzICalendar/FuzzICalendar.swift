import FuzzSupport
import TermscaleCore
import TermscaleReaders

/// The iCalendar reader, whole: parse, time zones, recurrence expansion and the import batch,
/// for exam sessions and for windows. Europe/London, so a DST gap and overlap are in reach.
private let zone = IANAZone.europeLondon
private let readers = [
    ICalendarReader(options: ReaderOptions(kind: .exam, zone: zone)),
    ICalendarReader(options: ReaderOptions(kind: .window, zone: zone, defaultDuration: 3600)),
]

// Also exported under libFuzzer's own name, which its `main` (linked with it, unused) refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzICalendar(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    for reader in readers {
        _ = try? reader.read(bytes, file: "fuzz.ics", source: "fuzz")
    }
    return 0
}
