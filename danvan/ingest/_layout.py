"""Find the table in a grid: its header rows, its layout and what each column holds.

Three layouts, as offices make them:
- long: one figure per row (unit, indicator, period, value columns);
- wide: units down, indicators across (one column per indicator, or a merged indicator over "Tử số | Mẫu số");
- down: the classic "Biểu số liệu": indicators down by name (STT | Chỉ tiêu | Đơn vị tính | Năm 2022 | Năm 2023 |
  6 tháng đầu năm 2024), periods across in any Vietnamese form ("Kế hoạch 2024" is a target, "Ước thực hiện" an
  expectation), the reporting unit in the title ("UBND HUYỆN LẠC SƠN") unless a unit column names it.
Header words are data here, in one place (an indicator's own words, its names and `aliases`, are the catalogue's:
PAPI heads a column "Công khai, minh bạch"); the grammars of periods and values decide what a cell means.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from danvan.grammar import catalogue
from danvan.grammar.periods import Period, PeriodError, find_period, parse_period
from danvan.grammar.text import fold, key
from danvan.ingest._grid import Grid, letter

HEADER_SCAN = 25   # non-empty rows searched for the header and the lines above it

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
    "source": ("source", "nguồn", "nguồn số liệu"),
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
# The indicators-down table: the column naming each row's indicator, and its unit of measure.
_NAME_COLUMN_KEYS = {key(h) for h in ("chỉ tiêu", "tên chỉ tiêu", "nội dung", "nội dung chỉ tiêu", "chỉ số",
                                      "tên chỉ số", "chỉ tiêu báo cáo")}
_MEASURE_KEYS = {key(h) for h in ("đơn vị tính", "đvt", "đơn vị đo")}
# Ratio parts in sub-columns under a merged indicator (or period) header.
_PART_KEYS = {**{key(h): "numerator" for h in ("tử số", "số đạt", "đạt", "số thực hiện")},
              **{key(h): "denominator" for h in ("mẫu số", "tổng số", "tổng")}}
# Status words of a period column header, longest first: "Kế hoạch 2024" is a target, "Ước TH 2024" an expectation.
_COLUMN_STATUS = (("uoc thuc hien", "expected"), ("uoc tinh", "expected"), ("uoc dat", "expected"),
                  ("uoc th", "expected"), ("du kien", "expected"), ("uoc", "expected"),
                  ("ke hoach", "target"), ("muc tieu", "target"), ("chi tieu", "target"), ("kh", "target"),
                  ("thuc hien", "actual"), ("ket qua", "actual"), ("so lieu", "actual"), ("th", "actual"))
_COLUMN_FILLER = re.compile(r"^(?:ca|trong|cua)\s+")
_WIDE_ROLES = ("unit_code", "period", "note", "source")  # other columns a wide sheet may carry
_DOWN_ROLES = ("unit_code", "note", "source")            # and a down sheet
# The reporting unit in the title rows: "UBND TỈNH CÀ MAU", "Ủy ban nhân dân huyện Lạc Sơn",
# "Đơn vị báo cáo: Huyện Lạc Sơn".
_TITLE_UNIT = re.compile(r"^(?:ubnd|uy ban nhan dan|don vi bao cao\s*:)\s*(.+)$")
_PARENS = re.compile(r"\(([^()]*)\)")
_TRAILING_PARENS = re.compile(r"\s*\(([^()]*)\)\s*$")
_NUMBERING = re.compile(r"^[(\[]?(\d{1,2}|[A-Za-z])[)\]]?$")
_SECTION = re.compile(r"^(?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)+)[.)]?$")          # "I", "II.", "A", "1.1", "2.3.1"
_SECTION_TEXT = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]\s+\S")                # "I. Công tác tiếp dân"
_WORDS = re.compile(r"[a-z0-9]+")
# Total rows: "Tổng cộng", "Tổng số", "Toàn tỉnh", "Cộng", "Tổng", "Cộng huyện …". A bare first word "tong"/"cong"
# is not enough because commune names fold the same way ("Cộng Hòa", "Tống Trân").
_TOTAL_PAIRS = {("tong", "cong"), ("tong", "so"), ("toan", "tinh"), ("toan", "huyen"), ("toan", "quoc")}
_TOTAL_SECOND = {"cong", "so", "huyen", "tinh", "quan", "chung", "toan"}
# Summary rows of a ranked table (PAPI's "Điểm cao nhất" under its 63 provinces): statistics, not units. Whole
# folded cells only: a commune is called "Trung Bình", so a bare "trung bình" is not among them.
_SUMMARY = {"diem cao nhat", "diem thap nhat", "cao nhat", "thap nhat", "diem trung binh", "trung binh chung",
            "binh quan chung", "gia tri trung binh", "gia tri lon nhat", "gia tri nho nhat", "trung vi",
            "highest", "lowest", "average", "mean", "median", "maximum", "minimum"}
_FUZZY_CUTOFF, _FUZZY_MARGIN = 0.8, 0.15  # word-level similarity of an indicator written a little differently


@dataclass(frozen=True)
class Figure:
    """A group of cells that make one figure per data row: a wide sheet's indicator, a down sheet's period."""

    key: str                          # indicator code (wide) or canonical period (down)
    columns: dict[str, int]           # part ("value" | "numerator" | "denominator") → grid column
    status: str | None = None         # down: from the column header ("Kế hoạch 2024" → target)


@dataclass
class Header:
    layout: str                            # "long" | "wide" | "down"
    top: int                               # grid index of the first header row
    bottom: int                            # grid index of the last header row (data follows)
    columns: dict[str, int]                # canonical role → grid column (down: also "indicator", "measure")
    figures: list[Figure]                  # wide and down: the cells each data row spreads into figures
    labels: dict[int, str]                 # grid column → header text as the file writes it
    ignored: list[int]                     # columns with a header that is not used
    duplicates: list[int]                  # columns whose role another column already has
    unit_level: str | None = None          # level named by the unit column's header
    width: int = 0                         # fields in the (last) header row
    unit_cells: tuple[int, ...] = ()       # every column naming the row's unit, used or not ("tinhid", "tentinh_vie")
    unit_name: int | None = None           # the name column beside the unit's code column (same level): checked

    @property
    def score(self) -> int:
        return len(self.columns) + sum(len(f.columns) for f in self.figures)


def cell(row: Sequence[str | None], j: int) -> str | None:
    return row[j] if j < len(row) else None


def clean(text: str) -> str:
    return " ".join(text.split())


def ref(header: Header, j: int) -> str:
    label = header.labels.get(j)
    return f"{letter(j)} ({label})" if label else letter(j)


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


def _beside_code(headers: dict[int, str], roles: dict[str, int]) -> int | None:
    """The name column of the unit's own level when its code column is the unit ("tentinh_vie" beside "tinhid"):
    the code decides, and a name that clearly names another unit refuses the row."""
    if "unit_code" not in roles or _unit_header(headers[roles["unit_code"]]) is None:
        return None
    level, by = _unit_header(headers[roles["unit_code"]])
    if by != "code" or level is None:  # the template's "Tên đơn vị" is for people, not checked
        return None
    return next((j for j, text in sorted(headers.items())
                 if j != roles["unit_code"] and _unit_header(text) == (level, "name")), None)


# --------------------------------------------------------------------------------------------- indicators

@cache
def _indicator_keys() -> dict[str, str]:
    """Folded code, Vietnamese/English name, short name and the catalogue's aliases (other names files write, such
    as PAPI's column headers) → code; a key two indicators share is dropped."""
    found: dict[str, str | None] = {}
    for code, ind in catalogue.indicators().items():
        for text in (code, ind.name_vi, ind.short_vi, ind.name_en, ind.short_en, *ind.aliases):
            k = key(text)
            found[k] = code if found.get(k, code) == code else None
    return {k: c for k, c in found.items() if c}


