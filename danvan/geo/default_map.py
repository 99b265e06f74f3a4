"""The default map of both eras: the official 2025 shapes shipped in data/boundaries, and the pre-2025 map built
from them.

2025: the simplified official communes and provinces (data/boundaries/README.md says where they come from), stored
as they are (approximate = false).

Before 1 July 2025, as far as the merger allows: every 2025 commune is cut into the parts its predecessors became
(one part per old commune: the Voronoi cells of the old communes' centres, clipped to the new commune), an old
commune is the union of its parts, and a district or province the union of its communes. A unit is exact when every
2025 commune it touches came only from inside it (the merger moved whole communes, so the union is its old border);
anywhere a new commune mixes predecessors from several old units, the cut line is an estimate and the unit keeps the
"ước tính" mark (approximate = true). The five island districts without communes (Hoàng Sa, Bạch Long Vĩ, Cồn Cỏ,
Lý Sơn, Côn Đảo) are the 2025 special zones of the same name, which no other unit went into.

Units with no shape by these rules (none with today's registry) fall back to the estimate from commune centres
(danvan.geo.boundaries.estimate_layers), so the map never has a hole.
"""

from __future__ import annotations

import json
from collections import defaultdict

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import polars as pl
import shapely
from shapely.ops import nearest_points

from danvan import DATA_DIR
from danvan.geo import boundaries as est
from danvan.geo.boundaries import LAYERS, Sources, layer_units, polygonal, timed
from danvan.store import audit, db
from danvan.store.authz import User, check

SHIPPED_DIR = DATA_DIR / "boundaries"
SOURCE_2025 = "sapnhap.bando.com.vn (MIT), đã đơn giản hoá"
SOURCE_OLD_EXACT = "ghép từ xã 2025 (sapnhap.bando.com.vn, MIT)"
SOURCE_OLD_ESTIMATED = f"{SOURCE_OLD_EXACT}, cắt ước tính nơi xã cũ bị chia"  # extends the exact one: see attribution
# A unit without a shape by these rules: the estimate, under a source of its own (est.SOURCE_DEFAULT marks the whole
# estimated map of stores built before the official shapes shipped, which the default build replaces once).
SOURCE_FALLBACK = "Ước tính từ tâm xã (vietnamadminunits): đơn vị không có ranh giới 2025"
UNION_GRID = 1e-6  # degrees: cut edges computed twice meet exactly on this grid


def shipped_2025(units: pl.DataFrame) -> dict[tuple[str, str], gpd.GeoDataFrame]:
    """The two shipped 2025 layers, one row per registry unit that has a shape, in registry order."""
    out = {}
    for level, name in (("commune", "communes_2025.geojson"), ("province", "provinces_2025.geojson")):
        features = json.loads((SHIPPED_DIR / name).read_text(encoding="utf-8"))["features"]
        by_code = {f["properties"]["code"]: shapely.geometry.shape(f["geometry"]) for f in features}
        layer = layer_units(units, "new", level).filter(pl.col("code").is_in(list(by_code)))
        out[("new", level)] = _frame(layer, [by_code[c] for c in layer["code"]], approximate=False,
                                     source=SOURCE_2025)
    return out


def _frame(units: pl.DataFrame, geoms: list, approximate: bool | list[bool], source: str | list[str]
           ) -> gpd.GeoDataFrame:
    n = units.height
    return gpd.GeoDataFrame(
        {"unit_key": units["unit_key"].to_list(), "code": units["code"].to_list(), "name": units["name"].to_list(),
         "approximate": approximate if isinstance(approximate, list) else [approximate] * n,
         "source": source if isinstance(source, list) else [source] * n},
        geometry=list(geoms), crs="EPSG:4326",
    )


# ---------------------------------------------------------------- cutting 2025 communes into their predecessors


def _inside(point: shapely.Point, area: shapely.Geometry) -> shapely.Point:
    """The point, or the nearest point a little inside the area when it lies outside (a misplaced centre)."""
    if area.contains(point):
        return point
    inner = area.buffer(-0.002) if area.area > 1e-5 else area
    target = inner if not inner.is_empty else area
    return nearest_points(target, point)[0] if not target.contains(point) else point


