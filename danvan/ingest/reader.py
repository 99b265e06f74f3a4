"""Read a return file (CSV/TXT/TSV, XLSX, legacy XLS) into long rows, one per figure, with the file's own places.

Every source becomes one or more *grids* (rows of cells, each row with its number in the file; spreadsheet cells
keep their type, see `_grid`), one per sheet; `_layout` finds each grid's table (long, wide or the indicators-down
report table) and this module spreads it into rows of the column contract. Text and Excel files behave the same.

Row numbers are what the user sees when opening the file:
- Excel: the spreadsheet row (leading blank rows count), on every sheet;
- Text: the physical line on which the record *starts* (1-based).

Nothing is guessed: a numeric Excel cell arrives as its number (a percent cell as the percent shown) in
`value_number`, never re-read as Vietnamese text; a problem found while reading (a CSV row longer than its
header, an over-long cell, a date in a value column) travels with its row in `read_error` so the checks refuse
that row by name.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from danvan.grammar.contract import COLUMNS
from danvan.grammar.values import format_number
from danvan.ingest._excel import WorkbookError, read_workbook
from danvan.ingest._grid import MAX_CELL_CHARS, DateText, Grid, Number, letter
from danvan.ingest._layout import (
    Header,
    Preamble,
    cell,
    find_header,
    indicator_named,
    is_numbering,
    is_section,
    is_summary,
    is_total,
    preamble,
    ref,
    stt_column,
)
from danvan.ingest._text import TextError, read_text, records
from danvan.ingest.limits import Limits

__all__ = ["EXTENSIONS", "ROW_SCHEMA", "ReadError", "ReadResult", "SheetRead", "read_bytes", "read_file"]

TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
XLS_EXTENSIONS = (".xls",)
EXTENSIONS = TEXT_EXTENSIONS + XLSX_EXTENSIONS + XLS_EXTENSIONS  # what an upload widget should offer
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_NUMBERS = ("value", "numerator", "denominator")

# Every read gives these columns. The String columns hold text as written (for a numeric Excel cell: the text
# it showed, in Vietnamese format); *_number hold the numbers of numeric cells, which the checks use instead.
ROW_SCHEMA: dict[str, pl.DataType] = {
    "row_no": pl.Int64, "sheet": pl.String, **{c: pl.String for c in COLUMNS}, "value_ref": pl.String,
    **{f"{c}_number": pl.Float64 for c in _NUMBERS}, "value_percent": pl.Boolean, "measure_text": pl.String,
    "unit_name_text": pl.String, "read_error": pl.String, "read_error_column": pl.String,
}
# unit_name_text: the name written beside the unit's code ("Thừa Thiên-Huế" beside tinhid 46); the code decides
# where the figure goes, and the checks refuse the row when the name clearly names another unit.

_NO_HEADER = ('Không tìm thấy dòng tiêu đề trong tệp "{name}": cần các cột Mã đơn vị, Mã chỉ tiêu, Kỳ báo cáo, '
              "Giá trị (dạng dài), cột đơn vị và các cột chỉ tiêu (dạng rộng), hoặc cột Chỉ tiêu và các cột "
              "kỳ báo cáo như Năm 2023 (biểu số liệu).")
_RAGGED = ("Dòng có {n} ô, nhiều hơn {h} cột của dòng tiêu đề: số có dấu phẩy? Viết 2.500 hoặc đặt trong ngoặc "
           'kép ("2,500").')


class ReadError(RuntimeError):
    """The file cannot be read at all (exit code 2 on the CLI); the message names the file, in Vietnamese."""


@dataclass
class SheetRead:
    """What one sheet gave: shown per sheet in the preview, where the user may leave a sheet out."""

    name: str
    layout: str | None                 # "long" | "wide" | "down"; None: no table found
    period: str | None = None          # the sheet's own period ("Kỳ báo cáo" line, title or sheet name)
    unit: str | None = None            # the reporting unit written in the title
    records: int = 0
    notes: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # canonical column -> "D (Giá trị)" on this sheet


@dataclass
class ReadResult:
    rows: pl.DataFrame                 # ROW_SCHEMA
    default_period: str | None         # the (first) table's own period, already filled into its rows
    layout: str                        # "long" | "wide" | "down" (of the first table read)
    encoding: str | None = None        # text files only
    notes: list[str] = field(default_factory=list)               # Vietnamese, for the report
    unit_level: str | None = None      # the level the unit column names ("Mã xã" → commune); None: any
    title_unit: str | None = None      # the reporting unit written in the title rows, a context for names
    sheets: list[SheetRead] = field(default_factory=list)


# --------------------------------------------------------------------------------------------- dispatch

def read_file(path: str | Path, limits: Limits | None = None) -> ReadResult:
    """Read a file from disk; an unreadable path is a ReadError, never a traceback."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f'Không mở được tệp "{path}": {exc.strerror or exc}') from exc
    return read_bytes(data, path.name, limits)