@cache
def _indicator_words() -> list[tuple[list[str], str]]:
    return [(_WORDS.findall(fold(text)), code) for code, ind in catalogue.indicators().items()
            for text in (ind.name_vi, ind.short_vi, *ind.aliases)]


def indicator_of(text: str) -> str | None:
    """The indicator a header names exactly: its code, its (folded) name, or a code in parentheses."""
    code = _indicator_keys().get(key(text))
    if code:
        return code
    codes = catalogue.indicators()
    for inner in _PARENS.findall(text):
        if inner.strip().upper() in codes:
            return inner.strip().upper()
    return None


@dataclass(frozen=True)
class IndicatorName:
    """What an indicator cell of a report table says: the code, whether it was matched approximately, and a
    unit written after the name ("Số cuộc tiếp dân (cuộc)")."""

    code: str | None
    approximate: bool = False
    measure: str | None = None


@cache
def indicator_named(text: str) -> IndicatorName:
    """An indicator written by name as people write it: exactly, without a trailing "(%)"/"(cuộc)", or with small
    wording differences when one catalogue name is clearly closest (the caller notes how it was understood)."""
    code = indicator_of(text)
    if code:
        return IndicatorName(code)
    trailing = _TRAILING_PARENS.search(text)
    measure = trailing.group(1).strip() if trailing else None
    bare = _TRAILING_PARENS.sub("", text) if trailing else text
    code = _indicator_keys().get(key(bare))
    if code:
        return IndicatorName(code, False, measure)
    words = _WORDS.findall(fold(bare))
    if len(words) < 3:
        return IndicatorName(None, False, measure)
    best: dict[str, float] = {}
    for name, code in _indicator_words():
        ratio = difflib.SequenceMatcher(None, words, name, autojunk=False).ratio()
        best[code] = max(best.get(code, 0.0), ratio)
    ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
    if ranked and ranked[0][1] >= _FUZZY_CUTOFF and (len(ranked) < 2 or ranked[0][1] - ranked[1][1] >= _FUZZY_MARGIN):
        return IndicatorName(ranked[0][0], True, measure)
    return IndicatorName(None, False, measure)


