"""Resolving 10,000 commune names with their province and district columns, against a plain hash join.

Rows: 10,000 pre-2025 communes drawn from the registry (fixed seed), written as a return would write them:
short names with their province and district (e.g. "Tây Ninh | Châu Thành | Thái Bình"), some names shared.
Timed in the same run, median of --repeat after a warm-up:
  hash join – Polars joins (province, district, commune) names on the registry's exact names: the floor, with
              none of the rules (no aliases, no prefixes, no refusal of ambiguous or foreign-lettered names);
  ours      – danvan.ingest check_rows' unit step: every row through store.resolve with its context columns,
              a fresh resolver each time (no warm cache across repeats).
Prints both and their ratio; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import polars as pl

from danvan.ingest.bootstrap import init_store
from danvan.store import db
from danvan.store.registry import index_for
from danvan.store.resolve import Resolver

OUT = Path(__file__).resolve().parent / "out" / "resolve_names.duckdb"
ROWS = 10_000
START, END = date(2023, 1, 1), date(2023, 12, 31)


def _median(fn: Callable[[], object], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: Sequence[str] = ()) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench resolve_names")
    parser.add_argument("--repeat", type=int, default=5)
    args, _ = parser.parse_known_args(list(argv))
    if not OUT.exists():
        OUT.parent.mkdir(parents=True, exist_ok=True)
        init_store(OUT, with_seed=False)
    with db.connect(OUT) as con:
        units = db.run(con, "all_units").filter(pl.col("era") == "old")
        index = index_for(con)
    names = units.select("unit_key", "level", "short_name", "parent_key", "province_key")
    communes = (names.filter(pl.col("level") == "commune").sample(ROWS, seed=7)
                .join(names.select(pl.col("unit_key").alias("parent_key"), pl.col("short_name").alias("district")),
                      on="parent_key")
                .join(names.select(pl.col("unit_key").alias("province_key"), pl.col("short_name").alias("province")),
                      on="province_key")
                .select("province", "district", pl.col("short_name").alias("commune"), "unit_key"))
    registry = communes.select("province", "district", "commune", pl.col("unit_key").alias("found"))
    rows = communes.select("province", "district", "commune").rows()

    def hash_join() -> pl.DataFrame:
        return communes.join(registry, on=["province", "district", "commune"], how="left")

    def ours() -> list:
        resolver = Resolver(index)
        out = []
        for province, district, commune in rows:
            p = resolver.resolve(province, START, END, "province")
            d = resolver.resolve(district, START, END, "district", (p.unit,)) if p.unit else p
            out.append(resolver.resolve(commune, START, END, "commune", (p.unit, d.unit)) if d.unit else d)
        return out

    matches = ours()
    right = sum(m.unit is not None and m.unit.unit_key == k for m, k in zip(matches, communes["unit_key"], strict=True))
    base, mine = _median(hash_join, args.repeat), _median(ours, args.repeat)
    refused = sum(m.unit is None for m in matches)
    print(f"{ROWS:,} commune names with province and district columns (resolved right: {right:,}; "
          f"refused: {refused:,}; wrong: {ROWS - right - refused})")
    print(f"{'hash join of exact names':<28}{base * 1000:>10.1f} ms")
    print(f"{'ours (store.resolve)':<28}{mine * 1000:>10.1f} ms{mine / base:>10.1f}×")
