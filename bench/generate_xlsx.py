#!/usr/bin/env python3
"""Write a large, deterministic exam timetable for termscale's XLSX benchmark: the same rows as
CSV and as an XLSX workbook written by openpyxl (and, when LibreOffice's soffice is installed, the
CSV converted by it, with shared strings as Excel writes them).

Usage: python3 bench/generate_xlsx.py [N] [OUT_DIR]
    N        rows (default 50000), one exam session each: every code is distinct, so no rows merge
    OUT_DIR  default bench/out; writes bench-N.csv, bench-N.openpyxl.xlsx[, bench-N.libreoffice.xlsx]

Columns as the shipped sample's: Exam Date (a date cell, dd/mm/yyyy), Start Time (a time cell),
Duration (text such as 2h), Module Code, Module Title, Venue, No. of Candidates (a number).
Dates are the weekdays of 2027 in order, starts between 09:00 and 17:00, so no time is skipped
or repeated by a clock change. Needs openpyxl; the same N always gives the same rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

SUBJECTS = ["MATH", "PHYS", "CHEM", "BIOL", "COMP", "ECON", "LAWS", "HIST", "ENGL", "PSYC"]
TITLES = ["Calculus", "Mechanics", "Organic Chemistry", "Cell Biology", "Algorithms", "Microeconomics",
          "Contract Law", "Early Modern Europe", "Shakespeare", "Cognition"]
VENUES = ["Sports Hall", "Great Hall", "Exam Hall 1", "Exam Hall 2", "Whitworth LT1", "Online (Moodle)"]
STARTS = [(9, 0), (9, 30), (10, 0), (11, 0), (13, 0), (14, 0), (14, 30), (15, 0)]
DURATIONS = ["1h", "1.5 Hours", "2h", "2h", "3h", "90"]


def rows(n: int):
    rng = random.Random(20270101)
    days = [dt.date(2027, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    weekdays = [d for d in days if d.weekday() < 5]
    for i in range(1, n + 1):
        day = weekdays[(i * len(weekdays)) // (n + 1)]
        h, m = rng.choice(STARTS)
        subject = rng.randrange(len(SUBJECTS))
        yield (day, dt.time(h, m), rng.choice(DURATIONS), f"{SUBJECTS[subject]}{i:06d}",
               f"{TITLES[subject]} {i}", rng.choice(VENUES), rng.randint(5, 400))


HEADER = ["Exam Date", "Start Time", "Duration", "Module Code", "Module Title", "Venue", "No. of Candidates"]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent / "out"
    out.mkdir(parents=True, exist_ok=True)
    data = list(rows(n))

    csv_path = out / f"bench-{n}.csv"
    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        for day, start, *rest in data:
            w.writerow([f"{day:%d/%m/%Y}", f"{start:%H:%M}", *rest])

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Exams")
    ws.append(HEADER)
    from openpyxl.cell import WriteOnlyCell
    for day, start, *rest in data:
        date_cell = WriteOnlyCell(ws, value=day)
        date_cell.number_format = "dd/mm/yyyy"
        time_cell = WriteOnlyCell(ws, value=start)
        time_cell.number_format = "hh:mm"
        ws.append([date_cell, time_cell, *rest])
    wb.save(out / f"bench-{n}.openpyxl.xlsx")

    if shutil.which("soffice"):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["soffice", "--headless", "--infilter=CSV:44,34,76,1,,2057", "--convert-to", "xlsx", "--outdir", tmp,
                 str(csv_path)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shutil.move(str(Path(tmp) / f"bench-{n}.xlsx"), out / f"bench-{n}.libreoffice.xlsx")
    for path in sorted(out.glob(f"bench-{n}.*")):
        if path.suffix in (".csv", ".xlsx"):
            print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
