"""Read a return file (CSV/TXT/TSV, XLSX, legacy XLS) into long rows of strings with the file's own row numbers.

Local offices send whatever their software exports: UTF-8, Excel's "Unicode text" (UTF-16, tab separated),
Windows-1258 CSV, or a printed-form workbook with title lines, merged group headers, an STT column and a total
row. Every source is turned into one *grid* (rows of optional strings, each with its row number in the file)
and one function finds the header and turns the grid into rows, so text and Excel files behave the same.

Row numbers are what the user sees when opening the file:
- Excel: the spreadsheet row (fastexcel is asked for the raw grid from row 1, so leading blank rows count).
- Text: the physical line on which the record *starts* (1-based). A quoted field with an embedded newline
  makes the next record's number jump, exactly as a text editor shows it.

Known limit: calamine does not expose number formats, so a cell showing "53,33%" arrives as 0.5333 and is
passed on as "0.5333"; validation then sees a plain number.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

import fastexcel
import polars as pl

from danvan.grammar import catalogue
from danvan.grammar.contract import COLUMNS
from danvan.grammar.text import fold, key, nfc

__all__ = ["ReadError", "ReadResult", "read_bytes", "read_file"]

TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
XLS_EXTENSIONS = (".xls",)
EXTENSIONS = TEXT_EXTENSIONS + XLSX_EXTENSIONS + XLS_EXTENSIONS  # what an upload widget should offer
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

_HEADER_SCAN = 25        # non-empty rows searched for the header and the "Kỳ báo cáo:" line
_SAMPLE_LINES = 60       # physical lines used to choose a text file's delimiter
_DELIMITERS = {",": "dấu phẩy (,)", ";": "dấu chấm phẩy (;)", "\t": "dấu tab"}
_ENCODING_NOTES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (có BOM)", "utf-16": "UTF-16 (Unicode text của Excel)",
                   "cp1258": "Windows-1258"}

# Header aliases per canonical column, best first: when a sheet has both "Mã đơn vị" and "Tên đơn vị",
# the code wins (the registry resolves either, but a code is unambiguous).
ALIASES: dict[str, tuple[str, ...]] = {
    "unit_code": ("unit_code", "mã đơn vị", "mã đv", "unit", "đơn vị", "tên đơn vị", "unit name"),
    "indicator_code": ("indicator_code", "mã chỉ tiêu", "mã chỉ số", "chỉ tiêu"),
    "period": ("period", "kỳ báo cáo", "kỳ", "thời gian"),
    "value": ("value", "giá trị", "số liệu", "kết quả"),
    "numerator": ("numerator", "tử số"),
    "denominator": ("denominator", "mẫu số"),
    "qualifier": ("qualifier", "dấu so sánh"),
    "status": ("status", "trạng thái"),
    "note": ("note", "ghi chú"),
    "source": ("source", "nguồn"),
}
_ALIAS_KEYS: dict[str, tuple[str, int]] = {
    key(alias): (column, rank) for column, aliases in ALIASES.items() for rank, alias in enumerate(aliases)
}
# Unit columns named by level, as real lists head them (the GSO sheet: "Tỉnh Thành Phố | Mã TP | Quận Huyện |
# Mã QH | Phường Xã | Mã PX"). The finest level present is the row's unit (its code column preferred); coarser
# ones become the row's context (canonical columns "province", "district") so names resolve within them.
UNIT_HEADERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # level: (code headers, name headers)
    "province": (("mã tỉnh", "mã tp", "mã tỉnh tp", "mã tỉnh thành phố", "province code", "province_code",
                  "tinhid"),
                 ("tỉnh", "tên tỉnh", "tỉnh thành phố", "tên tỉnh thành phố", "tỉnh tp", "tỉnh thành",
                  "province", "province name", "tentinh", "tentinh_vie")),
    "district": (("mã huyện", "mã qh", "mã quận huyện", "district code", "district_code"),
                 ("huyện", "tên huyện", "quận huyện", "tên quận huyện", "huyện thị xã thành phố",
                  "quận huyện thị xã", "district", "district name")),
    "commune": (("mã xã", "mã px", "mã phường xã", "mã xã phường", "mã xã phường thị trấn", "commune code",
                 "ward code", "commune_code", "ward_code"),
                ("xã", "tên xã", "phường xã", "xã phường", "tên phường xã", "xã phường thị trấn",
                 "phường xã thị trấn", "tên xã phường thị trấn", "commune", "ward", "commune name", "ward name")),
}
_UNIT_KEYS: dict[str, tuple[str, str]] = {
    key(h): (level, by) for level, (codes, names) in UNIT_HEADERS.items()
    for by, headers in (("code", codes), ("name", names)) for h in headers
}
_LEVEL_ORDER = ("commune", "district", "province")  # finest first
_STT_KEYS = {"stt", "tt", "sott"}
_WIDE_ROLES = ("unit_code", "period", "note", "source")  # other columns a wide sheet may carry
_SHARED = ("period", "note", "source", "province", "district")  # a wide row's cells shared by its figures
# The reporting unit in the title rows: "UBND TỈNH CÀ MAU", "Ủy ban nhân dân huyện Lạc Sơn",
# "Đơn vị báo cáo: Huyện Lạc Sơn".
_TITLE_UNIT = re.compile(r"^(?:ubnd|uy ban nhan dan|don vi bao cao\s*:)\s*(.+)$")

_PARENS = re.compile(r"\(([^()]*)\)")
_ISO_MIDNIGHT = r"^(\d{4}-\d{2}-\d{2}) 00:00:00$"
_NUMBERING = re.compile(r"^[(\[]?(\d{1,2}|[A-Za-z])[)\]]?$")
_WORDS = re.compile(r"[a-z0-9]+")
# Total rows: "Tổng cộng", "Tổng số", "Toàn tỉnh", "Cộng", "Tổng", "Cộng huyện …". A bare first word "tong"/"cong"
# is not enough because commune names fold the same way ("Cộng Hòa", "Tống Trân").
_TOTAL_PAIRS = {("tong", "cong"), ("tong", "so"), ("toan", "tinh"), ("toan", "huyen"), ("toan", "quoc")}
_TOTAL_SECOND = {"cong", "so", "huyen", "tinh", "quan", "chung", "toan"}

_NO_HEADER = ('Không tìm thấy dòng tiêu đề trong tệp "{name}": cần các cột Mã đơn vị, Mã chỉ tiêu, Kỳ báo cáo, '
              "Giá trị (dạng dài) hoặc cột đơn vị và các cột mã chỉ tiêu (dạng rộng).")


class ReadError(RuntimeError):
    """The file cannot be read at all (exit code 2 on the CLI); the message names the file, in Vietnamese."""


@dataclass
class ReadResult:
    rows: pl.DataFrame                 # row_no (Int64), canonical String columns present, value_ref (String)
    default_period: str | None         # from a "Kỳ báo cáo:" line above the table
    layout: str                        # "long" | "wide"
    encoding: str | None = None        # text files only
    header_labels: dict[str, str] = field(default_factory=dict)  # canonical -> "D (Giá trị)"
    notes: list[str] = field(default_factory=list)               # Vietnamese, for the report
    unit_level: str | None = None      # the level the unit column names ("Mã xã" → commune); None: any
    title_unit: str | None = None      # the reporting unit written in the title rows, a context for names


@dataclass
class _Grid:
    """Rows of stripped, NFC, non-empty-or-None cells, with each row's number in the file."""

    rows: list[list[str | None]]
    row_nos: list[int]


