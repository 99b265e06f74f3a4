"""History on today's map at national commune scale: the derived query against the as-reported one.

Store: every old-era commune (10,035) × 4 indicators (a count that may be apportioned, a count that may not,
a ratio, a percent) × 2016–2024, synthetic, plus the crosswalk and default boundaries. Timed in the same run,
median of --repeat after a warm-up, on one connection:
  as reported  – map_values (old communes, one period) and the old communes' full series;
  today's map  – map_values_today (3,321 new communes, the same period carried over) and the full series of
                 every new commune through today_observations (merge, apportion by area, recompute ratios).
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from danvan.ingest.bootstrap import init_store
from danvan.store import db

OUT = Path(__file__).resolve().parent / "out" / "today_map.duckdb"
CODES = ("TCD_CUOC", "QCDC_KT_XA", "MC_XA", "KNTC_TYLE")

_FILL = """
INSERT INTO observations (unit_key, indicator_code, period, period_kind, period_start, period_end, value,
                          numerator, denominator, qualifier, status, raw_text, recorded_by)
SELECT u.unit_key, c.code, y.year::VARCHAR, 'year', make_date(y.year::INTEGER, 1, 1),
       make_date(y.year::INTEGER, 12, 31),
       CASE WHEN c.code = 'MC_XA' THEN 100.0 * (hash(u.unit_key, y.year) % 9) / 10
            WHEN c.code = 'KNTC_TYLE' THEN 50 + hash(u.unit_key, c.code, y.year) % 50
            ELSE hash(u.unit_key, c.code, y.year) % 300 END,
       CASE WHEN c.code = 'MC_XA' THEN hash(u.unit_key, y.year) % 9 END,
       CASE WHEN c.code = 'MC_XA' THEN 10 END,
       '=', 'actual', 'bench', 'bench'
FROM units u
CROSS JOIN (SELECT unnest($codes::VARCHAR[]) AS code) c
CROSS JOIN range(2016, 2025) y(year)
WHERE u.era = 'old' AND u.level = 'commune'
"""


def build(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    init_store(path, with_seed=False)
    with db.connect(path) as con:
        con.execute(_FILL, {"codes": list(CODES)})
        return con.execute("SELECT count(*) FROM observations").fetchall()[0][0]


def median_ms(call: Callable[[], object], repeat: int) -> tuple[float, int]:
    rows = len(call())  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench today_map")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args, _ = parser.parse_known_args(argv)
    if args.rebuild or not OUT.exists():
        start = time.perf_counter()
        n = build(OUT)
        print(f"built {OUT.name}: {n:,} observations in {time.perf_counter() - start:.1f} s")
    with db.connect(OUT) as con:
        old = [r[0] for r in con.execute("SELECT unit_key FROM units WHERE era='old' AND level='commune'").fetchall()]
        new = [r[0] for r in con.execute("SELECT unit_key FROM units WHERE era='new' AND level='commune'").fetchall()]
        print(f"{'query':<34}{'rows':>9}{'ms':>10}")
        results = {}
        for code in ("TCD_CUOC", "MC_XA"):
            cases = {
                f"{code} map, as reported": lambda c=code: db.run(con, "map_values", indicator=c, period="2020",
                                                                  era="old", level="commune", province_key=None),
                f"{code} map, today's map": lambda c=code: db.run(con, "map_values_today", indicator=c,
                                                                  period="2020", level="commune", province_key=None),
                f"{code} series, as reported": lambda c=code: db.run(con, "compare_series", indicator=c, unit_keys=old),
                f"{code} series, today's map": lambda c=code: db.run(con, "compare_series_today", indicator=c,
                                                                     unit_keys=new),
            }
            for name, call in cases.items():
                ms, rows = median_ms(call, args.repeat)
                results[name] = ms
                print(f"{name:<34}{rows:>9,}{ms:>10.0f}")
            for what in ("map", "series"):
                ratio = results[f"{code} {what}, today's map"] / results[f"{code} {what}, as reported"]
                print(f"  ratio today/as reported ({code} {what}): {ratio:.2f}×")