# --------------------------------------------------------------------------------------------- periods in headers

def column_period(text: str) -> tuple[Period, str | None] | None:
    """A period column header: "Năm 2023", "6 tháng đầu năm 2024", "Kế hoạch 2024" (target), "Ước TH cả năm
    2024" (expected), "Năm 2024 (ước)"; None for anything else ("So sánh 2024/2023", "Ghi chú")."""
    folded = fold(text)
    status = None
    inner = _PARENS.findall(folded)
    if inner:
        folded = _PARENS.sub(" ", folded).strip()
        status = next((s for w in inner for p, s in _COLUMN_STATUS if w.strip() == p), None)
        if status is None and any(w.strip() for w in inner):
            return None
    for phrase, found in _COLUMN_STATUS:
        if folded.startswith(phrase + " "):
            if status not in (None, found):
                return None
            status, folded = found, folded[len(phrase):].strip()
            break
    folded = _COLUMN_FILLER.sub("", folded)
    try:
        return parse_period(folded), status
    except PeriodError:
        return None


def period_line(row: Sequence[str | None]) -> str | None:
    """The text after "Kỳ báo cáo:" in this row (same cell, or the next non-empty cell)."""
    for j, text in enumerate(row):
        if not text or ":" not in text:
            continue
        before, after = text.split(":", 1)
        if "ky bao cao" in fold(before):
            return after.strip() or next((c for c in row[j + 1:] if c), None)
    return None


def title_unit(row: Sequence[str | None]) -> str | None:
    """The reporting unit a title cell names ("UBND HUYỆN LẠC SƠN" → "HUYỆN LẠC SƠN")."""
    for text in row:
        match = _TITLE_UNIT.match(fold(text)) if text else None
        if match:
            return clean(text)[len(clean(text)) - len(match.group(1)):].strip(" :")
    return None


def title_period(row: Sequence[str | None]) -> Period | None:
    """The one period a title line names ("BÁO CÁO … QUÝ I NĂM 2024"); None when it names none or several."""
    found = {p for text in row if text and (p := find_period(text))}
    return found.pop() if len(found) == 1 else None


# --------------------------------------------------------------------------------------------- header finding

