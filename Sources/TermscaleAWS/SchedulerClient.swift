import Foundation
import TermscaleCore
import TermscaleCrypto

/// The EventBridge Scheduler calls termscale makes, typed, over `AWSRestJSONClient` (signing name
/// `scheduler`, API version 2021-06-30): one-time schedules that switch a group's mix, in the
/// schedule group termscale keeps per Auto Scaling group.
///
/// Every schedule is written with the same fixed settings (see `MixSwitchSchedule`): `at(…)` in
/// `UTC`, flexible time window `OFF`, `ENABLED`, deleted after completion, the universal target
/// with `retryPolicy`.
public struct SchedulerClient: Sendable {
    public let rest: AWSRestJSONClient
    /// Summaries asked for per ListSchedules page: the API's maximum.
    public static let pageSize = 100
    /// `Target.RetryPolicy` of every schedule: when UpdateAutoScalingGroup fails (throttled, the
    /// group busy), EventBridge Scheduler retries it with exponential backoff up to 10 more times,
    /// for at most an hour. A switch that has not landed within the hour is dropped rather than
    /// applied hours late, possibly after the switch that should follow it; the next cron run's mix
    /// step repairs the mix either way. (AWS's defaults, 185 attempts over 24 hours, could flip a
    /// group to on-demand a day after its exams.)
    public static let retryPolicy = RetryPolicy(maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600)

    /// `Target.RetryPolicy`.
    public struct RetryPolicy: Sendable, Equatable {
        /// 0–185.
        public var maximumRetryAttempts: Int
        /// 60–86,400.
        public var maximumEventAgeInSeconds: Int
    }

    public init(rest: AWSRestJSONClient) { self.rest = rest }

    // MARK: Schedule groups

    /// CreateScheduleGroup (`POST /schedule-groups/{Name}`).
    /// - Returns: false when the group existed already (`ConflictException`), which is not an error.
    @discardableResult
    public func createScheduleGroup(name: String) throws -> Bool {
        do {
            _ = try rest.call(
                AWSRestJSONRequest(
                    action: "CreateScheduleGroup", method: "POST", path: ["schedule-groups", name], body: .object([])))
            return true
        } catch let error as AWSServiceError where error.code == "ConflictException" {
            return false
        }
    }

    /// GetScheduleGroup (`GET /schedule-groups/{Name}`): whether the group exists.
    public func scheduleGroupExists(name: String) throws -> Bool {
        do {
            _ = try rest.call(AWSRestJSONRequest(action: "GetScheduleGroup", method: "GET", path: ["schedule-groups", name]))
            return true
        } catch let error as AWSServiceError where error.code == "ResourceNotFoundException" {
            return false
        }
    }

    // MARK: Schedules

    /// Every schedule of `group`, following `NextToken` (ListSchedules,
    /// `GET /schedules?ScheduleGroup=G&MaxResults=100&NextToken=T`), in the order AWS lists them.
    ///
    /// Nil when the group does not exist. AWS's model lists ResourceNotFoundException for
    /// ListSchedules, and moto answers an empty list for a group it does not have; so an empty
    /// list is checked with GetScheduleGroup, and either answer gives nil for a missing group.
    /// - Throws: `AWSServiceError` from AWS; code `PagingLoop` when a token comes back a second time.
    public func listSchedules(group: String) throws -> [ScheduleSummary]? {
        let action = "ListSchedules"
        var summaries: [ScheduleSummary] = []
        var token: String?
        var tokens = NextTokens(action: action, service: "scheduler")
        do {
            repeat {
                var query = [("ScheduleGroup", group), ("MaxResults", String(Self.pageSize))]
                if let token { query.append(("NextToken", token)) }
                let page = try rest.call(AWSRestJSONRequest(action: action, method: "GET", path: ["schedules"], query: query))
                guard case .array(let items)? = page["Schedules"] else {
                    throw AWSServiceError.malformedResponse(
                        "\(action) answered without a Schedules list", action: action, service: "scheduler")
                }
                for item in items {
                    guard let name = item["Name"]?.stringValue else {
                        throw AWSServiceError.malformedResponse(
                            "\(action) listed a schedule without a Name", action: action, service: "scheduler")
                    }
                    summaries.append(
                        ScheduleSummary(
                            name: name, state: item["State"]?.stringValue ?? "ENABLED",
                            targetArn: item["Target"]?["Arn"]?.stringValue))
                }
                token = try tokens.next(page["NextToken"]?.stringValue)
            } while token != nil
        } catch let error as AWSServiceError where error.code == "ResourceNotFoundException" {
            return nil
        }
        if summaries.isEmpty, try !scheduleGroupExists(name: group) { return nil }
        return summaries
    }

    /// GetSchedule (`GET /schedules/{Name}?groupName=G`) read back as the schedule termscale wrote.
    /// - Returns: nil when there is no schedule of that name in the group, or no group.
    /// - Throws: `SchedulerClientError.notAMixSwitchSchedule` for a schedule termscale cannot have
    ///   written (not `at(…)` in UTC, another target, no input or role), `AWSServiceError` from AWS.
    public func getSchedule(group: String, name: String) throws -> MixSwitchSchedule? {
        let document: AWSJSON
        do {
            document = try rest.call(
                AWSRestJSONRequest(
                    action: "GetSchedule", method: "GET", path: ["schedules", name], query: [("groupName", group)]))
        } catch let error as AWSServiceError where error.code == "ResourceNotFoundException" {
            return nil
        }
        func refuse(_ reason: String) -> SchedulerClientError {
            .notAMixSwitchSchedule(group: group, name: name, reason: reason)
        }
        let expression = document["ScheduleExpression"]?.stringValue ?? ""
        guard let at = Self.instant(atExpression: expression) else {
            throw refuse("its expression \"\(expression)\" is not a one-time at(yyyy-mm-ddThh:mm:ss)")
        }
        let zone = document["ScheduleExpressionTimezone"]?.stringValue ?? "UTC"
        guard zone == "UTC" else { throw refuse("its expression is in time zone \(zone), not UTC") }
        let target = document["Target"]
        let arn = target?["Arn"]?.stringValue ?? ""
        guard arn == MixSwitchSchedule.targetArn else {
            throw refuse("its target is \"\(arn)\", not \(MixSwitchSchedule.targetArn)")
        }
        guard let input = target?["Input"]?.stringValue else { throw refuse("its target has no Input") }
        guard let roleArn = target?["RoleArn"]?.stringValue else { throw refuse("its target has no RoleArn") }
        return MixSwitchSchedule(
            name: document["Name"]?.stringValue ?? name, at: at, input: input, roleArn: roleArn,
            description: document["Description"]?.stringValue ?? "")
    }