@dataclass
class _Header:
    layout: str
    top: int                              # grid index of the first header row
    bottom: int                           # grid index of the last header row (data follows)
    columns: dict[str, int]               # canonical -> grid column
    indicators: list[tuple[int, str]]     # wide: (grid column, indicator code)
    labels: dict[int, str]                # grid column -> header text as the file writes it
    ignored: list[int]                    # columns with a header that is not used
    duplicates: list[int]                 # columns whose role another column already has
    unit_level: str | None = None         # level named by the unit column's header

    @property
    def score(self) -> int:
        return len(self.columns) + len(self.indicators)


# --------------------------------------------------------------------------------------------- dispatch

def read_file(path: str | Path) -> ReadResult:
    """Read a file from disk; an unreadable path is a ReadError, never a traceback."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f'Không mở được tệp "{path}": {exc.strerror or exc}') from exc
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> ReadResult:
    """Read an uploaded file's bytes; the extension decides, except that Excel's magic bytes always win."""
    if not data.strip():
        raise ReadError(f'Tệp "{name}" trống, không có dữ liệu.')
    kind = _kind(data, name)
    if kind == "text":
        grid, encoding, notes = _read_text(data, name)
        if isinstance(grid, ReadResult):
            return grid
    else:
        grid, notes = _read_excel(data, name)
        encoding = None
    return _to_result(grid, name, encoding, notes)


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


# --------------------------------------------------------------------------------------------- text files

def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode without asking the user: BOM, then UTF-16 without BOM (many NULs), strict UTF-8, Windows-1258."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data.decode("utf-8-sig"), "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), "utf-16"
        sample = data[:4096]
        if sample.count(0) > len(sample) // 10:  # text never has NULs; UTF-16 has one per ASCII character
            # ASCII in UTF-16 LE has its NUL at odd offsets; BE at even offsets.
            odd = sample[1::2].count(0)
            even = sample[0::2].count(0)
            return data.decode("utf-16-le" if odd >= even else "utf-16-be"), "utf-16"
    except UnicodeDecodeError as exc:
        raise ReadError(f'Không đọc được tệp "{name}": mã hóa Unicode bị lỗi ở byte {exc.start}.') from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "cp1258"
    except UnicodeDecodeError as exc:
        raise ReadError(f'Không đọc được tệp "{name}": không phải tệp văn bản CSV (UTF-8, UTF-16 hay Windows-1258) '
                        "cũng không phải tệp Excel.") from exc


def _records(text: str, delimiter: str, limit: int | None = None) -> tuple[list[list[str | None]], list[int]]:
    """CSV records with the physical line each starts on; cells stripped, "" → None."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    rows: list[list[str | None]] = []
    starts: list[int] = []
    while limit is None or len(rows) < limit:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        rows.append([cell.strip() or None for cell in record])
        starts.append(start)
    return rows, starts


