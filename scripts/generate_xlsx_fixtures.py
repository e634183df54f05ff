#!/usr/bin/env python3
"""Generate the XLSX fixtures of termscale's reader and end-to-end tests (run by
scripts/generate-xlsx-fixtures, which provides openpyxl and LibreOffice).

Usage: generate_xlsx_fixtures.py OUT_DIR

From each CSV sample (calendars/exams-2027-01.csv and the windows sample written here,
windows-2026-27.csv) two workbooks with the same rows:
* NAME.openpyxl.xlsx: written by openpyxl, dates as date-typed cells (number format dd/mm/yyyy),
  times as time-typed cells (hh:mm), whole numbers as numbers, the rest as text;
* NAME.libreoffice.xlsx: the CSV converted by `soffice --headless --convert-to xlsx` with
  English (UK) locale detection, as a user opening the CSV in LibreOffice and saving it would.
Then one workbook per reader feature (merged date cells, the 1904 date system, a hidden row,
title lines above the header, two sheets, bad rows) and the damaged ones (a truncated ZIP, a
cell that is not a number, a bad cell reference, broken XML). The generated files are committed,
so CI needs neither openpyxl nor LibreOffice.
"""
import csv
import datetime as dt
import io
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

ROOT = pathlib.Path(__file__).resolve().parent.parent

WINDOWS_CSV = """Category,Title,Start Date,End Date
Teaching,Autumn Term,28/09/2026,11/12/2026
Vacation,Christmas Vacation,12/12/2026,10/01/2027
Exams,January Exams,11/01/2027,22/01/2027
Reading Week,Spring Reading Week,15/02/2027,19/02/2027
Teaching,Spring Term,25/01/2027,26/03/2027
Exams,May Exams,10/05/2027,04/06/2027
"""

def typed(value: str):
    """A CSV cell as the typed value a registry's workbook holds."""
    text = value.strip()
    for fmt, kind in (("%d/%m/%Y", "date"), ("%H:%M", "time")):
        try:
            parsed = dt.datetime.strptime(text, fmt)
            return parsed.date() if kind == "date" else parsed.time()
        except ValueError:
            pass
    if text.isdigit() and not text.startswith("0"):
        return int(text)
    return value


def put(ws, row: int, values) -> None:
    for column, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=column, value=typed(value) if isinstance(value, str) else value)
        if isinstance(cell.value, dt.date):
            cell.number_format = "dd/mm/yyyy"
        elif isinstance(cell.value, dt.time):
            cell.number_format = "hh:mm"


