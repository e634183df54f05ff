/// What `termscale schedule` prints: how to run `push` every few minutes on the admin instance,
/// with absolute paths only, so nothing depends on `HOME`, a login shell or the working folder.
public struct PushSchedule: Sendable, Equatable {
    /// The termscale executable.
    public var executable: String
    public var policies: [String]
    public var database: String
    /// Minutes between runs (1–60, dividing 60 for cron's `*/N`).
    public var everyMinutes: Int
    /// Where cron appends the output (systemd sends it to the journal).
    public var logFile: String

    public init(executable: String, policies: [String], database: String, everyMinutes: Int, logFile: String) {
        self.executable = executable
        self.policies = policies
        self.database = database
        self.everyMinutes = everyMinutes
        self.logFile = logFile
    }

    /// The push's arguments, the executable first.
    public var arguments: [String] { [executable, "push"] + policies.flatMap { ["--policy", $0] } + ["--db", database] }

    /// The push command line for a shell, each argument quoted as needed.
    public var command: String { arguments.map(Self.quoted).joined(separator: " ") }

    /// The push command line for systemd's `ExecStart=`, whose quoting is not a shell's:
    /// double quotes with C escapes, and `%` and `$` doubled.
    public var systemdCommand: String {
        arguments.map { word in
            let escaped = word.replacing("%", with: "%%").replacing("$", with: "$$")
            let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:=@,".contains($0) }
            return safe && !word.isEmpty
                ? escaped : "\"" + escaped.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        }.joined(separator: " ")
    }

    /// `'…'` when a word holds anything a shell would read specially.
    static func quoted(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:=@,".contains($0) }
        return safe && !word.isEmpty ? word : "'" + word.replacing("'", with: #"'\''"#) + "'"
    }
}

/// How `termscale schedule` prints.
public enum ScheduleFormat: String, Sendable, CaseIterable {
    case cron
    case systemd

    public var renderer: any ReportRenderer<PushSchedule> {
        switch self {
        case .cron: CronScheduleRenderer()
        case .systemd: SystemdScheduleRenderer()
        }
    }
}

/// One crontab line for `/etc/cron.d/termscale`, with a comment on how to install it.
public struct CronScheduleRenderer: ReportRenderer {
    public init() {}

    public func render(_ s: PushSchedule) -> String {
        let minutes = s.everyMinutes == 1 ? "*" : "*/\(s.everyMinutes)"
        return """
            # /etc/cron.d/termscale: push the plan every \(s.everyMinutes) minutes (install as root, mode 0644;
            # the log's folder must exist). Exit codes are in `termscale push --help`.
            SHELL=/bin/sh
            PATH=/usr/bin:/bin
            \(minutes) * * * * root \(s.command) >> \(PushSchedule.quoted(s.logFile)) 2>&1

            """
    }
}

/// A oneshot service and its timer, for `/etc/systemd/system/`.
public struct SystemdScheduleRenderer: ReportRenderer {
    public init() {}

    public func render(_ s: PushSchedule) -> String {
        """
        # /etc/systemd/system/termscale-push.service
        [Unit]
        Description=termscale: push the exam capacity plan to Auto Scaling
        Wants=network-online.target
        After=network-online.target

        [Service]
        Type=oneshot
        ExecStart=\(s.systemdCommand)
        # 75: another push held the lock; the next run goes ahead. Exit 1 and 2 (failed, partly
        # applied) leave the unit failed, for `systemctl --failed` and monitoring to see.
        SuccessExitStatus=75
        TimeoutStartSec=240

        # /etc/systemd/system/termscale-push.timer
        [Unit]
        Description=termscale push every \(s.everyMinutes) minutes

        [Timer]
        OnCalendar=*:0/\(s.everyMinutes)
        AccuracySec=1s
        Persistent=true

        [Install]
        WantedBy=timers.target

        # Install: systemctl daemon-reload && systemctl enable --now termscale-push.timer
        # Logs:    journalctl -u termscale-push.service

        """
    }
}
