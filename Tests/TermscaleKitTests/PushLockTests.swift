import Foundation
import TermscaleTestSupport
import Testing

@testable import TermscaleKit

/// The push lock: one holder per database, a wait that ends in exit 75, and a lock that dies with
/// its process.
@Suite struct PushLockTests {
    /// A clock that moves only when slept, recording each sleep: waits are exact and instant.
    final class FakeClock: @unchecked Sendable {
        private let queue = DispatchQueue(label: "fake-clock")
        private var current = Date(timeIntervalSince1970: 0)
        private var slept: [TimeInterval] = []

        var sleeps: [TimeInterval] { queue.sync { slept } }

        func waiting(interval: TimeInterval) -> PushLock.Waiting {
            PushLock.Waiting(
                now: { self.queue.sync { self.current } },
                sleep: { seconds in
                    self.queue.sync {
                        self.slept.append(seconds)
                        self.current.addTimeInterval(seconds)
                    }
                }, interval: interval)
        }
    }

    @Test func theLockFileIsBesideTheDatabaseAndPrivate() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("termscale.sqlite")
        let lock = try PushLock(database: database, timeout: 0)
        #expect(lock.path == database + ".push-lock")
        #expect(PushLock.path(forDatabase: "/var/lib/termscale/t.sqlite") == "/var/lib/termscale/t.sqlite.push-lock")
        let mode = try FileManager.default.attributesOfItem(atPath: lock.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        lock.release()
        // The file stays: removing it while a waiter has it open would let two pushes hold two locks.
        #expect(FileManager.default.fileExists(atPath: database + ".push-lock"))
    }

    @Test func aSecondPushWaitsItsTimeoutThenFailsWithExit75() throws {
        // Given a push holding the lock
        let folder = try TemporaryFolder()
        let database = folder.path("termscale.sqlite")
        let first = try PushLock(database: database)

        // When a second one tries for 1 s, a try every 0.25 s
        let clock = FakeClock()
        let error = #expect(throws: TermscaleError.self) {
            _ = try PushLock(database: database, timeout: 1, waiting: clock.waiting(interval: 0.25))
        }

        // Then it tried five times, slept 1 s in all, and fails naming the lock file
        #expect(clock.sleeps == [0.25, 0.25, 0.25, 0.25])
        #expect(error?.exitCode == 75)
        #expect(
            error?.description
                == "another termscale push holds the lock \(database).push-lock (waited 1 s); nothing was pushed. "
                + "It is released when that push ends or is killed, so the next run goes ahead; "
                + "find the process with: lsof \(database).push-lock")
        first.release()
    }

    @Test func theLastSleepStopsAtTheDeadline() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("termscale.sqlite")
        let first = try PushLock(database: database)
        let clock = FakeClock()
        #expect(throws: TermscaleError.self) {
            _ = try PushLock(database: database, timeout: 0.75, waiting: clock.waiting(interval: 0.5))
        }
        #expect(clock.sleeps == [0.5, 0.25])
        first.release()
    }

    @Test func aReleasedLockIsTakenAtOnce() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("termscale.sqlite")
        let first = try PushLock(database: database)
        first.release()
        let clock = FakeClock()
        let second = try PushLock(database: database, timeout: 30, waiting: clock.waiting(interval: 0.1))
        #expect(clock.sleeps.isEmpty)
        second.release()
    }

    @Test func aLockIsReleasedAtTheEndOfItsScope() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("termscale.sqlite")
        func push() throws -> String {
            let lock = try PushLock(database: database, timeout: 0)
            #expect(throws: TermscaleError.self) { _ = try PushLock(database: database, timeout: 0) }
            return lock.path
        }
        #expect(try push() == database + ".push-lock")
        let clock = FakeClock()
        _ = try PushLock(database: database, timeout: 30, waiting: clock.waiting(interval: 0.1))
        #expect(clock.sleeps.isEmpty)
    }

    @Test func aLockHeldByAnotherProcessTimesOutAndIsTakenAtOnceAfterItIsKilled() throws {
        // Given another process holding the lock with flock(2), as another push would
        let folder = try TemporaryFolder()
        let database = folder.path("termscale.sqlite")
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            """
            import fcntl, os, sys, time
            fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
            print("locked", flush=True)
            time.sleep(600)
            """,
            PushLock.path(forDatabase: database),
        ]
        let out = Pipe()
        holder.standardOutput = out
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        // Wait for its line; it may arrive in pieces, and is empty if python3 failed.
        var ready = ""
        while !ready.hasSuffix("\n") {
            let piece = out.fileHandleForReading.availableData
            if piece.isEmpty { break }
            ready += String(decoding: piece, as: UTF8.self)
        }
        try #require(ready == "locked\n", "the python3 lock holder did not start")

        // When a push tries for 0.3 s, then it fails with exit 75
        let error = #expect(throws: TermscaleError.self) { _ = try PushLock(database: database, timeout: 0.3) }
        guard case .pushLocked(let lockFile, let waited) = error else {
            Issue.record("expected pushLocked, got \(String(describing: error))")
            return
        }
        #expect(lockFile == database + ".push-lock")
        #expect(waited == 0.3)

        // When the holder is killed with SIGKILL, the kernel releases its lock: the next push takes
        // it on its first try
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(holder.terminationReason == .uncaughtSignal && holder.terminationStatus == SIGKILL)
        let lock = try PushLock(database: database, timeout: 0)
        #expect(lock.path == database + ".push-lock")
    }

    @Test func aLockFileThatCannotBeCreatedIsAStorageFailure() throws {
        let folder = try TemporaryFolder()
        let database = folder.path("missing/termscale.sqlite")
        let error = #expect(throws: TermscaleError.self) { _ = try PushLock(database: database, timeout: 0) }
        #expect(error?.exitCode == 74)
        #expect(
            error?.description
                == "database \(database): cannot open the push lock \(database).push-lock: No such file or directory; "
                + "check that this user can write the database's folder, or pass --db with another path")
    }

    @Test func aFractionalWaitIsShownToATenth() {
        #expect(
            TermscaleError.pushLocked(lockFile: "/l", waited: 0.3).description
                .hasPrefix("another termscale push holds the lock /l (waited 0.3 s); nothing was pushed."))
        #expect(
            TermscaleError.pushLocked(lockFile: "/l", waited: 30).description
                .hasPrefix("another termscale push holds the lock /l (waited 30 s); nothing was pushed."))
    }
}
