"""The default map as stored on first run: the shipped 2025 shapes, and the pre-2025 map built from them.

Expected values come from the registry (which units exist), from the shipped 2025 layers read with shapely here
(a second source for areas), and from facts of the merger worked out by hand (Bạc Liêu and Cà Mau became Cà Mau).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pytest
import shapely

from danvan.geo.boundaries import LAYERS, geojson_layer
from danvan.geo.default_map import SOURCE_2025, SOURCE_OLD_ESTIMATED, SOURCE_OLD_EXACT

# Main islands (lon, lat): Phú Lâm and Hoàng Sa (Pattle) of Quần đảo Hoàng Sa; Trường Sa Lớn, Song Tử Tây, Sinh Tồn
# of Quần đảo Trường Sa.
HOANG_SA_ISLANDS = [(112.34, 16.83), (111.61, 16.53)]
TRUONG_SA_ISLANDS = [(111.92, 8.64), (114.33, 11.43), (114.33, 9.885)]
ISLAND_RADIUS = 0.15  # degrees: a simplified island may move a little, never more than this
# Provinces that became one 2025 province whole (Resolution 202/2025/QH15), old codes → new code.
MERGED_WHOLE = {"96": ("95", "96"), "79": ("74", "77", "79"), "01": ("01",)}


@pytest.fixture(scope="module")
def con(seeded_db):
    with duckdb.connect(str(seeded_db), read_only=True) as c:
        yield c


def shapes(con, era: str, level: str) -> dict[str, shapely.Geometry]:
    rows = con.execute("SELECT unit_key, geojson FROM boundaries WHERE era = ? AND level = ? ORDER BY unit_key",
                       [era, level]).fetchall()
    return dict(zip([r[0] for r in rows], shapely.from_geojson([r[1] for r in rows]), strict=True))


def province_of(con) -> dict[str, str]:
    return dict(con.execute("SELECT unit_key, province_key FROM units").fetchall())


@pytest.mark.parametrize("layer", LAYERS, ids="/".join)
def test_every_registry_unit_has_exactly_one_valid_shape(con, layer):
    era, level = layer
    units = {r[0] for r in con.execute("SELECT unit_key FROM units WHERE era = ? AND level = ?", layer).fetchall()}
    rows = con.execute("SELECT unit_key FROM boundaries WHERE era = ? AND level = ?", layer).fetchall()
    keys = [r[0] for r in rows]
    assert len(keys) == len(set(keys)) == len(units) and set(keys) == units  # no documented exception needed
    geoms = np.array(list(shapes(con, era, level).values()), dtype=object)
    assert shapely.is_valid(geoms).all() and not shapely.is_empty(geoms).any()
    assert set(shapely.get_type_id(geoms)) <= {3, 6}  # Polygon, MultiPolygon


@pytest.mark.parametrize("layer", LAYERS, ids="/".join)
def test_neighbours_share_edges_without_gaps_or_overlaps(con, layer):
    geoms = list(shapes(con, *layer).values())
    union = shapely.union_all(geoms)
    overlap = sum(g.area for g in geoms) - union.area
    holes = sum(shapely.Polygon(r).area for p in getattr(union, "geoms", [union]) for r in p.interiors)
    assert overlap < 1e-4 * union.area  # under 0,01 % of the country
    assert holes < 1e-3 * union.area


@pytest.mark.parametrize("layer", LAYERS, ids="/".join)
def test_both_archipelagos_lie_in_da_nang_and_khanh_hoa_on_every_layer(con, layer):
    era, level = layer
    geoms = shapes(con, era, level)
    if (era, level) == ("old", "commune"):  # the island districts without communes are drawn on this layer too
        geoms |= {k: g for k, g in shapes(con, "old", "district").items()
                  if not con.execute("SELECT 1 FROM units WHERE parent_key = ?", [k]).fetchall()}
    provinces = province_of(con)
    for islands, province in ((HOANG_SA_ISLANDS, f"{era}:48"), (TRUONG_SA_ISLANDS, f"{era}:56")):
        for lon, lat in islands:
            near = shapely.Point(lon, lat).buffer(ISLAND_RADIUS)
            owners = {provinces.get(k, k) for k, g in geoms.items() if g.intersects(near)}
            assert owners == {province}, (lon, lat, owners)


@pytest.mark.parametrize("layer", [("new", "province"), ("new", "commune"), ("old", "province"),
                                   ("old", "district"), ("old", "commune")], ids="/".join)
def test_the_map_layer_names_both_archipelagos(con, layer):
    layer_json = geojson_layer(con, *layer)
    assert [a["name"] for a in layer_json["archipelagos"]] == ["Quần đảo Hoàng Sa", "Quần đảo Trường Sa"]
    one_province = geojson_layer(con, layer[0], "commune", f"{layer[0]}:01")  # Hà Nội has no islands at sea
    assert one_province["archipelagos"] == []
    assert geojson_layer(con, layer[0], "commune", f"{layer[0]}:48")["archipelagos"][0]["name"] == "Quần đảo Hoàng Sa"


def test_old_commune_layer_keeps_hoang_sa(con):
    layer = geojson_layer(con, "old", "commune")
    names = {f["properties"]["name"] for f in layer["features"]}
    assert {"Huyện Hoàng Sa", "Huyện Côn Đảo", "Huyện Bạch Long Vĩ", "Huyện Cồn Cỏ", "Huyện Lý Sơn"} <= names


@pytest.mark.parametrize("era", ["new", "old"])
def test_province_centres_lie_in_their_polygons(con, era):
    """The registry's province point (where the map prints the province's figure) is inside its shape."""
    geoms = shapes(con, era, "province")
    points = dict(((k, (lon, lat)) for k, lat, lon in con.execute(
        "SELECT unit_key, lat, lon FROM units WHERE era = ? AND level = 'province'", [era]).fetchall()))
    outside = [k for k, g in geoms.items() if not g.buffer(0.02).contains(shapely.Point(points[k]))]
    assert outside == []


def test_2025_shapes_are_the_shipped_official_ones(con):
    rows = con.execute("SELECT DISTINCT approximate, source FROM boundaries WHERE era = 'new'").fetchall()
    assert rows == [(False, SOURCE_2025)]


def test_old_provinces_merged_whole_have_the_area_of_their_new_province(con):
    """Cà Mau 2025 = old Bạc Liêu + old Cà Mau; TP HCM = old HCM + Bình Dương + Bà Rịa – Vũng Tàu; Hà Nội kept.

    The 2025 provinces are simplified separately (0,012° against 0,005° for communes), so areas agree to ~1 %."""
    new = shapes(con, "new", "province")
    old = shapes(con, "old", "province")
    for new_code, old_codes in MERGED_WHOLE.items():
        union = shapely.union_all([old[f"old:{c}"] for c in old_codes])
        target = new[f"new:{new_code}"]
        assert abs(union.area - target.area) < 0.01 * target.area, new_code
        assert union.symmetric_difference(target).area < 0.02 * target.area, new_code


def test_an_old_commune_lies_inside_the_new_communes_it_went_into(con):
    new = shapes(con, "new", "commune")
    old = shapes(con, "old", "commune")
    links = con.execute("SELECT old_key, new_key FROM crosswalk WHERE level = 'commune'").fetchall()
    successors: dict[str, list[str]] = {}
    for o, n in links:
        successors.setdefault(o, []).append(n)
    # Coordinates are stored to 4 decimals (~11 m): a tiny urban ward may stick out by that much along its edge.
    rounding = 1e-4 * 2 * 0.03  # a 4-decimal shift along a perimeter of ~0,03° (a 0,1 km² ward)
    outside = [o for o, ns in successors.items()
               if old[o].difference(shapely.union_all([new[n] for n in ns])).area > 0.01 * old[o].area + rounding]
    assert outside == []


def test_exact_and_estimated_old_units_say_so(con):
    """A unit is exact only where every 2025 commune it touches came from inside it; the mark is on every row."""
    marks = dict(con.execute("SELECT source, count(*) FROM boundaries WHERE era = 'old' GROUP BY source").fetchall())
    assert set(marks) == {SOURCE_OLD_EXACT, SOURCE_OLD_ESTIMATED}
    flags = con.execute("SELECT DISTINCT approximate, source FROM boundaries WHERE era = 'old' ORDER BY 1").fetchall()
    assert flags == [(False, SOURCE_OLD_EXACT), (True, SOURCE_OLD_ESTIMATED)]
    # Worked out from the crosswalk table (a second source): an old province is estimated when some 2025 commune
    # has predecessors both inside and outside it.
    expected = dict(con.execute("""
        SELECT p.unit_key, bool_or(mixed.new_key IS NOT NULL)
        FROM units p
        LEFT JOIN (SELECT c.new_key, list(DISTINCT u.province_key) AS provinces
                   FROM crosswalk c JOIN units u ON u.unit_key = c.old_key
                   WHERE c.level = 'commune' GROUP BY c.new_key HAVING count(DISTINCT u.province_key) > 1) mixed
               ON list_contains(mixed.provinces, p.unit_key)
        WHERE p.era = 'old' AND p.level = 'province' GROUP BY p.unit_key""").fetchall())
    stored = dict(con.execute("SELECT unit_key, approximate FROM boundaries WHERE era = 'old' AND level = 'province'"
                              ).fetchall())
    assert stored == expected
    assert 0 < sum(stored.values()) < 63


def test_a_unit_without_a_shipped_shape_falls_back_to_the_estimate(monkeypatch):
    """Drop one 2025 commune from the shipped file: it and the old communes that went only into it get the
    estimate from commune centres, marked approximate with the estimate's source; nothing is left without a shape."""
    from danvan.geo import default_map
    from danvan.geo.boundaries import read_sources
    from danvan.geo.default_map import SOURCE_FALLBACK

    shipped = default_map.shipped_2025

    def without_one(units):
        layers = shipped(units)
        communes = layers[("new", "commune")]
        layers[("new", "commune")] = communes[communes["code"] != "00004"].reset_index(drop=True)
        return layers

    monkeypatch.setattr(default_map, "shipped_2025", without_one)
    layers = default_map.build_default()
    src = read_sources()
    only_into_it = {f"old:{o}" for o in src.predecessors["00004"] if src.successors[o] == ["00004"]}
    assert only_into_it  # Phường Ba Đình (2025) took whole old wards
    for (era, level), frame in layers.items():
        rows = frame.set_index("unit_key")
        assert rows.index.is_unique
        fallback = set(rows.index[rows["source"] == SOURCE_FALLBACK])
        expected = {"new:00004"} if (era, level) == ("new", "commune") else (
            only_into_it if (era, level) == ("old", "commune") else set())
        assert fallback == expected, (era, level)
        assert rows.loc[list(fallback), "approximate"].all() if fallback else True


