"""Compare page (pages/2_so_sanh.py) on a national-scale store: our query path against raw DuckDB.

The store holds every new-era commune (3,321) × 20 indicators × 10 years × 4 quarters = 2,656,800
observations. Each page query runs on one connection with the very same SQL text and params as:
  ours    – danvan.store.db.run(): named-query loader, header check of params, result as a Polars frame;
  raw     – con.execute(sql, params).fetchall(): plain DuckDB, nothing of ours in between (the baseline);
  raw→pl  – con.sql(sql, params=params).pl(): plain DuckDB fetched the way we fetch, to separate the effects.
The ratios ours/raw and ours/raw→pl are printed, never asserted: timings belong to the machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from danvan.grammar import catalogue
from danvan.ingest.bootstrap import init_store
from danvan.store import _queries as queries
from danvan.store import db

OUT_DIR = Path(__file__).resolve().parent / "out"
STORE = OUT_DIR / "compare_page.duckdb"
EXTRA_CODES = ("SYN_01", "SYN_02", "SYN_03", "SYN_04")  # observations has no FK, so codes need no catalogue entry
YEARS = (2016, 2025)
AS_OF = date(2026, 1, 1)
INDICATOR = "TCD_LUOT"  # a catalogue code; every code has the same synthetic shape

# One set-based statement: DuckDB generates the grid itself, so building takes seconds, not minutes.
# hash() of the cell makes values, qualifiers and statuses deterministic across rebuilds.
_FILL = """
INSERT INTO observations (unit_key, indicator_code, period, period_kind, period_start, period_end, value,
                          value_low, value_high, qualifier, status, raw_text, recorded_at, recorded_by)
WITH cells AS (
    SELECT u.unit_key, c.code, y.year::INTEGER AS year, q.quarter::INTEGER AS quarter,
           hash(u.unit_key, c.code, y.year, q.quarter) AS h
    FROM units u
    CROSS JOIN (SELECT unnest($codes::VARCHAR[]) AS code) c
    CROSS JOIN range($first_year, $last_year + 1) y(year)
    CROSS JOIN range(1, 5) q(quarter)
    WHERE u.era = 'new' AND u.level = 'commune'
), shaped AS (
    SELECT *,
           round(((h >> 16) % 100000) / 1000.0, 1) AS v,
           CASE WHEN h % 100 < 2 THEN 'range' WHEN h % 100 < 7 THEN '>' ELSE '=' END AS qual,
           CASE WHEN (h >> 40) % 100 < 3 THEN 'expected' ELSE 'actual' END AS stat
    FROM cells
)
SELECT unit_key, code, year || '-Q' || quarter, 'quarter',
       make_date(year, 3 * quarter - 2, 1), last_day(make_date(year, 3 * quarter, 1)),
       CASE WHEN qual = 'range' THEN NULL ELSE v END,
       CASE WHEN qual = 'range' THEN greatest(v - 5, 0) END,
       CASE WHEN qual = 'range' THEN v + 5 END,
       qual, stat,
       CASE qual WHEN 'range' THEN greatest(v - 5, 0) || '–' || (v + 5) WHEN '>' THEN 'trên ' || v ELSE v::VARCHAR END,
       TIMESTAMP '2026-01-01 00:00:00', 'bench'
