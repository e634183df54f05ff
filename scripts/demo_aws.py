#!/usr/bin/env python3
"""The AWS side of scripts/demo: sets up a local moto_server the way the README's "AWS set-up"
section sets up an account, with boto3.

  demo_aws.py setup ENDPOINT POLICY_JSON
      Five calls, the ones moto does not check (start it with INITIAL_NO_AUTH_ACTION_COUNT=5):
      the IAM user `termscale` with POLICY_JSON as its only (inline) policy and an access key, a
      launch template, and the group `moodle-web` in eu-west-2 tagged managed-by=termscale, with
      a MixedInstancesPolicy. Prints the key as shell assignments
      (AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…) for the demo to export; the secret is moto's.
  demo_aws.py refused ENDPOINT
      Signed with the key in the environment, a call the policy does not allow
      (DeleteAutoScalingGroup): prints moto's refusal and exits 0 when it is AccessDenied, 1 when
      the call went through (the policy or moto's checks are not what the demo says).
  demo_aws.py due ENDPOINT INSTANT
      Plays AWS's part that moto does not: AWS removes a scheduled action once it has run, moto
      keeps it and never runs it. Signed with the key in the environment, deletes termscale's
      actions due by INSTANT (RFC 3339) without applying them, as if every one had been missed.
  demo_aws.py writes < HISTORY_JSON
      From `termscale history --limit 1 --format json`: prints the latest run's AWS calls and
      exits 1 when any of them is a write.
"""
import json
import shlex
import sys
from datetime import datetime

import boto3
import botocore.exceptions

REGION = "eu-west-2"
GROUP = "moodle-web"
USER = "termscale"
# Any key does for the unchecked set-up calls: moto reads only the region and service from them.
SETUP_KEY = dict(aws_access_key_id="AKIADEMOSETUPUNCHECK", aws_secret_access_key="unchecked")


def setup(endpoint, policy_path):
    def client(service, region=REGION):
        return boto3.client(service, region_name=region, endpoint_url=endpoint, **SETUP_KEY)

    with open(policy_path, encoding="utf-8") as f:
        policy = json.load(f)
    # moto authorises a signed call as if its resource were "*", so a statement scoped to ARNs
    # (the EventBridge Scheduler ones) would never match there: widened, the policy still grants
    # exactly its actions, which is what moto checks.
    for statement in policy["Statement"]:
        statement["Resource"] = "*"
    policy = json.dumps(policy)
    iam = client("iam", "us-east-1")
    iam.create_user(UserName=USER)
    iam.put_user_policy(UserName=USER, PolicyName="termscale-push", PolicyDocument=policy)
    key = iam.create_access_key(UserName=USER)["AccessKey"]
    template = client("ec2").create_launch_template(
        LaunchTemplateName=GROUP, LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "c6i.xlarge"})
    client("autoscaling").create_auto_scaling_group(
        AutoScalingGroupName=GROUP, MinSize=2, MaxSize=60, DesiredCapacity=2, AvailabilityZones=[f"{REGION}a"],
        MixedInstancesPolicy={
            "LaunchTemplate": {
                "LaunchTemplateSpecification": {
                    "LaunchTemplateId": template["LaunchTemplate"]["LaunchTemplateId"], "Version": "$Latest"},
                "Overrides": [{"InstanceType": "c6i.xlarge"}, {"InstanceType": "c5.xlarge"}],
            },
            "InstancesDistribution": {
                "OnDemandBaseCapacity": 2,
                "OnDemandPercentageAboveBaseCapacity": 25,
                "SpotAllocationStrategy": "price-capacity-optimized",
            },
        },
        Tags=[{"ResourceId": GROUP, "ResourceType": "auto-scaling-group", "Key": "managed-by", "Value": "termscale",
               "PropagateAtLaunch": False}])
    print(f"AWS_ACCESS_KEY_ID={shlex.quote(key['AccessKeyId'])}")
    print(f"AWS_SECRET_ACCESS_KEY={shlex.quote(key['SecretAccessKey'])}")


def refused(endpoint):
    asg = boto3.client("autoscaling", region_name=REGION, endpoint_url=endpoint)
    try:
        asg.delete_auto_scaling_group(AutoScalingGroupName=GROUP, ForceDelete=True)
    except botocore.exceptions.ClientError as error:
        code = error.response["Error"]["Code"]
        print(f"DeleteAutoScalingGroup, signed with termscale's key: refused, {code}")
        return 0 if code == "AccessDenied" else 1
    print("DeleteAutoScalingGroup, signed with termscale's key: ALLOWED (moto is not checking the IAM policy)")
    return 1


def due(endpoint, instant):
    asg = boto3.client("autoscaling", region_name=REGION, endpoint_url=endpoint)
    cutoff = datetime.fromisoformat(instant.replace("Z", "+00:00"))
    listed = asg.describe_scheduled_actions(AutoScalingGroupName=GROUP)["ScheduledUpdateGroupActions"]
    names = sorted(a["ScheduledActionName"] for a in listed
                   if a["ScheduledActionName"].startswith(f"termscale-{GROUP}-") and a["StartTime"] <= cutoff)
    for i in range(0, len(names), 50):
        failed = asg.batch_delete_scheduled_action(AutoScalingGroupName=GROUP, ScheduledActionNames=names[i:i + 50])
        if failed.get("FailedScheduledActions"):
            sys.exit(f"could not remove {failed['FailedScheduledActions']}")
    print(f"removed the {len(names)} actions due by {instant} ({names[0]} … {names[-1]}) without running them"
          if names else f"no action was due by {instant}")
    # EventBridge Scheduler deletes a one-time schedule once it has run; moto never runs them either.
    scheduler = boto3.client("scheduler", region_name=REGION, endpoint_url=endpoint)
    group = f"termscale-{GROUP}"
    schedules = [s["Name"] for s in scheduler.list_schedules(GroupName=group).get("Schedules", [])]
    gone = []
    for name in sorted(schedules):
        at = scheduler.get_schedule(Name=name, GroupName=group)["ScheduleExpression"]
        if datetime.fromisoformat(at[3:-1] + "+00:00") <= cutoff:
            scheduler.delete_schedule(Name=name, GroupName=group)
            gone.append(name)
    print(f"removed the {len(gone)} mix-switch schedules due by {instant} ({gone[0]} … {gone[-1]}) without running them"
          if gone else f"no mix-switch schedule was due by {instant}")


def writes():
    run = json.load(sys.stdin)[0]
    calls = [c["action"] for c in run["calls"]]
    written = [c for c in calls if not c.startswith(("Describe", "List", "Get"))]
    print(f"AWS calls of that run: {', '.join(calls)}; write calls: {len(written)}")
    return 1 if written else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "setup" and len(sys.argv) == 4:
        setup(sys.argv[2], sys.argv[3])
    elif command == "refused" and len(sys.argv) == 3:
        sys.exit(refused(sys.argv[2]))
    elif command == "due" and len(sys.argv) == 4:
        due(sys.argv[2], sys.argv[3])
    elif command == "writes" and len(sys.argv) == 2:
        sys.exit(writes())
    else:
        sys.exit(__doc__)