def cut(area: shapely.Geometry, sites: dict[str, est.LonLat]) -> dict[str, shapely.Geometry]:
    """The area split among the sites (Voronoi cells clipped to it). Sites are moved inside the area first, so each
    gets a part (a part lost all the same leaves its unit to the fallback estimate)."""
    codes = sorted(sites)
    if len(codes) == 1:
        return {codes[0]: area}
    points = [_inside(shapely.Point(sites[c]), area) for c in codes]
    xy = est.spread(np.array([[p.x, p.y] for p in points]), codes, radius=1e-3)
    cells = shapely.get_parts(shapely.voronoi_polygons(
        shapely.multipoints(xy), extend_to=shapely.box(*area.bounds).buffer(1.0), ordered=True))
    return {c: polygonal(shapely.intersection(cell, area, grid_size=UNION_GRID))
            for c, cell in zip(codes, cells, strict=True)}


def old_sites(src: Sources) -> dict[str, est.LonLat]:
    """Old commune centres as the estimate uses them; the legacy Trường Sa communes at their own islands."""
    sites = est.old_sites(src, est.new_sites(src))
    communes = layer_units(src.units, "old", "commune")
    truong_sa = set(layer_units(src.units, "old", "district").filter(pl.col("name_key") == "truongsa")["unit_key"])
    for row in communes.filter(pl.col("parent_key").is_in(list(truong_sa))).iter_rows(named=True):
        names = est.OLD_TRUONG_SA.get(row["name_key"], tuple(est.TRUONG_SA_ISLANDS))
        lat = float(np.mean([est.TRUONG_SA_ISLANDS[n][0] for n in names]))
        lon = float(np.mean([est.TRUONG_SA_ISLANDS[n][1] for n in names]))
        sites[row["code"]] = (lon, lat)
    return sites


def old_layers(src: Sources, new_communes: gpd.GeoDataFrame) -> dict[tuple[str, str], gpd.GeoDataFrame]:
    """The three pre-2025 layers from the 2025 communes (see the module's docstring)."""
    units = src.units
    shapes = dict(zip(new_communes["code"], new_communes.geometry, strict=True))
    sites = old_sites(src)
    parts: dict[str, list[shapely.Geometry]] = defaultdict(list)
    touched: dict[str, set[str]] = defaultdict(set)  # old commune -> the 2025 communes it went into
    for new_code, olds in sorted(src.predecessors.items()):
        if new_code not in shapes:
            continue
        for old_code, part in cut(shapes[new_code], {c: sites[c] for c in olds if c in sites}).items():
            parts[old_code].append(part)
            touched[old_code].add(new_code)
    communes = layer_units(units, "old", "commune")
    districts = layer_units(units, "old", "district")
    provinces = layer_units(units, "old", "province")
    parent = dict(zip(communes["code"], communes["parent_key"], strict=True))
    province_of = dict(zip(communes["code"], communes["province_key"], strict=True))
    owners = {"commune": {c: f"old:{c}" for c in communes["code"]}, "district": parent, "province": province_of}

    geoms: dict[str, dict[str, list]] = {level: defaultdict(list) for level in owners}
    news: dict[str, dict[str, set[str]]] = {level: defaultdict(set) for level in owners}
    for old_code, pieces in parts.items():
        for level, owner in owners.items():
            geoms[level][owner[old_code]].extend(pieces)
            news[level][owner[old_code]] |= touched[old_code]
    islands = _island_districts(units, shapes)
    for key, (geom, province_key) in islands.items():
        geoms["district"][key].append(geom)
        geoms["province"][province_key].append(geom)
    # who went into each 2025 commune, by owner at each level: exact when only one owner
    mixed = {level: {n for n, olds in src.predecessors.items() if len({owners[level][o] for o in olds}) > 1}
             for level in owners}
    out = {}
    for level, layer in (("commune", communes), ("district", districts), ("province", provinces)):
        unions = {k: polygonal(shapely.union_all(g, grid_size=UNION_GRID)) for k, g in geoms[level].items()}
        keep = layer.filter(pl.col("unit_key").is_in([k for k, g in unions.items() if not g.is_empty]))
        keys = keep["unit_key"].to_list()
        approximate = [bool(news[level][k] & mixed[level]) for k in keys]
        out[("old", level)] = _frame(keep, [unions[k] for k in keys], approximate,
                                     [SOURCE_OLD_ESTIMATED if a else SOURCE_OLD_EXACT for a in approximate])
    return out


