"""Official boundary files (GeoJSON, zipped Shapefile, GeoPackage) loaded over the approximate default map.

Files come from provinces and survey offices in whatever shape they have: codes as integers (1 for "01"),
columns named ma_tinh / MA_XA / code, or only names; any projected CRS. The code column is therefore found
by how well its values match the registry, and names are the fallback. Units the file has no shape for keep
their approximate shape, so a partial file never leaves holes in the map.

What is refused, with the reason in the report (never written): shapes outside Vietnam once reprojected (the
whole file when most are: its declared CRS is wrong); a code column that is constant or repeats a value; a
digit-only value read as a name, or a short code padded with zeros when the column is not clearly a code
column of the level's width; a name match far from the unit's registry point (a namesake); a file whose
shapes fit the other era far better than the one asked for (unless confirmed).
"""

from __future__ import annotations

import math
import zipfile
from collections import Counter
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
    HOANG_SA_ISLANDS,
    LAYER_NAMES,
    LAYERS,
    TRUONG_SA_ISLANDS,
    VN_BBOX,
    file_source,
    layer_rows,
    layer_units,
    polygonal,
    web_geometries,
    write_rows,
)
from danvan.geo.default_map import ensure_default
from danvan.grammar.text import fold, key
from danvan.store import audit, db
from danvan.store.authz import User, check
from danvan.store.registry import split_prefix

SUFFIXES = (".geojson", ".json", ".zip", ".gpkg")
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}
# Preferred code columns, best first (compared case-insensitively), used to break ties.
CODE_FIELDS = ("ma", "code", "ma_tinh", "matinh", "ma_huyen", "mahuyen", "ma_xa", "maxa", "ma_dvhc", "madvhc",
               "ma_dv", "gso_code", "admin_code")
