"""What the botocore fixture scripts share: botocore's Auto Scaling model, and a described group's
MixedInstancesPolicy as a request would carry it. Imported by botocore_mixed_instances_policy.py
and botocore_scheduler_input.py (Python puts a script's own folder on its path)."""
import sys

try:
    import botocore.parsers
    import botocore.session
except ImportError as error:
    sys.stderr.write(f"botocore is not installed ({error}): pip install botocore (it comes with moto)\n")
    sys.exit(3)

MODEL = botocore.session.get_session().get_service_model("autoscaling", api_version="2011-01-01")


def drop_names_beside_ids(value):
    """A launch template specification that has an id loses its name (AWS describes both; a
    request may carry only one)."""
    if isinstance(value, dict):
        if "LaunchTemplateId" in value:
            value.pop("LaunchTemplateName", None)
        for item in value.values():
            drop_names_beside_ids(item)
    elif isinstance(value, list):
        for item in value:
            drop_names_beside_ids(item)


def described_group(xml):
    """The first group of a DescribeAutoScalingGroups response, parsed by botocore's Query parser,
    its MixedInstancesPolicy ready to be sent back."""
    describe_op = MODEL.operation_model("DescribeAutoScalingGroups")
    parsed = botocore.parsers.create_parser("query").parse(
        {"body": xml, "headers": {}, "status_code": 200}, describe_op.output_shape)
    group = parsed["AutoScalingGroups"][0]
    drop_names_beside_ids(group["MixedInstancesPolicy"])
    return group
