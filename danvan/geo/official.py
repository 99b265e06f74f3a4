"""Official boundary files (GeoJSON, zipped Shapefile, GeoPackage) loaded over the approximate default map.

Files come from provinces and survey offices in whatever shape they have: codes as integers (1 for "01"),
columns named ma_tinh / MA_XA / code, or only names; any projected CRS. The code column is therefore found
by how well its values match the registry, and names are the fallback. Units the file has no shape for keep
their approximate shape, so a partial file never leaves holes in the map.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import polars as pl
import pyogrio
import shapely

from danvan.geo.boundaries import (
    LAYER_NAMES,
    LAYERS,
    ensure_default,
    layer_rows,
    polygonal,
    web_geometries,
    write_rows,
)
from danvan.store import db
from danvan.store.registry import UnitIndex, index_for

SUFFIXES = (".geojson", ".json", ".zip", ".gpkg")
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}
# Preferred code columns, best first (compared case-insensitively), used to break ties.
CODE_FIELDS = ("ma", "code", "ma_tinh", "matinh", "ma_huyen", "mahuyen", "ma_xa", "maxa", "ma_dvhc", "madvhc",
               "ma_dv", "gso_code", "admin_code")
WORLD_BOX = (95.0, 0.0, 125.0, 30.0)  # lon/lat; a file outside this is in a wrong or missing CRS
LIST_LIMIT = 20


class BoundaryError(ValueError):
    """A boundary file that cannot be read or used; the message is for the user (Vietnamese)."""


@dataclass
class LoadReport:
    era: str
    level: str
    matched: list[str] = field(default_factory=list)
    unmatched_in_file: list[str] = field(default_factory=list)
    units_without_shape: list[str] = field(default_factory=list)
    file_name: str = ""
    code_field: str | None = None
    by_name: bool = False
    written: bool = False

    def lines(self) -> list[str]:
        how = f"theo tên ở cột {self.code_field}" if self.by_name else f"theo mã ở cột {self.code_field}"
        out = [f'Tệp ranh giới "{self.file_name}": {LAYER_NAMES[(self.era, self.level)]}; khớp {how}.',
               f"Khớp {len(self.matched)} đơn vị: {_short(self.matched)}."]
        if self.unmatched_in_file:
            out.append(f"{len(self.unmatched_in_file)} vùng trong tệp không có trong danh mục: "
                       f"{_short(self.unmatched_in_file)}.")
        if self.units_without_shape:
            out.append(f"{len(self.units_without_shape)} đơn vị không có trong tệp, giữ ranh giới ước tính: "
                       f"{_short(self.units_without_shape)}.")
        out.append(f"Đã ghi {len(self.matched)} ranh giới chính thức." if self.written
                   else "Chạy thử: chưa ghi gì vào kho.")
        return out


def _short(items: list[str]) -> str:
    if not items:
        return "không có"
    more = f" … (thêm {len(items) - LIST_LIMIT})" if len(items) > LIST_LIMIT else ""
    return ", ".join(items[:LIST_LIMIT]) + more


# ---------------------------------------------------------------- reading


def _source(path: Path) -> tuple[str, str | None]:
    """The path GDAL should open and the layer to read (zip members and GeoPackage layers)."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                members = sorted(n for n in archive.namelist() if not n.endswith("/"))
        except zipfile.BadZipFile as exc:
            raise BoundaryError(f'Tệp "{path.name}" không phải tệp nén .zip hợp lệ.') from exc
        for wanted in (".shp", ".geojson", ".json", ".gpkg"):
            found = [n for n in members if n.lower().endswith(wanted) and not n.startswith("__MACOSX")]
            if found:
                return f"/vsizip/{path}/{found[0]}", None
        raise BoundaryError(f'Tệp nén "{path.name}" không chứa Shapefile (.shp), GeoJSON hay GeoPackage.')
    if suffix == ".gpkg":
        try:
            layers = pyogrio.list_layers(path)
        except Exception as exc:
            raise BoundaryError(f'Không đọc được GeoPackage "{path.name}": tệp hỏng.') from exc
        if not len(layers):
            raise BoundaryError(f'GeoPackage "{path.name}" không có lớp dữ liệu nào.')
        polygon_layers = [str(name) for name, kind in layers if kind and "polygon" in str(kind).lower()]
        return str(path), (polygon_layers or [str(layers[0][0])])[0]
    return str(path), None