def read_bytes(data: bytes, name: str, limits: Limits | None = None) -> ReadResult:
    """Read an uploaded file's bytes; the extension decides, except that Excel's magic bytes always win.
    Raises ReadError when nothing can be read, LimitError when the file is over a limit (checked while reading)."""
    limits = limits or Limits.from_env()
    if not data.strip():
        raise ReadError(f'Tệp "{name}" trống, không có dữ liệu.')
    if _kind(data, name) == "text":
        return _read_text(data, name, limits)
    try:
        grids = read_workbook(data, name, limits)
    except WorkbookError as exc:
        raise ReadError(f'Không đọc được tệp Excel "{name}": tệp hỏng, có mật khẩu hoặc không phải định dạng Excel. '
                        "Hãy mở bằng Excel rồi lưu lại dạng .xlsx.") from exc
    return _combine([_read_sheet(grid, sheet) for sheet, grid in grids], name, None, [])


def _kind(data: bytes, name: str) -> str:
    """'text' or 'excel'. A renamed workbook is still a workbook; a .xlsx that is not one is refused clearly."""
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        return "excel"
    suffix = Path(name).suffix.lower()
    if suffix in XLSX_EXTENSIONS + XLS_EXTENSIONS:
        head = data[:2048].lower()
        if b"<html" in head or b"<table" in head or b"<?xml" in head:
            raise ReadError(f'Tệp "{name}" mang đuôi Excel nhưng thực chất là trang web/HTML xuất từ phần mềm. '
                            "Hãy mở bằng Excel rồi lưu lại dạng .xlsx.")
        raise ReadError(f'Tệp "{name}" không phải tệp Excel hợp lệ (tệp hỏng hoặc sai đuôi). '
                        "Hãy mở bằng Excel rồi lưu lại dạng .xlsx.")
    return "text"


def _header_score(grid: Grid) -> int:
    header = find_header(grid)
    return header.score if header else 0


def _read_text(data: bytes, name: str, limits: Limits) -> ReadResult:
    try:
        text, encoding, delimiter, notes = read_text(data, _header_score)
    except TextError as exc:
        raise ReadError(f'Không đọc được tệp "{name}": {exc}') from exc
    fast = _fast_long(text, delimiter, encoding, notes)
    if fast is not None:
        limits.check_sheet(fast.rows.height, 0, name, name)
        return fast
    rows, starts = records(text, delimiter)
    limits.check_sheet(len(rows), max(map(len, rows), default=0), name, name)
    return _combine([_read_sheet(Grid(rows, starts, strict_width=True), None)], name, encoding, notes)


def _combine(sheets: list[tuple[SheetRead, pl.DataFrame | None, Header | None]], name: str, encoding: str | None,
             notes: list[str]) -> ReadResult:
    """One result from the sheets read: their rows in order, notes per sheet (named when there are several)."""
    used = [(s, frame, header) for s, frame, header in sheets if frame is not None and header is not None]
    if not used:
        raise ReadError(_NO_HEADER.format(name=name))
    first, _, header = used[0]
    several = len(sheets) > 1
    for sheet, _, _ in sheets:
        if several:
            notes.append(f'Trang tính "{sheet.name}": ' + (" ".join(sheet.notes) if sheet.notes else "đã đọc."))
        else:
            notes += ([f'Đọc trang tính "{sheet.name}".'] if sheet.name else []) + sheet.notes
    units = {s.unit for s, _, h in used if h.layout != "down"}
    return ReadResult(
        pl.concat([frame for _, frame, _ in used]), first.period, header.layout, encoding, notes, header.unit_level,
        units.pop() if len(units) == 1 else None, [s for s, _, _ in sheets])


# --------------------------------------------------------------------------------------------- grid → rows

