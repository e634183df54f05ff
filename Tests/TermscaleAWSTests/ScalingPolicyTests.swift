import Foundation
import TermscaleCore
import TermscaleTestSupport
import Testing

@testable import TermscaleAWS

/// `PutScalingPolicy` sends `Enabled`; `DescribePolicies` returns every policy of the group, with
/// a disabled or hand-made (customized-metric) target-tracking policy recognisable as such.
@Suite struct ScalingPolicyTests {
    /// Two pages as AWS sends them (`Enabled` and `Alarms` included): termscale's own policy, a
    /// disabled copy on the ALB metric, a hand-made one on a CloudWatch metric, one on metric math,
    /// and a step scaling policy.
    static let firstPage = """
        <DescribePoliciesResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
          <DescribePoliciesResult>
            <ScalingPolicies>
              <member>
                <AutoScalingGroupName>moodle-web</AutoScalingGroupName>
                <PolicyName>termscale-cpu</PolicyName>
                <PolicyARN>arn:aws:autoscaling:eu-west-2:123456789012:scalingPolicy:1:autoScalingGroupName/moodle-web:policyName/termscale-cpu</PolicyARN>
                <PolicyType>TargetTrackingScaling</PolicyType>
                <EstimatedInstanceWarmup>300</EstimatedInstanceWarmup>
                <StepAdjustments/>
                <Alarms><member><AlarmName>TargetTracking-moodle-web-AlarmHigh</AlarmName><AlarmARN>arn:aws:cloudwatch:x</AlarmARN></member></Alarms>
                <TargetTrackingConfiguration>
                  <PredefinedMetricSpecification><PredefinedMetricType>ASGAverageCPUUtilization</PredefinedMetricType></PredefinedMetricSpecification>
                  <TargetValue>55.0</TargetValue>
                  <DisableScaleIn>false</DisableScaleIn>
                </TargetTrackingConfiguration>
                <Enabled>true</Enabled>
              </member>
              <member>
                <AutoScalingGroupName>moodle-web</AutoScalingGroupName>
                <PolicyName>alb-requests</PolicyName>
                <PolicyType>TargetTrackingScaling</PolicyType>
                <TargetTrackingConfiguration>
                  <PredefinedMetricSpecification>
                    <PredefinedMetricType>ALBRequestCountPerTarget</PredefinedMetricType>
                    <ResourceLabel>app/moodle/50dc6c495c0c9188/targetgroup/web/6d0ecf831eec9f09</ResourceLabel>
                  </PredefinedMetricSpecification>
                  <TargetValue>1000.0</TargetValue>
                  <DisableScaleIn>true</DisableScaleIn>
                </TargetTrackingConfiguration>
                <Enabled>false</Enabled>
              </member>
            </ScalingPolicies>
            <NextToken>page-2</NextToken>
          </DescribePoliciesResult>
          <ResponseMetadata><RequestId>p1</RequestId></ResponseMetadata>
        </DescribePoliciesResponse>
        """
    static let secondPage = """
        <DescribePoliciesResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
          <DescribePoliciesResult>
            <ScalingPolicies>
              <member>
                <PolicyName>sessions</PolicyName>
                <PolicyType>TargetTrackingScaling</PolicyType>
                <EstimatedInstanceWarmup>120</EstimatedInstanceWarmup>
                <TargetTrackingConfiguration>
                  <CustomizedMetricSpecification>
                    <MetricName>ActiveSessions</MetricName>
                    <Namespace>Moodle</Namespace>
                    <Dimensions><member><Name>AutoScalingGroupName</Name><Value>moodle-web</Value></member></Dimensions>
                    <Statistic>Average</Statistic>
                    <Unit>Count</Unit>
                  </CustomizedMetricSpecification>
                  <TargetValue>40.5</TargetValue>
                </TargetTrackingConfiguration>
                <Enabled>true</Enabled>
              </member>
              <member>
                <PolicyName>queue-per-instance</PolicyName>
                <PolicyType>TargetTrackingScaling</PolicyType>
                <TargetTrackingConfiguration>
                  <CustomizedMetricSpecification>
                    <Metrics>
                      <member><Id>m1</Id><MetricStat><Metric><MetricName>Backlog</MetricName><Namespace>Moodle</Namespace></Metric><Stat>Sum</Stat></MetricStat><ReturnData>false</ReturnData></member>
                      <member><Id>e1</Id><Expression>m1 / 4</Expression><ReturnData>true</ReturnData></member>
                    </Metrics>
                  </CustomizedMetricSpecification>
                  <TargetValue>100.0</TargetValue>
                </TargetTrackingConfiguration>
              </member>
              <member>
                <PolicyName>step-up</PolicyName>
                <PolicyType>StepScaling</PolicyType>
                <AdjustmentType>ChangeInCapacity</AdjustmentType>
                <StepAdjustments><member><MetricIntervalLowerBound>0.0</MetricIntervalLowerBound><ScalingAdjustment>1</ScalingAdjustment></member></StepAdjustments>
                <Enabled>true</Enabled>
              </member>
            </ScalingPolicies>
          </DescribePoliciesResult>
          <ResponseMetadata><RequestId>p2</RequestId></ResponseMetadata>
        </DescribePoliciesResponse>
        """

