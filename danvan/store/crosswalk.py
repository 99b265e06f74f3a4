"""Legacy → 2025 crosswalk: which new unit(s) each pre-merger province and commune became, with shares.

Source: `converter_2025.json` of `vietnamadminunits`, joined to GSO codes once, by the dataset's own key
columns, in danvan.store.package (the default map reads the same links).
Legacy communes split among several new communes come without shares: the share of each successor is the
area of (old cell ∩ new cell) on the default map, so those rows are marked 'area_estimate'.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import shapely

from danvan.store import db, package
from danvan.store.registry import unit_key

SOURCE_DEFAULT = (
    "vietnamadminunits 1.0.4 (converter_2025.json); tỷ lệ xã bị chia ước tính theo diện tích ranh giới mặc định"
)
LEVELS = ("province", "commune")
COLUMNS = ("level", "old_key", "new_key", "share", "method", "is_default")
SHARE_TOLERANCE = 1e-6  # CSV shares are typed by hand: 0.333333 × 3 must pass
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


def _write(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, source: str) -> None:
    """Replace the rows of every old unit in `rows`, in one transaction (the caller's, if any)."""
    now = datetime.now().replace(microsecond=0)
    full = rows.with_columns(source=pl.lit(source), loaded_at=pl.lit(now))
    db.execute_with(con, "replace_crosswalk", "crosswalk_rows", full)


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
    return {level: rows.filter(pl.col("level") == level).height for level in LEVELS}


def load_crosswalk_csv(con: duckdb.DuckDBPyConnection, path: str | Path, source: str) -> dict[str, int]:
    """Official corrections: replace all rows of each old unit the CSV names; all or nothing.

    Columns level, old_code, new_code and optional share (default 1); codes are GSO codes of the old and the
    new era. Returns rows written per level.
    """
    frame = pl.read_csv(path, infer_schema=False)
    frame = frame.rename({c: c.strip().lower() for c in frame.columns})
    missing = {"level", "old_code", "new_code"} - set(frame.columns)
    if missing:
        raise ValueError(f"Tệp bảng chuyển đổi thiếu cột: {', '.join(sorted(missing))}")
    units = db.run(con, "crosswalk_units")
    known = set(zip(units["era"], units["level"], units["code"], strict=True))
    rows: list[dict] = []
    seen: set[tuple[str, str, str]] = set()
    for number, row in enumerate(frame.iter_rows(named=True), start=2):  # line 1 is the header
        level = (row.get("level") or "").strip().lower()
        if level not in LEVELS:
            raise ValueError(f"Dòng {number}: cấp '{row.get('level')}' không hợp lệ (province hoặc commune)")
        codes = {}
        for era, column in (("old", "old_code"), ("new", "new_code")):
            code = (row.get(column) or "").strip()
            if code.isdigit():
                code = code.zfill(CODE_WIDTH[level])
            if (era, level, code) not in known:
                when = "trước" if era == "old" else "từ"
                raise ValueError(f"Dòng {number}: mã '{row.get(column)}' không phải đơn vị "
                                 f"{LEVEL_VI.get(level, level)} {when} 1/7/2025")
            codes[era] = code
        text = (row.get("share") or "").strip().replace(",", ".")
        try:
            share = float(text) if text else 1.0
        except ValueError:
            raise ValueError(f"Dòng {number}: tỷ lệ '{row.get('share')}' không phải số") from None
        if not 0 < share <= 1:
            raise ValueError(f"Dòng {number}: tỷ lệ {share} phải lớn hơn 0 và không quá 1")
        old, new = f"old:{codes['old']}", f"new:{codes['new']}"
        if (level, old, new) in seen:
            raise ValueError(f"Dòng {number}: cặp {old} → {new} bị lặp")
        seen.add((level, old, new))
        rows.append({"level": level, "old_key": old, "new_key": new, "share": share,
                     "method": "whole" if share == 1 else "official", "is_default": False})
    if not rows:
        raise ValueError("Tệp bảng chuyển đổi không có dòng nào")
    totals: dict[tuple[str, str], float] = defaultdict(float)
    best: dict[tuple[str, str], dict] = {}
    for row in rows:
        unit = (row["level"], row["old_key"])
        totals[unit] += row["share"]
        if unit not in best or row["share"] > best[unit]["share"]:
            best[unit] = row  # the largest share is the default successor (first row on ties)
    bad = [f"{old} ({total:.4g})" for (_, old), total in totals.items() if abs(total - 1) > SHARE_TOLERANCE]
    if bad:
        raise ValueError(f"Tổng tỷ lệ của mỗi đơn vị cũ phải bằng 1: {', '.join(bad[:5])}")
    for row in best.values():
        row["is_default"] = True
    out = _frame(rows)
    _write(con, out, source)
    return {level: out.filter(pl.col("level") == level).height for level in LEVELS}