FROM shaped
"""


def build_store(path: Path) -> int:
    """Create the synthetic store next to, then over, `path` so an interrupted build never leaves a cache."""
    tmp = path.with_name(path.name + ".building")
    for stale in (tmp, Path(f"{tmp}.wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    init_store(tmp, with_seed=False)
    codes = [*catalogue.indicators().keys(), *EXTRA_CODES]
    with db.connect(tmp) as con:
        con.execute(_FILL, {"codes": codes, "first_year": YEARS[0], "last_year": YEARS[1]})
        con.execute("CHECKPOINT")
        rows = con.execute("SELECT count(*) FROM observations").fetchone()[0]
    for old in (path, Path(f"{path}.wal")):
        old.unlink(missing_ok=True)
    tmp.rename(path)
    print(f"built {path.name}: {rows:,} observations, {len(codes)} indicators in {time.perf_counter() - started:.1f} s")
    return rows


def median_ms(calls: Sequence[Callable[[], object]], repeat: int) -> list[float]:
    """Warm up each call once, then run them in turn `repeat` times and keep each one's median.

    Interleaving means a cache or CPU-frequency drift hits every path alike; the median ignores one slow run.
    """
    for call in calls:
        call()
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(repeat):
        for call, samples in zip(calls, times, strict=True):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
    return [statistics.median(samples) for samples in times]


@dataclass(frozen=True)
class Timing:
    """Median ms of: ours (db.run), raw (execute + fetchall, the baseline) and raw_pl (con.sql + .pl()).

    raw_pl fetches the same way we do, so ours/raw_pl is the cost of our loader and binder alone,
    while ours/raw also includes Arrow → Polars versus building Python tuples.
    """

    rows: int
    ours: float
    raw: float
    raw_pl: float


def selections(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """34 communes (one per new province, like a national comparison) and every commune (the worst case)."""
    one_each = con.execute(
        "SELECT min(unit_key) FROM units WHERE era = 'new' AND level = 'commune' GROUP BY province_key ORDER BY 1"
    ).fetchall()
    every = con.execute("SELECT unit_key FROM units WHERE era = 'new' AND level = 'commune' ORDER BY 1").fetchall()
    return {f"{len(one_each)} communes": [r[0] for r in one_each], f"{len(every):,} communes": [r[0] for r in every]}


def measure(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object], repeat: int) -> Timing:
    """One named query three ways, with the very same SQL text and params (see Timing)."""
    sql = queries.load(name).sql
    rows = db.run(con, name, **params).height
    raw_rows = len(con.execute(sql, params).fetchall())
    if rows != raw_rows:
        raise RuntimeError(f"{name}: ours returned {rows} rows, raw {raw_rows}")
    ours, raw, raw_pl = median_ms(
        (
            lambda: db.run(con, name, **params),
            lambda: con.execute(sql, params).fetchall(),
            lambda: con.sql(sql, params=params).pl(),
        ),
        repeat,
    )
    return Timing(rows, ours, raw, raw_pl)


def _line(cells: Sequence[object]) -> str:
    widths = (16, 15, 8, 8, 8, 9, 9, 12)
    return "  ".join(f"{c:<{w}}" if i < 2 else f"{c:>{w}}" for i, (c, w) in enumerate(zip(cells, widths, strict=True)))


def _row(name: str, label: str, rows: str, t: Timing) -> str:
    return _line(
        (
            name,
            label,
            rows,
            f"{t.ours:.1f}",
            f"{t.raw:.1f}",
            f"{t.ours / t.raw:.2f}",
            f"{t.raw_pl:.1f}",
            f"{t.ours / t.raw_pl:.2f}",
        )
    )


def run_benchmark(path: Path, repeat: int) -> None:
    """Time the three queries the compare page runs on every rerun, for a small and the largest selection."""
    with db.connect(path) as con:
        total = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        print(
            f"store {path} · {total:,} observations · duckdb {duckdb.__version__} · indicator {INDICATOR}"
            f" · median of {repeat} (+1 warm-up)"
        )
        print(_line(("query", "selection", "rows", "ours ms", "raw ms", "ours/raw", "raw→pl ms", "ours/raw→pl")))
        page: dict[str, Timing] = {}
        for label, keys in selections(con).items():
            calls = (
                ("compare_series", {"indicator": INDICATOR, "unit_keys": keys}),
                ("ranking", {"indicator": INDICATOR, "unit_keys": keys, "as_of": AS_OF}),
                ("units_with_data", {"indicator": INDICATOR}),  # the picker: independent of the selection
            )
            timings = []
            for name, params in calls:
                timing = measure(con, name, params, repeat)
                timings.append(timing)
                print(_row(name, label, f"{timing.rows:,}", timing))
            page[label] = Timing(0, *(sum(getattr(t, f) for t in timings) for f in ("ours", "raw", "raw_pl")))
        print("whole page (compare_series + ranking + units_with_data):")
        for label, timing in page.items():
            print(_row("page", label, "", timing))


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point for `python -m bench compare_page [--rebuild] [--repeat N]`."""
    parser = argparse.ArgumentParser(prog="bench compare_page", description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the synthetic store even if cached")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (median is reported)")
    args = parser.parse_args(argv)
    if args.rebuild or not STORE.exists():
        build_store(STORE)
    run_benchmark(STORE, args.repeat)


if __name__ == "__main__":
    main()