def _block(grid: Grid, k: int) -> tuple[list[int], int, dict[int, list[str | None]]]:
    """Header rows ending at k (up to three, stopping at a blank or "Kỳ báo cáo" line), their width, and each
    upper row with merged group labels carried right ("Một cửa" over three columns only fills its first cell)."""
    block = [k]
    i = k - 1
    while len(block) < 3 and i >= 0 and any(grid.rows[i]) and period_line(grid.rows[i]) is None:
        block.insert(0, i)
        i -= 1
    width = max(len(grid.rows[b]) for b in block)
    filled: dict[int, list[str | None]] = {}
    for b in block[:-1]:
        carry: str | None = None
        filled[b] = []
        for j in range(width):
            carry = cell(grid.rows[b], j) or carry
            filled[b].append(carry)
    return block, width, filled


def _top(grid: Grid, block: list[int], used: set[int]) -> int:
    """A title line directly above the header is not part of it: the header starts at the first row that
    names something used."""
    return next(b for b in block if any(cell(grid.rows[b], j) for j in used))


def _claim(roles: dict[str, tuple[int, int]], found: tuple[str, int], j: int, losers: list[int]) -> None:
    """Column j claims a role at a rank; the better-ranked header keeps it ("Mã đơn vị" over "Tên đơn vị"), the
    other column is noted as a duplicate."""
    column, rank = found
    if column not in roles or rank < roles[column][0]:
        if column in roles:
            losers.append(roles[column][1])
        roles[column] = (rank, j)
    else:
        losers.append(j)


def _long_at(grid: Grid, k: int) -> Header | None:
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
        _claim(best, found, j, others)
    cols = {c: j for c, (_, j) in best.items()} | unit_cols
    has_value = "value" in cols or ("numerator" in cols and "denominator" in cols)
    if len(cols) < 3 or "unit_code" not in cols or "indicator_code" not in cols or not has_value:
        return None
    duplicates = sorted([j for j in others if _alias(row[j] or "")] + unit_unused)
    ignored = sorted(j for j in others if j not in duplicates)
    labels = {j: clean(t) for j, t in enumerate(row) if t}
    return Header("long", k, k, cols, [], labels, ignored, duplicates, unit_level, len(row),
                  tuple(sorted({*unit_cols.values(), *unit_unused})), _beside_code(labels, unit_cols))


def _spread_at(grid: Grid, k: int, layout: str) -> Header | None:
    """A wide header (units down, indicators across) or a down header (indicators down, periods across) ending
    at row k, under up to two group rows. Both spread each data row into figures: one per indicator (wide) or
    per period (down), each a value cell or a numerator and a denominator cell under a merged label."""
    block, width, filled = _block(grid, k)
    unit_headers = {j: clean(t) for j in range(width) for b in block if (t := cell(grid.rows[b], j))}
    unit_cols, unit_level, unit_unused = _unit_roles(unit_headers)
    figures: dict[tuple[str, str | None], dict[str, int]] = {}
    roles: dict[str, tuple[int, int]] = {}
    labels: dict[int, str] = {}
    unknown: list[int] = []
    duplicates: list[int] = []
    allowed = _WIDE_ROLES if layout == "wide" else _DOWN_ROLES
    for j in range(width):
        own = [(b, t) for b in block if (t := cell(grid.rows[b], j))]
        if not own:
            continue
        lowest, label = own[-1][0], clean(own[-1][1])
        labels[j] = label
        if j in unit_cols.values() or j in unit_unused:
            continue
        groups = [g for b in block if b < lowest and (g := filled[b][j]) and g != label]
        found = _figure_column(label, groups, layout)
        if found:
            fig_key, status, part = found
            parts = figures.setdefault((fig_key, status), {})
            if part in parts:
                duplicates.append(j)
            else:
                parts[part] = j
            continue
        if any(key(t) in _STT_KEYS for _, t in own):
            continue
        if layout == "down" and key(label) in _NAME_COLUMN_KEYS | _MEASURE_KEYS:
            role = "indicator" if key(label) in _NAME_COLUMN_KEYS else "measure"
            if role in roles:
                duplicates.append(j)
            else:
                roles[role] = (0, j)
            continue
        hits = [f for f in (_alias(t) for _, t in own) if f and f[0] in allowed]
        if layout == "down":
            hits += [("indicator", 1) for _, t in own if _alias(t) == ("indicator_code", 1)]  # "Mã chỉ tiêu"
        if not hits:
            unknown.append(j)
            continue
        column, rank = min(hits, key=lambda f: f[1])
        if column != "unit_code":  # unit columns were assigned above
            _claim(roles, (column, rank), j, duplicates)
    complete = {k_: parts for k_, parts in figures.items()
                if "value" in parts or ("numerator" in parts and "denominator" in parts)}
    for parts in figures.values():
        if parts not in complete.values():
            unknown += parts.values()  # a lone "Tử số" column: not a figure
    if not complete:
        return None
    if layout == "wide" and "unit_code" not in unit_cols:
        return None
    if layout == "down" and "indicator" not in roles:
        return None
    cols = {c: j for c, (_, j) in roles.items()} | unit_cols
    used = set(cols.values()) | {j for parts in complete.values() for j in parts.values()}
    top = _top(grid, block, used)
    figs = [Figure(k_[0], parts, k_[1]) for k_, parts in complete.items()]
    return Header(layout, top, k, cols, figs, labels, sorted(unknown), sorted(duplicates + unit_unused),
                  unit_level, len(grid.rows[k]), tuple(sorted({*unit_cols.values(), *unit_unused})),
                  _beside_code(unit_headers, unit_cols))