    static let ours = TargetTrackingPolicy(
        name: "termscale-cpu", metricType: "ASGAverageCPUUtilization", targetValue: 55, estimatedInstanceWarmup: 300)

    @Test func everyPolicyOfTheGroupIsDescribed() throws {
        let transport = ScriptedTransport([.xml(200, Self.firstPage), .xml(200, Self.secondPage)])
        let policies = try MixedInstancesPolicyTests.client(transport).describePolicies(group: "moodle-web")

        #expect(
            transport.bodies == [
                "Action=DescribePolicies&Version=2011-01-01&AutoScalingGroupName=moodle-web",
                "Action=DescribePolicies&Version=2011-01-01&AutoScalingGroupName=moodle-web&NextToken=page-2",
            ])
        #expect(
            policies == [
                ScalingPolicy(
                    name: "termscale-cpu",
                    arn:
                        "arn:aws:autoscaling:eu-west-2:123456789012:scalingPolicy:1:autoScalingGroupName/moodle-web:policyName/termscale-cpu",
                    policyType: "TargetTrackingScaling", enabled: true, estimatedInstanceWarmup: 300,
                    targetTracking: .init(
                        metric: .predefined(type: "ASGAverageCPUUtilization", resourceLabel: nil), targetValue: 55)),
                ScalingPolicy(
                    name: "alb-requests", policyType: "TargetTrackingScaling", enabled: false,
                    targetTracking: .init(
                        metric: .predefined(
                            type: "ALBRequestCountPerTarget",
                            resourceLabel: "app/moodle/50dc6c495c0c9188/targetgroup/web/6d0ecf831eec9f09"),
                        targetValue: 1000, disableScaleIn: true)),
                ScalingPolicy(
                    name: "sessions", policyType: "TargetTrackingScaling", enabled: true, estimatedInstanceWarmup: 120,
                    targetTracking: .init(
                        metric: .customized(
                            .init(
                                metricName: "ActiveSessions", namespace: "Moodle", statistic: "Average", unit: "Count",
                                dimensions: [.init(name: "AutoScalingGroupName", value: "moodle-web")])),
                        targetValue: 40.5)),
                ScalingPolicy(
                    name: "queue-per-instance", policyType: "TargetTrackingScaling", enabled: true,
                    targetTracking: .init(metric: .customized(.init(metricQueryIDs: ["m1", "e1"])), targetValue: 100)),
                ScalingPolicy(name: "step-up", policyType: "StepScaling", enabled: true),
            ])

        // What the push compares: its own policy is recognised as written, a disabled one as disabled,
        // and the hand-made ones as such.
        #expect(policies[0].targetTrackingPolicy == Self.ours)
        #expect(policies[1].targetTrackingPolicy?.enabled == false)
        #expect(policies.map(\.hasCustomizedMetric) == [false, false, true, true, false])
        #expect(policies[2].targetTrackingPolicy == nil)
        #expect(policies[4].targetTrackingPolicy == nil)
        #expect(
            policies.compactMap { p in
                if case .customized(let metric) = p.targetTracking?.metric { return metric.description }
                return nil
            } == ["Moodle/ActiveSessions (Average)", "metric math (m1, e1)"])
    }

    @Test func putSendsEnabledAndTheWholeConfiguration() throws {
        let done = ScriptedTransport.Step.xml(
            200,
            "<PutScalingPolicyResponse><PutScalingPolicyResult><PolicyARN>arn:x</PolicyARN></PutScalingPolicyResult></PutScalingPolicyResponse>"
        )
        let transport = ScriptedTransport([done, done])
        let client = MixedInstancesPolicyTests.client(transport)
        try client.putTargetTrackingPolicy(group: "moodle-web", Self.ours)
        var disabled = Self.ours
        disabled.enabled = false
        disabled.metricType = "ALBRequestCountPerTarget"
        disabled.resourceLabel = "app/moodle/50dc6c495c0c9188/targetgroup/web/6d0ecf831eec9f09"
        disabled.targetValue = 1000.5
        disabled.disableScaleIn = true
        try client.putTargetTrackingPolicy(group: "moodle-web", disabled)
        let prefix = "Action=PutScalingPolicy&Version=2011-01-01&AutoScalingGroupName=moodle-web&PolicyName=termscale-cpu"
        #expect(
            transport.bodies == [
                prefix + "&PolicyType=TargetTrackingScaling&EstimatedInstanceWarmup=300"
                    + "&TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType=ASGAverageCPUUtilization"
                    + "&TargetTrackingConfiguration.TargetValue=55&TargetTrackingConfiguration.DisableScaleIn=false"
                    + "&Enabled=true",
                prefix + "&PolicyType=TargetTrackingScaling&EstimatedInstanceWarmup=300"
                    + "&TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType=ALBRequestCountPerTarget"
                    + "&TargetTrackingConfiguration.PredefinedMetricSpecification.ResourceLabel="
                    + "app%2Fmoodle%2F50dc6c495c0c9188%2Ftargetgroup%2Fweb%2F6d0ecf831eec9f09"
                    + "&TargetTrackingConfiguration.TargetValue=1000.5&TargetTrackingConfiguration.DisableScaleIn=true"
                    + "&Enabled=false",
            ])
    }
}
