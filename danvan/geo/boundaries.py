"""Default map boundaries, estimated from commune centres: no official boundary file ships with the app.

Method (offline, deterministic, a few seconds), all in an equal-area projection of Vietnam:
1. Sites: the commune centres of each era from `vietnamadminunits`, patched where they are known to be
   wrong (2025 points geocoded to a namesake far from the communes they were merged from, legacy island
   communes placed on the mainland, several legacy communes sharing their district's centre).
2. Land outline: the legacy commune bounding boxes (oversized or shared boxes dropped) plus a disc of each
   2025 commune's area around its centre, smoothed.
3. Voronoi cells of the sites clipped to the outline are the communes; districts and provinces are their
   unions. Island districts without commune rows and the Hoàng Sa / Trường Sa archipelagos get fixed
   shapes (discs around the islands) so that Vietnam's map always shows them.
4. Every layer is simplified for the web as a coverage (neighbours keep shared edges) at about 0.01°.
Areas are off by about a tenth, so every row is stored with approximate=true and says so in `source`.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import duckdb
import geopandas as gpd
import numpy as np
import polars as pl
import shapely
from pyproj import Transformer

from danvan.store import db, package, registry

FILE_SOURCE_PREFIX = "Chính thức: "  # + the file name: shapes loaded by staff
SOURCE_DEFAULT = "Ước tính từ tâm xã (vietnamadminunits), không phải ranh giới chính thức"
LAYERS = (("new", "province"), ("new", "commune"), ("old", "province"), ("old", "district"), ("old", "commune"))
LAYER_NAMES = {
    ("new", "province"): "cấp tỉnh, từ 1/7/2025", ("new", "commune"): "cấp xã, từ 1/7/2025",
    ("old", "province"): "cấp tỉnh, trước 1/7/2025", ("old", "district"): "cấp huyện, trước 1/7/2025",
    ("old", "commune"): "cấp xã, trước 1/7/2025",
}
VN_BBOX = (101.0, 6.0, 118.0, 24.0)  # lon/lat including the archipelagos
SIMPLIFY_DEG = 0.01
GRID_DEG = 1e-4  # 4 decimals ≈ 11 m, plenty for a country map
METRIC_CRS = "+proj=aea +lat_1=11 +lat_2=21 +lat_0=16 +lon_0=106 +datum=WGS84 +units=m +no_defs"

ARCHIPELAGO_RADIUS_M = 22_000  # ≈ 0.2°: still visible on a national map after simplification
ISLAND_MIN_RADIUS_M = 3_000  # special zones and island districts: tiny islands stay visible
UNKNOWN_BOX_CAP_KM2 = 2_000  # a legacy box larger than this is a fallback, not the commune
SITE_RADIUS_M = 1_000  # every centre keeps at least this much land, so no commune loses its cell
JITTER_M = 500  # communes sharing one point are spread on a circle of this radius
NEW_POINT_TOLERANCE_DEG = 0.4  # a 2025 point this far from all its predecessors is a namesake geocode
SMOOTH_M = 3_000
# (lat, lon) of the main islands (public gazetteer values), used when drawing the archipelagos.
HOANG_SA_ISLANDS = {
    "Phú Lâm": (16.834, 112.336), "Hoàng Sa": (16.533, 111.608), "Tri Tôn": (15.783, 111.200),
    "Linh Côn": (16.667, 112.733),
}
TRUONG_SA_ISLANDS = {
    "Trường Sa Lớn": (8.644, 111.920), "An Bang": (7.891, 112.915), "Song Tử Tây": (11.429, 114.331),
    "Sinh Tồn": (9.885, 114.329), "Nam Yết": (10.180, 114.361), "Sơn Ca": (10.376, 114.478),
}
# The three legacy communes of Huyện Trường Sa all carry one mainland point: each gets its own islands.
OLD_TRUONG_SA = {
    "truongsa": ("Trường Sa Lớn", "An Bang"), "songtutay": ("Song Tử Tây",),
    "sinhton": ("Sinh Tồn", "Nam Yết", "Sơn Ca"),
}
# Legacy island communes whose point lies on the mainland; the 2025 point of the same code is used.
LEGACY_ISLAND_FIXES = {"30781": "Xã Tiên Hải (quần đảo Hải Tặc): điểm cũ nằm trong nội ô Hà Tiên"}

LonLat = tuple[float, float]  # (lon, lat)


# ---------------------------------------------------------------- sources


@dataclass(frozen=True)
class Sources:
    """What the build reads: the registry units plus the package's boxes and 2025 links."""

    units: pl.DataFrame
    old_points: dict[str, LonLat]  # legacy commune code -> centre
    old_boxes: dict[str, tuple[float, float, float, float]]  # legacy commune code -> lon1, lat1, lon2, lat2
    district_boxes: dict[str, tuple[float, float, float, float]]
    new_points: dict[str, LonLat]
    new_areas: dict[str, float]  # km², 0 when unknown
    successors: dict[str, list[str]]  # legacy commune code -> 2025 commune codes
    predecessors: dict[str, list[str]]  # 2025 commune code -> legacy commune codes


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    """'lat,lon – lat,lon' → (lon1, lat1, lon2, lat2)."""
    if not text:
        return None
    lat1, lon1, lat2, lon2 = (float(v) for v in text.replace("–", ",").split(","))
    return min(lon1, lon2), min(lat1, lat2), max(lon1, lon2), max(lat1, lat2)


