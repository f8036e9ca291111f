#!/usr/bin/python3
"""xlsx_check.py: reads a tierzero workbook back with openpyxl and checks it against expectations.

usage: /usr/bin/python3 xlsx_check.py BOOK.xlsx EXPECTED.json [--recalc OUTDIR]

EXPECTED.json (written by the unit test from its hand-built report):
  sheets        list of sheet names, in order
  tables        {sheet: {table name: "A1:U5"}}; sheets absent from it are not checked
  no_tables     true: no sheet has an Excel table (constant-memory layout)
  autofilters   {sheet: "A1:U5"}
  names         {defined name: "Summary!$B$12"}
  rows          [{sheet, header_row (1-based, default 1), key: {column: value},
                  expect: {column: value}, formulas: {column: substring}}]
  labels        [{sheet, label (text in column A), value, column (default "B")}]
  cells         [{sheet, cell ("B3"), value}]
  properties    {openpyxl property name: value} (datetimes as ISO text, UTC)
  recalc        [{sheet, header_row, key, expect}] compared after LibreOffice recalculates
Values: a number (relative tolerance 1e-9), a string (must be a text cell), null (empty
cell or ""), {"date": "YYYY-MM-DDTHH:MM:SS[.fff]"} (a date cell, to the millisecond),
{"link": URL} (the formula =HYPERLINK("URL"), quotes doubled, URL its cached text),
{"text_nolink": S} (text, no hyperlink),
{"prefix": S, "length": N, "suffix": S} (long text, length in characters).
"""
import csv
import re
import datetime
import glob
import json
import math
import os
import subprocess
import sys
import warnings

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

FAILURES = []


def fail(msg):
    FAILURES.append(msg)


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def header_map(ws, header_row):
    cols = {}
    for cell in ws[header_row]:
        if cell.value is not None and str(cell.value) not in cols:
            cols[str(cell.value)] = cell.column
    return cols


def find_row(ws, cols, header_row, key, where):
    for r in range(header_row + 1, ws.max_row + 1):
        ok = True
        for name, want in key.items():
            if name not in cols:
                fail(f"{where}: no column {name!r}")
                return None
            if ws.cell(r, cols[name]).value != want:
                ok = False
                break
        if ok:
            return r
    fail(f"{where}: no row with {key}")
    return None


def check_value(cell, vcell, want, where):
    """cell: from the formula workbook; vcell: same cell with cached values."""
    got = vcell.value
    if want is None:
        if got not in (None, ""):
            fail(f"{where}: expected empty, got {got!r}")
    elif isinstance(want, bool):
        fail(f"{where}: booleans are not expected in a workbook")
    elif isinstance(want, (int, float)):
        if not isinstance(got, (int, float)) or isinstance(got, bool) or not close(got, want):
            fail(f"{where}: expected {want!r}, got {got!r}")
    elif isinstance(want, str):
        if got != want:
            fail(f"{where}: expected {want!r}, got {got!r}")
        elif cell.data_type not in ("s", "f", "inlineStr") or (
            cell.data_type == "f" and not str(cell.value).startswith("=")
        ):
            fail(f"{where}: expected a text cell, data_type {cell.data_type!r}")
        elif cell.data_type != "f" and cell.data_type != "s":
            fail(f"{where}: text stored as {cell.data_type!r}")
    elif "date" in want:
        exp = datetime.datetime.fromisoformat(want["date"])
        if not cell.is_date and not isinstance(got, datetime.datetime):
            fail(f"{where}: expected a date cell, got {got!r} ({cell.number_format})")
        elif isinstance(got, (int, float)):
            got = from_excel(got)
        if isinstance(got, datetime.datetime) and abs((got - exp).total_seconds()) > 0.001:
            fail(f"{where}: expected {exp}, got {got}")
    elif "link" in want:
        # =HYPERLINK("url") with the url's quotes doubled, the url its cached text
        formula = '=HYPERLINK("' + want["link"].replace('"', '""') + '")'
        if cell.data_type != "f" or cell.value != formula:
            fail(f"{where}: expected the formula {formula!r}, got {cell.value!r} "
                 f"({cell.data_type!r})")
        elif got != want["link"]:
            fail(f"{where}: expected the cached text {want['link']!r}, got {got!r}")
        if cell.hyperlink is not None:
            fail(f"{where}: a hyperlink relationship {cell.hyperlink.target!r} beside the formula")
    elif "text_nolink" in want:
        if got != want["text_nolink"] or cell.data_type != "s":
            fail(f"{where}: expected text {want['text_nolink']!r}, got {got!r}")
        if cell.hyperlink is not None:
            fail(f"{where}: unexpected hyperlink {cell.hyperlink.target!r}")
    elif "prefix" in want:
        if isinstance(got, str):
            # XML cannot hold control characters: they are stored as _xHHHH_, as Excel does.
            got = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), got)
        if not isinstance(got, str) or cell.data_type != "s":
            fail(f"{where}: expected long text, got {type(got)}")
        elif not got.startswith(want["prefix"]) or len(got) != want["length"] \
                or not got.endswith(want["suffix"]):
            fail(f"{where}: long text: length {len(got)}, starts {got[:20]!r}, "
                 f"ends {got[-5:]!r}")
    else:
        fail(f"{where}: unknown expectation {want!r}")


