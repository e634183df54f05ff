#!/usr/bin/env python3
"""Records real moto_server answers as seeds for the AWS fuzz targets.

Starts moto_server on a free loopback port, drives Auto Scaling, EC2 and EventBridge Scheduler
through botocore as termscale would (a group, scheduled actions, a target-tracking policy, Spot
prices, a schedule group and schedules, and a few calls that fail), and writes every answer body
of at most 8 KiB (scripts/fuzz's FUZZ_MAX_LEN) as it came off the wire: Query XML to Fuzz/Seeds/FuzzAWSXML/moto-*.xml, REST-JSON to
Fuzz/Seeds/FuzzAWSJSON/moto-*.json. Needs moto[server] (scripts/install-deps). Usage:
    python3 Fuzz/record_moto_seeds.py
"""
import datetime
import os
import pathlib
import socket
import subprocess
import sys
import time

import botocore.session
from botocore.exceptions import ClientError

seeds = pathlib.Path(__file__).resolve().parent / "Seeds"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        record(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait()


def record(endpoint):
    os.environ.update(AWS_ACCESS_KEY_ID="AKIDFUZZSEEDS", AWS_SECRET_ACCESS_KEY="fuzz-seeds")
    session = botocore.session.get_session()
    written = []

    def client(service, target, extension):
        c = session.create_client(service, region_name="eu-west-2", endpoint_url=endpoint)

        def keep(response_dict, operation_model, **_):
            body = response_dict["body"]
            status = response_dict["status_code"]
            name = f"moto-{operation_model.name}{'' if status < 300 else f'-{status}'}.{extension}"
            if body.strip() and len(body) <= 8192:  # FUZZ_MAX_LEN: DescribeImages is far larger
                (seeds / target / name).write_bytes(body)
                written.append(f"{target}/{name}")

        c.meta.events.register(f"before-parse.{service}.*", keep)
        return c

    ec2 = client("ec2", "FuzzAWSXML", "xml")
    autoscaling = client("autoscaling", "FuzzAWSXML", "xml")
    scheduler = client("scheduler", "FuzzAWSJSON", "json")

    image = ec2.describe_images()["Images"][0]["ImageId"]
    ec2.create_launch_template(LaunchTemplateName="exams", LaunchTemplateData={"ImageId": image})
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="exams", MinSize=1, MaxSize=20, DesiredCapacity=1,
        AvailabilityZones=["eu-west-2a"],
        MixedInstancesPolicy={
            "LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateName": "exams", "Version": "$Latest"},
                "Overrides": [{"InstanceType": "m5.large"}, {"InstanceType": "m6i.large", "WeightedCapacity": "2"}],
            },
            "InstancesDistribution": {"OnDemandBaseCapacity": 1, "SpotAllocationStrategy": "price-capacity-optimized"},
        })
    start = datetime.datetime(2027, 1, 12, 8, 0, tzinfo=datetime.timezone.utc)
    autoscaling.batch_put_scheduled_update_group_action(
        AutoScalingGroupName="exams",
        ScheduledUpdateGroupActions=[
            {"ScheduledActionName": "exams-prewarm-20270112T0800", "StartTime": start, "MinSize": 6},
            {"ScheduledActionName": "exams-release-20270112T1230", "StartTime": start + datetime.timedelta(hours=4),
             "MinSize": 1},
        ])
    autoscaling.describe_scheduled_actions(AutoScalingGroupName="exams")
    autoscaling.describe_scheduled_actions(AutoScalingGroupName="exams", MaxRecords=1)
    autoscaling.put_scaling_policy(
        AutoScalingGroupName="exams", PolicyName="cpu50", PolicyType="TargetTrackingScaling",
        TargetTrackingConfiguration={
            "PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
            "TargetValue": 50.0})
    autoscaling.describe_policies(AutoScalingGroupName="exams")
    autoscaling.update_auto_scaling_group(AutoScalingGroupName="exams", MinSize=2)
    autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["exams"])
    autoscaling.batch_delete_scheduled_action(
        AutoScalingGroupName="exams", ScheduledActionNames=["exams-release-20270112T1230", "missing"])
    ec2.describe_spot_price_history(
        InstanceTypes=["m5.large"], ProductDescriptions=["Linux/UNIX"], MaxResults=5,
        StartTime=start - datetime.timedelta(days=1), EndTime=start)
    for call in (
        lambda: autoscaling.update_auto_scaling_group(AutoScalingGroupName="missing", MinSize=1),
        lambda: autoscaling.delete_auto_scaling_group(AutoScalingGroupName="missing"),
    ):
        try:
            call()
        except ClientError:
            pass

    scheduler.create_schedule_group(Name="termscale-exams")
    scheduler.get_schedule_group(Name="termscale-exams")
    scheduler.create_schedule(
        Name="exams-mix-20270112T0800", GroupName="termscale-exams", ScheduleExpression="at(2027-01-12T08:00:00)",
        ScheduleExpressionTimezone="UTC", FlexibleTimeWindow={"Mode": "OFF"}, ActionAfterCompletion="DELETE",
        Target={
            "Arn": "arn:aws:scheduler:::aws-sdk:autoscaling:updateAutoScalingGroup",
            "RoleArn": "arn:aws:iam::123456789012:role/termscale-scheduler",
            "Input": '{"AutoScalingGroupName":"exams","MixedInstancesPolicy":{"InstancesDistribution":'
                     '{"OnDemandPercentageAboveBaseCapacity":100}}}',
            "RetryPolicy": {"MaximumRetryAttempts": 10, "MaximumEventAgeInSeconds": 3600}})
    scheduler.list_schedules(GroupName="termscale-exams")
    scheduler.get_schedule(Name="exams-mix-20270112T0800", GroupName="termscale-exams")
    for call in (
        lambda: scheduler.get_schedule(Name="missing", GroupName="termscale-exams"),
        lambda: scheduler.create_schedule_group(Name="termscale-exams"),
        lambda: scheduler.get_schedule_group(Name="missing"),
        lambda: scheduler.delete_schedule(Name="exams-mix-20270112T0800", GroupName="termscale-exams"),
    ):
        try:
            call()
        except ClientError:
            pass
    print("\n".join(sorted(written)))


if __name__ == "__main__":
    main()
