#!/usr/bin/env python3
"""Write a large, deterministic iCalendar exam feed for termscale's import benchmark.

Usage: python3 bench/generate_ics.py [N] [OUT]
    N    number of exam VEVENTs (default 50000: about 12 MB, ~240 bytes per event)
    OUT  output file (default bench/out/bench-N.ics)

Each VEVENT has UID, DTSTAMP, DTSTART/DTEND with TZID=Europe/London, SUMMARY "CODE Exam",
LOCATION, X-CANDIDATES and a short DESCRIPTION; the calendar has a full VTIMEZONE for
Europe/London. Starts are spread over the weekdays of 2027 between 09:00 and 17:00 (clock
changes happen on Sundays at 01:00-02:00, so no time is skipped or repeated). CRLF line
endings; every line is under 75 octets, so nothing needs folding. Python 3 stdlib only; the same
N always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

SUBJECTS = ["MATH", "PHYS", "CHEM", "BIOL", "COMP", "ECON", "LAWS", "HIST", "ENGL", "PSYC",
            "MGMT", "ACCT", "MEDI", "NURS", "GEOG", "POLI", "SOCI", "ENGI", "ARCH", "MUSI"]
VENUES = ["Online (Moodle)", "Sports Hall", "Great Hall", "Exam Hall 1", "Exam Hall 2",
          "Whitworth LT1", "Medical School"]
DESCRIPTIONS = ["Online exam.", "Written exam.", "Open-book exam.", "MCQ exam."]
STARTS = [(9, 0), (9, 30), (10, 0), (11, 0), (13, 0), (14, 0), (14, 30), (15, 0), (16, 30), (17, 0)]
DURATIONS = [60, 90, 120, 120, 120, 180]

VTIMEZONE = [
    "BEGIN:VTIMEZONE", "TZID:Europe/London",
    "BEGIN:DAYLIGHT", "TZNAME:BST", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100",
    "DTSTART:19700329T010000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZNAME:GMT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000",
    "DTSTART:19701025T020000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
    "END:VTIMEZONE",
]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else \
        Path(__file__).resolve().parent / "out" / f"bench-{n}.ics"
    rng = random.Random(20270101)
    days = [dt.date(2027, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    weekdays = [d for d in days if d.weekday() < 5]

    parts = ["BEGIN:VCALENDAR", "PRODID:-//termscale//import benchmark//EN", "VERSION:2.0",
             *VTIMEZONE]
    for i in range(1, n + 1):
        day = weekdays[(i * len(weekdays)) // (n + 1)]  # even spread, in date order
        h, m = rng.choice(STARTS)
        start = dt.datetime(day.year, day.month, day.day, h, m)
        end = start + dt.timedelta(minutes=rng.choice(DURATIONS))
        code = f"{rng.choice(SUBJECTS)}{rng.randint(1, 4)}{rng.randint(0, 999):03d}"
        parts += [
            "BEGIN:VEVENT",
            f"UID:{i:06d}@bench.invalid",
            "DTSTAMP:20260901T000000Z",
            f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/London:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:{code} Exam {i}",
            f"LOCATION:{rng.choice(VENUES)}",
            f"X-CANDIDATES:{rng.choice([rng.randint(5, 60), rng.randint(50, 400), rng.randint(300, 3000)])}",
            f"DESCRIPTION:{rng.choice(DESCRIPTIONS)}",
            "END:VEVENT",
        ]
    parts.append("END:VCALENDAR")
    data = ("\r\n".join(parts) + "\r\n").encode("ascii")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{out}: {n} events, {len(data)} bytes ({len(data) / max(n, 1):.0f} bytes/event)")


if __name__ == "__main__":
    main()
