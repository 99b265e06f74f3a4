"""Legacy → 2025 crosswalk: which new unit(s) each pre-merger province and commune became, with shares.

Source: `converter_2025.json` of `vietnamadminunits`, which links units by name keys, not codes:
provinces by folded full name ("tinhbaclieu"), legacy communes by "province_district_ward" folded keys,
new communes by folded full name within their province. Homonyms that fold alike ("Xã Lộc Thạnh" /
"Xã Lộc Thành") are spelled with their accents there, so keys are tried accented first, then folded.
Legacy communes split among several new communes come without shares: the share of each successor is the
area of (old cell ∩ new cell) on the default map, so those rows are marked 'area_estimate'.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from datetime import datetime
from importlib.resources import files
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import shapely

from danvan import db
from danvan.text import key, nfc

SOURCE_DEFAULT = (
    "vietnamadminunits 1.0.4 (converter_2025.json); tỷ lệ xã bị chia ước tính theo diện tích ranh giới mặc định"
)
LEVELS = ("province", "commune")
COLUMNS = ("level", "old_key", "new_key", "share", "method", "is_default")
SHARE_TOLERANCE = 1e-6  # CSV shares are typed by hand: 0.333333 × 3 must pass
MIN_SHARE = 0.01  # a successor the package names but the approximate map does not overlap still gets some
CODE_WIDTH = {"province": 2, "commune": 5}  # spreadsheets drop leading zeros of GSO codes
_NON_WORD = re.compile(r"[\W_]+")

Geometries = dict[str, shapely.Geometry]


LEVEL_VI = {"province": "cấp tỉnh", "commune": "cấp xã"}

def accented_key(text: str) -> str:
    """Lower-case name without spaces but with its accents: how the package tells homonyms apart."""
    return _NON_WORD.sub("", nfc(text).lower())


def converter() -> dict:
    path = files("vietnamadminunits") / "data" / "converter_2025.json"
    return json.loads(path.read_text(encoding="utf-8"))


class _KeyIndex:
    """Package key → unit_key: an accented key wins; a folded key only when it names one unit."""

    def __init__(self) -> None:
        self.accented: dict[str, set[str]] = defaultdict(set)
        self.folded: dict[str, set[str]] = defaultdict(set)

    def add(self, prefix: str, name: str, unit: str) -> None:
        self.accented[prefix + accented_key(name)].add(unit)
        self.folded[prefix + key(name)].add(unit)

    def get(self, package_key: str) -> str | None:
        for index in (self.accented, self.folded):
            found = index.get(package_key, set())
            if len(found) == 1:
                return next(iter(found))
        return None


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

    `units` needs unit_key, era, level, name, province_key, parent_key; the geometry dicts map commune
    unit_keys to shapes (None: split communes get equal shares).
    """
    data = converter()
    names = dict(zip(units["unit_key"], units["name"], strict=True))
    notes: list[str] = []
    rows: list[dict] = []

    provinces = {era: _KeyIndex() for era in ("old", "new")}
    for row in units.filter(pl.col("level") == "province").iter_rows(named=True):
        provinces[row["era"]].add("", row["name"], row["unit_key"])
    seen: set[str] = set()
    for new_pkey, old_pkeys in data["DICT_PROVINCE"].items():
        new = provinces["new"].get(new_pkey)
        if new is None:
            notes.append(f"Tỉnh mới không khớp: khóa '{new_pkey}'")
            continue
        for old_pkey in old_pkeys:
            old = provinces["old"].get(old_pkey)
            if old is None:
                notes.append(f"Tỉnh cũ không khớp: khóa '{old_pkey}' (→ {names[new]})")
            elif old in seen:
                notes.append(f"Tỉnh cũ '{names[old]}' có hơn một tỉnh mới trong converter; giữ dòng đầu")
            else:
                seen.add(old)
                rows.append({"level": "province", "old_key": old, "new_key": new, "share": 1.0,
                             "method": "whole", "is_default": True})

    communes = units.filter(pl.col("level") == "commune")
    old_wards, new_wards = _KeyIndex(), _KeyIndex()
    for row in communes.iter_rows(named=True):
        province = key(names[row["province_key"]])
        if row["era"] == "old":
            district = key(names[row["parent_key"]]) if row["parent_key"] in names else ""
            old_wards.add(f"{province}_{district}_", row["name"], row["unit_key"])
        else:
            new_wards.add(f"{province}|", row["name"], row["unit_key"])

    # old commune → {new commune: is_default}, in the package's order
    links: dict[str, dict[str, bool]] = defaultdict(dict)
    unjoined_old: set[str] = set()

    def link(province: str, old_key: str, new_ward: str, default: bool) -> None:
        old = old_wards.get(old_key)
        new = new_wards.get(f"{province}|{new_ward}")
        if old is None:
            if old_key not in unjoined_old:
                unjoined_old.add(old_key)
                notes.append(f"Xã cũ không khớp: khóa '{old_key}'")
            return
        if new is None:
            notes.append(f"Xã mới không khớp: tỉnh '{province}', khóa '{new_ward}' (từ {names[old]}, {old})")
            return
        links[old][new] = links[old].get(new, False) or default

    for province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                link(province, old_key, new_ward, True)
    for province, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in olds.items():
            for target in targets:
                link(province, old_key, target["newWardKey"], bool(target["isDefaultNewWard"]))

    for old in sorted(links):
        successors = links[old]
        news = list(successors)
        if len(news) == 1:
            rows.append({"level": "commune", "old_key": old, "new_key": news[0], "share": 1.0,
                         "method": "whole", "is_default": True})
            continue
        for new, share in zip(news, _area_shares(old, news, old_communes_geo, new_communes_geo), strict=True):
            rows.append({"level": "commune", "old_key": old, "new_key": new, "share": share,
                         "method": "area_estimate", "is_default": successors[new]})
    missing = communes.filter((pl.col("era") == "old") & ~pl.col("unit_key").is_in(list(links)))
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
