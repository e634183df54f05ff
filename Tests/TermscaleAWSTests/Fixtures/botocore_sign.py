#!/usr/bin/env python3
"""Signs requests with botocore's SigV4Auth, for BotocoreSignatureTests.

Reads a JSON array on stdin; each item has method, url, headers ([[name, value], ...]),
body (text), access_key, secret_key, token (optional), region, service and amz_date
(YYYYMMDDTHHMMSSZ). Prints a JSON array with, for each item, botocore's Authorization
header and canonical request. The signing time is fixed by patching
botocore.auth.get_current_datetime, as botocore's own SigV4 tests do.
"""
import datetime
import json
import sys
from unittest import mock

try:
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials
except ImportError as error:
    sys.stderr.write(f"botocore is not installed ({error}): pip install botocore (it comes with moto)\n")
    sys.exit(3)


def sign(case):
    request = botocore.awsrequest.AWSRequest(
        method=case["method"], url=case["url"], data=case["body"].encode("utf-8")
    )
    for name, value in case["headers"]:
        request.headers[name] = value
    credentials = botocore.credentials.Credentials(case["access_key"], case["secret_key"], case.get("token"))
    auth = botocore.auth.SigV4Auth(credentials, case["service"], case["region"])
    now = datetime.datetime.strptime(case["amz_date"], "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.get_current_datetime", return_value=now):
        auth.add_auth(request)
    authorization = request.headers["Authorization"]
    del request.headers["Authorization"]  # what was signed did not include it
    return {"authorization": authorization, "canonical_request": auth.canonical_request(request)}


def main():
    cases = json.load(sys.stdin)
    json.dump([sign(case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
