"""Spreadsheet output: reports, exports and blank templates as XLSX or CSV.

Everything written here may carry text that came from an uploaded file (unit names, the offending cell of
a rejected row, a file name). That text is data, never code: every string cell goes through
:func:`neutralise` so that opening our output in Excel or LibreOffice can never run a formula.
Workbooks are written in openpyxl's write-only mode, so a report for a 200,000-row file stays fast and small.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation

from danvan.grammar import catalogue
from danvan.grammar.periods import parse_period
from danvan.grammar.values import format_number

__all__ = [
    "DATA_SHEET",
    "LIST_SHEET",
    "PROBLEM_HEADERS",
    "PROBLEM_SHEET",
    "SPARE_ROWS",
    "TEMPLATE_HEADERS",
    "VALUE_FORMS",
    "frame_to_csv",
    "frame_to_xlsx",
    "neutralise",
    "problems_workbook",
    "template_csv",
    "template_xlsx",
]

# The upload reader knows these Vietnamese headers; "Tên …" columns are for people and are ignored on upload.
TEMPLATE_HEADERS = ("Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tên chỉ tiêu", "Kỳ báo cáo", "Giá trị",
                    "Tử số", "Mẫu số", "Ghi chú")
PROBLEM_HEADERS = ("Dòng", "Cột", "Nội dung trong tệp", "Mức độ", "Thông báo")
DATA_SHEET = "Số liệu"
LIST_SHEET = "Danh mục"
PROBLEM_SHEET = "Lỗi"
SPARE_ROWS = 200  # empty rows below a template's prefilled ones that still get the drop-down lists
VALUE_FORMS = ("Cách ghi giá trị: số đếm ghi 2.500; phần trăm ghi 53,33%; tỷ lệ ghi tử số/mẫu số 13/17 "
               "(hoặc điền cột Tử số, Mẫu số); điểm số (PAPI) ghi 5,34; có so sánh ghi trên 90%; khoảng ghi 1/2 - 3/4; "
               "số chưa chính thức ghi dự kiến 12.")

SEVERITY_VI = {"error": "Lỗi", "warning": "Cảnh báo"}
KIND_VI = {"count": "Số đếm", "percent": "Phần trăm", "ratio": "Tỷ lệ tử số/mẫu số", "score": "Điểm số"}
EXCEL_MAX_ROWS = 1_048_576
_SHEET_NAME_MAX = 31

# Whitespace a spreadsheet may skip before it looks for "=": ASCII and Unicode spaces, NBSP, BOM, ZWSP.
_SPACE = " \t\n\r\f\v\u0085\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
# OWASP CSV injection: a cell starting with = + - @ (or tab / CR) may be run as a formula. Full-width forms
# are included because East-Asian Excel input converts them. Same pattern for Python and Polars (Rust).
_FORMULA_START = "^(?:[\t\r]|[" + _SPACE + "]*[=+\\-@\uff1d\uff0b\uff0d\uff20])"
_FORMULA_RE = re.compile(_FORMULA_START)
_QUOTE = "'"

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TITLE_FONT = Font(bold=True, size=12)
_TEXT = "@"  # Excel's Text number format: what people type stays as typed ("01", "13/17", "2.500")


def neutralise(value: object) -> object:
    """Make text that a spreadsheet would run as a formula show as plain text; anything else is returned as is.

    Following OWASP's CSV-injection advice, a string whose first character is "=", "+", "-" or "@" (also
    after leading spaces, and full-width ＝＋－＠), or is a tab or carriage return, gets a leading
    apostrophe. The same rule serves CSV and XLSX: in XLSX we also write every string as a text cell, but
    the apostrophe keeps the text safe when someone re-saves the sheet as CSV or retypes the cell. The cost
    is a visible "'" before text such as "-5"; numbers (int, float) are never touched, so -3 stays a number.
    """
    if isinstance(value, str) and _FORMULA_RE.match(value):
        return _QUOTE + value
    return value


def _neutralise_expr(column: str) -> pl.Expr:
    """:func:`neutralise` for a whole String column at once."""
    col = pl.col(column)
    return pl.when(col.str.contains(_FORMULA_START)).then(pl.lit(_QUOTE) + col).otherwise(col).alias(column)


def _is_text_like(dtype: pl.DataType) -> bool:
    return dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)


def _as_text(series: pl.Series) -> pl.Series:
    """A column as strings (nested and binary values by their Python text) so that it can be neutralised."""
    if _is_text_like(series.dtype):
        return series.cast(pl.String)
    return pl.Series(series.name, [None if v is None else str(v) for v in series.to_list()], dtype=pl.String)


def _needs_text(dtype: pl.DataType) -> bool:
    """True for columns a CSV writer cannot print or that may hold formula text."""
    return _is_text_like(dtype) or dtype.is_nested() or dtype == pl.Binary or dtype == pl.Object


# -- XLSX -------------------------------------------------------------------------------------------------------


def _text_cell(ws: WriteOnlyWorksheet, text: str, *, number_format: str | None = None,
               font: Font | None = None, fill: PatternFill | None = None) -> WriteOnlyCell:
    """A cell that is always a string: openpyxl would otherwise store "#N/A" as an error value."""
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    if number_format:
        cell.number_format = number_format
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    return cell


def _xlsx_value(ws: WriteOnlyWorksheet, value: object) -> object:
    """A Python value as something openpyxl writes faithfully; text is cleaned and neutralised."""
    if value is None or isinstance(value, bool | int | Decimal | time | timedelta):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else _xlsx_value(ws, str(value))
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones: keep the wall-clock time shown in the app
    if isinstance(value, date):
        return value
    text = _clean_text(value)
    return _text_cell(ws, text) if text in ERROR_CODES else text


def _clean_text(value: object) -> str:
    """Text as an XLSX string cell may hold it: illegal control characters marked, formulas neutralised."""
    text = value if isinstance(value, str) else str(value)
    # Control characters other than tab and line breaks are illegal in XLSX; show that something was there.
    return str(neutralise(ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)))


def _sheet_name(wanted: str, used: set[str]) -> str:
    """A legal, unique worksheet name: no []:*?/\\, at most 31 characters, no leading/trailing apostrophe."""
    base = re.sub(r"[\[\]:*?/\\]", "_", wanted).strip().strip("'") or "Trang"
    name, n = base[:_SHEET_NAME_MAX], 1
    while name.casefold() in used:
        n += 1
        suffix = f" ({n})"
        name = base[:_SHEET_NAME_MAX - len(suffix)] + suffix
    used.add(name.casefold())
    return name


def _width(series: pl.Series, header: str) -> float:
    """Column width in characters: the longest of header and values, kept between 8 and 80."""
    longest = len(header) + 2
    if series.len() and series.null_count() < series.len():
        try:
            text = series if series.dtype == pl.String else series.cast(pl.String)
            longest = max(longest, int(text.str.len_chars().max() or 0))
        except pl.exceptions.PolarsError:
            longest = max(longest, 20)
    return float(min(max(longest + 2, 8), 80))


def _save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _new_workbook(title: str | None) -> Workbook:
    wb = Workbook(write_only=True)
    wb.properties.creator = "Dân vận Dashboard"
    if title:
        wb.properties.title = ILLEGAL_CHARACTERS_RE.sub("\ufffd", title)[:255]
    return wb


def _write_frame(ws: WriteOnlyWorksheet, frame: pl.DataFrame, title: str | None) -> None:
    """Optional title line and a blank line, a bold frozen header with a filter, then the rows."""
    header_row = 3 if title else 1
    headers = [str(neutralise(c)) for c in frame.columns]
    for i, (col, head) in enumerate(zip(frame.columns, headers, strict=True), start=1):
        ws.column_dimensions[get_column_letter(i)].width = _width(frame[col], head)
    ws.freeze_panes = f"A{header_row + 1}"
    if title:
        ws.append([_text_cell(ws, _clean_text(title), font=_TITLE_FONT)])
        ws.append([])
    ws.append([_text_cell(ws, h, font=_BOLD, fill=_HEADER_FILL) for h in headers])
    for row in frame.iter_rows():
        ws.append([_xlsx_value(ws, v) for v in row])
    if frame.width:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(frame.width)}{header_row + frame.height}"


def frame_to_xlsx(sheets: dict[str, pl.DataFrame], *, title: str | None = None) -> bytes:
    """One worksheet per frame, ready to read: bold frozen header, filter, fitted widths, safe text.

    With a title, row 1 holds it and the header is row 3. A frame longer than Excel's 1,048,576 rows goes
    on as "<name> (2)", "<name> (3)"… rather than being cut short.
    """
    if not sheets:
        raise ValueError("Không có bảng nào để ghi ra tệp Excel.")
    wb = _new_workbook(title)
    capacity = EXCEL_MAX_ROWS - (3 if title else 1)
    used: set[str] = set()
    for name, frame in sheets.items():
        starts = range(0, max(frame.height, 1), capacity)
        for offset in starts:
            ws = wb.create_sheet(_sheet_name(name, used))
            _write_frame(ws, frame.slice(offset, capacity), title)
    return _save(wb)


# -- CSV --------------------------------------------------------------------------------------------------------


def frame_to_csv(frame: pl.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel on Windows shows Vietnamese correctly), comma separated, every text neutralised."""
    columns = {c: _as_text(frame[c]) for c in frame.columns if _needs_text(frame[c].dtype)}
    safe = frame.with_columns(*columns.values()).with_columns(_neutralise_expr(c) for c in columns)
    safe = safe.rename({c: str(neutralise(c)) for c in safe.columns})
    buf = io.BytesIO()
    safe.write_csv(buf, include_bom=True)
    return buf.getvalue()