def _read_sheet(grid: Grid | None, sheet: str | None) -> tuple[SheetRead, pl.DataFrame | None, Header | None]:
    if grid is None:
        return SheetRead(sheet or "", None, notes=["Trang tính trống."]), None, None
    header = find_header(grid)
    if header is None:
        return SheetRead(sheet or "", None, notes=["Không có bảng số liệu (không thấy dòng tiêu đề); bỏ qua."]), \
            None, None
    pre = preamble(grid, header)
    frame, notes = _Rows(grid, header, pre).build()
    labels = {c: ref(header, j) for c, j in header.columns.items() if c in COLUMNS}
    read = SheetRead(sheet or "", header.layout, pre.period, pre.unit, frame.height, pre.notes + notes, labels)
    return read, frame, header


class _Rows:
    """Spreads the data rows under a header into rows of ROW_SCHEMA (one per figure), with notes on what it skipped."""

    def __init__(self, grid: Grid, header: Header, pre: Preamble) -> None:
        self.grid, self.header, self.pre = grid, header, pre
        self.out: dict[str, list] = {c: [] for c in ROW_SCHEMA}
        self.skipped: dict[str, list[int]] = {"total": [], "summary": [], "section": []}
        self.fuzzy: dict[str, tuple[str, int]] = {}
        self.blank = 0
        self.stt = stt_column(grid, header)  # down tables: the numbering that marks section rows

    def build(self) -> tuple[pl.DataFrame, list[str]]:
        notes: list[str] = []
        spread = {"long": self._long, "wide": self._wide, "down": self._down}[self.header.layout]
        for row_no, row in self._data_rows(notes):
            extra = self._ragged(row)
            if extra:
                self._add(row_no, {"unit_code": cell(row, self.header.columns.get("unit_code", -1))}, extra)
            else:
                spread(row_no, row)
        frame = pl.DataFrame(self.out, schema=ROW_SCHEMA)
        if self.pre.period:
            frame = frame.with_columns(pl.col("period").fill_null(self.pre.period))
        if self.skipped["total"]:
            notes.append("Bỏ qua dòng tổng cộng " + ", ".join(map(str, self.skipped["total"])) + ".")
        if self.skipped["summary"]:
            notes.append("Bỏ qua dòng thống kê (điểm cao nhất, thấp nhất, trung bình …) "
                         + ", ".join(map(str, self.skipped["summary"])) + ".")
        if self.skipped["section"]:
            notes.append("Bỏ qua dòng tiêu đề mục (I, II, A, 1.1 …) " + ", ".join(map(str, self.skipped["section"]))
                         + ".")
        for text, (code, row_no) in self.fuzzy.items():
            notes.append(f'Chỉ tiêu "{text}" (dòng {row_no}) được hiểu là {code}; nếu sai, hãy ghi mã chỉ tiêu.')
        if self.blank:
            notes.append(f"{self.blank} ô số liệu để trống: không báo cáo, không ghi.")
        if frame.height == 0:
            notes.append("Không có dòng số liệu nào dưới dòng tiêu đề.")
        if self.header.layout == "long" and frame.height:
            frame = frame.with_columns(pl.col("indicator_code").replace(_indicator_codes(frame["indicator_code"])))
        return frame, notes

    def _data_rows(self, notes: list[str]) -> Iterable[tuple[int, list[str | None]]]:
        """Non-blank rows under the header (file row, cells), without a column-numbering row."""
        first = True
        for k in range(self.header.bottom + 1, len(self.grid.rows)):
            row = self.grid.rows[k]
            if not any(row):
                continue
            if first:
                first = False
                if is_numbering(row, self.header):
                    notes.append(f"Bỏ qua dòng đánh số cột {self.grid.row_nos[k]}.")
                    continue
            yield self.grid.row_nos[k], row

    def _ragged(self, row: list[str | None]) -> tuple[str, str] | None:
        """A text record longer than its header (an unquoted "2,500" split in two) is refused, never truncated."""
        width = self.header.width
        if self.grid.strict_width and len(row) > width and any(row[width:]):
            return _RAGGED.format(n=len(row), h=width), letter(width)
        return None

    def _add(self, row_no: int, cells: dict[str, str | None], error: tuple[str, str] | None = None,
             refs: dict[str, int] | None = None) -> None:
        """One output row; typed number cells go to *_number, an over-long or date cell becomes the row's error."""
        record: dict[str, object] = {"row_no": row_no, "sheet": self.grid.sheet}
        for column, value in cells.items():
            where = (refs or {}).get(column, self.header.columns.get(column))
            if error is None and value is not None and len(value) > MAX_CELL_CHARS:
                error = (f"Ô dài {format_number(len(value))} ký tự, vượt giới hạn {format_number(MAX_CELL_CHARS)} "
                         "ký tự của một ô.", ref(self.header, where) if where is not None else "")
                value = value[:200] + "…"
            if column in _NUMBERS and isinstance(value, Number):
                record[f"{column}_number"] = value.value
                record["value_percent"] = value.percent if column == "value" else record.get("value_percent")
                value = value.shown
            elif column in _NUMBERS and isinstance(value, DateText) and error is None:
                error = (f"Ô là ngày tháng ({value}), không phải số.", ref(self.header, where) if where is not None
                         else "")
            record[column] = value
        if error:
            record["read_error"], record["read_error_column"] = error
        for column, values in self.out.items():
            values.append(record.get(column))

    def _long(self, row_no: int, row: list[str | None]) -> None:
        cells = self._shared(row)
        if self._skip_total(row_no, row, cells):
            return
        if any(v for c, v in cells.items() if c in COLUMNS):
            self._add(row_no, cells)

    def _skip_total(self, row_no: int, row: list[str | None], cells: dict[str, str | None]) -> bool:
        """A total row ("Tổng cộng") or a summary row ("Điểm cao nhất" in any unit column) is skipped and noted."""
        if is_total(cells.get("unit_code") or next((c for c in row if c), None)):
            self.skipped["total"].append(row_no)
            return True
        if any(is_summary(cell(row, j)) for j in self.header.unit_cells):
            self.skipped["summary"].append(row_no)
            return True
        return False

    def _shared(self, row: list[str | None]) -> dict[str, str | None]:
        shared = {c: cell(row, j) for c, j in self.header.columns.items() if c in COLUMNS}
        if self.header.unit_name is not None:
            shared["unit_name_text"] = cell(row, self.header.unit_name)
        return shared

    def _figures(self, row_no: int, row: list[str | None], base: dict[str, str | None], key_column: str) -> None:
        """One output row per figure with a filled cell; blank figures are counted, never errors."""
        for figure in self.header.figures:
            parts = {part: cell(row, j) for part, j in figure.columns.items()}
            if not any(parts.values()):
                self.blank += 1
                continue
            first = figure.columns.get("value", figure.columns.get("numerator"))
            cells = {**base, key_column: figure.key, **parts, "value_ref": ref(self.header, first)}
            if figure.status:
                cells["status"] = figure.status
            self._add(row_no, cells, refs=figure.columns)

    def _wide(self, row_no: int, row: list[str | None]) -> None:
        base = self._shared(row)
        if self._skip_total(row_no, row, base):
            return
        self._figures(row_no, row, base, "indicator_code")

    def _down(self, row_no: int, row: list[str | None]) -> None:
        base = self._shared(row)
        if "unit_code" not in self.header.columns:
            base["unit_code"] = self.pre.unit
        text = cell(row, self.header.columns["indicator"])
        stt = cell(row, self.stt) if self.stt is not None else None
        measure = cell(row, self.header.columns["measure"]) if "measure" in self.header.columns else None
        named = indicator_named(text) if text else None
        unknown = named is None or named.code is None
        if unknown and is_total(text or stt):
            self.skipped["total"].append(row_no)
            return
        # A heading ("II. Giải quyết khiếu nại, tố cáo") may read like an indicator's short name: without figures
        # it is a heading; so is an unknown name without figures, or one numbered as a section.
        filled = any(cell(row, j) for f in self.header.figures for j in f.columns.values())
        if is_section(stt, text) and (unknown or not filled) or unknown and not filled:
            self.skipped["section"].append(row_no)
            return
        if named and named.approximate and text not in self.fuzzy:
            self.fuzzy[text] = (named.code, row_no)
        base["measure_text"] = measure or (named.measure if named else None)
        base["indicator_code"] = named.code if named and named.code else text  # unknown: the checks refuse it
        self._figures(row_no, row, base, "period")