def _consistency(rows: list[list[str | None]]) -> int:
    """How many rows share the most common non-zero field count: the shape of a real table."""
    counts: dict[int, int] = {}
    for row in rows:
        if len(row) > 1:
            counts[len(row)] = counts.get(len(row), 0) + 1
    return max(counts.values(), default=0)


def _read_text(data: bytes, name: str) -> tuple[_Grid | ReadResult, str, list[str]]:
    text, encoding = _decode(data, name)
    head = text[:4096]
    if "\x00" in text or sum(ch < " " and ch not in "\t\r\n" for ch in head) > len(head) // 100:
        raise ReadError(f'Không đọc được tệp "{name}": không phải tệp văn bản CSV cũng không phải tệp Excel.')
    # Windows-1258 (and macOS) produce decomposed tone marks; NFC once for the whole text. Delimiters and
    # quotes are ASCII and never compose with a following mark, so this equals normalising every cell.
    text = nfc(text)
    sample = "".join(itertools.islice(io.StringIO(text, newline=""), _SAMPLE_LINES))
    best: tuple[int, int] | None = None
    delimiter = ","
    try:
        for candidate in _DELIMITERS:
            rows, starts = _records(sample, candidate)
            header = _find_header(_Grid(rows, starts))
            score = (header.score if header else 0, _consistency(rows))
            if best is None or score > best:
                best, delimiter = score, candidate
        notes = [f"Mã hóa: {_ENCODING_NOTES[encoding]}.", f"Dấu phân cách: {_DELIMITERS[delimiter]}."]
        fast = _fast_long(text, delimiter, sample, name, encoding, notes)
        if fast is not None:
            return fast, encoding, notes
        rows, starts = _records(text, delimiter)
    except csv.Error as exc:
        raise ReadError(f'Không đọc được tệp "{name}": {exc}.') from exc
    return _Grid(rows, starts), encoding, notes


