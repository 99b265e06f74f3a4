"""The estimated map (the fallback for units without a shape): one valid shape per registry unit, where the unit is,
archipelagos always drawn."""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl
import pytest
import shapely
from shapely import Point

from danvan.geo.boundaries import LAYERS, METRIC_CRS, estimate_layers
from danvan.store.registry import build_units

COUNTS = {("new", "province"): 34, ("new", "commune"): 3321, ("old", "province"): 63, ("old", "district"): 696,
          ("old", "commune"): 10035}
# Island points (lon, lat) the map must cover: Hoàng Sa near Pattle/Woody, Trường Sa Lớn, Sinh Tồn, Song Tử Tây.
HOANG_SA = Point(112.0, 16.5)
TRUONG_SA = {"Trường Sa Lớn": Point(111.92, 8.64), "Sinh Tồn": Point(114.33, 9.885),
             "Song Tử Tây": Point(114.33, 11.43)}


@pytest.fixture(scope="module")
def layers():
    return estimate_layers()


@pytest.fixture(scope="module")
def units() -> pl.DataFrame:
    return build_units()


def shape(layers, era: str, level: str, unit_key: str) -> shapely.Geometry:
    frame = layers[(era, level)]
    return frame.geometry[frame.unit_key == unit_key].item()


def centre(units: pl.DataFrame, unit_key: str) -> Point:
    row = units.filter(pl.col("unit_key") == unit_key).row(0, named=True)
    return Point(row["lon"], row["lat"])


@pytest.mark.parametrize("layer", LAYERS, ids="/".join)
def test_one_shape_per_registry_unit(layers, units, layer):
    era, level = layer
    frame = layers[layer]
    expected = units.filter((pl.col("era") == era) & (pl.col("level") == level))["unit_key"].sort().to_list()
    assert list(frame.columns) == ["unit_key", "code", "name", "geometry"]
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == COUNTS[layer]
    assert frame.unit_key.is_unique
    assert sorted(frame.unit_key) == expected
    assert (frame.unit_key == era + ":" + frame.code).all()


@pytest.mark.parametrize("layer", LAYERS, ids="/".join)
def test_shapes_are_valid_polygons_in_vietnam(layers, layer):
    geoms = layers[layer].geometry
    assert geoms.is_valid.all()
    assert not geoms.is_empty.any()
    assert set(geoms.geom_type) <= {"Polygon", "MultiPolygon"}
    lon1, lat1, lon2, lat2 = geoms.total_bounds
    assert 101 <= lon1 and lon2 <= 118 and 6 <= lat1 and lat2 <= 24
    # 4 decimals, as stored
    coords = shapely.get_coordinates(np.asarray(geoms.values))
    assert np.array_equal(coords, np.round(coords, 4))


@pytest.mark.parametrize("layer", [("new", "province"), ("new", "commune"), ("old", "province"), ("old", "commune")],
                         ids="/".join)
def test_layers_tile_without_overlaps(layers, layer):
    """Coverage simplification keeps shared edges: neighbours neither overlap nor open gaps along borders."""
    assert shapely.coverage_is_valid(np.asarray(layers[layer].geometry.values))


@pytest.mark.parametrize("era", ["old", "new"])
def test_hoang_sa_is_part_of_da_nang(layers, era):
    da_nang = shape(layers, era, "province", f"{era}:48")
    assert da_nang.contains(HOANG_SA)
    part = next(p for p in shapely.get_parts(da_nang) if p.contains(HOANG_SA))
    assert part.bounds[0] > 110  # an island part, not the mainland
    assert part.bounds[2] - part.bounds[0] >= 0.3  # ≥ 0.15° radius: visible on a national map
    unit = "new:20333" if era == "new" else "old:498"  # Đặc khu Hoàng Sa / Huyện Hoàng Sa
    assert shape(layers, era, "commune" if era == "new" else "district", unit).contains(HOANG_SA)


@pytest.mark.parametrize("era", ["old", "new"])
def test_truong_sa_is_part_of_khanh_hoa(layers, era):
    khanh_hoa = shape(layers, era, "province", f"{era}:56")
    for name, island in TRUONG_SA.items():
        assert khanh_hoa.contains(island), name
        part = next(p for p in shapely.get_parts(khanh_hoa) if p.contains(island))
        assert part.bounds[0] > 111 and part.bounds[2] - part.bounds[0] >= 0.3, name
    nha_trang = Point(109.19, 12.24)
    assert khanh_hoa.distance(nha_trang) < 0.1  # and the mainland is still there