def read_sources() -> Sources:
    legacy = package.rows("package_legacy_geometry")
    new = package.rows("package_geometry_2025")
    successors = {old: sorted(news) for old, news in package.merger_links().communes.items()}
    predecessors: dict[str, list[str]] = defaultdict(list)
    for old, news in sorted(successors.items()):
        for code in news:
            predecessors[code].append(old)
    return Sources(
        units=registry.build_units(),
        old_points={r[1]: (r[2], r[3]) for r in legacy if r[1]},
        old_boxes={r[1]: b for r in legacy if r[1] and (b := _box(r[4]))},
        district_boxes={r[5]: b for r in legacy if r[5] and (b := _box(r[6]))},
        new_points={r[2]: (r[3], r[4]) for r in new},
        new_areas={r[2]: r[5] or 0.0 for r in new},
        successors=successors,
        predecessors=dict(predecessors),
    )


def _in_vietnam(p: LonLat) -> bool:
    return VN_BBOX[0] <= p[0] <= VN_BBOX[2] and VN_BBOX[1] <= p[1] <= VN_BBOX[3]


def _deg(a: LonLat, b: LonLat) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def layer_units(units: pl.DataFrame, era: str, level: str) -> pl.DataFrame:
    """The units of one era and level, by code."""
    return units.filter((pl.col("era") == era) & (pl.col("level") == level)).sort("code")


# ---------------------------------------------------------------- sites


def new_sites(src: Sources) -> dict[str, LonLat]:
    """2025 centres, replaced by the mean of their predecessors when geocoded to a far namesake.

    Only predecessors with a point of their own count (a point shared by several legacy communes is a
    district-level fallback, not evidence).
    """
    shared = Counter(src.old_points.values())
    sites = {}
    for code, point in src.new_points.items():
        olds = [src.old_points[c] for c in src.predecessors.get(code, []) if c in src.old_points]
        reliable = [p for p in olds if shared[p] == 1 and _in_vietnam(p)]
        if reliable and (not _in_vietnam(point) or min(_deg(point, p) for p in reliable) > NEW_POINT_TOLERANCE_DEG):
            point = (float(np.mean([p[0] for p in reliable])), float(np.mean([p[1] for p in reliable])))
        sites[code] = point
    return sites


def old_sites(src: Sources, new: dict[str, LonLat]) -> dict[str, LonLat]:
    """Legacy centres; a shared, misplaced or out-of-country point takes its 2025 successor's point."""
    shared = Counter(src.old_points.values())
    sites = {}
    for code, point in src.old_points.items():
        succ = src.successors.get(code, [])
        if code in LEGACY_ISLAND_FIXES or shared[point] > 1 or not _in_vietnam(point):
            if code in succ:  # the 2025 commune kept this code: same place, better point
                point = new[code]
            elif not _in_vietnam(point) and succ:
                point = (float(np.mean([new[c][0] for c in succ])), float(np.mean([new[c][1] for c in succ])))
        sites[code] = point
    return sites


# ---------------------------------------------------------------- geometry helpers