def _indicator_codes(texts: pl.Series) -> dict[str, str]:
    """In a long sheet, an indicator written by name becomes its code; anything else is left for validation."""
    out: dict[str, str] = {}
    for text in texts.drop_nulls().unique().to_list():
        named = indicator_named(text)
        if named.code and not named.approximate and named.code != text:
            out[text] = named.code
    return out


# --------------------------------------------------------------------------------------------- long CSV fast path

def _fast_long(text: str, delimiter: str, encoding: str, notes: list[str]) -> ReadResult | None:
    """Long CSV fast path: Polars parses the records below the header (a million rows in a fraction of a second).

    Taken only when every physical line is one record (no quoted newlines) and no record is longer than the
    header, so row numbers stay the file's lines; otherwise None and the grid path (which reports both) is used.
    """
    sample = "\n".join(text.split("\n", 60)[:60])
    grid = Grid(*records(sample, delimiter), strict_width=True)
    header = find_header(grid)
    if header is None or header.layout != "long" or header.bottom >= len(grid.rows) - 1:
        return None
    header_line = grid.row_nos[header.bottom]
    lines = text.split("\n")
    if "\r" in text:
        lines = [line.rstrip("\r") for line in lines]
    if lines and not lines[-1].strip():
        lines = lines[:-1]
    # The header line goes in too, so Polars takes the column count from it (not from a blank first line).
    body = "\n".join(lines[header_line - 1:])
    try:
        frame = pl.read_csv(io.StringIO(body), separator=delimiter, has_header=True, infer_schema=False,
                            truncate_ragged_lines=False, quote_char='"')
    except pl.exceptions.PolarsError:
        return None
    frame = frame.rename({old: f"column_{j}" for j, old in enumerate(frame.columns)})
    if frame.height != len(lines) - header_line:
        return None  # a quoted field spans lines: record ≠ line
    out_cols = [c for c in COLUMNS if c in header.columns]
    columns = [
        (pl.col(f"column_{header.columns[c]}") if header.columns[c] < frame.width else pl.lit(None, pl.String))
        .str.strip_chars().replace("", None).alias(c)
        for c in out_cols
    ]
    if header.unit_name is not None:
        columns.append((pl.col(f"column_{header.unit_name}") if header.unit_name < frame.width
                        else pl.lit(None, pl.String)).str.strip_chars().replace("", None).alias("unit_name_text"))
    data = frame.select(
        (pl.int_range(pl.len(), dtype=pl.Int64) + header_line + 1).alias("row_no"), *columns,
    ).filter(pl.any_horizontal(pl.col(c).is_not_null() for c in out_cols))
    if data.select(pl.any_horizontal(pl.col(c).str.len_chars() > MAX_CELL_CHARS for c in out_cols).any()).item():
        return None  # the grid path names the over-long cell
    unit_columns = [f"column_{j}" for j in header.unit_cells if j < frame.width]
    if unit_columns and any(is_summary(t) for t in pl.concat([frame[c] for c in unit_columns]).drop_nulls()
                            .str.strip_chars().unique().to_list()):
        return None  # the grid path skips a summary row ("Điểm cao nhất") and notes it
    pre = preamble(grid, header)
    data_notes: list[str] = []
    if data.height and is_numbering(list(data.row(0)[1:]), header):
        data_notes.append(f"Bỏ qua dòng đánh số cột {data['row_no'][0]}.")
        data = data.slice(1)
    first_cell = pl.coalesce("unit_code", *out_cols)
    totals_texts = [t for t in data.select(first_cell.alias("t"))["t"].unique().to_list() if is_total(t)]
    if totals_texts:
        is_tot = first_cell.is_in(totals_texts)
        data_notes.append("Bỏ qua dòng tổng cộng " + ", ".join(map(str, data.filter(is_tot)["row_no"].to_list())) + ".")
        data = data.filter(~is_tot)
    data = data.with_columns(pl.col("indicator_code").replace(_indicator_codes(data["indicator_code"])))
    if pre.period:
        data = data.with_columns((pl.col("period") if "period" in data.columns else pl.lit(None, pl.String))
                                 .fill_null(pre.period).alias("period"))
    if data.height == 0:
        data_notes.append("Không có dòng số liệu nào dưới dòng tiêu đề.")
    notes += pre.notes + data_notes
    rows = data.with_columns(pl.lit(None, ROW_SCHEMA[c]).alias(c) for c in ROW_SCHEMA if c not in data.columns)
    labels = {c: ref(header, j) for c, j in header.columns.items()}
    sheet = SheetRead("", "long", pre.period, pre.unit, rows.height, pre.notes + data_notes, labels)
    return ReadResult(rows.select(list(ROW_SCHEMA)).cast(ROW_SCHEMA), pre.period, "long", encoding, notes,
                      header.unit_level, pre.unit, [sheet])