# -- Rejected rows ----------------------------------------------------------------------------------------------


def problems_workbook(problems: pl.DataFrame, file_name: str) -> bytes:
    """The rejected-rows report the sender downloads, fixes their file by, and sends again.

    Sheet "Lỗi": row 1 names the file and the counts, then Dòng | Cột | Nội dung trong tệp | Mức độ | Thông
    báo in the order the problems were found. A combined report (a "file" column) gets a leading "Tệp" column.
    """
    problems = problems.with_columns(pl.col("column", "text", "severity", "message").cast(pl.String))
    severity = pl.col("severity")
    table = problems.select(
        *([pl.col("file").cast(pl.String).alias("Tệp")] if "file" in problems.columns else []),
        pl.col("row_no").alias(PROBLEM_HEADERS[0]),
        pl.col("column").alias(PROBLEM_HEADERS[1]),
        pl.col("text").alias(PROBLEM_HEADERS[2]),
        severity.replace(SEVERITY_VI).alias(PROBLEM_HEADERS[3]),
        pl.col("message").alias(PROBLEM_HEADERS[4]),
    )
    errors = problems.filter(severity == "error").height
    warnings = problems.filter(severity == "warning").height
    counts = f"{format_number(errors, 0)} lỗi" + (f", {format_number(warnings, 0)} cảnh báo" if warnings else "")
    title = f"Tệp: {file_name} — {counts}. Sửa các dòng dưới đây trong tệp gốc rồi gửi lại."
    return frame_to_xlsx({PROBLEM_SHEET: table}, title=title)


