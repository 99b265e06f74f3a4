"""The shipped official 2025 layers (data/boundaries): one valid shape per registry unit, neighbours sharing edges
(no gaps or overlaps beyond rounding), both archipelagos in their provinces, sizes fit for a repository."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest
import shapely

from danvan import DATA_DIR

LAYERS = DATA_DIR / "boundaries"
HOANG_SA = shapely.Point(112.34, 16.83)     # Đảo Phú Lâm, Quần đảo Hoàng Sa (Đà Nẵng)
TRUONG_SA = shapely.Point(111.92, 8.64)     # Đảo Trường Sa, Quần đảo Trường Sa (Khánh Hòa)


def layer(name: str) -> dict[str, shapely.Geometry]:
    data = json.loads((LAYERS / f"{name}_2025.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["code"]: shapely.geometry.shape(f["geometry"]) for f in data["features"]}


@pytest.fixture(scope="module")
def communes() -> dict[str, shapely.Geometry]:
    return layer("communes")


@pytest.fixture(scope="module")
def provinces() -> dict[str, shapely.Geometry]:
    return layer("provinces")


def registry(seeded_db, level: str) -> set[str]:
    with duckdb.connect(str(seeded_db), read_only=True) as con:
        return {r[0] for r in con.execute("SELECT code FROM units WHERE era = 'new' AND level = $l",
                                          {"l": level}).fetchall()}


def test_sizes_fit_a_repository():
    assert (LAYERS / "communes_2025.geojson").stat().st_size < 3 * 1024 * 1024
    assert (LAYERS / "provinces_2025.geojson").stat().st_size < 0.3 * 1024 * 1024


def test_every_registry_unit_has_exactly_one_shape(seeded_db, communes, provinces):
    assert set(communes) == registry(seeded_db, "commune") and len(communes) == 3321
    assert set(provinces) == registry(seeded_db, "province") and len(provinces) == 34
    with (LAYERS / "code_fixes.csv").open(encoding="utf-8") as f:
        fixes = list(csv.DictReader(f))
    assert [(r["source_code"], r["registry_code"]) for r in fixes] == [("06978", "06970")]
    assert "06978" not in communes and "06970" in communes


def test_shapes_are_valid_polygons(communes, provinces):
    for shapes in (communes, provinces):
        assert all(g.geom_type in ("Polygon", "MultiPolygon") and g.is_valid and not g.is_empty
                   for g in shapes.values())


@pytest.mark.parametrize("name", ["communes", "provinces"])
def test_neighbours_share_edges_without_gaps_or_overlaps(name, communes, provinces):
    shapes = list((communes if name == "communes" else provinces).values())
    union = shapely.union_all(shapes)
    total = sum(g.area for g in shapes)
    assert total - union.area < 1e-4 * union.area  # overlaps: under 0,01 % of the country
    # Gaps: holes of the union that no unit fills (real lakes and enclaves are tiny against the country).
    holes = sum(shapely.Polygon(r).area for p in getattr(union, "geoms", [union]) for r in p.interiors)
    assert holes < 1e-3 * union.area


def test_both_archipelagos_lie_in_their_provinces_on_both_layers(communes, provinces):
    assert provinces["48"].intersects(HOANG_SA.buffer(0.2)) and provinces["56"].intersects(TRUONG_SA.buffer(0.2))
    near_hoang_sa = [c for c, g in communes.items() if g.intersects(HOANG_SA.buffer(0.2))]
    near_truong_sa = [c for c, g in communes.items() if g.intersects(TRUONG_SA.buffer(0.2))]
    assert near_hoang_sa and all(provinces["48"].intersects(communes[c].representative_point())
                                 for c in near_hoang_sa)
    assert near_truong_sa and all(provinces["56"].intersects(communes[c].representative_point())
                                  for c in near_truong_sa)


def test_every_commune_lies_in_one_province(communes, provinces):
    tree = shapely.STRtree(list(provinces.values()))
    codes = list(provinces)
    outside = []
    for code, g in communes.items():
        hits = [codes[i] for i in tree.query(g.representative_point(), predicate="within")]
        if len(hits) != 1:
            outside.append(code)
    assert len(outside) <= 10, outside  # provinces are simplified more coarsely: a sliver commune may fall out


@pytest.mark.skipif(not (DATA_DIR.parent.parent / "shared" / "data" / "boundaries-2025").exists(),
                    reason="the source data (../shared/data/boundaries-2025) is not beside this clone")
def test_the_shipped_layers_are_what_the_script_builds():
    from scripts.build_boundaries_2025 import main

    assert main(["--check-only"]) == 0
