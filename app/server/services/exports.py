"""Spreadsheets the console hands out. Every text cell that a spreadsheet program would
read as a formula (starting with = + - @, or a tab or carriage return before one) is
neutralised with a leading apostrophe: a trainee name like `=HYPERLINK(...)` stays text."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def workbook_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        # Strings are written as strings (never as formulas: openpyxl would write a value
        # starting with "=" as one), after the apostrophe above.
        sheet.append([safe_cell(v) for v in row])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