@dataclass(frozen=True)
class Projection:
    """lon/lat ↔ metres in an Albers equal-area projection centred on Vietnam."""

    forward: Transformer
    inverse: Transformer

    @classmethod
    def create(cls) -> Projection:
        return cls(Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True),
                   Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True))

    def xy(self, points: list[LonLat]) -> np.ndarray:
        arr = np.asarray(points, dtype=float).reshape(-1, 2)
        x, y = self.forward.transform(arr[:, 0], arr[:, 1])
        return np.column_stack([x, y])

    def to_lonlat(self, geoms: np.ndarray) -> np.ndarray:
        def inverse(coords: np.ndarray) -> np.ndarray:
            lon, lat = self.inverse.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([lon, lat])
        return shapely.transform(geoms, inverse)


def _discs(xy: np.ndarray, radius: np.ndarray | float, quad_segs: int = 4) -> np.ndarray:
    return shapely.buffer(shapely.points(xy), radius, quad_segs=quad_segs)


def _islands(proj: Projection, named: dict[str, tuple[float, float]], names: tuple[str, ...],
             extra: tuple[LonLat, ...] = ()) -> shapely.Geometry:
    """Discs around named islands (given as lat, lon) plus extra (lon, lat) points."""
    points = [(named[n][1], named[n][0]) for n in names] + list(extra)
    return shapely.union_all(_discs(proj.xy(points), ARCHIPELAGO_RADIUS_M, quad_segs=8))


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Only the polygon parts of a geometry (make_valid and overlays may add lines or points)."""
    if geom is None or geom.is_empty:
        return shapely.MultiPolygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()


# ---------------------------------------------------------------- outline and cells


def land_outline(src: Sources, proj: Projection, old: dict[str, LonLat], new: dict[str, LonLat]) -> shapely.Geometry:
    """Land as legacy commune boxes ∪ 2025 area discs, smoothed, plus a small disc around any centre left out.

    Boxes shared by several communes (a district fallback), larger than three times the 2025 successor or
    not containing their own centre are dropped: they would add sea or another province.
    """
    shared = Counter(src.old_boxes.values())
    boxes = []
    for code, (x1, y1, x2, y2) in src.old_boxes.items():
        site = old[code]
        known = [src.new_areas.get(c, 0.0) for c in src.successors.get(code, [])]
        cap_km2 = max(20.0, 3 * max(known)) if known and min(known) > 0 else UNKNOWN_BOX_CAP_KM2
        area_km2 = (x2 - x1) * (y2 - y1) * 111.32 * 110.57 * math.cos(math.radians((y1 + y2) / 2))
        if shared[(x1, y1, x2, y2)] == 1 and area_km2 <= cap_km2 and x1 <= site[0] <= x2 and y1 <= site[1] <= y2:
            boxes.append((x1, y1, x2, y2))
    corners = np.asarray(boxes)
    lo, hi = proj.xy(list(corners[:, :2])), proj.xy(list(corners[:, 2:]))
    codes = sorted(new)
    zones = set(layer_units(src.units, "new", "commune").filter(
        pl.col("unit_type").str.to_lowercase() == "đặc khu")["code"])
    radius = np.sqrt(np.array([src.new_areas[c] for c in codes]) * 1e6 / math.pi)
    least = np.array([ISLAND_MIN_RADIUS_M if c in zones else SITE_RADIUS_M for c in codes])
    parts = np.concatenate([
        shapely.box(lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1]),
        _discs(proj.xy([new[c] for c in codes]), np.maximum(radius, least)),
    ])
    land = shapely.union_all(parts)
    land = land.buffer(SMOOTH_M, quad_segs=2).buffer(-SMOOTH_M, quad_segs=2)
    land = shapely.simplify(land, 300, preserve_topology=True)
    land = shapely.union_all(shapely.polygons(shapely.get_exterior_ring(shapely.get_parts(land))))  # gaps, not lakes
    sites = proj.xy([old[c] for c in sorted(old)] + [new[c] for c in codes])
    missing = ~shapely.contains_xy(land, sites[:, 0], sites[:, 1])
    if missing.any():
        land = shapely.union_all([land, *_discs(sites[missing], SITE_RADIUS_M)])
    return land


def _absorb(fixed: dict[str, shapely.Geometry], land: shapely.Geometry) -> tuple[dict, shapely.Geometry]:
    """Fixed shapes take the small land pieces they touch (an island's own disc), and leave the rest."""
    pieces = shapely.get_parts(land)
    taken = np.zeros(len(pieces), dtype=bool)
    grown = {}
    for code, shape in fixed.items():
        hit = shapely.intersects(pieces, shape) & (shapely.area(pieces) <= 4 * shape.area)
        taken |= hit
        grown[code] = shapely.union_all([shape, *pieces[hit]])
    rest = shapely.union_all(pieces[~taken])
    if grown:
        rest = polygonal(shapely.difference(rest, shapely.union_all(list(grown.values()))))
    return grown, rest


def spread(xy: np.ndarray, codes: list[str], radius: float = JITTER_M) -> np.ndarray:
    """Move communes sharing one point onto a small circle (deterministic), so each keeps a cell."""
    out = xy.copy()
    groups: dict[tuple[float, float], list[int]] = defaultdict(list)
    digits = max(0, int(-np.log10(radius)) + 3)  # points closer than a thousandth of the radius are one point
    for i, (x, y) in enumerate(xy):
        groups[(round(x, digits), round(y, digits))].append(i)
    for members in groups.values():
        if len(members) > 1:
            members.sort(key=lambda i: codes[i])
            for k, i in enumerate(members):
                angle = 2 * math.pi * k / len(members)
                out[i] = xy[i] + radius * np.array([math.cos(angle), math.sin(angle)])
    return out


def voronoi_cells(xy: np.ndarray, land: shapely.Geometry) -> np.ndarray:
    """One cell per site, in input order, clipped to the land."""
    frame = shapely.box(*land.bounds).buffer(200_000)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(xy), extend_to=frame, ordered=True))
    if len(cells) != len(xy):
        raise RuntimeError(f"Voronoi: {len(cells)} ô cho {len(xy)} điểm")
    shapely.prepare(land)
    inside = shapely.contains_properly(land, cells)
    out = cells.copy()
    out[~inside] = shapely.intersection(cells[~inside], land)
    return np.array([polygonal(g) for g in out], dtype=object)


