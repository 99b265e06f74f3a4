"""The default map built from scratch: seconds per step and GeoJSON bytes per layer.

Steps are those of `danvan.geo.default_map.build_default` (read the shipped 2025 shapes and the registry, cut the
2025 communes into their predecessors and dissolve them into the pre-2025 layers, round), then what `ensure_default`
adds on top: writing the five layers into a fresh store (units only, no seed) and reading one layer back for the
map. Baseline in the same run: the estimate from commune centres (`boundaries.estimate_layers`), which the default
map now uses only as the fallback. Nothing is asserted: the target is ≤ ~10 s on 2 cores (once, on first run).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import shapely

from danvan.geo.boundaries import LAYERS, estimate_layers, geojson_layer
from danvan.geo.default_map import build_default, ensure_default
from danvan.ingest.bootstrap import init_store
from danvan.store import db


def _bytes(frame) -> int:
    return sum(len(s) for s in shapely.to_geojson(np.asarray(frame.geometry.values)))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench boundaries_build")
    parser.add_argument("--repeat", type=int, default=1)
    args, _ = parser.parse_known_args(argv)
    runs = []
    for _ in range(max(1, args.repeat)):
        timings: dict[str, float] = {}
        start = time.perf_counter()
        layers = build_default(timings)
        timings["total build"] = time.perf_counter() - start
        start = time.perf_counter()
        estimate_layers()
        timings["baseline: estimate"] = time.perf_counter() - start
        runs.append(timings)
    print(f"cores {os.cpu_count()} · shapely {shapely.__version__} (GEOS {shapely.geos_version_string}) · "
          f"median of {len(runs)}")
    print(f"{'step':<16}{'seconds':>10}")
    for step in runs[0]:
        print(f"{step:<16}{sorted(r[step] for r in runs)[len(runs) // 2]:>10.2f}")
    print(f"{'layer':<16}{'units':>8}{'GeoJSON KiB':>14}{'vertices':>10}")
    for era, level in LAYERS:
        frame = layers[(era, level)]
        vertices = int(shapely.get_num_coordinates(np.asarray(frame.geometry.values)).sum())
        print(f"{era + '/' + level:<16}{len(frame):>8,}{_bytes(frame) / 1024:>14,.0f}{vertices:>10,}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        init_store(path, with_seed=False)
        with db.connect(path) as con:
            start = time.perf_counter()
            ensure_default(con, force=True)
            stored = time.perf_counter() - start
            start = time.perf_counter()
            features = len(geojson_layer(con, "new", "commune")["features"])
            read = time.perf_counter() - start
    print(f"ensure_default(force=True) into a fresh store: {stored:.2f} s (build + write)")
    print(f"geojson_layer(new, commune): {features:,} features in {read * 1000:.0f} ms")
