import Foundation
import TermscaleAWS
import TermscaleCore
import TermscaleReports
import TermscaleStore

/// `termscale verify`: the pre-flight before an exam session, from a read-only reconcile.
///
/// A group is ready when MinSize is at least the plan's now, as many instances are InService, the
/// mix is on-demand when the plan says so, the next raise is scheduled at its time and size,
/// every scheduled action of the horizon is in place, and the target-tracking policy is as
/// configured. Nothing is written.
public enum Verify {
    /// The checklist of `push`'s group, from a dry run of it.
    public static func check(_ push: Push, store: CalendarStore) throws -> VerifyReport {
        var dry = push
        dry.dryRun = true
        let r = try dry.run(store: store)
        guard r.errors.isEmpty, let planned = r.plannedMinSize, let inService = r.instancesInService else {
            return VerifyReport(
                group: r.group, region: r.region, now: r.now,
                checks: [.init(name: "read", passed: false, detail: r.errors.joined(separator: "; "))])
        }
        let liveMinSize = r.minSizeSet?.from ?? planned
        var checks: [VerifyReport.Check] = [
            .init(
                name: "min-size", passed: liveMinSize >= planned, detail: "MinSize \(liveMinSize), the plan needs \(planned) now"),
            .init(
                name: "in-service", passed: inService >= planned,
                detail: "\(inService) instances InService, the plan needs \(planned)"),
        ]
        if !r.mixManaged {
            checks.append(
                .init(name: "mix", passed: !r.onDemandNow, detail: "not managed: the group has no MixedInstancesPolicy"))
        } else if r.onDemandNow {
            let onDemand = r.mixSet == nil || r.mixSet?.to.onDemandPercentAboveBase != 100
            checks.append(
                .init(
                    name: "mix", passed: onDemand,
                    detail: onDemand
                        ? "100% on-demand above base, as the plan needs now"
                        : "\(r.mixSet!.from), but the plan needs 100% on-demand above base now"))
        } else {
            checks.append(.init(name: "mix", passed: true, detail: "the plan needs no on-demand switch now"))
        }
        let missing = (r.puts + r.updates).sorted { $0.startTime < $1.startTime }
        if let next = missing.first(where: { $0.minSize > planned }) {
            checks.append(
                .init(
                    name: "next-raise", passed: false,
                    detail:
                        "the raise to MinSize \(next.minSize) at \(UTCFormat.rfc3339(next.startTime)) is not scheduled as planned"
                ))
        } else {
            checks.append(.init(name: "next-raise", passed: true, detail: "scheduled as planned"))
        }
        let wrong = missing.count + r.deletes.count
        checks.append(
            .init(
                name: "actions", passed: wrong == 0,
                detail: wrong == 0
                    ? "\(r.unchanged) scheduled actions, all as planned"
                    : "\(missing.count) missing or wrong, \(r.deletes.count) not in the plan, \(r.unchanged) as planned"))
        checks.append(coveredUntil(r))
        checks.append(
            .init(
                name: "target-tracking", passed: !r.policySet,
                detail: r.policySet ? "missing or not as configured" : "in place as configured"))
        return VerifyReport(group: r.group, region: r.region, now: r.now, checks: checks)
    }
}

extension Verify {
    /// How long exams stay covered if the admin instance dies now: passes when every raise and
    /// mix switch is in AWS until a day after the next exam starts (or until the end of what a
    /// push schedules, when that comes first).
    static func coveredUntil(_ r: PushReport) -> VerifyReport.Check {
        guard let until = r.coveredUntil, let through = r.scheduledThrough else {
            return .init(name: "covered-until", passed: false, detail: "unknown: the group could not be read")
        }
        let text = "covered until \(UTCFormat.rfc3339(until))"
        guard let next = r.nextExamStart else {
            return .init(name: "covered-until", passed: true, detail: "\(text); no exam starts within the horizon")
        }
        let needed = min(next.addingTimeInterval(86_400), through)
        let passed = until >= needed
        var detail = "\(text); the next exam starts \(UTCFormat.rfc3339(next))"
        if !passed {
            if until <= r.now {
                detail += ": MinSize or the mix is short now; run termscale push"
            } else if r.mixSwitchedBy == .cron {
                detail +=
                    ": from then on the switch to on-demand is made by the cron job alone (mix.switch: cron), so if the "
                    + "admin instance dies exam capacity launches on Spot; use mix.switch: scheduler"
            } else {
                detail += ": a raise or a mix switch before \(UTCFormat.rfc3339(needed)) is not in AWS; run termscale push"
            }
        }
        return .init(name: "covered-until", passed: passed, detail: detail)
    }

    /// The checklist of every policy's group.
    public static func checkAll(
        _ policies: [PolicyFile], store: CalendarStore, now: Date,
        connect: (Policy) throws -> GroupConnection
    ) throws -> [VerifyReport] {
        try policies.map { file in
            let c = try connect(file.policy)
            return try check(
                Push(policy: file, group: c.group, region: c.region, now: now, scheduler: c.scheduler), store: store)
        }
    }
}