def check_rows(book, vbook, exp):
    for i, spec in enumerate(exp.get("rows", [])):
        ws, vws = book[spec["sheet"]], vbook[spec["sheet"]]
        hr = spec.get("header_row", 1)
        cols = header_map(ws, hr)
        where = f"{spec['sheet']} {spec['key']}"
        r = find_row(ws, cols, hr, spec["key"], where)
        if r is None:
            continue
        for name, want in spec.get("expect", {}).items():
            if name not in cols:
                fail(f"{where}: no column {name!r}")
                continue
            check_value(ws.cell(r, cols[name]), vws.cell(r, cols[name]), want,
                        f"{where} [{name}]")
        for name, sub in spec.get("formulas", {}).items():
            f = ws.cell(r, cols[name]).value
            if not isinstance(f, str) or not f.startswith("=") or sub not in f:
                fail(f"{where} [{name}]: expected a formula using {sub!r}, got {f!r}")


def check_labels(book, vbook, exp):
    for spec in exp.get("labels", []):
        ws, vws = book[spec["sheet"]], vbook[spec["sheet"]]
        col = openpyxl.utils.column_index_from_string(spec.get("column", "B"))
        for r in range(1, ws.max_row + 1):
            if ws.cell(r, 1).value == spec["label"]:
                check_value(ws.cell(r, col), vws.cell(r, col), spec["value"],
                            f"{spec['sheet']} {spec['label']!r}")
                break
        else:
            fail(f"{spec['sheet']}: no row labelled {spec['label']!r}")


def check_cells(book, vbook, exp):
    for spec in exp.get("cells", []):
        ws, vws = book[spec["sheet"]], vbook[spec["sheet"]]
        check_value(ws[spec["cell"]], vws[spec["cell"]], spec["value"],
                    f"{spec['sheet']}!{spec['cell']}")