def read_boundary_file(path: str | Path) -> gpd.GeoDataFrame:
    """Polygons of a GeoJSON, zipped Shapefile or GeoPackage, in EPSG:4326; BoundaryError if unusable."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise BoundaryError(f'Tệp "{path.name}" không được hỗ trợ: cần GeoJSON (.geojson, .json), '
                            "Shapefile nén (.zip) hoặc GeoPackage (.gpkg).")
    if not path.is_file():
        raise BoundaryError(f'Không tìm thấy tệp "{path.name}".')
    source, layer = _source(path)
    try:
        frame = gpd.read_file(source, layer=layer) if layer else gpd.read_file(source)
    except Exception as exc:
        raise BoundaryError(f'Không đọc được tệp ranh giới "{path.name}": tệp hỏng hoặc không đúng định dạng.') from exc
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    frame = frame[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon", "GeometryCollection"])]
    if frame.empty:
        raise BoundaryError(f'Tệp "{path.name}" không có vùng (polygon) nào.')
    return _to_lonlat(frame, path.name)


def _to_lonlat(frame: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    if frame.crs is None:
        x1, y1, x2, y2 = frame.total_bounds
        if not (-180 <= x1 <= x2 <= 180 and -90 <= y1 <= y2 <= 90):
            raise BoundaryError(f'Tệp "{name}" không ghi hệ tọa độ (CRS) và tọa độ không phải kinh độ/vĩ độ.')
        frame = frame.set_crs("EPSG:4326")
    frame = frame.to_crs("EPSG:4326")
    x1, y1, x2, y2 = frame.total_bounds
    if x2 < WORLD_BOX[0] or x1 > WORLD_BOX[2] or y2 < WORLD_BOX[1] or y1 > WORLD_BOX[3]:
        raise BoundaryError(f'Tọa độ trong tệp "{name}" không nằm ở Việt Nam: kiểm tra hệ tọa độ (CRS) của tệp.')
    return frame


# ---------------------------------------------------------------- matching


def _missing(value: object) -> bool:
    if value is None:
        return True
    return np.ndim(value) == 0 and bool(pd.isna(value))


def normalise_code(value: object, width: int) -> str | None:
    """1 → "01", 4.0 → "00004" (width 5), " 96 " → "96"; other text is kept stripped."""
    if _missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if text.isdigit() and len(text) <= width:
        return text.zfill(width)
    return text or None


@dataclass(frozen=True)
class _Match:
    column: str
    by_name: bool
    codes: list[str | None]  # registry code per feature, None when unmatched
    labels: list[str | None]  # the feature's value as read (normalised code or name)

    @property
    def score(self) -> int:
        return len({c for c in self.codes if c})


def _match_codes(frame: gpd.GeoDataFrame, column: str, known: set[str], width: int) -> _Match:
    labels = [normalise_code(v, width) for v in frame[column]]
    return _Match(column, False, [v if v in known else None for v in labels], labels)


def _match_names(frame: gpd.GeoDataFrame, column: str, index: UnitIndex, era: str, level: str) -> _Match:
    codes, labels = [], []
    for value in frame[column]:
        text = None if _missing(value) else str(value).strip()
        found = [u for u in index.find(text, level=level) if u.era == era] if text else []
        codes.append(found[0].code if len(found) == 1 else None)  # an ambiguous name is not guessed
        labels.append(text or None)
    return _Match(column, True, codes, labels)


def _rank(column: str) -> int:
    lower = column.lower()
    return CODE_FIELDS.index(lower) if lower in CODE_FIELDS else len(CODE_FIELDS)


def find_match(con: duckdb.DuckDBPyConnection, frame: gpd.GeoDataFrame, era: str, level: str,
               code_field: str | None = None) -> _Match:
    """The column (and way: code or name) that matches the most registry units of this era and level.

    A column counts as codes when it is named like one (ma_tinh, MA_XA, code...) or at least half of its
    values are registry codes; names are tried unless a code column explains every value; ties go to codes.
    """
    columns = [c for c in frame.columns if c != frame.geometry.name]
    if code_field is not None:
        if code_field not in columns:
            raise BoundaryError(f'Tệp không có cột "{code_field}". Các cột: {", ".join(columns) or "không có"}.')
        columns = [code_field]
    known = set(db.run(con, "layer_units", era=era, level=level)["code"])
    candidates = []
    for column in columns:
        match = _match_codes(frame, column, known, CODE_WIDTH[level])
        distinct = {v for v in match.labels if v}
        if match.score and (code_field or _rank(column) < len(CODE_FIELDS) or match.score >= 0.5 * len(distinct)):
            candidates.append((match.score, 1, -_rank(column), match))
            if match.score == len(distinct):
                break
    else:
        index = index_for(con)
        for column in columns:
            if frame[column].map(lambda v: isinstance(v, str)).any():
                match = _match_names(frame, column, index, era, level)
                candidates.append((match.score, 0, 0, match))
    best = max(candidates, key=lambda c: c[:3], default=None)
    if best is None or not best[0]:
        raise BoundaryError(f"Không tìm thấy cột mã hay tên đơn vị khớp danh mục ({LAYER_NAMES[(era, level)]}). "
                            f"Các cột trong tệp: {', '.join(columns) or 'không có'}; chỉ định cột bằng --field.")
    return best[3]


# ---------------------------------------------------------------- loading


def _check_layer(era: str, level: str) -> None:
    if (era, level) not in LAYERS:
        raise BoundaryError("Thời kỳ mới (từ 1/7/2025) không có cấp huyện." if (era, level) == ("new", "district")
                            else f"Không có lớp bản đồ {era}/{level}.")


def load_official(con: duckdb.DuckDBPyConnection, path: str | Path, era: str, level: str,
                  code_field: str | None = None, dry_run: bool = False) -> LoadReport:
    """Replace the matched units' shapes with the file's (approximate=false) in one transaction."""
    _check_layer(era, level)
    path = Path(path)
    frame = read_boundary_file(path)
    match = find_match(con, frame, era, level, code_field)
    units = db.run(con, "layer_units", era=era, level=level)
    matched = sorted({c for c in match.codes if c})
    report = LoadReport(
        era=era, level=level, matched=matched,
        unmatched_in_file=sorted({lab for lab, c in zip(match.labels, match.codes, strict=True) if lab and not c}),
        units_without_shape=sorted(set(units["code"]) - set(matched)),
        file_name=path.name, code_field=match.column, by_name=match.by_name,
    )
    if dry_run or not matched:
        return report
    layer = _official_layer(frame, match, units)
    ensure_default(con)  # the units the file lacks keep (or get) their approximate shape
    write_rows(con, layer_rows({(era, level): layer}, approximate=False, source=f"Chính thức: {path.name}"),
               keep_existing=False)
    report.written = True
    return report


def _official_layer(frame: gpd.GeoDataFrame, match: _Match, units: pl.DataFrame) -> gpd.GeoDataFrame:
    """One web-ready shape per matched unit (several features of one unit are merged)."""
    parts: dict[str, list] = {}
    for code, geom in zip(match.codes, frame.geometry.values, strict=True):
        if code:
            parts.setdefault(code, []).append(polygonal(shapely.make_valid(geom)))
    codes = sorted(parts)
    geoms = web_geometries(np.array([shapely.union_all(parts[c]) for c in codes], dtype=object))
    info = {r["code"]: r for r in units.iter_rows(named=True)}
    return gpd.GeoDataFrame({"unit_key": [info[c]["unit_key"] for c in codes], "code": codes,
                             "name": [info[c]["name"] for c in codes]}, geometry=list(geoms), crs="EPSG:4326")