def _fast_long(text: str, delimiter: str, sample: str, name: str, encoding: str, notes: list[str]) -> ReadResult | None:
    """Long CSV fast path: Polars parses the records below the header (a million rows in a fraction of a second).

    Taken only when every physical line is one record (no quoted newlines), so row numbers stay the file's lines;
    otherwise None and the csv-module path (which tracks line starts) is used.
    """
    rows, starts = _records(sample, delimiter)
    grid = _Grid(rows, starts)
    header = _find_header(grid)
    if header is None or header.layout != "long" or header.bottom >= len(rows) - 1:
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
                            truncate_ragged_lines=True, quote_char='"')
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
    data = frame.select(
        (pl.int_range(pl.len(), dtype=pl.Int64) + header_line + 1).alias("row_no"), *columns,
    ).filter(pl.any_horizontal(pl.col(c).is_not_null() for c in out_cols))
    default_period, title_unit, header_notes = _preamble(grid, header)
    data_notes: list[str] = []
    if data.height and _is_numbering([v for v in data.row(0)[1:]], header):
        data_notes.append(f"Bỏ qua dòng đánh số cột {data['row_no'][0]}.")
        data = data.slice(1)
    first_cell = pl.coalesce(out_cols) if "unit_code" not in out_cols else pl.coalesce("unit_code", *out_cols)
    firsts = data.select(first_cell.alias("t"))["t"].unique().to_list()
    totals_texts = [t for t in firsts if _is_total(t)]
    if totals_texts:
        is_total = first_cell.is_in(totals_texts)
        skipped = data.filter(is_total)["row_no"].to_list()
        data_notes.append("Bỏ qua dòng tổng cộng " + ", ".join(map(str, skipped)) + ".")
        data = data.filter(~is_total)
    if "indicator_code" in out_cols:
        uniques = data["indicator_code"].drop_nulls().unique().to_list()
        mapping = dict(zip(uniques, _map_indicator_names(uniques), strict=True))
        data = data.with_columns(pl.col("indicator_code").replace(mapping))
    if data.height == 0:
        data_notes.append("Không có dòng số liệu nào dưới dòng tiêu đề.")
    notes += header_notes + data_notes
    labels = {c: _ref(header, j) for c, j in header.columns.items()}
    rows_frame = data.with_columns(pl.lit(None, dtype=pl.String).alias("value_ref"))
    return ReadResult(rows_frame, default_period, "long", encoding, labels, notes, header.unit_level, title_unit)


# --------------------------------------------------------------------------------------------- Excel files

def _format_float(number: float) -> str:
    """Shortest text that round-trips, never in exponent form: 2500.0 → "2500", 1e-07 → "0.0000001"."""
    if number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    return format(Decimal(repr(number)), "f")


def _sheet_grid(reader: fastexcel.ExcelReader, idx: int) -> _Grid | None:
    """The raw grid of one sheet from row 1 / column A, or None when the sheet has no value at all."""
    # header_row=None + skip_rows=0: no header and no skipping of leading blank rows, so index i is row i + 1.
    sheet = reader.load_sheet(idx, header_row=None, skip_rows=0, dtypes="string")
    frame = sheet.to_polars()
    if frame.width == 0 or frame.height == 0:
        return None
    positions = [c.absolute_index for c in sheet.available_columns()]
    names = frame.columns
    frame = frame.with_columns(
        pl.col(c).str.normalize("NFC").str.strip_chars().replace("", None)
        .str.replace(_ISO_MIDNIGHT, "${1}")  # a date cell (period column) → ISO "2020-09-30"
        for c in names)
    if frame.select(pl.all_horizontal(pl.all().is_null()).all()).item():
        return None
    # fastexcel's text for a number keeps only ~9 decimals (1/3 → "0.333333333"): read the floats too and
    # restore the exact value where the text does not round-trip. Text cells stay exactly as typed.
    floats = reader.load_sheet(idx, header_row=None, skip_rows=0, dtypes="float").to_polars()
    fixes: dict[tuple[int, int], str] = {}
    if floats.shape == frame.shape:
        both = frame.with_columns(floats.rename({c: f"__f{i}" for i, c in enumerate(names)}))
        for i, c in enumerate(names):
            number, exact = pl.col(c).cast(pl.Float64, strict=False), pl.col(f"__f{i}")
            bad = both.select(pl.arg_where(exact.is_not_null() & number.is_not_null() & (number != exact)))
            for r in bad.to_series().to_list():
                fixes[(r, i)] = _format_float(both[f"__f{i}"][r])
    width = max(positions) + 1
    rows: list[list[str | None]] = []
    for r, values in enumerate(frame.iter_rows()):
        row: list[str | None] = [None] * width
        for i, value in enumerate(values):
            row[positions[i]] = fixes.get((r, i), value)
        while row and row[-1] is None:
            row.pop()
        rows.append(row)
    return _Grid(rows, list(range(1, len(rows) + 1)))