def check_structure(book, exp):
    if book.sheetnames != exp["sheets"]:
        fail(f"sheets: expected {exp['sheets']}, got {book.sheetnames}")
    for sheet, tables in exp.get("tables", {}).items():
        got = {t.name: t.ref for t in book[sheet].tables.values()}
        if got != tables:
            fail(f"{sheet}: tables {got}, expected {tables}")
        for t in book[sheet].tables.values():
            style = t.tableStyleInfo
            if style is None or not style.showRowStripes:
                fail(f"{sheet}: table {t.name} has no banded rows")
        at_top = any(ref.startswith("A1:") for ref in tables.values())
        if at_top and book[sheet].freeze_panes != "A2":
            fail(f"{sheet}: header not frozen ({book[sheet].freeze_panes})")
    if exp.get("no_tables"):
        for ws in book.worksheets:
            if ws.tables:
                fail(f"{ws.title}: unexpected tables {list(ws.tables)}")
    for sheet, ref in exp.get("autofilters", {}).items():
        if book[sheet].auto_filter.ref != ref:
            fail(f"{sheet}: autofilter {book[sheet].auto_filter.ref}, expected {ref}")
    for name, ref in exp.get("names", {}).items():
        dn = book.defined_names.get(name)
        if dn is None or dn.attr_text.replace("'", "") != ref:
            fail(f"defined name {name}: {dn.attr_text if dn else None}, expected {ref}")
    props = exp.get("properties", {})
    for key, want in props.items():
        got = getattr(book.properties, key)
        if isinstance(got, datetime.datetime):
            got = got.replace(tzinfo=None).isoformat()
        if got != want:
            fail(f"property {key}: {got!r}, expected {want!r}")


def recalc(path, exp, outdir):
    specs = exp.get("recalc", [])
    if not specs:
        return
    tool = os.environ.get("T0_XLSX_RECALC")
    if not tool or not os.path.exists(tool) or subprocess.call(
            ["sh", "-c", "command -v soffice"], stdout=subprocess.DEVNULL) != 0:
        # Asked to recalculate and cannot: a failure, never a silent pass.
        sys.exit("xlsx_check: soffice or xlsx-recalc (T0_XLSX_RECALC) absent: cannot recalculate")
    subprocess.run([tool, path, outdir], check=True, timeout=300)
    base = os.path.splitext(os.path.basename(path))[0]
    for spec in specs:
        matches = glob.glob(os.path.join(outdir, f"{base}-{spec['sheet']}.csv"))
        if not matches:
            fail(f"recalc: no CSV for sheet {spec['sheet']} in {os.listdir(outdir)}")
            continue
        with open(matches[0], newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        hr = spec.get("header_row", 1) - 1
        cols = {}
        for i, name in enumerate(rows[hr]):
            if name and name not in cols:
                cols[name] = i
        where = f"recalc {spec['sheet']} {spec['key']}"
        target = None
        for row in rows[hr + 1:]:
            if all(cols.get(k) is not None and cols[k] < len(row) and row[cols[k]] == v
                   for k, v in spec["key"].items()):
                target = row
                break
        if target is None:
            fail(f"{where}: row not found")
            continue
        for name, want in spec["expect"].items():
            got = target[cols[name]] if name in cols and cols[name] < len(target) else None
            if want is None:
                if got not in ("", None):
                    fail(f"{where} [{name}]: expected empty, got {got!r}")
            elif isinstance(want, str):
                if got != want:
                    fail(f"{where} [{name}]: expected {want!r}, got {got!r}")
            else:
                try:
                    num = float(got)
                except (TypeError, ValueError):
                    fail(f"{where} [{name}]: expected {want!r}, got {got!r}")
                    continue
                if not close(num, want):
                    fail(f"{where} [{name}]: recalculated {num!r}, expected {want!r}")


def main(argv):
    # openpyxl does not know Excel 2010 data bars; they are not checked here.
    warnings.simplefilter("ignore", UserWarning)
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--recalc"):
        print(__doc__, file=sys.stderr)
        return 2
    path = argv[1]
    with open(argv[2], encoding="utf-8") as f:
        exp = json.load(f)
    book = openpyxl.load_workbook(path)
    vbook = openpyxl.load_workbook(path, data_only=True)
    check_structure(book, exp)
    check_rows(book, vbook, exp)
    check_labels(book, vbook, exp)
    check_cells(book, vbook, exp)
    if len(argv) == 5:
        recalc(path, exp, argv[4])
    for msg in FAILURES:
        print(f"xlsx_check: {msg}", file=sys.stderr)
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