def _union_groups(geoms: np.ndarray, groups: list[str]) -> dict[str, shapely.Geometry]:
    by: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        by[g].append(i)
    return {g: shapely.union_all(geoms[idx], grid_size=1.0) for g, idx in sorted(by.items())}


# ---------------------------------------------------------------- eras


def _fixed_new(units: pl.DataFrame, proj: Projection) -> dict[str, shapely.Geometry]:
    """2025 special zones Hoàng Sa and Trường Sa: discs around their islands and their 2025 point."""
    fixed = {}
    communes = layer_units(units, "new", "commune")
    for row in communes.filter(pl.col("name_key").is_in(["hoangsa", "truongsa"])).iter_rows(named=True):
        if (row["unit_type"] or "").lower() != "đặc khu":
            continue
        islands = HOANG_SA_ISLANDS if row["name_key"] == "hoangsa" else TRUONG_SA_ISLANDS
        fixed[row["code"]] = _islands(proj, islands, tuple(islands), ((row["lon"], row["lat"]),))
    return fixed


def _fixed_old(src: Sources, units: pl.DataFrame, proj: Projection, new: dict[str, LonLat]) -> dict[str, dict]:
    """Legacy Trường Sa communes (by island group) and districts without commune rows (islands)."""
    communes = layer_units(units, "old", "commune")
    districts = layer_units(units, "old", "district")
    truong_sa = set(districts.filter(pl.col("name_key") == "truongsa")["unit_key"])
    fixed_communes = {}
    for row in communes.filter(pl.col("parent_key").is_in(list(truong_sa))).iter_rows(named=True):
        names = OLD_TRUONG_SA.get(row["name_key"], tuple(TRUONG_SA_ISLANDS))
        fixed_communes[row["code"]] = _islands(proj, TRUONG_SA_ISLANDS, names)
    zones = layer_units(units, "new", "commune").filter(pl.col("unit_type").str.to_lowercase() == "đặc khu")
    zone_by_name = {r["name_key"]: r["code"] for r in zones.iter_rows(named=True)}
    with_communes = set(communes["parent_key"])
    fixed_districts = {}
    for row in districts.filter(~pl.col("unit_key").is_in(list(with_communes))).iter_rows(named=True):
        if row["name_key"] == "hoangsa":
            zone = zone_by_name.get("hoangsa")
            fixed_districts[row["code"]] = _islands(proj, HOANG_SA_ISLANDS, tuple(HOANG_SA_ISLANDS),
                                                    (new[zone],) if zone else ())
            continue
        fixed_districts[row["code"]] = _island_district(src, proj, row, zone_by_name.get(row["name_key"]), new)
    return {"commune": fixed_communes, "district": fixed_districts}


