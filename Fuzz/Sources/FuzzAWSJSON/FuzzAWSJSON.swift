import Foundation
import FuzzSupport
import TermscaleAWS

/// The REST-JSON side: `AWSJSON` on the raw bytes (and what it writes back must parse to the
/// same value), then every EventBridge Scheduler read with the bytes as the answer, and the
/// bytes as an error answer.
// Also exported under libFuzzer's own name, which its `main` (linked with it, unused) refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAWSJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    if let document = try? AWSJSON.parse(bytes) {
        let written = document.text
        guard let again = try? AWSJSON.parse(written), again == document else {
            fatalError("AWSJSON wrote \(written), which does not parse back to the same document")
        }
    }
    _ = AWSServiceError(restJSONResponse: HTTPResponse(status: 400, body: bytes), service: "scheduler")

    let scheduler = SchedulerClient(rest: FuzzAnswer.restClient(status: 200, body: bytes))
    _ = try? scheduler.listSchedules(group: "fuzz")
    _ = try? scheduler.getSchedule(group: "fuzz", name: "fuzz")
    _ = try? scheduler.scheduleGroupExists(name: "fuzz")
    _ = try? scheduler.createScheduleGroup(name: "fuzz")
    _ = try? scheduler.deleteSchedule(group: "fuzz", name: "fuzz")

    let refused = SchedulerClient(rest: FuzzAnswer.restClient(status: 400, body: bytes))
    _ = try? refused.listSchedules(group: "fuzz")
    return 0
}
