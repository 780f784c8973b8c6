#!/usr/bin/env python3
"""Prints an .xlsx workbook as JSON for tests/cli/xlsx.cpp, read with openpyxl:

  {"sheets": [...], "freeze": "A2", "header_bold": [true, ...],
   "widths": {"A": 12.0, ...},
   "rows": [[{"type": "number"|"text"|"date"|"null", "value": ..., "format": "0.00"}, ...]]}

of the first sheet. A date's value is its ISO text (no zone: Excel's dates have
none); the row of the header is rows[0]. Run with Debian's /usr/bin/python3
(python3-openpyxl), as tests/cli/xlsx.cpp does.
"""
import datetime
import json
import sys

import openpyxl


def cell(c):
    v = c.value
    if v is None:
        return {"type": "null", "value": None, "format": c.number_format}
    if isinstance(v, datetime.datetime):
        return {"type": "date", "value": v.isoformat(), "format": c.number_format}
    if isinstance(v, bool):
        return {"type": "bool", "value": v, "format": c.number_format}
    if isinstance(v, (int, float)):
        return {"type": "number", "value": v, "format": c.number_format}
    return {"type": "text", "value": str(v), "format": c.number_format}


def main():
    book = openpyxl.load_workbook(sys.argv[1])
    sheet = book.worksheets[0]
    rows = [[cell(c) for c in row] for row in sheet.iter_rows()]
    out = {
        "sheets": book.sheetnames,
        "freeze": sheet.freeze_panes,
        "header_bold": [bool(c.font and c.font.b) for c in next(sheet.iter_rows(max_row=1), [])],
        "widths": {k: d.width for k, d in sheet.column_dimensions.items()},
        "rows": rows,
    }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