def _figure_column(label: str, groups: list[str], layout: str) -> tuple[str, str | None, str] | None:
    """(figure key, status, part) when this column holds a figure: an indicator (wide) or a period (down),
    named by the column itself or by a group label over it, whole or as a ratio part."""
    part = _PART_KEYS.get(key(label))
    if layout == "wide":
        code = indicator_of(label)
        for group in groups:  # "Một cửa" + "cấp xã" is the short name "Một cửa: cấp xã"
            code = code or indicator_of(f"{group} {label}")
        if code:
            return code, None, "value"
        for group in groups:
            if part and (code := indicator_of(group)):
                return code, None, part
        return None
    found = column_period(label)
    if found:
        return found[0].canonical, found[1], "value"
    for group in reversed(groups):  # "Năm 2023" over "Kế hoạch | Thực hiện", or over "Tử số | Mẫu số"
        outer = column_period(group)
        if outer is None:
            continue
        if part:
            return outer[0].canonical, outer[1], part
        inner = column_period(f"{label} {group}")  # "Kế hoạch" under "Năm 2024" reads "Kế hoạch Năm 2024"
        if inner and inner[0] == outer[0]:
            return outer[0].canonical, inner[1] or outer[1], "value"
    return None


def find_header(grid: Grid) -> Header | None:
    """The first header in the top rows. A long table's first data row looks like a wide code row under it
    ("96, TCD_DOAN" below "Mã đơn vị"), so a wide or down header wins only when it ends above the long one."""
    candidates = [k for k, row in enumerate(grid.rows) if any(row)][:HEADER_SCAN]
    long = next((h for h in (_long_at(grid, k) for k in candidates) if h), None)
    spread: Header | None = None
    for layout in ("wide", "down"):
        found = next((h for h in (_spread_at(grid, k, layout) for k in candidates) if h), None)
        # A group row can already name a unit and an indicator ("Đơn vị", "TCD_CUOC" merged down); the row
        # under it names more. Move down while the next row extends the header with more columns.
        while found and found.bottom + 1 < len(grid.rows):
            deeper = _spread_at(grid, found.bottom + 1, layout)
            if deeper is None or deeper.score <= found.score:
                break
            found = deeper
        if found and (spread is None or found.bottom < spread.top):
            spread = found
    if spread and (long is None or spread.bottom < long.top):
        return spread
    return long


# --------------------------------------------------------------------------------------------- data rows

def is_total(text: str | None) -> bool:
    """'Tổng cộng', 'Tổng số', 'Toàn tỉnh', 'Cộng', 'Tổng:', 'Cộng huyện …' — but not 'Cộng Hòa', 'Tống Trân'."""
    if not text:
        return False
    words = _WORDS.findall(fold(text))
    if not words:
        return False
    if tuple(words[:2]) in _TOTAL_PAIRS:
        return True
    return words[0] in ("tong", "cong") and (len(words) == 1 or words[1] in _TOTAL_SECOND)


