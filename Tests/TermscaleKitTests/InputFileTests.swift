import Foundation
import TermscaleCore
import TermscaleKit
import TermscaleTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Reading input files within their limit: regular files by their size, streams up to the limit.
@Suite struct InputFileTests {
    static let limit = InputFile.Limit(bytes: 1 << 20, kind: "a test file")

    /// Expects `read` to fail with exit 65 and exactly `path: what, more than …`.
    func expectTooLarge(
        _ path: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ read: () throws -> [UInt8]
    ) {
        #expect(sourceLocation: sourceLocation) {
            _ = try read()
        } throws: { error in
            guard let error = error as? TermscaleError, case .invalidInput = error else { return false }
            return error.exitCode == 65
                && error.description
                    == "\(path): \(what), more than termscale reads from a test file (1 MiB); is it the right file? "
                    + "Split a larger one, or leave out what termscale does not need"
        }
    }

    func expectUnreadable(_ path: String, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            _ = try InputFile.read(path, limit: .calendar)
        } throws: { error in
            guard let error = error as? TermscaleError else { return false }
            return error.exitCode == 66 && error.description == "\(path): cannot read: \(reason)"
        }
    }

    @Test func aFileUpToTheLimitIsReadWholeAndOneByteMoreIsRefused() throws {
        let tmp = try TemporaryFolder()
        let text = String(repeating: "x", count: 1 << 20)
        let fits = try tmp.write("fits.ics", text)
        #expect(try InputFile.read(fits, limit: Self.limit) == Array(text.utf8))
        let empty = try tmp.write("empty.ics", "")
        #expect(try InputFile.read(empty, limit: Self.limit) == [])
        let over = try tmp.write("over.ics", text + "y")
        expectTooLarge(over, "is 1,048,577 bytes") { try InputFile.read(over, limit: Self.limit) }
        let twice = try tmp.write("twice.ics", text + text)
        expectTooLarge(twice, "is 2 MiB") { try InputFile.read(twice, limit: Self.limit) }
    }

    @Test func aStreamIsReadUpToTheLimitAndNoFurther() throws {
        let tmp = try TemporaryFolder()
        let fifo = tmp.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        // A writer that never stops; the reader stops one byte past the limit.
        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: "/bin/sh")
        writer.arguments = ["-c", "yes > \"$0\" 2>/dev/null", fifo]
        try writer.run()
        defer { writer.terminate() }
        expectTooLarge(fifo, "goes on past 1 MiB") { try InputFile.read(fifo, limit: Self.limit) }

        let short = tmp.path("short")
        #expect(mkfifo(short, 0o600) == 0)
        let shortWriter = Process()
        shortWriter.executableURL = URL(fileURLWithPath: "/bin/sh")
        shortWriter.arguments = ["-c", "printf 'abc' > \"$0\"", short]
        try shortWriter.run()
        #expect(try InputFile.read(short, limit: Self.limit) == Array("abc".utf8))
        shortWriter.waitUntilExit()
    }

    @Test func missingFilesAndFoldersAreUnreadableAsBefore() throws {
        let tmp = try TemporaryFolder()
        expectUnreadable(tmp.path("nope.csv"), "no such file")
        expectUnreadable(tmp.url.path, "is a folder")
    }

    @Test func theLimitsAreThoseTheREADMEDocuments() {
        #expect(InputFile.Limit.calendar.bytes == 67_108_864)
        #expect(InputFile.Limit.policy.bytes == 1_048_576)
    }
}
