"""Commits of 1,000-row uploads with 1, 4 and 8 concurrent writers through the app's store layer (Store leases,
one writer at a time), against one writer alone, measured in the same run.

Each writer previews (read lease) and commits (write lease) its own uploads of distinct cells: old-era communes ×
TCD_CUOC × one year per upload. Printed: rows committed per second and the 95th percentile of the time a writer
waited for its write lease. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import threading
import time
from collections.abc import Sequence
from datetime import date

import duckdb

from bench.import_csv import OUT_DIR, _store_template
from danvan.ingest.importer import commit, plan_bytes
from danvan.store.access import Store
from danvan.store.authz import User
from danvan.store.registry import index_for

ROWS = 1_000
UPLOADS_PER_WRITER = 3


def _communes() -> list[str]:
    with duckdb.connect() as con:
        con.execute("ATTACH $p AS s (READ_ONLY)", {"p": str(_store_template())})
        return [r[0] for r in con.execute("SELECT code FROM s.units WHERE era = 'old' AND level = 'commune' "
                                          "ORDER BY code").fetchall()]


def _upload(communes: list[str], writer: int, n: int) -> bytes:
    block = communes[writer * ROWS % len(communes):][:ROWS]
    year = 2000 + n
    return ("unit_code,indicator_code,period,value\n"
            + "".join(f"{c},TCD_CUOC,{year},{n + 1}\n" for c in block)).encode()


def run(writers: int, communes: list[str]) -> dict[str, float]:
    path = OUT_DIR / f"concurrent_{writers}.duckdb"
    shutil.copy(_store_template(), path)
    store = Store(path)
    with store.read() as cursor:
        index = index_for(cursor)
    waits: list[float] = []
    lock = threading.Lock()

    def writer(w: int) -> None:
        for n in range(UPLOADS_PER_WRITER):
            data = _upload(communes, w, n)
            with store.read() as cursor:
                plan = plan_bytes(cursor, data, f"w{w}-{n}.csv", index=index, today=date(2026, 11, 24))
            asked = time.perf_counter()
            with store.write() as cursor:
                got = time.perf_counter()
                commit(cursor, [plan], user=User(f"w{w}", f"w{w}", "admin", None))
            with lock:
                waits.append(got - asked)

    start = time.perf_counter()
    threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    seconds = time.perf_counter() - start
    store.close()
    path.unlink(missing_ok=True)
    rows = writers * UPLOADS_PER_WRITER * ROWS
    p95 = statistics.quantiles(waits, n=20)[-1] if len(waits) > 1 else waits[0]
    return {"rows_per_s": rows / seconds, "p95_wait": p95, "seconds": seconds}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench concurrent_commits")
    parser.parse_known_args(argv)
    communes = _communes()
    base = run(1, communes)
    print(f"{UPLOADS_PER_WRITER} uploads of {ROWS:,} rows per writer")
    print(f"{'writers':<10}{'rows/s':>10}{'× 1 writer':>12}{'p95 wait s':>12}{'seconds':>10}")
    for writers in (1, 4, 8):
        got = base if writers == 1 else run(writers, communes)
        print(f"{writers:<10}{got['rows_per_s']:>10,.0f}{got['rows_per_s'] / base['rows_per_s']:>12.2f}"
              f"{got['p95_wait']:>12.2f}{got['seconds']:>10.1f}")
