"""Legacy → 2025 crosswalk: which new unit(s) each pre-merger province and commune became, with shares.

Source: `converter_2025.json` of `vietnamadminunits`, joined to GSO codes once, by the dataset's own key
columns, in danvan.store.package (the default map reads the same links).
Legacy communes split among several new communes come without shares: the share of each successor is the
area of (old cell ∩ new cell) on the default map, so those rows are marked 'area_estimate'.
Official files (`crosswalk load`, the Chuyển đổi địa giới page) replace the rows of the old units they name; every
row they bring is 'official', 1:1 rows included. They are read as offices save them (UTF-8, UTF-16 with or without
BOM, Windows-1258; comma, semicolon or tab; decimal commas and percents) and refused with a Vietnamese
CrosswalkError, nothing written, when they cannot be used.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import shapely

from danvan.grammar.values import format_number
from danvan.store import audit, db, package
from danvan.store.authz import User, check
from danvan.store.registry import unit_key

SOURCE_DEFAULT = (
    "vietnamadminunits 1.0.4 (converter_2025.json); tỷ lệ xã bị chia ước tính theo diện tích ranh giới mặc định"
)
LEVELS = ("province", "commune")
COLUMNS = ("level", "old_key", "new_key", "share", "method", "is_default")
# Official shares are typed by hand: an old unit's shares may sum to one give or take 0.001 (a tenth of a percent),
# so thirds written 0.333333, 0.3333, 0.333 or 33,3% pass (and are then scaled to sum exactly to one), while a
# missing or mistyped share (0.9; 0.33 × 3 = 0.99) is refused.
SHARE_TOLERANCE = 1e-3
MIN_SHARE = 0.01  # a successor the package names but the approximate map does not overlap still gets some
CODE_WIDTH = {"province": 2, "commune": 5}  # spreadsheets drop leading zeros of GSO codes

Geometries = dict[str, shapely.Geometry]


LEVEL_VI = {"province": "cấp tỉnh", "commune": "cấp xã"}


def _frame(rows: list[dict]) -> pl.DataFrame:
    schema = {"level": pl.String, "old_key": pl.String, "new_key": pl.String, "share": pl.Float64,
              "method": pl.String, "is_default": pl.Boolean}
    return pl.DataFrame(rows, schema=schema)


def _area_shares(old: str, news: list[str], old_geo: Geometries | None, new_geo: Geometries | None) -> list[float]:
    """Shares from the overlap of the old cell with each successor's cell; equal when geometry says nothing.

    The package says every successor received part of the old commune, so one the approximate map does not
    overlap gets MIN_SHARE rather than 0. Areas are in degrees: the cos(latitude) factor cancels in a ratio.
    """
    cell = (old_geo or {}).get(old)
    areas = []
    for new in news:
        other = (new_geo or {}).get(new)
        if cell is None or other is None or cell.is_empty or other.is_empty:
            areas = []
            break
        areas.append(shapely.area(shapely.intersection(cell, other)))
    total = sum(areas)
    if not areas or not math.isfinite(total) or total <= 0:
        return [1.0 / len(news)] * len(news)
    floored = [max(a / total, MIN_SHARE) for a in areas]
    return [f / sum(floored) for f in floored]


def build_crosswalk(units: pl.DataFrame, old_communes_geo: Geometries | None,
                    new_communes_geo: Geometries | None) -> tuple[pl.DataFrame, list[str]]:
    """Crosswalk rows (COLUMNS) and Vietnamese notes on package keys that did not join the registry.

    `units` needs unit_key, era, level, name; the geometry dicts map commune unit_keys to shapes
    (None: split communes get equal shares).
    """
    links = package.merger_links()
    names = dict(zip(units["unit_key"], units["name"], strict=True))
    notes = list(links.unjoined)
    rows: list[dict] = []

    seen: set[str] = set()
    for new_code, old_codes in links.provinces.items():
        new = unit_key("new", new_code)
        for old in (unit_key("old", c) for c in old_codes):
            if old in seen:
                notes.append(f"Tỉnh cũ '{names[old]}' có hơn một tỉnh mới trong converter; giữ dòng đầu")
                continue
            seen.add(old)
            rows.append({"level": "province", "old_key": old, "new_key": new, "share": 1.0,
                         "method": "whole", "is_default": True})

    for old_code in sorted(links.communes):
        old = unit_key("old", old_code)
        successors = {unit_key("new", c): default for c, default in links.communes[old_code].items()}
        news = list(successors)
        if len(news) == 1:
            rows.append({"level": "commune", "old_key": old, "new_key": news[0], "share": 1.0,
                         "method": "whole", "is_default": True})
            continue
        for new, share in zip(news, _area_shares(old, news, old_communes_geo, new_communes_geo), strict=True):
            rows.append({"level": "commune", "old_key": old, "new_key": new, "share": share,
                         "method": "area_estimate", "is_default": successors[new]})
    linked = {unit_key("old", c) for c in links.communes}
    old_communes = units.filter((pl.col("era") == "old") & (pl.col("level") == "commune"))
    missing = old_communes.filter(~pl.col("unit_key").is_in(linked))
    notes.extend(f"Xã cũ chưa có xã mới kế thừa: {r['name']} ({r['unit_key']})" for r in missing.iter_rows(named=True))
    return _frame(rows), notes


# ---------------------------------------------------------------- store


def _write(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, source: str, atomic: bool = True) -> None:
    """Replace the rows of every old unit in `rows`, in one transaction (atomic=False: the caller's)."""
    now = datetime.now().replace(microsecond=0)
    full = rows.with_columns(source=pl.lit(source), loaded_at=pl.lit(now))
    db.execute_with(con, "replace_crosswalk", "crosswalk_rows", full, atomic=atomic)


def _geometries(con: duckdb.DuckDBPyConnection, era: str) -> Geometries:
    frame = db.run(con, "boundaries_for", era=era, level="commune", province_key=None)
    geoms = shapely.from_geojson(np.asarray(frame["geojson"].to_list(), dtype=object))
    return dict(zip(frame["unit_key"].to_list(), geoms, strict=True))


def build_from_store(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, list[str]]:
    """Build from the store's units and (default or official) commune boundaries; works read-only."""
    units = db.run(con, "crosswalk_units")
    return build_crosswalk(units, _geometries(con, "old"), _geometries(con, "new"))


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    stored = {r["level"]: r["rows"] for r in db.run(con, "crosswalk_counts").iter_rows(named=True)}
    return {level: stored.get(level, 0) for level in LEVELS}


def ensure_crosswalk(con: duckdb.DuckDBPyConnection, force: bool = False) -> dict[str, int]:
    """Build the default crosswalk when the table is empty (or when forced); returns rows written per level.

    A forced rebuild replaces the rows of every old unit the package covers, official corrections included.
    """
    if not force and any(counts(con).values()):
        return dict.fromkeys(LEVELS, 0)
    rows, _ = build_from_store(con)
    _write(con, rows, SOURCE_DEFAULT)
    return _per_level(rows)


def rebuild_crosswalk(con: duckdb.DuckDBPyConnection, *, user: User) -> dict[str, int]:
    """The default crosswalk built again from the package, replacing official corrections too: administrators only
    (Refused otherwise); the rows and their audit row in one transaction. Returns rows written per level."""
    check(con, user, "crosswalk")
    rows, _ = build_from_store(con)
    with db.transaction(con):
        _write(con, rows, SOURCE_DEFAULT, atomic=False)
        audit.record(con, user, "crosswalk", detail="dựng lại bảng mặc định")
    return _per_level(rows)


def _per_level(rows: pl.DataFrame) -> dict[str, int]:
    return {level: rows.filter(pl.col("level") == level).height for level in LEVELS}


class CrosswalkError(ValueError):
    """A crosswalk file that cannot be loaded; the message says why, in Vietnamese. Nothing was written."""


_DELIMITERS = {",": "dấu phẩy", ";": "dấu chấm phẩy", "\t": "tab"}


def _codec(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"  # the BOM says which byte order
    head = data[:4000]
    if head.count(0) > len(head) // 4:  # ASCII text in UTF-16 without a BOM: a NUL beside each character
        return "utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be"
    return "utf-8"


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text") or without one, else Windows-1258;
    text that none of them reads is refused, and so is a workbook (save it as CSV first)."""
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise CrosswalkError("Đây là tệp Excel, không phải CSV: trong Excel chọn Lưu thành › CSV UTF-8 (hoặc "
                             "Unicode Text) rồi nạp tệp đó")
    codec = _codec(data)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        text = None
    if text is None and codec == "utf-8":
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            text = None
    if text is None or "\x00" in text:
        raise CrosswalkError(f"Tệp không phải văn bản CSV đọc được (thử theo {codec.upper()}"
                             f"{', Windows-1258' if codec == 'utf-8' else ''}): hãy lưu lại dạng CSV UTF-8")
    return text


def _delimiter(text: str) -> str:
    """The separator the header line uses most: comma, semicolon (Excel in Vietnamese locales) or tab."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max(_DELIMITERS, key=header.count) if any(d in header for d in _DELIMITERS) else ","


def _shown(header: list[str]) -> str:
    names = [f"'{h[:30]}'" for h in header if h][:6]
    return ", ".join(names) + (" …" if len(header) > 6 else "") if names else "(không có)"


def _share(text: str, number: int) -> float:
    """A share as typed: 0.25, 0,25, 25%, 25,5 %; blank is 1 (the whole unit)."""
    raw = text.strip()
    if not raw:
        return 1.0
    percent = raw.endswith("%")
    body = raw.rstrip("%").strip().replace(",", ".")
    try:
        share = float(body) / (100 if percent else 1)
    except ValueError:
        raise CrosswalkError(f"Dòng {number}: tỷ lệ '{raw}' không phải số") from None
    if not math.isfinite(share) or not 0 < share <= 1:
        raise CrosswalkError(f"Dòng {number}: tỷ lệ '{raw}' phải lớn hơn 0 và không quá 1")
    return share


def _parse(con: duckdb.DuckDBPyConnection, text: str) -> pl.DataFrame:
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    first = next((fields for fields in reader if any(f.strip() for f in fields)), [])
    header = [c.strip().lstrip("\ufeff").strip().lower() for c in first]
    missing = {"level", "old_code", "new_code"} - set(header)
    if missing:
        raise CrosswalkError(f"Tệp bảng chuyển đổi thiếu cột: {', '.join(sorted(missing))} (cần level, old_code, "
                             f"new_code và share; đọc được các cột {_shown(header)}, "
                             f"phân cách bằng {_DELIMITERS[delimiter]})")
    units = db.run(con, "crosswalk_units")
    known = set(zip(units["era"], units["level"], units["code"], strict=True))
    rows: list[dict] = []
    seen: set[tuple[str, str, str]] = set()
    for fields in reader:
        number = reader.line_num  # the file's own line (line 1 is the header)
        if not any(f.strip() for f in fields):
            continue  # blank lines and Excel's trailing ";;;" rows
        if len(fields) > len(header) and any(f.strip() for f in fields[len(header):]):
            raise CrosswalkError(f"Dòng {number}: nhiều ô hơn tiêu đề ({len(fields)} so với {len(header)}) — tỷ lệ "
                                 "viết với dấu phẩy thập phân cần đặt trong ngoặc kép, hoặc lưu tệp với dấu chấm phẩy")
        row = dict(zip(header, fields, strict=False))
        level = (row.get("level") or "").strip().lower()
        if level not in LEVELS:
            raise CrosswalkError(f"Dòng {number}: cấp '{row.get('level') or ''}' không hợp lệ (province hoặc commune)")
        codes = {}
        for era, column in (("old", "old_code"), ("new", "new_code")):
            code = (row.get(column) or "").strip()
            if code.isdigit():
                code = code.zfill(CODE_WIDTH[level])
            if (era, level, code) not in known:
                when = "trước" if era == "old" else "từ"
                raise CrosswalkError(f"Dòng {number}: mã '{row.get(column) or ''}' không phải đơn vị "
                                     f"{LEVEL_VI[level]} {when} 1/7/2025")
            codes[era] = code
        share = _share(row.get("share") or "", number)
        old, new = f"old:{codes['old']}", f"new:{codes['new']}"
        if (level, old, new) in seen:
            raise CrosswalkError(f"Dòng {number}: cặp {old} → {new} bị lặp")
        seen.add((level, old, new))
        rows.append({"level": level, "old_key": old, "new_key": new, "share": share, "method": "official",
                     "is_default": False})
    if not rows:
        raise CrosswalkError("Tệp bảng chuyển đổi không có dòng số liệu nào")
    return _shares_checked(_frame(rows), dict(zip(units["unit_key"], units["name"], strict=True)))


def _shares_checked(rows: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    """Each old unit's shares must sum to one within SHARE_TOLERANCE; they are then scaled to sum exactly to one,
    and the largest share (the first on ties) is the default successor."""
    totals = rows.group_by("level", "old_key", maintain_order=True).agg(total=pl.col("share").sum())
    bad = totals.filter((pl.col("total") - 1).abs() > SHARE_TOLERANCE + 1e-12)
    if bad.height:
        listed = "; ".join(f"{r['old_key']} {names.get(r['old_key'], '')} (tổng {format_number(r['total'], 6)})"
                           for r in bad.head(5).iter_rows(named=True))
        more = f" và {bad.height - 5} đơn vị khác" if bad.height > 5 else ""
        raise CrosswalkError(f"Tổng tỷ lệ của mỗi đơn vị cũ phải bằng 1 (lệch không quá "
                             f"{format_number(SHARE_TOLERANCE, 6)}): {listed}{more}")
    group = ("level", "old_key")
    return (rows.join(totals, on=list(group))
            .with_columns(share=pl.col("share") / pl.col("total"))
            .with_columns(is_default=pl.int_range(pl.len()).over(group) == pl.col("share").arg_max().over(group))
            .select(COLUMNS))


def load_crosswalk_bytes(con: duckdb.DuckDBPyConnection, data: bytes, source: str, *, user: User) -> dict[str, int]:
    """Official corrections: replace all rows of each old unit the file names; all or nothing.

    A CSV or tab-separated text with columns level, old_code, new_code and optional share (blank = 1), separated
    by commas, semicolons or tabs, in UTF-8, UTF-16 (Excel's "Unicode text") or Windows-1258; codes are GSO codes
    of the old and the new era. Every row loaded is marked 'official', 1:1 rows included. Raises CrosswalkError
    (Vietnamese) for anything it cannot load, Refused unless the user is an administrator. Returns rows written
    per level; audited.
    """
    check(con, user, "crosswalk")
    try:
        out = _parse(con, _decode(data))
    except CrosswalkError:
        raise
    except (csv.Error, ValueError) as exc:
        raise CrosswalkError(f"Tệp bảng chuyển đổi không đọc được: {exc}") from exc
    try:
        with db.transaction(con):
            _write(con, out, source, atomic=False)
            audit.record(con, user, "crosswalk", out["old_key"].unique().sort(), detail=source)
    except duckdb.Error as exc:
        raise CrosswalkError(f"Không ghi được bảng chuyển đổi vào kho dữ liệu, chưa thay đổi gì: {exc}") from exc
    return {level: out.filter(pl.col("level") == level).height for level in LEVELS}


def load_crosswalk_csv(con: duckdb.DuckDBPyConnection, path: str | Path, source: str, *,
                       user: User) -> dict[str, int]:
    """:func:`load_crosswalk_bytes` for a file on disk (the CLI)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CrosswalkError(f'Không mở được tệp "{path}": {exc.strerror or exc}') from exc
    return load_crosswalk_bytes(con, data, source, user=user)
