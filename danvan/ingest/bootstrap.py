"""Create or upgrade a store: migrations, unit registry, catalogue, seeds. Safe to run on every start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from danvan.geo.default_map import ensure_default
from danvan.grammar import catalogue
from danvan.ingest import seed
from danvan.store import db, registry
from danvan.store.crosswalk import ensure_crosswalk


def sync_catalogue(con: duckdb.DuckDBPyConnection) -> int:
    cols = ("code", "name_vi", "name_en", "topic", "measure", "kind", "aggregation", "higher_is_better", "crosswalk",
            "apportion_by_area")
    rows = pl.DataFrame([{c: getattr(i, c) for c in cols} for i in catalogue.indicators().values()])
    db.execute_with(con, "sync_indicators", "catalogue_rows", rows)
    return rows.height


def init_store(path: str | Path, with_seed: bool = True, seed_file: Path | None = None) -> dict[str, Any]:
    """Open (creating) the store, fill what is missing, and report counts.

    Seed documents and seed workbooks (PAPI) are applied once per version (danvan.ingest.seed): `seed_report`
    lists, in Vietnamese, what was applied and every figure that was not (a figure staff corrected by upload
    stays), with the reason.
    """
    with db.connect(path) as con:
        if db.run(con, "store_counts")["units"].item() == 0:
            registry.load_units(con)
        sync_catalogue(con)
        ensure_default(con)  # approximate map layers, built once (~4 s); official ones are kept
        ensure_crosswalk(con)  # old → new units, needs the boundaries for split communes' area shares
        seeded = seed.load_seeds(con, seed_file=seed_file) if with_seed else None
        counts = db.run(con, "store_counts").row(0, named=True)
    return {**counts, "seed_new": seeded.all_new if seeded else 0,
            "seed_revised": seeded.all_revised if seeded else 0, "seed_held": len(seeded.all_held) if seeded else 0,
            "seed_report": seeded.lines() if seeded else []}


def ensure_store(path: str | Path) -> Path:
    """Used by the app: create and seed the embedded default on first run only."""
    path = Path(path)
    if not path.exists():
        init_store(path)
    else:
        with db.connect(path) as con:  # migrations run on open
            ensure_default(con)  # ~10 ms when every unit already has a shape
            ensure_crosswalk(con)
    return path
