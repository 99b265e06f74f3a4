"""Build the shipped 2025 boundary layers from the official merger-map shapes in ../shared/data/boundaries-2025.

    .venv/bin/python -m scripts.build_boundaries_2025 [--source DIR] [--check-only]

Communes are simplified together with `shapely.coverage_simplify`, which moves each shared edge once for both
neighbours, so the simplified layer has no slivers, gaps or overlaps; coordinates are then snapped to 0,001°
(~100 m), which keeps shared vertices shared. Provinces are the union of their communes (by the province each
commune lies in), simplified again as one coverage for the country map (the layers agree within ~1 km).
Codes are the GSO codes of the registry; the known
differences between the two sources are reconciled in data/boundaries/code_fixes.csv, nowhere else.
Output: data/boundaries/communes_2025.geojson (< 3 MB) and provinces_2025.geojson (< 0,3 MB), compact GeoJSON
with `code` only; the attribution (MIT, sapnhap.bando.com.vn via thanglequoc/vietnamese-provinces-database) is in
data/boundaries/README.md and LICENSE.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import geopandas as gpd
import shapely

from danvan import DATA_DIR, ROOT

SOURCE = ROOT.parent / "shared" / "data" / "boundaries-2025"
OUT = DATA_DIR / "boundaries"
TOLERANCE = 0.005   # degrees (~500 m): a commune stays recognisable at the zoom of a province
PROVINCE_TOLERANCE = 0.012  # degrees (~1,3 km): the country map, where a province is a few hundred pixels
GRID = 0.001        # degrees: coordinates written with three decimals


def code_fixes() -> dict[str, str]:
    with (OUT / "code_fixes.csv").open(encoding="utf-8") as f:
        return {r["source_code"]: r["registry_code"] for r in csv.DictReader(f)}


def build(source: Path) -> dict[str, str]:
    """The two layers as compact GeoJSON text, by file name."""
    provinces = gpd.read_file(source / "provinces_34.geojson")
    communes = gpd.read_file(f"/vsigzip/{source / 'communes_3321.geojson.gz'}")
    communes["code"] = communes["code"].replace(code_fixes())
    inside = gpd.sjoin(gpd.GeoDataFrame({"code": communes["code"]}, geometry=communes.representative_point(),
                                        crs=communes.crs), provinces[["code", "geometry"]].rename(
                                            columns={"code": "province"}), predicate="within", how="left")
    simplified = shapely.set_precision(shapely.coverage_simplify(communes.geometry.values, TOLERANCE), GRID)
    layer = gpd.GeoDataFrame({"code": communes["code"], "province": inside["province"].to_numpy()},
                             geometry=simplified, crs=4326)
    merged = layer.dissolve("province").reset_index()[["province", "geometry"]].rename(columns={"province": "code"})
    merged["geometry"] = shapely.set_precision(shapely.coverage_simplify(merged.geometry.values, PROVINCE_TOLERANCE),
                                               GRID)
    return {"communes_2025.geojson": _compact(layer[["code", "geometry"]]),
            "provinces_2025.geojson": _compact(merged.sort_values("code"))}


def _compact(frame: gpd.GeoDataFrame) -> str:
    data = json.loads(frame.to_json(drop_id=True))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.build_boundaries_2025")
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--check-only", action="store_true", help="rebuild in memory; exit 1 if the files differ")
    args = parser.parse_args(argv)
    built = build(args.source)
    stale = [name for name, text in built.items()
             if not (OUT / name).exists() or (OUT / name).read_text(encoding="utf-8") != text]
    if args.check_only:
        sys.stdout.write(("up to date" if not stale else "differs: " + ", ".join(stale)) + "\n")
        return 1 if stale else 0
    for name, text in built.items():
        (OUT / name).write_text(text, encoding="utf-8")
        sys.stdout.write(f"{name}: {len(text.encode()) / 1e6:.2f} MB\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