LEVEL_WORDS = {"province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}
NEAR_KM = 20.0  # a name match farther than this from the unit's registry point is a namesake
KM_PER_DEGREE = 6371.0088 * math.pi / 180  # mean Earth radius
# The other era "fits far better" when it explains at least ERA_RATIO times as many features, and ERA_GAP more.
ERA_RATIO = 1.5
ERA_GAP = 2
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
    refused: list[str] = field(default_factory=list)  # one line per refused feature: which one and why
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        how = f"theo tên ở cột {self.code_field}" if self.by_name else f"theo mã ở cột {self.code_field}"
        out = [f'Tệp ranh giới "{self.file_name}": {LAYER_NAMES[(self.era, self.level)]}; khớp {how}.',
               *self.warnings,
               f"Khớp {len(self.matched)} đơn vị: {_short(self.matched)}."]
        if self.refused:
            out.append(f"{len(self.refused)} vùng bị từ chối, không ghi:")
            out.extend(f"- {line}" for line in self.refused)
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


def _numbers(positions: list[int]) -> str:
    """Feature numbers (1-based) as runs: [0, 1, 2, 5] → "1–3, 6"."""
    runs: list[list[int]] = []
    for n in sorted(p + 1 for p in positions):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def _feature(position: int, label: str | None) -> str:
    return f'Vùng số {position + 1}' + (f' ("{label}")' if label else "")


def _num(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


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


def outside_vietnam(geoms: np.ndarray) -> np.ndarray:
    """Per shape (lon/lat): not wholly inside Vietnam's envelope, Hoàng Sa and Trường Sa included."""
    bounds = shapely.bounds(np.asarray(geoms, dtype=object))
    x1, y1, x2, y2 = VN_BBOX
    return ~((bounds[:, 0] >= x1) & (bounds[:, 1] >= y1) & (bounds[:, 2] <= x2) & (bounds[:, 3] <= y2))


def _envelope() -> str:
    x1, y1, x2, y2 = VN_BBOX
    return f"kinh độ {x1:g}–{x2:g}, vĩ độ {y1:g}–{y2:g}"


def _to_lonlat(frame: gpd.GeoDataFrame, name: str) -> gpd.GeoDataFrame:
    """The frame in EPSG:4326; refused when most shapes land outside Vietnam (a wrong or missing CRS)."""
    raw = frame
    if frame.crs is None:
        x1, y1, x2, y2 = frame.total_bounds
        if not (-180 <= x1 <= x2 <= 180 and -90 <= y1 <= y2 <= 90):
            raise BoundaryError(f'Tệp "{name}" không ghi hệ tọa độ (CRS) và tọa độ không phải kinh độ/vĩ độ.')
        frame = frame.set_crs("EPSG:4326")
    declared = frame.crs.to_string()
    frame = frame.to_crs("EPSG:4326")
    outside = outside_vietnam(frame.geometry.values)
    if 2 * outside.sum() > len(frame):  # most shapes: the file, not a few features, is wrong
        positions = list(np.flatnonzero(outside))
        where = frame.geometry.values[positions[0]].representative_point()
        lines = [f'Tọa độ trong tệp "{name}" không nằm ở Việt Nam: {len(positions)}/{len(frame)} vùng nằm ngoài '
                 f"khung Việt Nam ({_envelope()}, gồm Hoàng Sa và Trường Sa) sau khi chuyển từ hệ tọa độ "
                 f"{declared} sang kinh độ/vĩ độ; vùng số {positions[0] + 1} rơi vào quanh kinh độ "
                 f"{_num(where.x)}, vĩ độ {_num(where.y)}."]
        if raw.crs is not None and not raw.crs.is_geographic and not outside_vietnam(raw.geometry.values).any():
            lines.append(f"Tọa độ ghi trong tệp đã là kinh độ/vĩ độ ở Việt Nam: hệ tọa độ khai báo ({declared}) "
                         "có lẽ sai.")
        lines.append(f"Vùng bị từ chối: số {_numbers(positions)}. Không ghi gì; kiểm tra hệ tọa độ (CRS) của tệp.")
        raise BoundaryError("\n".join(lines))
    return frame


# ---------------------------------------------------------------- matching


def _missing(value: object) -> bool:
    if value is None:
        return True
    return np.ndim(value) == 0 and bool(pd.isna(value))


def _code_text(value: object) -> str | None:
    """A cell as code text: 4.0 → "4", " 96 " → "96"; no padding."""
    if _missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text or None


def normalise_code(value: object, width: int) -> str | None:
    """1 → "01", 4.0 → "00004" (width 5), " 96 " → "96"; other text is kept stripped."""
    text = _code_text(value)
    if text and text.isdigit() and len(text) <= width:
        return text.zfill(width)
    return text


@dataclass(frozen=True)
class _Match:
    column: str
    by_name: bool
    codes: list[str | None]  # registry code per feature, None when unmatched
    labels: list[str | None]  # the feature's value as read (normalised code or name)
    refused: dict[int, str] = field(default_factory=dict)  # feature position → why it is not matched

    @property
    def score(self) -> int:
        return len({c for c in self.codes if c})


def _match_codes(frame: gpd.GeoDataFrame, column: str, known: set[str], level: str, named: bool) -> _Match:
    """Codes at the level's GSO width. A shorter digit string is padded with zeros only when the column is
    clearly a code column whose values have that width (named like one, or mostly registry codes); else
    "1" could be 01, 001 or 00001 and is refused rather than guessed."""
    width = CODE_WIDTH[level]
    texts = [_code_text(v) for v in frame[column]]
    digits = [t for t in texts if t and t.isdigit()]
    full = [t for t in digits if len(t) == width]
    at_width = bool(full) and 2 * len(full) >= len(digits)
    pad = at_width and (named or 2 * sum(t in known for t in full) >= len(full))
    codes: list[str | None] = []
    labels: list[str | None] = []
    refused: dict[int, str] = {}
    for i, text in enumerate(texts):
        label = text
        if text and text.isdigit() and len(text) < width:
            if pad:
                label = text.zfill(width)
            else:
                why = (f"cột không rõ là cột mã (tên cột không phải tên cột mã, mã đủ {width} chữ số phần lớn không "
                       "có trong danh mục)" if at_width else
                       f"chỉ {len(full)}/{len(digits)} giá trị số của cột đủ {width} chữ số")
                refused[i] = (f'mã "{text}" ngắn hơn {width} chữ số của mã {LEVEL_WORDS[level]} ở cột "{column}" và '
                              f"{why}: không thêm số 0 để đoán")
        labels.append(label)
        codes.append(label if label in known and i not in refused else None)
    return _Match(column, False, codes, labels, refused)


def _name_keys(layer: pl.DataFrame) -> dict[str, set[str]]:
    """Folded full and short names of one layer's units → their codes."""
    keys: dict[str, set[str]] = {}
    for code, name, short in layer.select("code", "name", "short_name").iter_rows():
        for k in {key(name), key(short or name)}:
            keys.setdefault(k, set()).add(code)
    return keys


def _name_codes(text: str, keys: dict[str, set[str]]) -> set[str]:
    """Codes of the units a name means, as written or without its administrative prefix ("TP. Hồ Chí Minh")."""
    found = keys.get(key(text))
    if found:
        return found
    rest, prefix = split_prefix(fold(text))
    return keys.get(key(rest), set()) if prefix else set()


def _match_names(frame: gpd.GeoDataFrame, column: str, keys: dict[str, set[str]]) -> _Match:
    codes: list[str | None] = []
    labels: list[str | None] = []
    refused: dict[int, str] = {}
    for i, value in enumerate(frame[column]):
        text = _code_text(value)
        labels.append(text)
        if text and text.isdigit():  # "1" … "12" are codes written short, never names
            refused[i] = f'giá trị "{text}" chỉ gồm chữ số: là mã, không phải tên, nên không khớp theo tên'
            codes.append(None)
            continue
        found = _name_codes(text, keys) if text else set()
        codes.append(next(iter(found)) if len(found) == 1 else None)  # an ambiguous name is not guessed
    return _Match(column, True, codes, labels, refused)


def _rank(column: str) -> int:
    lower = column.lower()
    return CODE_FIELDS.index(lower) if lower in CODE_FIELDS else len(CODE_FIELDS)


def _constant(column: str, labels: list[str | None]) -> str | None:
    values = [v for v in labels if v]
    if len(values) > 1 and len(set(values)) == 1:
        return f'cột "{column}" có cùng một giá trị "{values[0]}" ở cả {len(values)} vùng: không phân biệt được đơn vị'
    return None


def _repeated(column: str, labels: list[str | None]) -> str | None:
    counts = Counter(v for v in labels if v)
    repeated = [(v, n) for v, n in counts.most_common() if n > 1]
    if not repeated:
        return None
    shown = ", ".join(f'"{v}" ở {n} vùng' for v, n in repeated[:3]) + (" …" if len(repeated) > 3 else "")
    return (f'cột "{column}" có mã lặp lại ({shown}): mã phải riêng cho từng vùng '
            "(gộp các vùng cùng mã trước khi nạp)")


def find_match(con: duckdb.DuckDBPyConnection, frame: gpd.GeoDataFrame, era: str, level: str,
               code_field: str | None = None) -> _Match:
    """The column (and way: code or name) that matches the most registry units of this era and level.

    A column counts as codes when it is named like one (ma_tinh, MA_XA, code...) or at least half of its
    values are registry codes, and never when it is constant or repeats a code; names are tried unless a
    code column explains every value; ties go to codes. Digit-only values are never names.
    """
    columns = [c for c in frame.columns if c != frame.geometry.name]
    if code_field is not None:
        if code_field not in columns:
            raise BoundaryError(f'Tệp không có cột "{code_field}". Các cột: {", ".join(columns) or "không có"}.')
        columns = [code_field]
        problem = _constant(code_field, [_code_text(v) for v in frame[code_field]])
        if problem:
            raise BoundaryError(f'Không dùng được cột "{code_field}": {problem}.')
    layer = layer_units(db.run(con, "all_units"), era, level)
    known = set(layer["code"])
    notes: list[str] = []  # why a column was not used, for the error when none is
    candidates = []
    for column in columns:
        match = _match_codes(frame, column, known, level, code_field is not None or _rank(column) < len(CODE_FIELDS))
        distinct = {v for v in match.labels if v}
        if match.refused:
            notes.append(f'Cột "{column}": {next(iter(match.refused.values()))} '
                         f"(vùng số {_numbers(list(match.refused))}).")
        if match.score and (code_field or _rank(column) < len(CODE_FIELDS) or match.score >= 0.5 * len(distinct)):
            problem = _constant(column, match.labels) or _repeated(column, match.labels)
            if problem:
                if code_field:
                    raise BoundaryError(f'Không dùng được cột "{code_field}" làm cột mã: {problem}.')
                notes.append(f"Không dùng làm cột mã: {problem}.")
                continue
            candidates.append((match.score, 1, -_rank(column), match))
            if match.score == len(distinct) and not match.refused:
                break
    else:
        keys = _name_keys(layer)
        for column in columns:
            if not frame[column].map(lambda v: isinstance(v, str)).any():
                continue
            match = _match_names(frame, column, keys)
            if not code_field and (problem := _constant(column, match.labels)):
                notes.append(f"Không dùng làm cột tên: {problem}.")
                continue
            if match.refused:
                notes.append(f'Cột "{column}": giá trị chỉ gồm chữ số là mã, không phải tên '
                             f"(vùng số {_numbers(list(match.refused))}).")
            candidates.append((match.score, 0, 0, match))
    best = max(candidates, key=lambda c: c[:3], default=None)
    if best is None or not best[0]:
        raise BoundaryError("\n".join([
            f"Không tìm thấy cột mã hay tên đơn vị khớp danh mục ({LAYER_NAMES[(era, level)]}). "
            f"Các cột trong tệp: {', '.join(columns) or 'không có'}; chỉ định cột bằng --field.", *notes]))
    return best[3]


# ---------------------------------------------------------------- checks on the shapes


def _points(units: pl.DataFrame, era: str, level: str) -> dict[str, shapely.Point]:
    """Registry point (lon, lat) of each unit of one layer that has one."""
    return {code: shapely.Point(lon, lat)
            for code, lat, lon in layer_units(units, era, level).select("code", "lat", "lon").iter_rows()
            if lat is not None and lon is not None}


def _places(units: pl.DataFrame, era: str, level: str) -> dict[str, list[shapely.Point]]:
    """Where each unit of a layer is known to be: its registry point; for the Hoàng Sa and Trường Sa units,
    whose registry point is on the mainland, also their main islands."""
    islands = {name: [shapely.Point(lon, lat) for lat, lon in group.values()]
               for name, group in (("hoangsa", HOANG_SA_ISLANDS), ("truongsa", TRUONG_SA_ISLANDS))}
    by_key = dict(units.select("unit_key", "name_key").iter_rows())
    places = {code: [point] for code, point in _points(units, era, level).items()}
    layer = layer_units(units, era, level).select("code", "name_key", "parent_key")
    for code, name_key, parent_key in layer.iter_rows():
        group = None if level == "province" else (islands.get(name_key) or islands.get(by_key.get(parent_key)))
        if group:
            places.setdefault(code, []).extend(group)
    return places


def distance_km(point: shapely.Point, geom: shapely.Geometry) -> float:
    """Shortest distance from a lon/lat point to a lon/lat shape, in km (longitudes scaled at the point)."""
    scale = math.cos(math.radians(point.y))

    def local(coords: np.ndarray) -> np.ndarray:
        return np.column_stack([coords[:, 0] * scale, coords[:, 1]])

    return float(shapely.distance(shapely.transform(point, local), shapely.transform(geom, local))) * KM_PER_DEGREE


def _far_names(geoms: np.ndarray, match: _Match, layer: pl.DataFrame, places: dict[str, list[shapely.Point]],
               skip: dict[int, str]) -> dict[int, str]:
    """Name matches whose shape neither holds the unit's registry point nor lies within NEAR_KM of it."""
    if not match.by_name:
        return {}
    names = dict(layer.select("code", "name").iter_rows())
    far = {}
    for i, code in enumerate(match.codes):
        known = places.get(code, []) if code else []
        if not known or i in skip or any(geoms[i].contains(p) for p in known):
            continue
        km = min(distance_km(p, geoms[i]) for p in known)
        if km > NEAR_KM:
            far[i] = (f"tên khớp {names[code]} ({code}) nhưng vùng cách điểm đăng ký của đơn vị {_num(km, 1)} km "
                      f"(quá {NEAR_KM:g} km): có thể là đơn vị trùng tên ở nơi khác")
    return far


def _fit(geoms: np.ndarray, points: dict[str, shapely.Point]) -> int:
    """Shapes holding exactly one registry point of a layer: how well the shapes are that layer's units."""
    if not len(geoms) or not points:
        return 0
    tree = shapely.STRtree(list(points.values()))
    holders, _ = tree.query(geoms, predicate="contains")
    return int((np.bincount(holders, minlength=len(geoms)) == 1).sum())


def _era_warning(con: duckdb.DuckDBPyConnection, frame: gpd.GeoDataFrame, geoms: np.ndarray, inside: np.ndarray,
                 units: pl.DataFrame, era: str, level: str, code_field: str | None, match: _Match) -> str | None:
    """A warning when the file fits the other era's units far better (shapes holding one unit's point each,
    or features matched by code or name) than the era asked for."""
    other = "new" if era == "old" else "old"
    if (other, level) not in LAYERS:
        return None
    try:
        other_matched = sum(1 for c in find_match(con, frame, other, level, code_field).codes if c)
    except BoundaryError:
        other_matched = 0
    matched = sum(1 for c in match.codes if c)
    fit = _fit(geoms[inside], _points(units, era, level))
    other_fit = _fit(geoms[inside], _points(units, other, level))

    def far_better(here: int, there: int) -> bool:
        return there >= ERA_RATIO * here and there - here >= ERA_GAP

    if not (far_better(fit, other_fit) or far_better(matched, other_matched)):
        return None
    return (f"Cảnh báo: tệp có vẻ là bản đồ {LAYER_NAMES[(other, level)]}, không phải "
            f"{LAYER_NAMES[(era, level)]} như đã chọn: {other_fit} vùng chứa đúng một điểm đơn vị của thời kỳ "
            f"kia (thời kỳ đã chọn: {fit}); {other_matched} vùng khớp mã/tên của thời kỳ kia (thời kỳ đã chọn: "
            f"{matched}).")


# ---------------------------------------------------------------- loading


def _check_layer(era: str, level: str) -> None:
    if (era, level) not in LAYERS:
        raise BoundaryError("Thời kỳ mới (từ 1/7/2025) không có cấp huyện." if (era, level) == ("new", "district")
                            else f"Không có lớp bản đồ {era}/{level}.")


def load_official(con: duckdb.DuckDBPyConnection, path: str | Path, era: str, level: str,
                  code_field: str | None = None, dry_run: bool = False, confirm_era: bool = False, *,
                  user: User) -> LoadReport:
    """Replace the matched units' shapes with the file's (approximate=false) in one transaction; administrators
    only (Refused otherwise, even for a dry run); the load is audited.

    As before, matched features are written and the rest reported; a refused feature (outside Vietnam, a
    short code not guessed, digits read as a name, a far namesake) is never written. A file that fits the
    other era far better is refused as a whole unless confirm_era.
    """
    check(con, user, "boundaries")
    _check_layer(era, level)
    path = Path(path)
    frame = read_boundary_file(path)
    match = find_match(con, frame, era, level, code_field)
    all_units = db.run(con, "all_units")
    layer = layer_units(all_units, era, level)
    geoms = np.array([shapely.make_valid(g) for g in frame.geometry.values], dtype=object)
    outside = outside_vietnam(geoms)
    refused = dict(match.refused)
    for i in np.flatnonzero(outside):
        x1, y1, x2, y2 = geoms[i].bounds
        refused[int(i)] = (f"nằm ngoài Việt Nam ({_envelope()}): vùng trải từ kinh độ {_num(x1)}–{_num(x2)}, "
                           f"vĩ độ {_num(y1)}–{_num(y2)}")
    refused.update(_far_names(geoms, match, layer, _places(all_units, era, level), refused))
    warning = _era_warning(con, frame, geoms, ~outside, all_units, era, level, code_field, match)
    if warning and not confirm_era:
        raise BoundaryError(f"{warning} Không ghi gì. Nếu tệp đúng là {LAYER_NAMES[(era, level)]}, xác nhận thời kỳ "
                            '(--confirm-era trên dòng lệnh, hoặc ô "Xác nhận thời kỳ" trên trang) rồi nạp lại.')
    codes = [None if i in refused else c for i, c in enumerate(match.codes)]
    matched = sorted({c for c in codes if c})
    report = LoadReport(
        era=era, level=level, matched=matched,
        unmatched_in_file=sorted({lab for i, (lab, c) in enumerate(zip(match.labels, codes, strict=True))
                                  if lab and not c and i not in refused}),
        units_without_shape=sorted(set(layer["code"]) - set(matched)),
        file_name=path.name, code_field=match.column, by_name=match.by_name,
        refused=[f"{_feature(i, match.labels[i])}: {refused[i]}." for i in sorted(refused)],
        warnings=[f"{warning} Đã xác nhận: nạp theo {LAYER_NAMES[(era, level)]}."] if warning else [],
    )
    if dry_run or not matched:
        return report
    official = _official_layer(geoms, codes, layer)
    ensure_default(con)  # the units the file lacks keep (or get) their approximate shape
    with db.transaction(con):  # the shapes and their audit row: both or neither
        write_rows(con, layer_rows({(era, level): official}, approximate=False, source=file_source(path.name)),
                   keep_existing=False, atomic=False)
        audit.record(con, user, "boundaries", official["unit_key"],
                     detail=f"{path.name} ({LAYER_NAMES[(era, level)]})")
    report.written = True
    return report


def _official_layer(geoms: np.ndarray, codes: list[str | None], units: pl.DataFrame) -> gpd.GeoDataFrame:
    """One web-ready shape per matched unit (several features of one unit are merged)."""
    parts: dict[str, list] = {}
    for code, geom in zip(codes, geoms, strict=True):
        if code:
            parts.setdefault(code, []).append(polygonal(geom))
    ordered = sorted(parts)
    shapes = web_geometries(np.array([shapely.union_all(parts[c]) for c in ordered], dtype=object))
    info = {r["code"]: r for r in units.iter_rows(named=True)}
    return gpd.GeoDataFrame({"unit_key": [info[c]["unit_key"] for c in ordered], "code": ordered,
                             "name": [info[c]["name"] for c in ordered]}, geometry=list(shapes), crs="EPSG:4326")