def _island_district(src: Sources, proj: Projection, row: dict, zone: str | None,
                     new: dict[str, LonLat]) -> shapely.Geometry:
    """Own box and centre, or the 2025 special zone's point and area when the legacy point is elsewhere."""
    centre: LonLat = (row["lon"], row["lat"])
    area = 0.0
    parts = []
    if zone:
        area = src.new_areas.get(zone, 0.0)
        if _deg(centre, new[zone]) > 0.1:
            centre = new[zone]
    box = src.district_boxes.get(row["code"])
    if box and box[0] <= centre[0] <= box[2] and box[1] <= centre[1] <= box[3]:
        lo, hi = proj.xy([box[:2], box[2:]])
        corner = 0.3 * min(hi - lo)  # rounded corners: a box is only where the islands are
        parts.append(shapely.box(lo[0], lo[1], hi[0], hi[1]).buffer(-corner).buffer(corner))
    radius = max(math.sqrt(area * 1e6 / math.pi), ISLAND_MIN_RADIUS_M)
    parts.append(_discs(proj.xy([centre]), radius, quad_segs=8)[0])
    return shapely.union_all(parts)


def _commune_cells(sites: dict[str, LonLat], codes: list[str], fixed: dict[str, shapely.Geometry],
                   land: shapely.Geometry, proj: Projection) -> np.ndarray:
    """Voronoi cells of the non-fixed communes; fixed communes get their fixed shape."""
    free = [c for c in codes if c not in fixed]
    xy = spread(proj.xy([sites[c] for c in free]), free)
    cells = dict(zip(free, voronoi_cells(xy, land), strict=True))
    out = []
    for code in codes:
        geom = fixed[code] if code in fixed else cells[code]
        if geom.is_empty:  # cannot happen with the site discs; kept so a unit is never lost
            geom = _discs(proj.xy([sites[code]]), SITE_RADIUS_M)[0]
        out.append(geom)
    return np.array(out, dtype=object)


def build_new(src: Sources, proj: Projection, land: shapely.Geometry, sites: dict[str, LonLat]) -> dict:
    units = src.units
    communes = layer_units(units, "new", "commune")
    fixed, rest = _absorb(_fixed_new(units, proj), land)
    codes = communes["code"].to_list()
    cells = _commune_cells(sites, codes, fixed, rest, proj)
    provinces = layer_units(units, "new", "province")
    by_province = _union_groups(cells, communes["province_key"].to_list())
    return {"commune": (communes, cells), "province": (provinces, _by_key(provinces, by_province))}


def build_old(src: Sources, proj: Projection, land: shapely.Geometry, sites: dict[str, LonLat],
              new: dict[str, LonLat]) -> dict:
    units = src.units
    communes = layer_units(units, "old", "commune")
    districts = layer_units(units, "old", "district")
    provinces = layer_units(units, "old", "province")
    fixed = _fixed_old(src, units, proj, new)
    grown, rest = _absorb({**fixed["commune"], **{"d" + k: v for k, v in fixed["district"].items()}}, land)
    commune_fixed = {k: v for k, v in grown.items() if not k.startswith("d")}
    district_fixed = {k[1:]: v for k, v in grown.items() if k.startswith("d")}
    codes = communes["code"].to_list()
    cells = _commune_cells(sites, codes, commune_fixed, rest, proj)
    by_district = _union_groups(cells, communes["parent_key"].to_list())
    for row in districts.iter_rows(named=True):
        if row["code"] in district_fixed:
            by_district[row["unit_key"]] = district_fixed[row["code"]]
    district_geoms = _by_key(districts, by_district)
    by_province = _union_groups(district_geoms, districts["province_key"].to_list())
    return {"commune": (communes, cells), "district": (districts, district_geoms),
            "province": (provinces, _by_key(provinces, by_province))}


