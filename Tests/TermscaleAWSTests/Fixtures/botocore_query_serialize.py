#!/usr/bin/env python3
"""Re-serialises Auto Scaling Query bodies with botocore's own Query serialiser, for
QuerySerializerBotocoreTests.

Reads a JSON array of form bodies as termscale sent them. For each, reads the parameters back
into the operation's input, strictly by botocore's Auto Scaling model (a name the model does not
have, a list index out of order or a value of the wrong type is an error), serialises that input
with botocore.serialize.create_serializer("query") and encodes it as botocore puts it on the wire
(AWSRequest.prepare()). Prints a JSON array with, for each, {"body": botocore's body} or
{"error": why the body could not be read as a botocore input}.

Numbers are read back as the Python value a boto3 user would pass (integers as int; a double
written without a decimal point as int, else float), so botocore prints them its own way.
"""
import datetime
import json
import sys
import urllib.parse

try:
    import botocore.awsrequest
    import botocore.serialize
except ImportError as error:
    sys.stderr.write(f"botocore is not installed ({error}): pip install botocore (it comes with moto)\n")
    sys.exit(3)

from botocore_autoscaling import MODEL  # noqa: E402


class Unreadable(Exception):
    pass


def scalar(shape, text, where):
    kind = shape.type_name
    if kind == "string":
        return text
    if kind in ("integer", "long"):
        if not text.lstrip("-").isdigit():
            raise Unreadable(f"{where}: {text!r} is not an integer")
        return int(text)
    if kind in ("double", "float"):
        try:
            return int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError:
            raise Unreadable(f"{where}: {text!r} is not a number")
    if kind == "boolean":
        if text not in ("true", "false"):
            raise Unreadable(f"{where}: {text!r} is not true or false")
        return text == "true"
    if kind == "timestamp":
        try:
            return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            raise Unreadable(f"{where}: {text!r} is not YYYY-MM-DDThh:mm:ssZ")
    raise Unreadable(f"{where}: shape type {kind} not handled")


def build(shape, entries, where):
    """The value of `shape` from `entries`: [(name relative to `where`, text)] in body order."""
    kind = shape.type_name
    if kind == "structure":
        by_name = {member.serialization.get("name", name): (name, member) for name, member in shape.members.items()}
        groups = {}
        for relative, text in entries:
            head, _, rest = relative.partition(".")
            if head not in by_name:
                raise Unreadable(f"{where}{head}: not a member of {shape.name}")
            groups.setdefault(head, []).append((rest, text))
        return {by_name[head][0]: build(by_name[head][1], items, f"{where}{head}.")
                for head, items in groups.items()}
    if kind == "list":
        if entries == [("", "")]:
            return []
        if shape.serialization.get("flattened"):
            raise Unreadable(f"{where}: flattened lists not handled")
        item = shape.member.serialization.get("name", "member")
        elements = {}
        for relative, text in entries:
            parts = relative.split(".", 2)
            if len(parts) < 2 or parts[0] != item or not parts[1].isdigit():
                raise Unreadable(f"{where}{relative}: expected {item}.N")
            elements.setdefault(int(parts[1]), []).append((parts[2] if len(parts) > 2 else "", text))
        if sorted(elements) != list(range(1, len(elements) + 1)):
            raise Unreadable(f"{where}: list indexes {sorted(elements)} are not 1…{len(elements)}")
        return [build(shape.member, elements[i], f"{where}{item}.{i}.") for i in sorted(elements)]
    if kind == "map":
        raise Unreadable(f"{where}: maps not handled")
    if len(entries) != 1 or entries[0][0] != "":
        raise Unreadable(f"{where}: a {kind} given as {[name for name, _ in entries]}")
    return scalar(shape, entries[0][1], where.rstrip("."))


def reserialise(body):
    pairs = urllib.parse.parse_qsl(body, keep_blank_values=True, strict_parsing=True)
    fields = dict(pairs[:2])
    if [name for name, _ in pairs[:2]] != ["Action", "Version"]:
        raise Unreadable("the body does not start with Action and Version")
    if fields["Version"] != MODEL.api_version:
        raise Unreadable(f"Version {fields['Version']} is not the model's {MODEL.api_version}")
    operation = MODEL.operation_model(fields["Action"])
    params = build(operation.input_shape, pairs[2:], "")
    serialised = botocore.serialize.create_serializer("query").serialize_to_request(params, operation)
    request = botocore.awsrequest.AWSRequest(
        method="POST", url="https://autoscaling.eu-west-2.amazonaws.com/", data=serialised["body"])
    return request.prepare().body


def main():
    results = []
    for body in json.load(sys.stdin):
        try:
            results.append({"body": reserialise(body)})
        except (Unreadable, ValueError, KeyError) as error:
            results.append({"error": str(error)})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
