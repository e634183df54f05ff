#!/usr/bin/env python3
"""botocore's view of a mix-switch schedule's input (UpdateAutoScalingGroup as JSON), for MixSwitchInputTests.

  botocore_scheduler_input.py shape
      Prints the InstanceRequirements shape of botocore's Auto Scaling model as JSON, members in
      the model's order: {"structure": [[name, query_name, shape], ...]}, {"list": {"item": name,
      "of": shape}} or the scalar's type ("integer", "double", "boolean", "string"). query_name is
      the serialised name (locationName) the Query protocol uses.

  botocore_scheduler_input.py input < DescribeAutoScalingGroupsResponse.xml
      Parses the response with botocore's Query parser, takes the first group's MixedInstancesPolicy
      (a launch template specification that has an id loses its name first, as a request may carry
      only one) and prints {"AutoScalingGroupName": ..., "MixedInstancesPolicy": ...} with
      json.dumps(separators=(",", ":"), ensure_ascii=False): the parameters as botocore types them.

  botocore_scheduler_input.py validate < input.json
      Validates the JSON against UpdateAutoScalingGroup's input shape with botocore's parameter
      validator (types, required members, unknown members) and prints its report; nothing when valid.
"""
import json
import sys

try:
    import botocore.parsers
    import botocore.session
    import botocore.validate
except ImportError as error:
    sys.stderr.write(f"botocore is not installed ({error}): pip install botocore (it comes with moto)\n")
    sys.exit(3)

from botocore_autoscaling import MODEL, described_group  # noqa: E402


def describe(shape):
    if shape.type_name == "structure":
        return {"structure": [[name, member.serialization.get("name", name), describe(member)]
                              for name, member in shape.members.items()]}
    if shape.type_name == "list":
        return {"list": {"item": shape.member.serialization.get("name", "member"), "of": describe(shape.member)}}
    return shape.type_name




def input_json(xml):
    group = described_group(xml)
    policy = group["MixedInstancesPolicy"]
    parameters = {"AutoScalingGroupName": group["AutoScalingGroupName"], "MixedInstancesPolicy": policy}
    return json.dumps(parameters, separators=(",", ":"), ensure_ascii=False)


def validate(text):
    shape = MODEL.operation_model("UpdateAutoScalingGroup").input_shape
    report = botocore.validate.ParamValidator().validate(json.loads(text), shape)
    return report.generate_report() if report.has_errors() else ""


if __name__ == "__main__":
    if sys.argv[1:] == ["shape"]:
        print(json.dumps(describe(MODEL.shape_for("InstanceRequirements"))))
    elif sys.argv[1:] == ["input"]:
        sys.stdout.write(input_json(sys.stdin.buffer.read()))
    elif sys.argv[1:] == ["validate"]:
        sys.stdout.write(validate(sys.stdin.read()))
    else:
        sys.stderr.write("usage: botocore_scheduler_input.py shape | input < response.xml | validate < input.json\n")
        sys.exit(2)