def _by_key(frame: pl.DataFrame, geoms: dict[str, shapely.Geometry]) -> np.ndarray:
    return np.array([geoms.get(k, shapely.MultiPolygon()) for k in frame["unit_key"]], dtype=object)


# ---------------------------------------------------------------- web


def _is_coverage(geoms: np.ndarray) -> bool:
    try:
        return bool(shapely.coverage_is_valid(geoms))
    except shapely.errors.GEOSException:
        return False


def web_geometries(geoms: np.ndarray, tolerance: float = SIMPLIFY_DEG) -> np.ndarray:
    """Simplified (as a coverage when the layer is one), valid, polygonal, rounded to 4 decimals."""
    geoms = np.asarray(geoms, dtype=object)
    filled = ~shapely.is_empty(geoms)
    simplified = geoms.copy()
    part = geoms[filled]
    coverage = _is_coverage(part)
    if not coverage:  # unions may leave edges a hair apart: snap them together when that is enough
        cleaned = shapely.coverage_clean(part)
        if _is_coverage(cleaned) and not shapely.is_empty(cleaned).any():
            part, coverage = cleaned, True
    simplified[filled] = (shapely.coverage_simplify(part, tolerance) if coverage
                          else shapely.simplify(part, tolerance, preserve_topology=True))
    out = shapely.set_precision(simplified, GRID_DEG)
    out = np.array([polygonal(shapely.make_valid(g)) for g in out], dtype=object)
    lost = shapely.is_empty(out) & filled  # a sliver under the grid: keep the unsimplified shape
    out[lost] = shapely.set_precision(geoms[lost], GRID_DEG / 10)
    return shapely.transform(out, lambda c: np.round(c, 4))


def _frame(units: pl.DataFrame, geoms: np.ndarray) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"unit_key": units["unit_key"].to_list(), "code": units["code"].to_list(), "name": units["name"].to_list()},
        geometry=list(geoms), crs="EPSG:4326",
    )