def openpyxl_copy(csv_path: pathlib.Path, out: pathlib.Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = csv_path.stem
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        for number, record in enumerate(csv.reader(f), 1):
            put(ws, number, record)
    wb.save(out)


def libreoffice_copy(csv_path: pathlib.Path, out: pathlib.Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # 44: comma, 34: double quote, 76: UTF-8, 1: first line; 2057: English (UK), so 11/01/2027
        # is 11 January, as the CSV reader's default --date-order dmy reads it.
        subprocess.run(
            ["soffice", "--headless", "--infilter=CSV:44,34,76,1,,2057", "--convert-to", "xlsx", "--outdir", tmp,
             str(csv_path)],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.move(str(pathlib.Path(tmp) / (csv_path.stem + ".xlsx")), out)


def new_workbook(title="Exams"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    return wb, ws


def merged_dates(out: pathlib.Path) -> None:
    """A printed timetable's layout: each day's date merged down over its sessions."""
    wb, ws = new_workbook()
    put(ws, 1, ["Date", "Start", "End", "Code", "Title", "Room", "Candidates"])
    rows = [
        ["12/01/2027", "09:30", "11:30", "MATH1001", "Calculus", "Sports Hall", "120"],
        ["", "09:30", "11:30", "MATH1001", "Calculus", "Room 2", "30"],
        ["", "14:00", "16:00", "PHYS1002", "Mechanics", "Sports Hall", "80"],
        ["13/01/2027", "09:30", "12:30", "CHEM2001", "Organic Chemistry", "Great Hall", "95"],
        ["", "14:00", "15:30", "BIOL1001", "Cell Biology", "Great Hall", "60"],
    ]
    for number, row in enumerate(rows, 2):
        put(ws, number, row)
    ws.merge_cells("A2:A4")
    ws.merge_cells("A5:A6")
    wb.save(out)


def date1904(out: pathlib.Path) -> None:
    """Dates in the 1904 system (old Mac Excel): the same days have serials 1,462 lower."""
    wb, ws = new_workbook()
    wb.epoch = CALENDAR_MAC_1904
    put(ws, 1, ["Date", "Start", "Duration", "Code", "Title"])
    put(ws, 2, ["12/01/2027", "09:30", "2h", "MATH1001", "Calculus"])
    put(ws, 3, ["01/03/2027", "14:00", "90", "PHYS1002", "Mechanics"])
    wb.save(out)


def hidden_row(out: pathlib.Path) -> None:
    wb, ws = new_workbook()
    put(ws, 1, ["Date", "Start", "Duration", "Code", "Title"])
    put(ws, 2, ["12/01/2027", "09:30", "2h", "MATH1001", "Calculus"])
    put(ws, 3, ["12/01/2027", "14:00", "2h", "OLD0001", "Withdrawn paper"])
    put(ws, 4, ["13/01/2027", "09:30", "3h", "CHEM2001", "Organic Chemistry"])
    ws.row_dimensions[3].hidden = True
    wb.save(out)


def title_lines(out: pathlib.Path) -> None:
    """A registry's heading above the table, and trailing empty rows and columns left styled."""
    wb, ws = new_workbook("Exam Timetable")
    ws["A1"] = "University of Northgate"
    ws["A2"] = "January 2027 examination timetable (provisional)"
    put(ws, 4, ["Date", "Start", "Duration", "Code", "Title"])
    put(ws, 5, ["12/01/2027", "09:30", "2h", "MATH1001", "Calculus"])
    put(ws, 6, ["13/01/2027", "14:00", "90", "PHYS1002", "Mechanics"])
    ws["H20"].number_format = "dd/mm/yyyy"  # styled but empty: not a column, not a row
    wb.save(out)


def two_sheets(out: pathlib.Path) -> None:
    wb = openpyxl.Workbook()
    january = wb.active
    january.title = "January"
    put(january, 1, ["Date", "Start", "Duration", "Code", "Title"])
    put(january, 2, ["12/01/2027", "09:30", "2h", "MATH1001", "Calculus"])
    may = wb.create_sheet("May Exams")
    put(may, 1, ["Date", "Start", "Duration", "Code", "Title"])
    put(may, 2, ["10/05/2027", "09:30", "2h", "MATH2001", "Linear Algebra"])
    put(may, 3, ["11/05/2027", "14:00", "3h", "PHYS2002", "Quantum Mechanics"])
    wb.save(out)


def bad_rows(out: pathlib.Path) -> None:
    wb, ws = new_workbook()
    put(ws, 1, ["Date", "Start", "End", "Code", "Title", "Candidates"])
    put(ws, 2, ["12/01/2027", "09:30", "11:30", "MATH1001", "Calculus", "120"])
    put(ws, 3, ["12/01/2027", "14:00", "13:00", "PHYS1002", "Mechanics", "80"])
    put(ws, 4, ["12/01/2027", "09:30", "11:30", "", "", "many"])
    put(ws, 5, ["31/02/2027", "09:30", "11:30", "CHEM2001", "Organic Chemistry", "95"])
    wb.save(out)


def rewrite(source: pathlib.Path, out: pathlib.Path, part: str, edit) -> None:
    """`source` with one part's text changed by `edit`, every other part copied unchanged."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                changed = edit(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), f"{part}: the edit changed nothing"
                data = changed.encode("utf-8")
            zout.writestr(item, data)


def damaged(out_dir: pathlib.Path) -> None:
    base = out_dir / "hidden-row.xlsx"
    sheet = "xl/worksheets/sheet1.xml"
    # A cell typed as a number whose value is not one (B4: row 4's start time).
    rewrite(base, out_dir / "bad-cell.xlsx", sheet,
            lambda xml: xml.replace('<c r="B4" s="2" t="n"><v>0.3958333333333333</v>',
                                    '<c r="B4" s="2" t="n"><v>nine thirty</v>'))
    # A cell reference that is no column and row.
    rewrite(base, out_dir / "bad-ref.xlsx", sheet, lambda xml: xml.replace('<c r="D4"', '<c r="4D"'))
    # A start tag that never closes (E4 lost its '>').
    rewrite(base, out_dir / "broken-xml.xlsx", sheet,
            lambda xml: xml.replace('<c r="E4" t="inlineStr">', '<c r="E4" t="inlineStr"'))
    # The ZIP cut in half, as an interrupted download leaves it.
    data = base.read_bytes()
    (out_dir / "truncated.xlsx").write_bytes(data[: len(data) // 2])


def main() -> None:
    out_dir = pathlib.Path(sys.argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    windows = out_dir / "windows-2026-27.csv"
    windows.write_text(WINDOWS_CSV, encoding="utf-8")
    for csv_path in (ROOT / "calendars" / "exams-2027-01.csv", windows):
        openpyxl_copy(csv_path, out_dir / f"{csv_path.stem}.openpyxl.xlsx")
        libreoffice_copy(csv_path, out_dir / f"{csv_path.stem}.libreoffice.xlsx")
    merged_dates(out_dir / "merged-dates.xlsx")
    date1904(out_dir / "date-1904.xlsx")
    hidden_row(out_dir / "hidden-row.xlsx")
    title_lines(out_dir / "title-lines.xlsx")
    two_sheets(out_dir / "two-sheets.xlsx")
    bad_rows(out_dir / "bad-rows.xlsx")
    damaged(out_dir)
    for path in sorted(out_dir.glob("*.xlsx")):
        print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