    /// CreateSchedule (`POST /schedules/{Name}`) with termscale's fixed settings and a
    /// `ClientToken` derived from everything sent (`clientToken(group:schedule:)`), so a create
    /// retried after a lost answer is the same request to AWS, not a second one.
    /// - Throws: `AWSServiceError`: `ConflictException` when a schedule of that name exists,
    ///   `ResourceNotFoundException` when the group does not, `ValidationException`…
    public func createSchedule(group: String, _ schedule: MixSwitchSchedule) throws {
        _ = try rest.call(
            AWSRestJSONRequest(
                action: "CreateSchedule", method: "POST", path: ["schedules", schedule.name],
                body: Self.createScheduleBody(group: group, schedule)))
    }

    /// DeleteSchedule (`DELETE /schedules/{Name}?groupName=G`).
    /// - Returns: false when it was gone already (`ResourceNotFoundException`), which is not an error.
    @discardableResult
    public func deleteSchedule(group: String, name: String) throws -> Bool {
        do {
            _ = try rest.call(
                AWSRestJSONRequest(
                    action: "DeleteSchedule", method: "DELETE", path: ["schedules", name], query: [("groupName", group)]))
            return true
        } catch let error as AWSServiceError where error.code == "ResourceNotFoundException" {
            return false
        }
    }

    // MARK: Wire forms

    /// CreateSchedule's body, members in the model's order.
    static func createScheduleBody(group: String, _ schedule: MixSwitchSchedule) -> AWSJSON {
        var members: [(String, AWSJSON)] = [
            ("ActionAfterCompletion", .string("DELETE")),
            ("ClientToken", .string(clientToken(group: group, schedule))),
        ]
        if !schedule.description.isEmpty { members.append(("Description", .string(schedule.description))) }
        members += [
            ("FlexibleTimeWindow", .object([("Mode", .string("OFF"))])),
            ("GroupName", .string(group)),
            ("ScheduleExpression", .string(atExpression(schedule.at))),
            ("ScheduleExpressionTimezone", .string("UTC")),
            ("State", .string("ENABLED")),
            (
                "Target",
                .object([
                    ("Arn", .string(MixSwitchSchedule.targetArn)),
                    ("Input", .string(schedule.input)),
                    (
                        "RetryPolicy",
                        .object([
                            ("MaximumEventAgeInSeconds", .int(retryPolicy.maximumEventAgeInSeconds)),
                            ("MaximumRetryAttempts", .int(retryPolicy.maximumRetryAttempts)),
                        ])
                    ),
                    ("RoleArn", .string(schedule.roleArn)),
                ])
            ),
        ]
        return .object(members)
    }

    /// `at(yyyy-mm-ddThh:mm:ss)` of `date` in UTC, a fraction of a second dropped.
    public static func atExpression(_ date: Date) -> String {
        "at(\(LocalDateTime(secondsAsIfUTC: UTCFormat.seconds(date)).description))"
    }

    /// The instant `at(yyyy-mm-ddThh:mm:ss)` names in UTC; nil for any other expression.
    public static func instant(atExpression expression: String) -> Date? {
        guard expression.hasPrefix("at("), expression.hasSuffix(")"), expression.utf8.count == 23 else { return nil }
        return UTCFormat.parseRFC3339(String(expression.dropFirst(3).dropLast()) + "Z")
    }

    /// CreateSchedule's idempotency token: the SHA-256 (64 hex digits, the most `ClientToken`
    /// allows) of everything the request sets, so the same schedule always gets the same token
    /// and a different one never does.
    public static func clientToken(group: String, _ schedule: MixSwitchSchedule) -> String {
        let fields = [group, schedule.name, atExpression(schedule.at), schedule.roleArn, schedule.description, schedule.input]
        return Digest.hex(Digest.sha256(fields.joined(separator: "\n").utf8))
    }
}

/// A schedule group through the EventBridge Scheduler API.
public struct LiveScheduleGroup: ScheduleGroupAPI {
    public let client: SchedulerClient
    public let scheduleGroupName: String

    public init(client: SchedulerClient, scheduleGroupName: String) {
        self.client = client
        self.scheduleGroupName = scheduleGroupName
    }

    public func createGroupIfMissing() throws {
        try client.createScheduleGroup(name: scheduleGroupName)
    }

    public func listSchedules() throws -> [ScheduleSummary]? {
        try client.listSchedules(group: scheduleGroupName)
    }

    public func getSchedule(name: String) throws -> MixSwitchSchedule? {
        try client.getSchedule(group: scheduleGroupName, name: name)
    }

    public func createSchedule(_ schedule: MixSwitchSchedule) throws {
        try client.createSchedule(group: scheduleGroupName, schedule)
    }

    public func deleteSchedule(name: String) throws {
        try client.deleteSchedule(group: scheduleGroupName, name: name)
    }
}
