import FuzzSupport
import TermscaleCore
import TermscaleReaders

/// The policy loader: YAML bytes through Yams, the document's keys and scalars, validation.
// Also exported under libFuzzer's own name, which its `main` (linked with it, unused) refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    _ = try? PolicyReader.read(bytes, file: "fuzz.yaml")
    return 0
}
