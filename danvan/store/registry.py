"""Administrative-unit registry for both eras, built from the maintained `vietnamadminunits` package.

Eras: "old" = the 63 provinces / districts / communes in force until 30 June 2025 (the package's last
legacy snapshot), "new" = the 34 provinces and 3,321 communes from 1 July 2025 (no districts).
GSO codes repeat across eras (Cà Mau is 96 in both), so a unit's key is "<era>:<code>".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

import duckdb
import polars as pl

from danvan import DATA_DIR
from danvan.grammar.text import key
from danvan.store import db, package

MERGER_DATE = date(2025, 7, 1)
OLD_END = date(2025, 6, 30)
LEVELS = ("province", "district", "commune")
LEVEL_RANK = {"province": 0, "district": 1, "commune": 2}

# Administrative prefixes dropped before matching (folded form → folded unit type), longest first.
# A prefix also narrows the match: "Huyện Lạc Sơn" is the district, not the 2025 commune "Xã Lạc Sơn".
_PREFIX_TYPES = {
    "tinh": "tinh", "thanh pho": "thanh pho", "tp.": "thanh pho", "tp": "thanh pho", "t.p.": "thanh pho",
    "huyen": "huyen", "h.": "huyen", "quan": "quan", "q.": "quan", "thi xa": "thi xa", "tx.": "thi xa",
    "tx": "thi xa", "xa": "xa", "x.": "xa", "phuong": "phuong", "p.": "phuong", "thi tran": "thi tran",
    "tt.": "thi tran", "tt": "thi tran", "dac khu": "dac khu",
}
_PREFIXES = sorted(_PREFIX_TYPES, key=len, reverse=True)


def unit_key(era: str, code: str) -> str:
    return f"{era}:{code}"


def era_of(day: date) -> str:
    return "old" if day < MERGER_DATE else "new"


def build_units() -> pl.DataFrame:
    """Every unit of both eras as one frame (the `units` table's columns)."""
    records: list[dict] = []

    def add(era, level, code, name, short, utype, parent, province, lat, lon, area=None):
        records.append({
            "unit_key": unit_key(era, code), "code": code, "era": era, "level": level,
            "name": name, "short_name": short, "name_key": key(short), "unit_type": utype,
            "parent_key": unit_key(era, parent) if parent else None,
            "province_key": unit_key(era, province),
            "valid_from": None if era == "old" else MERGER_DATE,
            "valid_to": OLD_END if era == "old" else None,
            "lat": lat, "lon": lon, "area_km2": area,
        })

    seen: set[str] = set()
    legacy = package.rows("package_legacy_units")
    for (p, ps, pc, plat, plon, d, ds, dt, dc, dlat, dlon, w, ws, wt, wc, wlat, wlon) in legacy:
        if pc not in seen:
            seen.add(pc)
            add("old", "province", pc, p, ps, p.split(" ")[0] if p.startswith("Tỉnh") else "Thành phố",
                None, pc, plat, plon)
        if dc and "d" + dc not in seen:
            seen.add("d" + dc)
            add("old", "district", dc, d, ds, dt, pc, pc, dlat, dlon)
        if wc and "w" + wc not in seen:
            seen.add("w" + wc)
            add("old", "commune", wc, w, ws, wt, dc, pc, wlat, wlon)
    new = package.rows("package_units_2025")
    areas: dict[str, float] = {}
    for row in new:
        areas[row[2]] = areas.get(row[2], 0.0) + (row[11] or 0.0)
    for (p, ps, pc, plat, plon, w, ws, wt, wc, wlat, wlon, area) in new:
        if "n" + pc not in seen:
            seen.add("n" + pc)
            add("new", "province", pc, p, ps, "Tỉnh" if p.startswith("Tỉnh") else "Thành phố",
                None, pc, plat, plon, round(areas[pc], 2))
        add("new", "commune", wc, w, ws, wt, pc, pc, wlat, wlon, area)
    return pl.DataFrame(records, schema_overrides={
        "valid_from": pl.Date, "valid_to": pl.Date, "lat": pl.Float64, "lon": pl.Float64, "area_km2": pl.Float64,
    }, infer_schema_length=None)


def load_units(con: duckdb.DuckDBPyConnection) -> int:
    """Fill the units table from the package (replacing what is there); returns the row count."""
    frame = build_units()
    db.execute_with(con, "load_units", "new_units", frame)
    return frame.height


@dataclass(frozen=True)
class Unit:
    unit_key: str
    code: str
    era: str
    level: str
    name: str
    short_name: str
    unit_type: str | None
    parent_key: str | None
    province_key: str
    valid_from: date | None
    valid_to: date | None

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_to is None or day <= self.valid_to)

    def overlaps(self, start: date, end: date) -> bool:
        return (self.valid_from is None or end >= self.valid_from) and (
            self.valid_to is None or start <= self.valid_to)


@dataclass(frozen=True)
class Alias:
    """A name as people write it (data/registry/aliases.csv): historical, short, English, spelling or former."""

    alias: str
    unit_key: str
    level: str
    valid_from: date | None
    valid_to: date | None
    kind: str
    source: str

    def overlaps(self, start: date, end: date) -> bool:
        return (self.valid_from is None or end >= self.valid_from) and (
            self.valid_to is None or start <= self.valid_to)


ALIASES_FILE = DATA_DIR / "registry" / "aliases.csv"


@cache
def load_aliases() -> tuple[Alias, ...]:
    frame = pl.read_csv(ALIASES_FILE, schema_overrides={"valid_from": pl.Date, "valid_to": pl.Date},
                        infer_schema_length=0)
    return tuple(Alias(**row) for row in frame.iter_rows(named=True))


def split_prefix(folded: str) -> tuple[str, str | None]:
    """('lac son', 'huyen') from 'huyen lac son': the written administrative prefix and the name after it."""
    for prefix in _PREFIXES:
        if folded.startswith(prefix + " ") or (prefix.endswith(".") and folded.startswith(prefix)):
            return folded[len(prefix):].strip(), _PREFIX_TYPES[prefix]
    return folded, None


class UnitIndex:
    """In-memory lookups over the units table: by key, by code, by folded name, and the alias table.

    Which unit a text means is decided by danvan.store.resolve, never by a first match here.
    """

    def __init__(self, frame: pl.DataFrame) -> None:
        cols = [f for f in Unit.__dataclass_fields__]
        self.units = [Unit(**{c: row[c] for c in cols}) for row in frame.select(cols).iter_rows(named=True)]
        self.by_key = {u.unit_key: u for u in self.units}
        self.by_code: dict[str, list[Unit]] = {}
        self.by_name: dict[str, list[Unit]] = {}
        for u in self.units:
            self.by_code.setdefault(u.code, []).append(u)
            for k in {key(u.short_name), key(u.name)}:
                self.by_name.setdefault(k, []).append(u)
        self.aliases: dict[str, list[Alias]] = {}
        for alias in load_aliases():
            self.aliases.setdefault(key(alias.alias), []).append(alias)


def index_for(con: duckdb.DuckDBPyConnection) -> UnitIndex:
    return UnitIndex(db.run(con, "all_units"))