def _read_excel(data: bytes, name: str) -> tuple[_Grid, list[str]]:
    """First sheet that has any value (calamine reads .xlsx, .xlsm and legacy .xls alike)."""
    try:
        reader = fastexcel.read_excel(data)
        sheets = reader.sheet_names
        for idx, sheet in enumerate(sheets):
            grid = _sheet_grid(reader, idx)
            if grid is None:
                continue
            notes = [f'Đọc trang tính "{sheet}".']
            if idx:
                notes[0] = f'Đọc trang tính "{sheet}" (trang trước trống: {", ".join(sheets[:idx])}).'
            if idx + 1 < len(sheets):
                notes.append("Bỏ qua các trang tính sau: " + ", ".join(sheets[idx + 1:]) + ".")
            return grid, notes
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine errors, and Rust panics (pyo3 PanicException is a BaseException)
        raise ReadError(f'Không đọc được tệp Excel "{name}": tệp hỏng, có mật khẩu hoặc không phải định dạng Excel. '
                        "Hãy mở bằng Excel rồi lưu lại dạng .xlsx.") from exc
    raise ReadError(f'Tệp Excel "{name}" không có trang tính nào chứa dữ liệu.')


# --------------------------------------------------------------------------------------------- header finding

def _cell(row: Sequence[str | None], j: int) -> str | None:
    return row[j] if j < len(row) else None


def _letter(j: int) -> str:
    """Spreadsheet column letter of a 0-based column: 0 → A, 27 → AB."""
    out = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        out = chr(65 + rem) + out
    return out


def _clean(text: str) -> str:
    return " ".join(text.split())


def _alias(text: str) -> tuple[str, int] | None:
    """(canonical column, rank) for a header cell; "Giá trị (%)" counts as "Giá trị"."""
    found = _ALIAS_KEYS.get(key(text))
    if found is None and "(" in text:
        found = _ALIAS_KEYS.get(key(_PARENS.sub(" ", text)))
    return found


def _unit_header(text: str) -> tuple[str | None, str] | None:
    """(level, "code" | "name") for a unit column header; level None for a generic "Mã đơn vị" / "Đơn vị"."""
    found = _UNIT_KEYS.get(key(text)) or (_UNIT_KEYS.get(key(_PARENS.sub(" ", text))) if "(" in text else None)
    if found:
        return found
    generic = _alias(text)
    if generic and generic[0] == "unit_code":
        return None, "code" if generic[1] < 3 else "name"
    return None


def _unit_roles(headers: dict[int, str]) -> tuple[dict[str, int], str | None, list[int]]:
    """Unit, province and district columns among the header cells, the unit's level, and unused unit columns.

    The finest level present is the unit (a generic "Mã đơn vị" counts as finest); its code column wins over
    its name column. Each coarser level gives the row's context, again code before name.
    """
    by_level: dict[str | None, dict[str, int]] = {}
    for j, text in sorted(headers.items()):
        found = _unit_header(text)
        if found:
            by_level.setdefault(found[0], {}).setdefault(found[1], j)
    if not by_level:
        return {}, None, []
    levels = [lvl for lvl in (None, *_LEVEL_ORDER) if lvl in by_level]
    unit_level = levels[0]
    roles: dict[str, int] = {}
    pick = lambda lvl: by_level[lvl].get("code", by_level[lvl].get("name"))  # noqa: E731
    roles["unit_code"] = pick(unit_level)
    for lvl in levels[1:]:
        if lvl in ("province", "district") and lvl not in roles:
            roles[lvl] = pick(lvl)
    used = set(roles.values())
    unused = sorted(j for cols in by_level.values() for j in cols.values() if j not in used)
    return roles, unit_level, unused


@cache
def _indicator_keys() -> dict[str, str]:
    """Folded code, Vietnamese/English name and short name → code; a key two indicators share is dropped."""
    found: dict[str, str | None] = {}
    for code, ind in catalogue.indicators().items():
        for text in (code, ind.name_vi, ind.short_vi, ind.name_en, ind.short_en):
            k = key(text)
            found[k] = code if found.get(k, code) == code else None
    return {k: c for k, c in found.items() if c}


