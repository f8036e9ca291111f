#!/usr/bin/python3
"""xlsx_compare.py: two workbooks hold the same cells.

Usage: /usr/bin/python3 tests/xlsx_compare.py [--same-parts] A.xlsx B.xlsx

Reads both with openpyxl (Debian's python3-openpyxl) and compares, sheet by
sheet in order: every cell's value (formulas as their text), type, number
format, font colour and underline, hyperlink; the sheet's dimensions, frozen
panes, autofilter, tables, merged ranges and column widths. Prints each
difference (the first 20 of a sheet) and exits 1 when there is any; prints
the number of cells compared otherwise. Both files must also be sound zip
packages with the same parts; with --same-parts, every part must hold the
same bytes once inflated (only the deflated bytes may differ).
"""
import sys
import zipfile

import openpyxl


def cell_key(c):
    link = c.hyperlink.target if c.hyperlink is not None else None
    font = c.font
    color = font.color.rgb if font is not None and font.color is not None else None
    return (
        c.value,
        c.data_type,
        c.number_format,
        link,
        color if isinstance(color, str) else None,
        font.u if font is not None else None,
        font.b if font is not None else None,
    )


def sheet_props(ws):
    widths = {
        k: (d.width, d.min, d.max)
        for k, d in sorted(ws.column_dimensions.items())
        if d.customWidth
    }
    return {
        "dimensions": ws.dimensions,
        "freeze": ws.freeze_panes,
        "autofilter": ws.auto_filter.ref,
        "tables": sorted((t.name, t.ref) for t in ws.tables.values()),
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "widths": widths,
    }


def main():
    args = sys.argv[1:]
    same_parts = "--same-parts" in args
    args = [a for a in args if a != "--same-parts"]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    a_path, b_path = args
    bad = 0
    za, zb = zipfile.ZipFile(a_path), zipfile.ZipFile(b_path)
    for z, p in ((za, a_path), (zb, b_path)):
        broken = z.testzip()
        if broken is not None:
            print(f"xlsx_compare: {p}: {broken}: bad CRC or data")
            bad += 1
    parts_a, parts_b = sorted(za.namelist()), sorted(zb.namelist())
    if parts_a != parts_b:
        print(f"xlsx_compare: parts differ: {sorted(set(parts_a) ^ set(parts_b))}")
        bad += 1
    elif same_parts:
        for name in parts_a:
            if za.read(name) != zb.read(name):
                print(f"xlsx_compare: part {name} differs once inflated")
                bad += 1
    a = openpyxl.load_workbook(a_path)
    b = openpyxl.load_workbook(b_path)
    if a.sheetnames != b.sheetnames:
        print(f"xlsx_compare: sheets differ: {a.sheetnames} / {b.sheetnames}")
        return 1
    cells = 0
    for name in a.sheetnames:
        wa, wb = a[name], b[name]
        pa, pb = sheet_props(wa), sheet_props(wb)
        for k in pa:
            if pa[k] != pb[k]:
                print(f"xlsx_compare: {name}: {k}: {pa[k]!r} / {pb[k]!r}")
                bad += 1
        ca = {c.coordinate: cell_key(c) for row in wa.iter_rows() for c in row
              if c.value is not None or c.has_style}
        cb = {c.coordinate: cell_key(c) for row in wb.iter_rows() for c in row
              if c.value is not None or c.has_style}
        shown = 0
        for coord in sorted(set(ca) | set(cb)):
            cells += 1
            if ca.get(coord) != cb.get(coord):
                bad += 1
                if shown < 20:
                    print(f"xlsx_compare: {name}!{coord}: {ca.get(coord)!r} / {cb.get(coord)!r}")
                    shown += 1
    if bad:
        print(f"xlsx_compare: {bad} difference(s) between {a_path} and {b_path}")
        return 1
    print(f"xlsx_compare: {cells} cells, the same")
    return 0


if __name__ == "__main__":
    sys.exit(main())