def test_legacy_truong_sa_communes_each_have_their_islands(layers):
    assert shape(layers, "old", "commune", "old:22736").contains(TRUONG_SA["Trường Sa Lớn"])
    assert shape(layers, "old", "commune", "old:22737").contains(TRUONG_SA["Song Tử Tây"])
    assert shape(layers, "old", "commune", "old:22739").contains(TRUONG_SA["Sinh Tồn"])
    assert shape(layers, "new", "commune", "new:22736").contains(TRUONG_SA["Sinh Tồn"])


@pytest.mark.parametrize(("district", "zone"), [
    ("old:318", "new:11948"),  # Bạch Long Vĩ
    ("old:471", "new:19742"),  # Cồn Cỏ
    ("old:536", "new:21548"),  # Lý Sơn
    ("old:755", "new:26732"),  # Côn Đảo
])
def test_island_districts_without_commune_rows(layers, units, district, zone):
    """Legacy districts with no commune rows get their islands, apart from the mainland."""
    island = centre(units, zone)
    old = shape(layers, "old", "district", district)
    assert old.contains(island)
    assert shape(layers, "new", "commune", zone).contains(island)
    mainland = shape(layers, "old", "province", units.filter(pl.col("unit_key") == district)["province_key"].item())
    part = next(p for p in shapely.get_parts(mainland) if p.contains(island))
    assert part.area < 0.05  # its own small part, not glued to the coast


@pytest.mark.parametrize(("era", "unit_key"), [("new", "new:96"), ("new", "new:01"), ("old", "old:95")])
def test_provinces_where_they_belong(layers, units, era, unit_key):
    assert shape(layers, era, "province", unit_key).contains(centre(units, unit_key))


@pytest.mark.parametrize("era", ["old", "new"])
def test_every_province_centre_is_inside_its_province(layers, units, era):
    frame = layers[(era, "province")]
    outside = [k for k, g in zip(frame.unit_key, frame.geometry, strict=True) if not g.contains(centre(units, k))]
    assert outside == []


def test_misplaced_points_are_patched(layers, units):
    # 2025 point of Xã Vĩnh Thực geocoded to Hạ Long; its communes were by Móng Cái.
    vinh_thuc = shape(layers, "new", "commune", "new:06757")
    assert not vinh_thuc.contains(centre(units, "new:06757"))
    assert vinh_thuc.distance(Point(107.93, 21.33)) < 0.05
    # Legacy Xã Tiên Hải (Hà Tiên) placed in the town; the islands are offshore.
    assert shape(layers, "old", "commune", "old:30781").contains(centre(units, "new:30781"))
    # Legacy communes sharing one point (Ia H'Drai) each keep a cell.
    for key in ("old:23535", "old:23537", "old:23538"):
        assert shape(layers, "old", "commune", key).area > 0


def test_province_areas_are_roughly_right(layers, units):
    frame = layers[("new", "province")].to_crs(METRIC_CRS)
    areas = dict(zip(frame.unit_key, frame.area / 1e6, strict=True))
    known = units.filter((pl.col("era") == "new") & (pl.col("level") == "province"))
    errors = [abs(areas[k] / a - 1) for k, a in zip(known["unit_key"], known["area_km2"], strict=True)
              if k not in ("new:48", "new:56")]  # the archipelago discs are drawn, not measured
    assert np.median(errors) < 0.1
    assert max(errors) < 0.6


def geojson_bytes(frame) -> int:
    return sum(len(s) for s in shapely.to_geojson(np.asarray(frame.geometry.values)))


def test_sizes_fit_the_web(layers):
    assert geojson_bytes(layers[("new", "commune")]) < 2_500_000
    assert geojson_bytes(layers[("new", "province")]) < 150_000
    assert geojson_bytes(layers[("old", "province")]) < 200_000


def test_build_is_deterministic(layers):
    again = estimate_layers()
    for layer in [("new", "province"), ("old", "commune")]:
        first = hashlib.sha256("".join(shapely.to_geojson(np.asarray(layers[layer].geometry.values))).encode())
        second = hashlib.sha256("".join(shapely.to_geojson(np.asarray(again[layer].geometry.values))).encode())
        assert first.hexdigest() == second.hexdigest()