def _indicator_of(text: str) -> str | None:
    """The indicator a header names: its code, its exact (folded) name, or a code in parentheses."""
    code = _indicator_keys().get(key(text))
    if code:
        return code
    codes = catalogue.indicators()
    for inner in _PARENS.findall(text):
        if inner.strip().upper() in codes:
            return inner.strip().upper()
    return None


def _period_line(row: Sequence[str | None]) -> str | None:
    """The text after "Kỳ báo cáo:" in this row (same cell, or the next non-empty cell)."""
    for j, text in enumerate(row):
        if not text or ":" not in text:
            continue
        before, after = text.split(":", 1)
        if "ky bao cao" in fold(before):
            return after.strip() or next((c for c in row[j + 1:] if c), None)
    return None


def _long_at(grid: _Grid, k: int) -> _Header | None:
    """A long header: unit, indicator and value (or numerator + denominator) named in one row."""
    row = grid.rows[k]
    unit_cols, unit_level, unit_unused = _unit_roles({j: t for j, t in enumerate(row) if t})
    best: dict[str, tuple[int, int]] = {}
    others: list[int] = []
    for j, text in enumerate(row):
        if j in unit_cols.values() or j in unit_unused:
            continue
        found = _alias(text) if text else None
        if found is None:
            if text and key(text) not in _STT_KEYS:
                others.append(j)
            continue
        column, rank = found
        if column not in best or rank < best[column][0]:
            if column in best:
                others.append(best[column][1])
            best[column] = (rank, j)
        else:
            others.append(j)
    cols = {c: j for c, (_, j) in best.items()} | unit_cols
    has_value = "value" in cols or ("numerator" in cols and "denominator" in cols)
    if len(cols) < 3 or "unit_code" not in cols or "indicator_code" not in cols or not has_value:
        return None
    duplicates = sorted([j for j in others if _alias(row[j] or "")] + unit_unused)
    ignored = sorted(j for j in others if j not in duplicates)
    labels = {j: _clean(t) for j, t in enumerate(row) if t}
    return _Header("long", k, k, cols, [], labels, ignored, duplicates, unit_level)


def _wide_at(grid: _Grid, k: int) -> _Header | None:
    """A wide header ending at row k: a unit column and indicator columns, under up to two group rows."""
    block = [k]
    i = k - 1
    while len(block) < 3 and i >= 0 and any(grid.rows[i]) and _period_line(grid.rows[i]) is None:
        block.insert(0, i)
        i -= 1
    width = max(len(grid.rows[b]) for b in block)
    # Merged group headers ("Một cửa" over three columns) only fill their top-left cell: carry them right.
    filled: dict[int, list[str | None]] = {}
    for b in block[:-1]:
        carry: str | None = None
        filled[b] = []
        for j in range(width):
            carry = _cell(grid.rows[b], j) or carry
            filled[b].append(carry)
    indicators: list[tuple[int, str]] = []
    roles: dict[str, tuple[int, int]] = {}
    labels: dict[int, str] = {}
    unknown: list[int] = []
    duplicates: list[int] = []
    unit_cols, unit_level, unit_unused = _unit_roles(
        {j: _clean(t) for j in range(width) for b in block if (t := _cell(grid.rows[b], j))})
    for j in range(width):
        own = [(b, _cell(grid.rows[b], j)) for b in block if _cell(grid.rows[b], j)]
        if not own:
            continue
        lowest_row, label = own[-1][0], _clean(own[-1][1] or "")
        labels[j] = label
        if j in unit_cols.values() or j in unit_unused:
            continue
        code = _indicator_of(label)
        for b in block:  # "Một cửa" + "cấp xã" is the short name "Một cửa: cấp xã"
            if code or b >= lowest_row:
                break
            group = filled[b][j]
            if group and group != label:
                code = _indicator_of(f"{group} {label}")
        if code:
            indicators.append((j, code))
            continue
        if any(key(t or "") in _STT_KEYS for _, t in own):
            continue
        found = [f for f in (_alias(t or "") for _, t in own) if f and f[0] in _WIDE_ROLES]
        if not found:
            unknown.append(j)
            continue
        column, rank = min(found, key=lambda f: f[1])
        if column == "unit_code":
            continue  # unit columns were assigned above
        if column not in roles or rank < roles[column][0]:
            if column in roles:
                duplicates.append(roles[column][1])
            roles[column] = (rank, j)
        else:
            duplicates.append(j)
    if not indicators or "unit_code" not in unit_cols:
        return None
    cols = {c: j for c, (_, j) in roles.items()} | unit_cols
    duplicates += unit_unused
    # A title line directly above the header is not part of it: the header starts at the first row that
    # names something used (a role, or an indicator or its group label).
    used = set(cols.values()) | {j for j, _ in indicators}
    top = next(b for b in block if any(_cell(grid.rows[b], j) for j in used))
    return _Header("wide", top, k, cols, indicators, labels, unknown, sorted(duplicates), unit_level)


