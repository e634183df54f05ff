import Foundation

/// A one-time EventBridge Scheduler schedule that calls Auto Scaling's `UpdateAutoScalingGroup`
/// with a whole `MixedInstancesPolicy`: how termscale switches the Spot/on-demand mix from inside
/// AWS (`mix.switch: scheduler`).
///
/// Every schedule termscale writes has the same fixed settings, which the implementations supply:
/// expression `at(yyyy-mm-ddThh:mm:ss)` in `ScheduleExpressionTimezone` `UTC`, flexible time
/// window `OFF`, state `ENABLED`, `ActionAfterCompletion` `DELETE`, target
/// `MixSwitchSchedule.targetArn` with `Input` and `RoleArn` as given.
public struct MixSwitchSchedule: Sendable, Equatable {
    /// The universal target that calls `autoscaling:UpdateAutoScalingGroup`.
    public static let targetArn = "arn:aws:scheduler:::aws-sdk:autoscaling:updateAutoScalingGroup"

    /// 1–64 characters of `[0-9a-zA-Z-_.]`, unique within the schedule group.
    public var name: String
    /// When it fires (UTC, whole seconds).
    public var at: Date
    /// `Target.Input`: the `UpdateAutoScalingGroup` parameters as JSON text (PascalCase).
    public var input: String
    /// `Target.RoleArn`: the role EventBridge Scheduler assumes to call Auto Scaling.
    public var roleArn: String
    /// `Description`, for people reading the console (up to 512 characters).
    public var description: String

    public init(name: String, at: Date, input: String, roleArn: String, description: String = "") {
        self.name = name
        self.at = at
        self.input = input
        self.roleArn = roleArn
        self.description = description
    }
}

/// A schedule as `ListSchedules` summarises it (no target input).
public struct ScheduleSummary: Sendable, Equatable {
    public var name: String
    /// `ENABLED` or `DISABLED`.
    public var state: String
    public var targetArn: String?

    public init(name: String, state: String = "ENABLED", targetArn: String? = nil) {
        self.name = name
        self.state = state
        self.targetArn = targetArn
    }
}

/// One EventBridge Scheduler schedule group (termscale keeps one per Auto Scaling group) as the
/// push sees it. Two implementations, as for `AutoScalingGroupAPI`: the live one (the Scheduler
/// REST-JSON API) and an in-memory one that enforces the rules AWS enforces and moto does not.
public protocol ScheduleGroupAPI: Sendable {
    /// The schedule group's name.
    var scheduleGroupName: String { get }
    /// Creates the schedule group; one that already exists is not an error.
    func createGroupIfMissing() throws
    /// Every schedule in the group, all pages; nil when the group does not exist.
    func listSchedules() throws -> [ScheduleSummary]?
    /// The schedule, or nil when there is none of that name.
    func getSchedule(name: String) throws -> MixSwitchSchedule?
    /// Creates a schedule. A schedule of that name that already exists is an error
    /// (`ConflictException`), as in AWS.
    func createSchedule(_ schedule: MixSwitchSchedule) throws
    /// Deletes a schedule; one that is already gone (fired and deleted, or deleted by an earlier
    /// call whose answer was lost) is not an error.
    func deleteSchedule(name: String) throws
}
