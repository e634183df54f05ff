#!/usr/bin/env python3
"""Baseline for termscale's import benchmark: parse an exam feed with PyPI `icalendar`.

Usage: python3 bench/python_icalendar_parse.py FILE

Reads FILE (outside the timing), then times Calendar.from_ical plus a walk over the VEVENTs
that reads DTSTART, DTEND (or DURATION), SUMMARY and X-CANDIDATES and converts the start to
UTC, as termscale's import does before storing. Prints the event count and the elapsed seconds
(time.perf_counter; interpreter start-up and file reading not included) and icalendar's
version; termscale-bench runs it once per run and reads those lines. Parse only: nothing is
stored.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import icalendar


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python_icalendar_parse.py FILE")
    with open(sys.argv[1], "rb") as f:
        data = f.read()

    t0 = time.perf_counter()
    cal = icalendar.Calendar.from_ical(data)
    count = 0
    candidates = 0
    for event in cal.walk("VEVENT"):
        start = event.decoded("DTSTART")
        if "DTEND" in event:
            end = event.decoded("DTEND")
        else:
            end = start + event.decoded("DURATION")
        if isinstance(start, dt.datetime):
            start = start.astimezone(dt.timezone.utc)
            end = end.astimezone(dt.timezone.utc)
        summary = str(event.get("SUMMARY", ""))
        raw = event.get("X-CANDIDATES")
        if raw is not None:
            candidates += int(str(raw))
        if summary and end >= start:
            count += 1
    elapsed = time.perf_counter() - t0

    print(f"events: {count}")
    print(f"candidates: {candidates}")
    print(f"icalendar: {icalendar.__version__}")
    print(f"elapsed: {elapsed:.6f} s")


if __name__ == "__main__":
    main()