def _find_header(grid: _Grid) -> _Header | None:
    """The first header in the top rows. A long table's first data row looks like a wide code row under it
    ("96, TCD_DOAN" below "Mã đơn vị"), so a wide header wins only when it ends above the long one."""
    candidates = [k for k, row in enumerate(grid.rows) if any(row)][:_HEADER_SCAN]
    long = next((h for h in (_long_at(grid, k) for k in candidates) if h), None)
    wide = next((h for h in (_wide_at(grid, k) for k in candidates) if h), None)
    # A group row can already name a unit and an indicator ("Đơn vị", "TCD_CUOC" merged down); the code row
    # under it names more. Move down while the next row extends the header with more columns.
    while wide and wide.bottom + 1 < len(grid.rows):
        deeper = _wide_at(grid, wide.bottom + 1)
        if deeper is None or deeper.score <= wide.score:
            break
        wide = deeper
    if wide and (long is None or wide.bottom < long.top):
        return wide
    return long


# --------------------------------------------------------------------------------------------- grid → rows

def _is_total(text: str | None) -> bool:
    """'Tổng cộng', 'Tổng số', 'Toàn tỉnh', 'Cộng', 'Tổng:', 'Cộng huyện …' — but not 'Cộng Hòa', 'Tống Trân'."""
    if not text:
        return False
    words = _WORDS.findall(fold(text))
    if not words:
        return False
    if tuple(words[:2]) in _TOTAL_PAIRS:
        return True
    return words[0] in ("tong", "cong") and (len(words) == 1 or words[1] in _TOTAL_SECOND)


def _is_numbering(row: Sequence[str | None], header: _Header) -> bool:
    """The "(1) (2) (3)" / "A B 1 2 3" row printed forms put under the header: consecutive column numbers."""
    cells = [c for c in row if c]
    matches = [_NUMBERING.match(c) for c in cells]
    if len(cells) < 3 or len(cells) < len(header.labels) - 1 or not all(matches):
        return False
    numbers = [int(m.group(1)) for m in matches if m and m.group(1).isdigit()]
    return len(numbers) >= 2 and all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


def _ref(header: _Header, j: int) -> str:
    label = header.labels.get(j)
    return f"{_letter(j)} ({label})" if label else _letter(j)


def _map_indicator_names(texts: Iterable[str | None]) -> list[str | None]:
    """In a long sheet, an indicator written by name becomes its code; anything else is left for validation."""
    codes = catalogue.indicators()
    cache_: dict[str, str] = {}
    out: list[str | None] = []
    for text in texts:
        if text is None or text.upper() in codes:
            out.append(text)
            continue
        if text not in cache_:
            cache_[text] = _indicator_of(text) or text
        out.append(cache_[text])
    return out


def _data_rows(grid: _Grid, header: _Header, notes: list[str]) -> Iterable[tuple[int, list[str | None]]]:
    """Non-blank rows under the header (file row, cells), without a column-numbering row."""
    first = True
    for k in range(header.bottom + 1, len(grid.rows)):
        row = grid.rows[k]
        if not any(row):
            continue
        if first:
            first = False
            if _is_numbering(row, header):
                notes.append(f"Bỏ qua dòng đánh số cột {grid.row_nos[k]}.")
                continue
        yield grid.row_nos[k], row


