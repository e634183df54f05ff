import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleCore

/// Action names are written byte by byte (a simulated year names 25 million of them); they must
/// read exactly as the zero-padded formula says, for any group and instant.
@Suite struct ScheduledActionNameTests {
    @Test func namesAreTheZeroPaddedUTCMinute() {
        #expect(
            ScheduledAction.name(group: "moodle-web", startTime: utc("2027-01-12T08:45:00Z"))
                == "termscale-moodle-web-20270112T0845Z")
        #expect(ScheduledAction.name(group: "g", startTime: utc("0999-03-04T05:06:59Z")) == "termscale-g-09990304T0506Z")
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2_000 {
            let instant = rng.date(in: utc("1970-01-01T00:00:00Z")...utc("9999-12-31T23:59:59Z"))
            let group = rng.string(from: Array("abcdé-_.0123456789"), length: 1...20)
            let t = LocalDateTime(secondsAsIfUTC: UTCFormat.seconds(instant))
            let expected =
                "termscale-\(group)-\(t.date.year.zeroPadded(to: 4))\(t.date.month.zeroPadded(to: 2))"
                + "\(t.date.day.zeroPadded(to: 2))T\(t.hour.zeroPadded(to: 2))\(t.minute.zeroPadded(to: 2))Z"
            #expect(ScheduledAction.name(group: group, startTime: instant) == expected)
        }
    }
}
