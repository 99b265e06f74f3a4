"""Workbooks read as typed: numbers stay numbers, a percent cell arrives as the percent it shows, dates as dates.

Why not calamine (fastexcel), which is faster: it does not expose number formats, so a cell shown as 92,50%
arrived as 0.925 and was stored as 0,925 %. So:
- .xlsx/.xlsm: openpyxl in read-only mode, one row at a time. The zip directory is checked first (a zip bomb is
  refused before anything is inflated; Python's zipfile never inflates a member past its declared size), then
  each sheet's declared size, then every row as it streams, so no sheet is materialised beyond the limits.
- .xls: xlrd with formatting info (the format of every cell), bounded by the format itself (65.536 × 256).
Every sheet is returned, in order, so the caller can read each one and say which it used.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time

import xlrd
from openpyxl import load_workbook

from danvan.grammar.text import nfc
from danvan.ingest._grid import DateText, Grid, Number
from danvan.ingest.limits import LimitError, Limits

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')   # literal text, escapes, colours/conditions, padding
_DECIMALS = re.compile(r"\.([0#?]+)")


class WorkbookError(RuntimeError):
    """The bytes are not a workbook we can open (corrupt, encrypted, another format)."""


def number_style(fmt: str | None) -> tuple[bool, int | None]:
    """(percent, decimals shown) of an Excel number format; "General" shows as many decimals as needed (None)."""
    if not fmt or fmt.lower() == "general":
        return False, None
    bare = _QUOTED.sub("", fmt.split(";")[0])
    found = _DECIMALS.search(bare)
    return "%" in bare, len(found.group(1)) if found else 0


def typed_cell(value: object, fmt: str | None) -> str | None:
    """One cell as grid text: None when empty; Number for numbers; DateText for dates; NFC stripped text otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        percent, decimals = number_style(fmt)
        return Number(value, percent, decimals)
    if isinstance(value, datetime):
        return DateText(value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" "))
    if isinstance(value, date | time):
        return DateText(value.isoformat())
    text = nfc(str(value)).strip()
    return text or None


def read_workbook(data: bytes, name: str, limits: Limits) -> list[tuple[str, Grid | None]]:
    """Every sheet as (name, grid), None for a sheet without any value; LimitError before an oversized read."""
    try:
        if data.startswith(b"PK"):
            return list(_xlsx(data, name, limits))
        return list(_xls(data, name, limits))
    except (LimitError, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # zipfile, XML, openpyxl and xlrd errors alike: the file is not a readable workbook
        raise WorkbookError(str(exc)) from exc


def _xlsx(data: bytes, name: str, limits: Limits) -> Iterator[tuple[str, Grid | None]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        limits.check_unpacked([(i.filename, i.compress_size, i.file_size) for i in archive.infolist()], name)
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for ws in book.worksheets:
            if ws.max_row and ws.max_column:  # the sheet's own <dimension>, refused before any row is read
                limits.check_sheet(ws.max_row, ws.max_column, name, ws.title)
            ws.reset_dimensions()  # rows as stored, not padded to a declared size that may be absurd
            yield ws.title, _xlsx_grid(ws, name, limits)
    finally:
        book.close()


def _xlsx_grid(ws, name: str, limits: Limits) -> Grid | None:
    styles: dict[int, str] = {}
    rows: list[list[str | None]] = []
    filled = False
    for cells in ws.iter_rows():
        row: list[str | None] = []
        for cell in cells:
            value = getattr(cell, "value", None)
            if value is None:
                row.append(None)
                continue
            fmt = None
            if isinstance(value, int | float) and not isinstance(value, bool):
                style = cell._style_id
                fmt = styles.get(style) or styles.setdefault(style, cell.number_format)
            row.append(typed_cell(value, fmt))
        while row and row[-1] is None:
            row.pop()
        limits.check_sheet(len(rows) + 1, len(row), name, ws.title)
        filled = filled or bool(row)
        rows.append(row)
    return Grid(rows, list(range(1, len(rows) + 1)), ws.title) if filled else None


def _xls(data: bytes, name: str, limits: Limits) -> Iterator[tuple[str, Grid | None]]:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except NotImplementedError:  # very old BIFF versions have no formatting records
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        limits.check_sheet(sheet.nrows, sheet.ncols, name, sheet.name)
        rows: list[list[str | None]] = []
        for r in range(sheet.nrows):
            row = [_xls_cell(book, sheet, r, c) for c in range(sheet.row_len(r))]
            while row and row[-1] is None:
                row.pop()
            rows.append(row)
        yield sheet.name, Grid(rows, list(range(1, len(rows) + 1)), sheet.name) if any(rows) else None
        book.unload_sheet(index)


def _xls_cell(book: xlrd.Book, sheet: xlrd.sheet.Sheet, r: int, c: int) -> str | None:
    kind, value = sheet.cell_type(r, c), sheet.cell_value(r, c)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERR")
    if kind == xlrd.XL_CELL_BOOLEAN:
        return typed_cell(bool(value), None)
    if kind == xlrd.XL_CELL_DATE:
        return typed_cell(xlrd.xldate_as_datetime(value, book.datemode), None)
    fmt = None
    if kind == xlrd.XL_CELL_NUMBER and book.formatting_info:
        fmt_key = book.xf_list[sheet.cell_xf_index(r, c)].format_key
        fmt = book.format_map[fmt_key].format_str if fmt_key in book.format_map else None
    return typed_cell(value, fmt)