@contextmanager
def timed(timings: dict[str, float] | None, name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start


def estimate_layers(timings: dict[str, float] | None = None) -> dict[tuple[str, str], gpd.GeoDataFrame]:
    """The five estimated layers, one row per registry unit, web-ready in EPSG:4326 (the fallback map).

    `timings`, when given, receives seconds per step (for the benchmark).
    """
    with timed(timings, "read"):
        src = read_sources()
        proj = Projection.create()
    with timed(timings, "sites"):
        new = new_sites(src)
        old = old_sites(src, new)
    with timed(timings, "outline"):
        land = land_outline(src, proj, old, new)
    with timed(timings, "cells new"):
        layers = {("new", level): v for level, v in build_new(src, proj, land, new).items()}
    with timed(timings, "cells old"):
        layers |= {("old", level): v for level, v in build_old(src, proj, land, old, new).items()}
    out = {}
    with timed(timings, "simplify"):
        for layer in LAYERS:
            units, geoms = layers[layer]
            out[layer] = _frame(units, web_geometries(proj.to_lonlat(geoms)))
    return out


# ---------------------------------------------------------------- store


def layer_rows(layers: dict[tuple[str, str], gpd.GeoDataFrame], approximate: bool = True,
               source: str = SOURCE_DEFAULT) -> pl.DataFrame:
    """Rows of the `boundaries` table (geometry as GeoJSON text); a frame's own `approximate` and `source` columns
    win over the arguments."""
    now = datetime.now().replace(microsecond=0)
    parts = []
    for (era, level), frame in layers.items():
        n = len(frame)
        parts.append(pl.DataFrame({
            "era": era, "level": level, "unit_key": frame["unit_key"].to_list(),
            "geojson": shapely.to_geojson(np.asarray(frame.geometry.values, dtype=object)).tolist(),
            "approximate": [bool(v) for v in frame["approximate"]] if "approximate" in frame else [approximate] * n,
            "source": frame["source"].to_list() if "source" in frame else [source] * n,
        }, schema={"era": pl.String, "level": pl.String, "unit_key": pl.String, "geojson": pl.String,
                   "approximate": pl.Boolean, "source": pl.String}))
    rows = pl.concat(parts) if parts else pl.DataFrame(schema={"era": pl.String, "level": pl.String,
                                                               "unit_key": pl.String, "geojson": pl.String,
                                                               "approximate": pl.Boolean, "source": pl.String})
    return rows.with_columns(loaded_at=pl.lit(now))


def write_rows(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, keep_existing: bool,
               replace_source: str | None = None, atomic: bool = True) -> None:
    """Insert rows in one transaction (atomic=False: in the caller's); keep_existing=False replaces the same units'
    rows, and so do stored rows whose source is `replace_source`."""
    db.execute_with(con, "replace_boundaries", "boundary_rows", rows, atomic=atomic, keep_existing=keep_existing,
                    replace_source=replace_source)


def file_source(file_name: str) -> str:
    """The source of shapes loaded from a file staff chose (what `counts` reports as from_file)."""
    return f"{FILE_SOURCE_PREFIX}{file_name}"


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """Per layer "era/level": units in the registry, shapes stored, official shapes, shapes loaded from files, and
    shapes of the estimated map stores built before issue 12 hold (`legacy`, replaced by the default build)."""
    return {f"{r['era']}/{r['level']}": {k: r[k] for k in ("units", "shapes", "official", "from_file", "legacy")}
            for r in db.run(con, "boundary_counts", file_prefix=FILE_SOURCE_PREFIX,
                            legacy_source=SOURCE_DEFAULT).iter_rows(named=True)}


# Label anchors (lon, lat) of the archipelagos and the box of their islands: a layer with a shape there names them.
ARCHIPELAGOS = {
    "Quần đảo Hoàng Sa": ((112.0, 16.45), (111.0, 15.6, 113.0, 17.2)),
    "Quần đảo Trường Sa": ((113.6, 9.9), (111.5, 6.5, 117.9, 12.0)),
}


def geojson_layer(con: duckdb.DuckDBPyConnection, era: str, level: str, province_key: str | None = None) -> dict:
    """A FeatureCollection for the map: id = unit_key; properties unit_key, code, name, approximate.

    Two foreign members travel with it: `archipelagos` (the archipelagos this layer draws, with a label anchor) and
    `attribution` (where its shapes come from, one line for the map's notes).
    """
    frame = db.run(con, "boundaries_for", era=era, level=level, province_key=province_key)
    features = [
        {"type": "Feature", "id": r["unit_key"], "geometry": json.loads(r["geojson"]),
         "properties": {"unit_key": r["unit_key"], "code": r["code"], "name": r["name"],
                        "approximate": r["approximate"]}}
        for r in frame.iter_rows(named=True)
    ]
    geoms = shapely.from_geojson(frame["geojson"].to_list(), on_invalid="ignore") if frame.height else []
    shown = [{"name": name, "lon": lon, "lat": lat} for name, ((lon, lat), box) in ARCHIPELAGOS.items()
             if len(geoms) and shapely.intersects(np.asarray(geoms), shapely.box(*box)).any()]
    distinct = set(frame["source"].to_list()) if frame.height else set()
    sources = sorted(s for s in distinct if not any(o != s and o.startswith(s) for o in distinct))  # extended: said
    return {"type": "FeatureCollection", "features": features, "archipelagos": shown,
            "attribution": "Ranh giới: " + "; ".join(sources) if sources else ""}


def invalid_shapes(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Boundary rows that are not valid (multi)polygons: the `check` command's geometry invariant."""
    bad: list[tuple[str, str, str, str]] = []
    for era, level in LAYERS:
        rows = db.run(con, "boundaries_for", era=era, level=level, province_key=None)
        geoms = shapely.from_geojson(rows["geojson"].to_list(), on_invalid="ignore")
        for key, geom in zip(rows["unit_key"].to_list(), geoms, strict=True):
            if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
                bad.append((era, level, key, "không phải vùng (polygon)"))
            elif not shapely.is_valid(geom):
                bad.append((era, level, key, shapely.is_valid_reason(geom)))
    return pl.DataFrame(bad, schema={"era": pl.String, "level": pl.String, "unit_key": pl.String,
                                     "problem": pl.String}, orient="row")
