import Foundation
import TermscaleTestSupport
import Testing

/// The README's first set-up command, as a newcomer runs it: `scripts/demo` with the built binary
/// (`TERMSCALE_BIN`), against its own moto_server — import, the exam week's plan, the cost, a
/// dry-run push, pushes, verify, history and the simulation of a dead cron host. Any step that
/// fails fails the script, and this test.
@Suite struct WalkThroughEndToEndTests {
    @Test func theDemoRunsTheWholeMainJob() throws {
        let run = try TermscaleBinary.run(
            [],
            environment: [
                "TERMSCALE_BIN": TermscaleBinary.url.path,
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            ],
            // sh gets the binary as $0 and ignores it.
            launcher: ["/bin/sh", "-c", "exec scripts/demo"], timeout: 300)
        #expect(run.exitCode == 0, "\(run.stdout.suffix(2000))\(run.stderr.suffix(2000))")
        let out = run.stdout
        for step in [
            "== import the academic calendar (windows)",
            "== its plan for the group moodle-web (policies/moodle-web.yaml), as seen on Mon 4 Jan at 06:00 UTC",
            "== what that plan costs in January",
            "moodle-web (eu-west-2, policies/moodle-web.yaml): dry-run, nothing written",
            "moodle-web (eu-west-2, policies/moodle-web.yaml): changed",
            "moodle-web (eu-west-2) at 2027-01-12T09:00:00Z: ready",
            "  ✔ covered-until   covered until 2027-01-26T09:00:00Z; the next exam starts 2027-01-12T09:30:00Z",
            "Exam starts 298: covered 298 (100.0%), covered on-demand 298 (100.0%)",
        ] {
            #expect(out.contains(step), "missing: \(step)")
        }
    }
}