def test_every_layer_carries_its_attribution_in_one_line(con):
    """The MIT attribution travels with each layer, for the map's notes; an exact source the estimated one extends
    is not said twice."""
    assert geojson_layer(con, "new", "commune")["attribution"] == (
        "Ranh giới: sapnhap.bando.com.vn (MIT), đã đơn giản hoá")
    assert geojson_layer(con, "old", "province")["attribution"] == (
        "Ranh giới: ghép từ xã 2025 (sapnhap.bando.com.vn, MIT), cắt ước tính nơi xã cũ bị chia")


def test_a_store_built_before_the_official_shapes_gets_them_once(seeded_db, tmp_path):
    """A store from before issue 12 holds the estimated map (source SOURCE_DEFAULT) everywhere: the next start
    replaces those rows with the default map, keeps a shape staff loaded from a file, and then leaves it alone."""
    import shutil

    from danvan.geo.boundaries import SOURCE_DEFAULT, counts, file_source
    from danvan.geo.default_map import ensure_default
    from danvan.store import db

    path = tmp_path / "old_store.duckdb"
    shutil.copy(seeded_db, path)
    with db.connect(path) as c:
        c.execute("UPDATE boundaries SET approximate = true, source = ? WHERE unit_key <> 'old:95'",
                  [SOURCE_DEFAULT]).fetchall()
        c.execute("UPDATE boundaries SET source = ? WHERE unit_key = 'old:95'",
                  [file_source("bac_lieu.geojson")]).fetchall()
        legacy = sum(v["legacy"] for v in counts(c).values())
        assert legacy == 34 + 3321 + 62 + 696 + 10035
        written = ensure_default(c)
        assert sum(written.values()) == legacy
        after = counts(c)
        assert sum(v["legacy"] for v in after.values()) == 0
        assert after["new/commune"]["official"] == 3321
        assert c.execute("SELECT source FROM boundaries WHERE unit_key = 'old:95'").fetchall()[0][0] == (
            "Chính thức: bac_lieu.geojson")
        assert sum(ensure_default(c).values()) == 0  # nothing left to do: no rebuild on the next start