def is_summary(text: str | None) -> bool:
    """'Điểm cao nhất', 'Thấp nhất', 'Trung bình chung', 'Highest' written where a unit's name goes."""
    return bool(text) and " ".join(_WORDS.findall(fold(text))) in _SUMMARY


def is_section(stt: str | None, text: str | None) -> bool:
    """A heading row of a report table: numbered "I", "II", "A", "1.1" or written "I. Công tác tiếp dân"."""
    return bool(stt and _SECTION.match(stt.strip())) or bool(text and _SECTION_TEXT.match(text.strip()))


def is_numbering(row: Sequence[str | None], header: Header) -> bool:
    """The "(1) (2) (3)" / "A B 1 2 3" row printed forms put under the header: consecutive column numbers."""
    cells = [c for c in row if c]
    matches = [_NUMBERING.match(c) for c in cells]
    if len(cells) < 3 or len(cells) < len(header.labels) - 1 or not all(matches):
        return False
    numbers = [int(m.group(1)) for m in matches if m and m.group(1).isdigit()]
    return len(numbers) >= 2 and all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


def stt_column(grid: Grid, header: Header) -> int | None:
    """The STT column of the header, if any."""
    for j in sorted(header.labels):
        if key(header.labels[j]) in _STT_KEYS or any(
                (text := cell(grid.rows[b], j)) and key(text) in _STT_KEYS for b in range(header.top, header.bottom)):
            return j
    return None


@dataclass
class Preamble:
    """What the lines above a table say: its period, its reporting unit, and notes on the header."""

    period: str | None = None
    period_from: str | None = None     # "Kỳ báo cáo" line, title, or sheet name
    unit: str | None = None
    notes: list[str] = field(default_factory=list)


def preamble(grid: Grid, header: Header) -> Preamble:
    """The "Kỳ báo cáo:" line (else one period in the title, else the sheet's name) and the reporting unit."""
    out = Preamble()
    titles: list[Period] = []
    for k in [k for k, row in enumerate(grid.rows[: header.top]) if any(row)][:HEADER_SCAN]:
        row = grid.rows[k]
        if out.unit is None and (unit := title_unit(row)):
            out.unit = unit
            is_the_unit = header.layout == "down" and "unit_code" not in header.columns
            role = "là đơn vị của mọi số liệu trong bảng" if is_the_unit else "tên đơn vị được tìm trong đơn vị này"
            out.notes.append(f"Đơn vị báo cáo (tiêu đề): {unit} (dòng {grid.row_nos[k]}); {role}.")
        if out.period is None and (line := period_line(row)):
            out.period, out.period_from = line, f"dòng {grid.row_nos[k]}"
        elif (p := title_period(row)) is not None:
            titles.append(p)
    if out.period is None and len(set(titles)) == 1:
        out.period, out.period_from = titles[0].canonical, "tiêu đề"
    if out.period is None and grid.sheet:
        try:
            out.period, out.period_from = parse_period(grid.sheet).canonical, "tên trang tính"
        except PeriodError:  # "2016_PAPI", "Báo cáo quý II-2024": the one period the name holds
            if (named := find_period(grid.sheet)) is not None:
                out.period, out.period_from = named.canonical, "tên trang tính"
    if out.period:
        out.notes.append(f"Kỳ báo cáo chung: {out.period} ({out.period_from}).")
    top, bottom = grid.row_nos[header.top], grid.row_nos[header.bottom]
    out.notes.append(f"Dòng tiêu đề: {top}." if top == bottom else f"Dòng tiêu đề: {top}–{bottom}.")
    if header.ignored:
        out.notes.append("Bỏ qua cột không nhận ra: " + ", ".join(ref(header, j) for j in header.ignored) + ".")
    if header.duplicates:
        out.notes.append("Bỏ qua cột trùng vai trò với cột khác: "
                         + ", ".join(ref(header, j) for j in header.duplicates) + ".")
    return out
