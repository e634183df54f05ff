import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleCrypto
import TermscaleReports

/// Step 5b of the push, `mix.switch: scheduler`: the mix switches kept inside AWS as
/// EventBridge Scheduler one-time schedules in the group's schedule group, so that they happen
/// even when the cron host is down.
extension Push {
    /// What step 5b will write.
    struct ScheduleWork {
        var createGroup = false
        var creates: [MixSwitchSchedule] = []
        var deletes: [String] = []
    }

    /// The schedule group termscale keeps for `group`: `termscale-<group>` when that is a valid
    /// name (1–64 of `[0-9a-zA-Z-_.]`), else `termscale-` + the valid characters of the group's
    /// name cut to 45 + `-` + 8 hex digits of its hash, so that every group has its own.
    public static func scheduleGroupName(group: String) -> String {
        let plain = "termscale-\(group)"
        let valid: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        if plain.count <= 64, plain.allSatisfy(valid) { return plain }
        let kept = String(group.filter(valid).prefix(45))
        return "termscale-\(kept)-\(Digest.hex(Digest.sha256(Array(group.utf8))).prefix(8))"
    }

    /// The switches the plan needs from `now` to `scheduleEnd`, as the schedules that make them,
    /// compared with what AWS holds; fills in the report. Reads only.
    func planSchedules(
        plan: CapacityPlan, live: MixedInstancesPolicy, scheduleEnd: Date, report: inout PushReport, log: inout CallLog
    ) -> ScheduleWork? {
        let p = policy.policy
        guard let scheduler else {
            report.errors.append("mix.switch is scheduler but no EventBridge Scheduler client was given")
            return nil
        }
        guard let role = p.mix.schedulerRoleArn else { return nil }
        var inputs: [MixSwitch.Kind: (text: String, hash: String)] = [:]
        do {
            for kind in MixSwitch.Kind.allCases {
                inputs[kind] = try SwitchInputs.shared.input(
                    group: group.groupName, policy: Self.distribution(of: live, onDemand: kind == .onDemand, policy: p))
            }
        } catch {
            report.errors.append(
                "the mix switches cannot be scheduled in AWS: \(error); the cron job's mix step still switches the mix")
            return nil
        }
        var wanted: [String: MixSwitch] = [:]
        for s in MixSwitchPlan.switches(plan: plan, from: now, to: scheduleEnd) {
            wanted[MixSwitchPlan.name(s, inputHash: inputs[s.kind]!.hash)] = s
        }
        let listed: [ScheduleSummary]?
        do {
            listed = try log.read("ListSchedules", { try scheduler.listSchedules() })
        } catch {
            report.errors.append("the mix switches' schedules could not be read: \(Self.describe(error))")
            return nil
        }
        let diff = MixSwitchPlan.diff(
            wanted: wanted, live: (listed ?? []).map(\.name), leadEnd: now.addingTimeInterval(Self.leadTime))
        var work = ScheduleWork(createGroup: listed == nil && !diff.creates.isEmpty)
        func reasons(_ s: MixSwitch) -> [String] {
            let at = s.kind == .onDemand ? s.at : s.at.addingTimeInterval(-1)
            return plan.segment(at: at)?.reasons ?? []
        }
        for name in diff.creates {
            let s = wanted[name]!
            let why = reasons(s)
            let change = PushReport.ScheduledSwitch(name: name, mixSwitch: s, reasons: why)
            report.switchCreates.append(change)
            work.creates.append(
                MixSwitchSchedule(
                    name: name, at: s.at, input: inputs[s.kind]!.text, roleArn: role,
                    description: String(
                        "termscale: group \(group.groupName) \(change.what)"
                            + (why.isEmpty ? "" : " for \(why.joined(separator: ", "))")
                    ).prefix(512).description))
        }
        for name in diff.deletes {
            guard let s = MixSwitchPlan.parse(name) else { continue }
            report.switchDeletes.append(PushReport.ScheduledSwitch(name: name, mixSwitch: s))
            work.deletes.append(name)
            if s.at >= now {
                report.warnings.append(
                    "the mix switch \(name) (\(PushReport.ScheduledSwitch(name: name, mixSwitch: s).what) at "
                        + "\(UTCFormat.rfc3339(s.at))) is no longer in the plan: an exam was moved or cancelled, or the "
                        + "group's launch template or the policy's mix changed")
            }
        }
        report.switchesUnchanged = diff.unchanged.count
        for name in diff.foreign {
            report.warnings.append(
                "the schedule \(name) in \(scheduler.scheduleGroupName) is not termscale's: it is left alone")
        }
        return work
    }

    /// Writes step 5b's schedules: the group first when it is missing, then creates, then deletes.
    func applySchedules(_ work: ScheduleWork, log: inout CallLog) {
        guard let scheduler else { return }
        if work.createGroup {
            log.write("CreateScheduleGroup", scheduler.scheduleGroupName) { try scheduler.createGroupIfMissing() }
        }
        for schedule in work.creates {
            log.write("CreateSchedule", schedule.name) {
                do {
                    try scheduler.createSchedule(schedule)
                } catch let error as AWSServiceError where error.code == "ConflictException" {
                    // Made by an earlier call whose answer was lost: the name says what it does.
                }
            }
        }
        for name in work.deletes {
            log.write("DeleteSchedule", name) { try scheduler.deleteSchedule(name: name) }
        }
    }
}

/// The inputs of recent mix switches and their hashes: a group's two inputs change only when its
/// launch template or the policy's mix does, and a simulated year asks for them 200,000 times.
final class SwitchInputs: @unchecked Sendable {
    static let shared = SwitchInputs()

    private let lock = NSLock()
    private var recent: [(group: String, policy: MixedInstancesPolicy, text: String, hash: String)] = []

    /// The input text and its SHA-256 (hex) for `policy` on `group`.
    func input(group: String, policy: MixedInstancesPolicy) throws -> (text: String, hash: String) {
        if let hit = lock.withLock({ recent.first { $0.group == group && $0.policy == policy } }) {
            return (hit.text, hit.hash)
        }
        // The `UpdateAutoScalingGroup` call the switch makes, as the schedule's input.
        let text = try MixSwitchInput(groupName: group, mixedInstancesPolicy: policy).json()
        let hash = Digest.hex(Digest.sha256(Array(text.utf8)))
        lock.withLock {
            recent.insert((group, policy, text, hash), at: 0)
            // Two inputs per group, for the groups one push reconciles at once, and then some.
            if recent.count > 64 { recent.removeLast() }
        }
        return (text, hash)
    }
}