def _title_unit(row: Sequence[str | None]) -> str | None:
    """The reporting unit a title cell names ("UBND HUYỆN LẠC SƠN" → "HUYỆN LẠC SƠN")."""
    for text in row:
        match = _TITLE_UNIT.match(fold(text)) if text else None
        if match:
            return _clean(text)[len(_clean(text)) - len(match.group(1)):].strip(" :")
    return None


def _preamble(grid: _Grid, header: _Header) -> tuple[str | None, str | None, list[str]]:
    """The "Kỳ báo cáo:" line and the reporting unit above the table, and the notes about the header."""
    notes: list[str] = []
    default_period = title_unit = None
    for k in [k for k, row in enumerate(grid.rows[: header.top]) if any(row)][:_HEADER_SCAN]:
        if title_unit is None and (title_unit := _title_unit(grid.rows[k])):
            notes.append(f"Đơn vị báo cáo (tiêu đề): {title_unit} (dòng {grid.row_nos[k]}); tên đơn vị được tìm "
                         "trong đơn vị này.")
        if default_period is None and (default_period := _period_line(grid.rows[k])):
            notes.append(f"Kỳ báo cáo chung: {default_period} (dòng {grid.row_nos[k]}).")
    top, bottom = grid.row_nos[header.top], grid.row_nos[header.bottom]
    notes.append(f"Dòng tiêu đề: {top}." if top == bottom else f"Dòng tiêu đề: {top}–{bottom}.")
    if header.ignored:
        notes.append("Bỏ qua cột không nhận ra: " + ", ".join(_ref(header, j) for j in header.ignored) + ".")
    if header.duplicates:
        notes.append("Bỏ qua cột trùng vai trò với cột khác: "
                     + ", ".join(_ref(header, j) for j in header.duplicates) + ".")
    return default_period, title_unit, notes


def _to_result(grid: _Grid, name: str, encoding: str | None, notes: list[str]) -> ReadResult:
    """The one grid → rows step shared by text and Excel files."""
    header = _find_header(grid)
    if header is None:
        raise ReadError(_NO_HEADER.format(name=name))
    default_period, title_unit, header_notes = _preamble(grid, header)
    notes += header_notes

    if header.layout == "long":
        out_cols = [c for c in COLUMNS if c in header.columns]
    else:
        out_cols = [c for c in COLUMNS if c in ("unit_code", "indicator_code", "period", "value")
                    or (c in _SHARED and c in header.columns)]
    row_nos: list[int] = []
    data: dict[str, list[str | None]] = {c: [] for c in [*out_cols, "value_ref"]}
    totals: list[int] = []
    for row_no, row in _data_rows(grid, header, notes):
        unit = _cell(row, header.columns["unit_code"])
        if _is_total(unit or next((c for c in row if c), None)):
            totals.append(row_no)
        elif header.layout == "long":
            cells = {c: _cell(row, header.columns[c]) for c in out_cols}
            if any(cells.values()):
                row_nos.append(row_no)
                for c in out_cols:
                    data[c].append(cells[c])
                data["value_ref"].append(None)
        else:
            # Each filled indicator cell is one long row; period, note and source are shared by the row.
            shared = {c: _cell(row, header.columns[c]) if c in header.columns else None for c in _SHARED}
            for j, code in header.indicators:
                value = _cell(row, j)
                if value is None:
                    continue
                cells = {"unit_code": unit, "indicator_code": code, "value": value, **shared}
                row_nos.append(row_no)
                for c in out_cols:
                    data[c].append(cells[c])
                data["value_ref"].append(_ref(header, j))
    if totals:
        notes.append("Bỏ qua dòng tổng cộng " + ", ".join(map(str, totals)) + ".")
    if not row_nos:
        notes.append("Không có dòng số liệu nào dưới dòng tiêu đề.")
    if header.layout == "long" and "indicator_code" in data:
        data["indicator_code"] = _map_indicator_names(data["indicator_code"])
    schema = {"row_no": pl.Int64, **{c: pl.String for c in out_cols}, "value_ref": pl.String}
    rows = pl.DataFrame({"row_no": row_nos, **data}, schema=schema)
    labels = {c: _ref(header, j) for c, j in header.columns.items()}
    return ReadResult(rows, default_period, header.layout, encoding, labels, notes, header.unit_level, title_unit)
