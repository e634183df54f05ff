#!/usr/bin/env python3
"""Prints botocore's standard retry mode lists as JSON, for RetryQuotaTests: the throttling and
transient error codes, the transient HTTP statuses, and the retry quota's numbers."""
import json
import sys

try:
    from botocore.retries import quota, standard
except ImportError as error:
    sys.stderr.write(f"botocore is not installed ({error}): pip install botocore (it comes with moto)\n")
    sys.exit(3)

json.dump({
    "throttling_codes": standard.ThrottledRetryableChecker._THROTTLED_ERROR_CODES,
    "transient_codes": standard.TransientRetryableChecker._TRANSIENT_ERROR_CODES,
    "transient_statuses": standard.TransientRetryableChecker._TRANSIENT_STATUS_CODES,
    "initial_capacity": quota.RetryQuota.INITIAL_CAPACITY,
    "retry_cost": standard.RetryQuotaChecker._RETRY_COST,
    "timeout_retry_cost": standard.RetryQuotaChecker._TIMEOUT_RETRY_REQUEST,
    "no_retry_increment": standard.RetryQuotaChecker._NO_RETRY_INCREMENT,
    "max_backoff": standard.ExponentialBackoff._MAX_BACKOFF,
    "default_max_attempts": standard.DEFAULT_MAX_ATTEMPTS,
}, sys.stdout)