def _island_districts(units: pl.DataFrame, shapes: dict[str, shapely.Geometry]
                      ) -> dict[str, tuple[shapely.Geometry, str]]:
    """Old districts without communes → (the 2025 special zone of the same name, the district's province)."""
    communes = layer_units(units, "old", "commune")
    with_communes = communes["parent_key"].to_list()
    districts = layer_units(units, "old", "district").filter(~pl.col("unit_key").is_in(with_communes))
    zones = layer_units(units, "new", "commune").filter(pl.col("unit_type").str.to_lowercase() == "đặc khu")
    zone_by_name = dict(zip(zones["name_key"], zones["code"], strict=True))
    return {r["unit_key"]: (shapes[zone_by_name[r["name_key"]]], r["province_key"])
            for r in districts.iter_rows(named=True)
            if r["name_key"] in zone_by_name and zone_by_name[r["name_key"]] in shapes}


def rounded(geoms: np.ndarray) -> np.ndarray:
    """Coordinates to 4 decimals (~11 m), as the web layers are stored; no further simplification, which would
    move the shared edges of neighbours apart (the 2025 communes they are made of are simplified already)."""
    out = shapely.transform(geoms, lambda c: np.round(c, 4))
    return np.array([polygonal(shapely.make_valid(g)) for g in out], dtype=object)


# ---------------------------------------------------------------- the five layers, fallback included


def build_default(timings: dict[str, float] | None = None) -> dict[tuple[str, str], gpd.GeoDataFrame]:
    """The five default layers, one row per registry unit, web-ready in EPSG:4326, with approximate and source.

    `timings`, when given, receives seconds per step (for the benchmark).
    """
    with timed(timings, "read"):
        src = est.read_sources()
        layers = shipped_2025(src.units)
    with timed(timings, "old from 2025"):
        layers |= old_layers(src, layers[("new", "commune")])
    with timed(timings, "round old"):
        for level in ("commune", "district", "province"):
            frame = layers[("old", level)]
            frame["geometry"] = rounded(np.asarray(frame.geometry.values, dtype=object))
    missing = {layer: set(layer_units(src.units, *layer)["unit_key"]) - set(layers[layer]["unit_key"])
               for layer in LAYERS}
    if any(missing.values()):
        with timed(timings, "fallback estimate"):
            estimate = est.estimate_layers()
            for layer, keys in missing.items():
                if keys:
                    extra = estimate[layer][estimate[layer]["unit_key"].isin(keys)].assign(
                        approximate=True, source=SOURCE_FALLBACK)
                    layers[layer] = gpd.GeoDataFrame(pd.concat([layers[layer], extra], ignore_index=True),
                                                     crs="EPSG:4326")
    return {layer: layers[layer].sort_values("code", ignore_index=True) for layer in LAYERS}


def ensure_default(con: duckdb.DuckDBPyConnection, force: bool = False, atomic: bool = True) -> dict[str, int]:
    """Build the default layers when a unit has no shape, or still has the estimated map of a store built before the
    official 2025 shapes shipped (or when forced); returns rows written per layer.

    Without force only those units are written, so loaded files are never overwritten; with force every default
    layer is rebuilt and replaces what is stored, loaded files included. atomic=False: in the caller's transaction.
    """
    names = [f"{era}/{level}" for era, level in LAYERS]
    before = est.counts(con)
    if not force and all(before[n]["shapes"] >= before[n]["units"] and not before[n]["legacy"]
                         for n in names if n in before):
        return dict.fromkeys(names, 0)
    rows = est.layer_rows(build_default())
    est.write_rows(con, rows, keep_existing=not force, replace_source=est.SOURCE_DEFAULT, atomic=atomic)
    if force:
        written = rows.group_by("era", "level").len()
        return dict.fromkeys(names, 0) | {f"{e}/{lv}": k for e, lv, k in written.iter_rows()}
    after = est.counts(con)
    return {n: after[n]["shapes"] - before[n]["shapes"] + before[n]["legacy"] - after[n]["legacy"] for n in names}


def rebuild_default(con: duckdb.DuckDBPyConnection, *, user: User, force: bool = False) -> dict[str, int]:
    """`ensure_default` on an administrator's request (Refused otherwise): the shapes and their audit row in one
    transaction. Returns rows written per layer."""
    check(con, user, "boundaries")
    with db.transaction(con):
        written = ensure_default(con, force=force, atomic=False)
        audit.record(con, user, "boundaries", detail="dựng bản ước tính" + (" (--force)" if force else ""))
    return written
