#!/usr/bin/env python3
"""botocore's view of MixedInstancesPolicy, for MixedInstancesPolicyTests.

  botocore_mixed_instances_policy.py shape
      Prints the members of the MixedInstancesPolicy shape of botocore's Auto Scaling model as
      JSON: "scalar", {"structure": {name: shape}} or {"list": {"item": name, "of": shape}}, with
      the serialised names (locationName) the Query protocol uses.

  botocore_mixed_instances_policy.py resend < DescribeAutoScalingGroupsResponse.xml
      Parses the response with botocore's Query parser, takes the first group's MixedInstancesPolicy
      and serialises UpdateAutoScalingGroup(AutoScalingGroupName, MixedInstancesPolicy) with
      botocore's Query serialiser, as boto3 would send it back. A launch template specification
      that has an id loses its name first (AWS describes both; a request may carry only one).
      Prints the body's parameters as a JSON list of [name, value], in botocore's order.
"""
import json
import sys

try:
    import botocore.parsers
    import botocore.serialize
    import botocore.session
except ImportError as error:
    sys.stderr.write(f"botocore is not installed ({error}): pip install botocore (it comes with moto)\n")
    sys.exit(3)

from botocore_autoscaling import MODEL, described_group  # noqa: E402


def describe(shape):
    if shape.type_name == "structure":
        return {"structure": {member.serialization.get("name", name): describe(member)
                              for name, member in shape.members.items()}}
    if shape.type_name == "list":
        return {"list": {"item": shape.member.serialization.get("name", "member"), "of": describe(shape.member)}}
    return "scalar"




def resend(xml):
    group = described_group(xml)
    policy = group["MixedInstancesPolicy"]
    update_op = MODEL.operation_model("UpdateAutoScalingGroup")
    request = botocore.serialize.create_serializer("query").serialize_to_request(
        {"AutoScalingGroupName": group["AutoScalingGroupName"], "MixedInstancesPolicy": policy}, update_op)
    return [[name, str(value)] for name, value in request["body"].items() if name not in ("Action", "Version")]


if __name__ == "__main__":
    if sys.argv[1:] == ["shape"]:
        print(json.dumps(describe(MODEL.shape_for("MixedInstancesPolicy"))))
    elif sys.argv[1:] == ["resend"]:
        print(json.dumps(resend(sys.stdin.buffer.read())))
    else:
        sys.stderr.write("usage: botocore_mixed_instances_policy.py shape | resend < response.xml\n")
        sys.exit(2)
