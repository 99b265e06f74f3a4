"""A million-row long CSV checked and committed, against DuckDB's own read_csv of the same file.

The file is what a national roll-up looks like: every old-era commune (10,035) × 16 indicators × the years
2019–2024, then new-era communes for 2025-H2, cut at 1,000,000 rows, written in Vietnamese formats
("2.500", "53,33%", "13/17", "trên 90%"). Timed, in the same run:
  baseline – duckdb.connect().sql("CREATE TABLE t AS SELECT * FROM read_csv(...)"): parse only;
  ours     – danvan.ingest.importer.plan_file (read, check every row, classify against the store) + commit,
             into a fresh store, in a child process so its peak memory (ru_maxrss) is its own.
Nothing is asserted: the ratio and the memory are printed for the reader to judge (target ≤ 3×, < 2 GB).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb

from danvan.grammar import catalogue
from danvan.ingest.bootstrap import init_store

OUT_DIR = Path(__file__).resolve().parent / "out"
CSV = OUT_DIR / "import_1m.csv"
ROWS = 1_000_000


def _value(kind: str, rng: random.Random, limit: float | None = None) -> str:
    """A value as staff write it; the grammar must read every form. `limit`: the measure's maximum (measures.yml)."""
    roll = rng.random()
    if kind == "count":
        n = rng.randint(0, min(12_000, int(limit or 12_000)))
        text = f"{n:,}".replace(",", ".")
        return f"trên {text}" if roll < 0.02 else text
    if kind == "ratio":
        den = rng.randint(1, 120)
        return f"{rng.randint(0, den)}/{den}"
    pct = f"{rng.uniform(0, 100):.2f}".replace(".", ",")
    return f"trên {pct}%" if roll < 0.03 else f"{pct}%"


def write_csv(path: Path) -> None:
    """Deterministic synthetic return (seeded RNG)."""
    rng = random.Random(2026)
    indicators = list(catalogue.indicators().values())
    with duckdb.connect() as con:
        con.execute("ATTACH $p AS s (READ_ONLY)", {"p": str(_store_template())})
        old = [r[0] for r in con.execute("SELECT code FROM s.units WHERE era = 'old' AND level = 'commune' "
                                         "ORDER BY code").fetchall()]
        new = [r[0] for r in con.execute("SELECT code FROM s.units WHERE era = 'new' AND level = 'commune' "
                                         "ORDER BY code").fetchall()]
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("unit_code,indicator_code,period,value\n")
        cells = [(c, y) for y in range(2019, 2025) for c in old] + [(c, "2025-H2") for c in new]
        for unit, period in cells:
            for ind in indicators:
                if written == ROWS:
                    return
                value = _value(ind.kind, rng, catalogue.measures()[ind.measure].max)
                f.write(f'{unit},{ind.code},{period},"{value}"\n')
                written += 1


def _store_template() -> Path:
    """A store with units and catalogue but no observations, built once."""
    path = OUT_DIR / "import_template.duckdb"
    if not path.exists():
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        init_store(path, with_seed=False)
    return path


def baseline_seconds(path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        with duckdb.connect() as con:
            start = time.perf_counter()
            con.execute("CREATE TABLE t AS SELECT * FROM read_csv($p, all_varchar = true)", {"p": str(path)})
            times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


CHILD = """
import json, resource, shutil, sys, time
from danvan.store import db
from danvan.ingest.importer import commit, plan_file
from danvan.ingest.limits import Limits
from danvan.store.authz import User
template, store, csv = sys.argv[1:4]
shutil.copy(template, store)
with db.connect(store) as con:
    t0 = time.perf_counter()
    plan = plan_file(con, csv, limits=Limits(max_bytes=10**10, max_rows=10**8))
    t1 = time.perf_counter()
    commit(con, [plan], user=User("bench", "bench", "admin", None))
    t2 = time.perf_counter()
    n = con.execute("SELECT count(*) FROM observations").fetchall()[0][0]
print(json.dumps({"check": t1 - t0, "commit": t2 - t1, "rows": n, "rejected": plan.rows_rejected,
                  "new": plan.summary.new, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def ours(path: Path) -> dict[str, float]:
    store = OUT_DIR / "import_run.duckdb"
    store.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-c", CHILD, str(_store_template()), str(store), str(path)],
                          capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
    store.unlink(missing_ok=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench import_csv")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args, _ = parser.parse_known_args(argv)
    if args.rebuild or not CSV.exists():
        start = time.perf_counter()
        write_csv(CSV)
        print(f"wrote {CSV.name}: {ROWS:,} rows, {CSV.stat().st_size / 1e6:.1f} MB in "
              f"{time.perf_counter() - start:.1f} s")
    base = baseline_seconds(CSV, args.repeat)
    result = ours(CSV)
    total = result["check"] + result["commit"]
    print(f"file {CSV.name} · {CSV.stat().st_size / 1e6:.1f} MB · duckdb {duckdb.__version__}")
    print(f"{'step':<28}{'seconds':>10}{'× read_csv':>12}")
    print(f"{'duckdb read_csv (baseline)':<28}{base:>10.2f}{1:>12.2f}")
    print(f"{'ours: read + check + stage':<28}{result['check']:>10.2f}{result['check'] / base:>12.2f}")
    print(f"{'ours: commit':<28}{result['commit']:>10.2f}{result['commit'] / base:>12.2f}")
    print(f"{'ours: total':<28}{total:>10.2f}{total / base:>12.2f}")
    print(f"rows stored {result['rows']:,} (new {result['new']:,}, rejected {result['rejected']:,}); "
          f"peak memory {result['peak_mb']:,.0f} MB (target < 2,048 MB); ratio target ≤ 3×")
