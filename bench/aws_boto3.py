#!/usr/bin/env python3
"""The boto3/botocore side of bench/aws-bench: the same work termscale-bench times in termscale.

termscale-bench runs this once per run and reads the `elapsed:` line, the script's own clock
(time.perf_counter) around the work only, so interpreter start-up and imports are left out as
they are from termscale's in-process figures.

  aws_boto3.py setup ENDPOINT   create the launch template and the group in moto (untimed)
  aws_boto3.py push ENDPOINT    one untimed round (connection, lazily built models), then time one:
                                put 120 scheduled actions (3 batches of 50) and read them back
                                (all pages); the actions are deleted after each round, untimed
  aws_boto3.py sign N           time: SigV4-sign N Auto Scaling requests with botocore
"""
import sys
import time
from datetime import datetime, timedelta, timezone

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials

REGION = "eu-west-2"
GROUP = "moodle-web"
CREDS = dict(aws_access_key_id="AKIDBENCHMARKBENCH00", aws_secret_access_key="bench-secret-key")


def client(service, endpoint):
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint, **CREDS)


def setup(endpoint):
    ec2 = client("ec2", endpoint)
    lt = ec2.create_launch_template(LaunchTemplateName="moodle-web",
                                    LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "c6i.xlarge"})
    client("autoscaling", endpoint).create_auto_scaling_group(
        AutoScalingGroupName=GROUP, MinSize=2, MaxSize=60, DesiredCapacity=2, AvailabilityZones=["eu-west-2a"],
        LaunchTemplate={"LaunchTemplateId": lt["LaunchTemplate"]["LaunchTemplateId"], "Version": "$Latest"})


def push(endpoint):
    asg = client("autoscaling", endpoint)
    first = datetime(2031, 1, 13, 8, 45, tzinfo=timezone.utc)
    actions = [{"ScheduledActionName": f"boto3-{GROUP}-{i:03d}", "StartTime": first + timedelta(minutes=30 * i),
                "MinSize": 2 + i % 30} for i in range(120)]

    def put_and_read_back():
        for i in range(0, len(actions), 50):
            out = asg.batch_put_scheduled_update_group_action(AutoScalingGroupName=GROUP,
                                                              ScheduledUpdateGroupActions=actions[i:i + 50])
            assert not out.get("FailedScheduledUpdateGroupActions"), out
        names = []
        for page in asg.get_paginator("describe_scheduled_actions").paginate(AutoScalingGroupName=GROUP, MaxRecords=100):
            names += [a["ScheduledActionName"] for a in page["ScheduledUpdateGroupActions"]]
        assert len([n for n in names if n.startswith("boto3-")]) == 120, len(names)

    def delete():
        for i in range(0, len(actions), 50):
            asg.batch_delete_scheduled_action(AutoScalingGroupName=GROUP,
                                              ScheduledActionNames=[a["ScheduledActionName"] for a in actions[i:i + 50]])

    put_and_read_back()
    delete()
    start = time.perf_counter()
    put_and_read_back()
    elapsed = time.perf_counter() - start
    delete()
    print(f"actions: {len(actions)}")
    print(f"elapsed: {elapsed:.6f} s")


def sign(n):
    creds = botocore.credentials.Credentials(CREDS["aws_access_key_id"], CREDS["aws_secret_access_key"])
    signer = botocore.auth.SigV4Auth(creds, "autoscaling", REGION)
    body = "Action=DescribeScheduledActions&Version=2011-01-01&AutoScalingGroupName=moodle-web&MaxRecords=100"
    start = time.perf_counter()
    for _ in range(n):
        request = botocore.awsrequest.AWSRequest(method="POST", url=f"https://autoscaling.{REGION}.amazonaws.com/",
                                                 data=body, headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        signer.add_auth(request)
    elapsed = time.perf_counter() - start
    print(f"requests: {n}")
    print(f"elapsed: {elapsed:.6f} s")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "setup":
        setup(sys.argv[2])
    elif mode == "push":
        push(sys.argv[2])
    elif mode == "sign":
        sign(int(sys.argv[2]))
    else:
        sys.exit(__doc__)
