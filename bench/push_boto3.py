#!/usr/bin/env python3
"""The boto3 side of bench/push-bench: a straightforward reconcile of scheduled actions, the same
work `termscale push` does for them, to compare wall time and API calls.

  push_boto3.py setup ENDPOINT GROUP FLEET COUNT
      (untimed) moto's first 3 requests are unchecked: create an IAM user allowed everything and
      its access key, printed as `access_key_id: …` and `secret_access_key: …`; then, signed with
      that key, a launch template and the groups GROUP and FLEET-001 … FLEET-COUNT, each MinSize 2,
      MaxSize 60, desired 2, c6i.xlarge then c5.xlarge, on-demand base 2 + 25 % above, Spot
      price-capacity-optimized: the group the README's AWS set-up describes.
  push_boto3.py reconcile ENDPOINT DESIRED.json
      time: for each group of DESIRED.json ({"GROUP": [{"name", "start_time", "min_size"}, …]}),
      one reconcile, one group after the other: DescribeAutoScalingGroups, DescribeScheduledActions
      (every page), DescribePolicies (every page); diff termscale's actions (named
      `termscale-GROUP-…`) with the desired ones by name, start time and MinSize; put the new and
      changed ones and delete the obsolete ones in batches of 50, reading every per-item failure.
      Nothing is written when they are equal.

Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (setup prints them). `reconcile`
prints `elapsed: SECONDS s` (time.perf_counter around the reconcile only, so interpreter start-up
and imports stay out, as termscale-bench expects of its Python scripts), `requests: N` (HTTP
requests sent, retries included, counted on botocore's before-send event), `calls: Op=N …` (API
calls per operation, each page one call), and `puts:`, `deletes:`, `unchanged:` totals.
"""
import json
import os
import sys
import time
from collections import Counter
from datetime import datetime, timezone

import boto3

REGION = "eu-west-2"
BATCH = 50


def client(service, endpoint, key=None, secret=None):
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint,
                        aws_access_key_id=key or os.environ["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=secret or os.environ["AWS_SECRET_ACCESS_KEY"])


def setup(endpoint, group, fleet, count):
    # moto's INITIAL_NO_AUTH_ACTION_COUNT is 3: these three are not checked, whatever they are signed with.
    iam = client("iam", endpoint, "AKIDUNCHECKEDSETUP00", "unchecked")
    iam.create_user(UserName="termscale-bench")
    iam.put_user_policy(UserName="termscale-bench", PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="termscale-bench")["AccessKey"]
    key_id, secret = key["AccessKeyId"], key["SecretAccessKey"]

    ec2 = client("ec2", endpoint, key_id, secret)
    template = ec2.create_launch_template(
        LaunchTemplateName="termscale-bench",
        LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "c6i.xlarge"})["LaunchTemplate"]
    asg = client("autoscaling", endpoint, key_id, secret)
    names = [group] + [f"{fleet}-{i:03d}" for i in range(1, count + 1)]
    for name in names:
        asg.create_auto_scaling_group(
            AutoScalingGroupName=name, MinSize=2, MaxSize=60, DesiredCapacity=2, AvailabilityZones=[f"{REGION}a"],
            MixedInstancesPolicy={
                "LaunchTemplate": {
                    "LaunchTemplateSpecification": {"LaunchTemplateId": template["LaunchTemplateId"],
                                                    "Version": "$Latest"},
                    "Overrides": [{"InstanceType": "c6i.xlarge"}, {"InstanceType": "c5.xlarge"}]},
                "InstancesDistribution": {"OnDemandBaseCapacity": 2, "OnDemandPercentageAboveBaseCapacity": 25,
                                          "SpotAllocationStrategy": "price-capacity-optimized"}})
    print(f"access_key_id: {key_id}")
    print(f"secret_access_key: {secret}")
    print(f"groups: {len(names)}")


def parse_time(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def reconcile_group(asg, group, desired):
    """One group: read, diff, write the difference. Returns (puts, deletes, unchanged)."""
    described = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[group])["AutoScalingGroups"]
    if not described:
        raise SystemExit(f"group {group} not found")
    live = []
    for page in asg.get_paginator("describe_scheduled_actions").paginate(AutoScalingGroupName=group, MaxRecords=100):
        live += page["ScheduledUpdateGroupActions"]
    for _ in asg.get_paginator("describe_policies").paginate(AutoScalingGroupName=group):
        pass

    prefix = f"termscale-{group}-"
    owned = {a["ScheduledActionName"]: a for a in live if a["ScheduledActionName"].startswith(prefix)}
    wanted = {a["name"]: (parse_time(a["start_time"]), a["min_size"]) for a in desired}
    puts = [{"ScheduledActionName": name, "StartTime": start, "MinSize": size}
            for name, (start, size) in sorted(wanted.items())
            if name not in owned or (owned[name]["StartTime"], owned[name].get("MinSize")) != (start, size)]
    deletes = sorted(name for name in owned if name not in wanted)

    for i in range(0, len(puts), BATCH):
        out = asg.batch_put_scheduled_update_group_action(AutoScalingGroupName=group,
                                                          ScheduledUpdateGroupActions=puts[i:i + BATCH])
        if out.get("FailedScheduledUpdateGroupActions"):
            raise SystemExit(f"{group}: put failed: {out['FailedScheduledUpdateGroupActions']}")
    for i in range(0, len(deletes), BATCH):
        out = asg.batch_delete_scheduled_action(AutoScalingGroupName=group, ScheduledActionNames=deletes[i:i + BATCH])
        if out.get("FailedScheduledActions"):
            raise SystemExit(f"{group}: delete failed: {out['FailedScheduledActions']}")
    return len(puts), len(deletes), len(wanted) - len(puts)


def reconcile(endpoint, desired_path):
    with open(desired_path) as f:
        desired = json.load(f)
    asg = client("autoscaling", endpoint)
    requests = Counter()
    calls = Counter()
    asg.meta.events.register("before-send", lambda **_: requests.update(["http"]))
    asg.meta.events.register("before-call", lambda model, **_: calls.update([model.name]))

    start = time.perf_counter()
    totals = [0, 0, 0]
    for group, actions in desired.items():
        for i, n in enumerate(reconcile_group(asg, group, actions)):
            totals[i] += n
    elapsed = time.perf_counter() - start

    print(f"groups: {len(desired)}")
    print(f"puts: {totals[0]}")
    print(f"deletes: {totals[1]}")
    print(f"unchanged: {totals[2]}")
    print(f"requests: {requests['http']}")
    print("calls: " + " ".join(f"{op}={n}" for op, n in sorted(calls.items())))
    print(f"elapsed: {elapsed:.6f} s")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "setup" and len(sys.argv) == 6:
        setup(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    elif mode == "reconcile" and len(sys.argv) == 4:
        reconcile(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