# -- Templates --------------------------------------------------------------------------------------------------


def _indicators(codes: Iterable[str]) -> list[catalogue.Indicator]:
    """Catalogue entries for the chosen codes, once each, in the order given."""
    known = catalogue.indicators()
    found = []
    for code in dict.fromkeys(str(c).strip().upper() for c in codes):
        if code not in known:
            raise ValueError(f'Không có chỉ tiêu "{code}" trong danh mục.')
        found.append(known[code])
    return found


def _units(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(code, name) once per code, in the order given; codes stay text so "01" keeps its zero."""
    found: dict[str, tuple[str, str]] = {}
    for code, name in pairs:
        found.setdefault(str(code).strip(), (str(code).strip(), str(name)))
    return list(found.values())


def _template_rows(canonical: str, units: list[tuple[str, str]],
                   inds: list[catalogue.Indicator]) -> Iterator[tuple[str | None, ...]]:
    for code, name in units:
        for ind in inds:
            yield (code, name, ind.code, ind.name_vi, canonical, None, None, None, None)


def _template_frame(period: str, unit_codes: list[tuple[str, str]], indicator_codes: list[str]) -> pl.DataFrame:
    canonical = parse_period(period).canonical
    rows = list(_template_rows(canonical, _units(unit_codes), _indicators(indicator_codes)))
    return pl.DataFrame(rows, schema=dict.fromkeys(TEMPLATE_HEADERS, pl.String), orient="row")


def _measure_vi(ind: catalogue.Indicator) -> str:
    measure = catalogue.measures()[ind.measure].name_vi
    return f"% (tử số, mẫu số: {measure})" if ind.kind == "ratio" else measure


def _example_vi(ind: catalogue.Indicator) -> str:
    if ind.kind == "ratio":
        parts = f" ({ind.numerator_vi} / {ind.denominator_vi})" if ind.numerator_vi and ind.denominator_vi else ""
        return f"13/17{parts} hoặc 76,5%"
    if ind.kind == "percent":
        return "53,33% hoặc trên 90%"
    if ind.kind == "score":
        m = catalogue.measures()[ind.measure]
        return f"{format_number(m.min + (m.max - m.min) * 0.48)} (từ {format_number(m.min)} đến {format_number(m.max)})"
    return "2.500 hoặc dự kiến 12"


def _list_validation(column: str, source: str, first: int, last: int, what: str) -> DataValidation:
    """A drop-down on rows first..last of a column; a code outside the list warns but is allowed."""
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                        showInputMessage=True, errorStyle="warning",
                        errorTitle=f"{what} không có trong danh sách",
                        error=f"{what} này không có trong sheet {LIST_SHEET}. Kiểm tra lại trước khi gửi.",
                        promptTitle=what, prompt=f"Chọn trong danh sách; tên đầy đủ xem ở sheet {LIST_SHEET}.")
    dv.add(f"{column}{first}:{column}{last}")
    return dv


def _write_lists(ws: WriteOnlyWorksheet, units: list[tuple[str, str]], inds: list[catalogue.Indicator]) -> None:
    """Sheet "Danh mục": units in A:B and indicators in D:I from row 4, the value forms on row 2."""
    headers = ("Mã đơn vị", "Tên đơn vị", None, "Mã chỉ tiêu", "Tên chỉ tiêu", "Tên ngắn", "Loại",
               "Đơn vị tính", "Ví dụ giá trị")
    for i, w in enumerate((12, 36, 3, 16, 60, 30, 18, 26, 40), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for letter in ("A", "D"):
        ws.column_dimensions[letter].number_format = _TEXT
    ws.freeze_panes = "A4"
    ws.append([_text_cell(ws, f"Danh mục cho các danh sách chọn ở sheet {DATA_SHEET}", font=_TITLE_FONT)])
    ws.append([_text_cell(ws, VALUE_FORMS)])
    ws.append([None if h is None else _text_cell(ws, h, font=_BOLD, fill=_HEADER_FILL) for h in headers])

    def text(value: str, fmt: str | None = None) -> WriteOnlyCell:
        return _text_cell(ws, _clean_text(value), number_format=fmt)

    for i in range(max(len(units), len(inds))):
        row: list[object] = [None] * 3
        if i < len(units):
            row[:2] = [text(units[i][0], _TEXT), text(units[i][1])]
        if i < len(inds):
            ind = inds[i]
            row += [text(ind.code, _TEXT), text(ind.name_vi), text(ind.short_vi), text(KIND_VI[ind.kind]),
                    text(_measure_vi(ind)), text(_example_vi(ind))]
        ws.append(row)


def template_xlsx(period: str, unit_codes: list[tuple[str, str]], indicator_codes: list[str]) -> bytes:
    """A long-format return to fill in: one prefilled row per unit × indicator for the chosen period.

    Sheet "Số liệu": "Kỳ báo cáo: <label>" on row 1 (the reader takes it as the default period), the header
    on row 3, data from row 4. Every column is formatted as Text, so Excel keeps "01", "13/17" and "2.500"
    exactly as typed instead of turning them into numbers or dates. Drop-down lists on Mã đơn vị and Mã chỉ
    tiêu, for the prefilled rows and SPARE_ROWS more, come from sheet "Danh mục".
    """
    parsed = parse_period(period)
    units, inds = _units(unit_codes), _indicators(indicator_codes)
    header_row, first = 3, 4
    n_rows = len(units) * len(inds)
    last = first + n_rows + SPARE_ROWS - 1

    wb = _new_workbook(f"Mẫu báo cáo {parsed.label('vi')}")
    ws = wb.create_sheet(DATA_SHEET)
    lists = wb.create_sheet(LIST_SHEET)
    for i, w in enumerate((12, 36, 16, 60, 12, 14, 10, 10, 30), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
        ws.column_dimensions[get_column_letter(i)].number_format = _TEXT
    ws.freeze_panes = f"A{first}"
    ws.append([_text_cell(ws, f"Kỳ báo cáo: {parsed.label('vi')}", font=_TITLE_FONT)])
    ws.append([])
    ws.append([_text_cell(ws, h, font=_BOLD, fill=_HEADER_FILL) for h in TEMPLATE_HEADERS])
    for row in _template_rows(parsed.canonical, units, inds):
        cells = []
        for value in row:
            if value is None:
                cells.append(None)  # the column's Text format applies to what the sender types
                continue
            cells.append(_text_cell(ws, _clean_text(value), number_format=_TEXT))
        ws.append(cells)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(TEMPLATE_HEADERS))}{header_row + n_rows}"

    sheet = quote_sheetname(LIST_SHEET)
    if units:
        ws.data_validations.append(_list_validation(
            "A", f"{sheet}!$A${first}:$A${first + len(units) - 1}", first, last, "Mã đơn vị"))
    if inds:
        ws.data_validations.append(_list_validation(
            "C", f"{sheet}!$D${first}:$D${first + len(inds) - 1}", first, last, "Mã chỉ tiêu"))
    _write_lists(lists, units, inds)
    return _save(wb)


def template_csv(period: str, unit_codes: list[tuple[str, str]], indicator_codes: list[str]) -> bytes:
    """The same return as CSV (UTF-8 with BOM, same headers), for people who fill it with other tools.

    Excel drops leading zeros when it opens a CSV ("01" becomes 1); the XLSX template keeps them.
    """
    return frame_to_csv(_template_frame(period, unit_codes, indicator_codes))
