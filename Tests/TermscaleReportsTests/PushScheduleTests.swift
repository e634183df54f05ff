import TermscaleReports
import Testing

@Suite struct PushScheduleTests {
    static let schedule = PushSchedule(
        executable: "/usr/local/bin/termscale", policies: ["/etc/termscale/moodle-web.yaml", "/etc/termscale/moodle exams.yaml"],
        database: "/var/lib/termscale/state.sqlite", everyMinutes: 5, logFile: "/var/log/termscale/push.log")

    @Test func cronLineHasAbsolutePathsQuotedForTheShell() {
        #expect(
            CronScheduleRenderer().render(Self.schedule) == """
                # /etc/cron.d/termscale: push the plan every 5 minutes (install as root, mode 0644;
                # the log's folder must exist). Exit codes are in `termscale push --help`.
                SHELL=/bin/sh
                PATH=/usr/bin:/bin
                */5 * * * * root /usr/local/bin/termscale push --policy /etc/termscale/moodle-web.yaml --policy '/etc/termscale/moodle exams.yaml' --db /var/lib/termscale/state.sqlite >> /var/log/termscale/push.log 2>&1

                """)
        var hourly = Self.schedule
        hourly.everyMinutes = 1
        #expect(CronScheduleRenderer().render(hourly).contains("\n* * * * * root "))
    }

    @Test func systemdUnitsQuoteAsSystemdDoes() {
        var s = Self.schedule
        s.policies = [#"/etc/termscale/it's "100%" $HOME.yaml"#]
        let text = SystemdScheduleRenderer().render(s)
        #expect(
            text.contains(
                #"""
                ExecStart=/usr/local/bin/termscale push --policy "/etc/termscale/it's \"100%%\" $$HOME.yaml" --db /var/lib/termscale/state.sqlite
                """#), "\(text)")
        #expect(text.contains("OnCalendar=*:0/5\n"))
        #expect(text.contains("SuccessExitStatus=75\n"))
        #expect(text.contains("Type=oneshot\n"))
    }

    @Test func shellQuotingSurvivesASingleQuote() {
        var s = Self.schedule
        s.policies = ["/etc/termscale/it's.yaml"]
        #expect(s.command.contains(#"--policy '/etc/termscale/it'\''s.yaml'"#))
    }
}
