import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The exclusive lock a push holds on its database, so that two pushes (cron runs that overlap)
/// never interleave their writes to a group.
///
/// It is `flock(2)` on a lock file beside the database, `<database>.push-lock` (created 0600,
/// never removed): the kernel releases it when the descriptor is closed, and so when the process
/// ends in any way, `kill -9` included, so a killed push never blocks the next. The lock is held
/// for the value's lifetime: until `release()` or the end of the scope that holds it. (Bind it to
/// a name: `let _ = try PushLock(…)` releases it at once.)
///
/// Take it after opening the store for writing, which creates the database's folder.
public struct PushLock: ~Copyable, Sendable {
    /// How long a push waits for another to finish: pushes run every 5 minutes and finish in
    /// seconds, so a lock held for 30 s belongs to a push that is stuck or far too slow, and
    /// waiting longer would only pile runs up.
    public static let defaultTimeout: TimeInterval = 30

    /// How the lock waits: the clock, the sleep and how often it tries again. Tests pass a clock
    /// that moves only when slept, so a timeout is exact and instant.
    public struct Waiting: Sendable {
        public var now: @Sendable () -> Date
        public var sleep: @Sendable (TimeInterval) -> Void
        /// Seconds between two tries.
        public var interval: TimeInterval

        public init(
            now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (TimeInterval) -> Void, interval: TimeInterval
        ) {
            self.now = now
            self.sleep = sleep
            self.interval = interval
        }

        /// The system clock, `Thread.sleep`, a try every 100 ms.
        public static let live = Waiting(now: { Date() }, sleep: { Thread.sleep(forTimeInterval: $0) }, interval: 0.1)
    }

    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// The lock file of the database at `database`: `<database>.push-lock`.
    public static func path(forDatabase database: String) -> String { database + ".push-lock" }

    /// Takes the lock of the database at `database`, trying again until `timeout` seconds have
    /// passed (0: one try).
    /// - Throws: `TermscaleError.pushLocked` (exit 75) when another process still holds it then;
    ///   `TermscaleError.storage` (exit 74) when the lock file cannot be opened or locked.
    public init(database: String, timeout: TimeInterval = defaultTimeout, waiting: Waiting = .live) throws(TermscaleError) {
        let path = Self.path(forDatabase: database)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw .storage(
                path: database,
                reason: "cannot open the push lock \(path): \(String(cString: strerror(errno))); check that this user "
                    + "can write the database's folder, or pass --db with another path")
        }
        let deadline = waiting.now().addingTimeInterval(timeout)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let failure = errno
            if failure == EINTR { continue }
            guard failure == EWOULDBLOCK else {
                close(descriptor)
                throw .storage(
                    path: database, reason: "cannot lock the push lock \(path): \(String(cString: strerror(failure)))")
            }
            let left = deadline.timeIntervalSince(waiting.now())
            guard left > 0 else {
                close(descriptor)
                throw .pushLocked(lockFile: path, waited: timeout)
            }
            waiting.sleep(min(waiting.interval, left))
        }
        self.path = path
        self.descriptor = descriptor
    }

    /// Releases the lock now, rather than at the end of the scope.
    public consuming func release() {}

    deinit { close(descriptor) }
}
