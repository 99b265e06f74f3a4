"""An XLSX return of 100,000 cells read as typed, against openpyxl alone reading the same workbook.

The workbook is a long table (25,000 rows × 4 columns: Mã đơn vị | Mã chỉ tiêu | Kỳ báo cáo | Giá trị) of
old-era communes × indicators × years, numbers typed as numbers, shares as percent-formatted cells (0.925 shown
92,50%), ratios as text ("13/17"). Timed in the same run, median of --repeat:
  baseline – openpyxl.load_workbook(read_only=True, data_only=True) and every cell's value (values_only rows);
  reader   – danvan.ingest.reader.read_bytes: zip and size checks, typed cells with number formats, header, rows;
  plan     – danvan.ingest.importer.plan_bytes: read + every row checked + classified against a store.
Nothing is asserted: the ratios are printed for the reader to judge.
"""

from __future__ import annotations

import argparse
import io
import random
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb
import openpyxl

from bench.import_csv import OUT_DIR, _store_template
from danvan.grammar import catalogue
from danvan.ingest.importer import plan_bytes
from danvan.ingest.limits import Limits
from danvan.ingest.reader import read_bytes
from danvan.store import db
from danvan.store.registry import index_for

XLSX = OUT_DIR / "import_100k_cells.xlsx"
ROWS = 25_000


def write_xlsx(path: Path) -> None:
    """Deterministic (seeded) workbook, written with openpyxl's write-only mode and real number formats."""
    rng = random.Random(2026)
    indicators = list(catalogue.indicators().values())
    with duckdb.connect() as con:
        con.execute("ATTACH $p AS s (READ_ONLY)", {"p": str(_store_template())})
        communes = [r[0] for r in con.execute("SELECT code FROM s.units WHERE era = 'old' AND level = 'commune' "
                                              "ORDER BY code").fetchall()]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Số liệu")
    ws.append(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ báo cáo", "Giá trị"])
    cells = ((c, ind, y) for y in range(2019, 2025) for c in communes for ind in indicators)
    for _, (unit, ind, year) in zip(range(ROWS), cells, strict=False):
        if ind.kind == "count":
            value: object = rng.randint(0, 12_000)
        elif ind.kind == "ratio":
            den = rng.randint(1, 120)
            value = f"{rng.randint(0, den)}/{den}"
        else:
            value = openpyxl.cell.WriteOnlyCell(ws, round(rng.uniform(0, 1), 4))
            value.number_format = "0.00%"
        ws.append([unit, ind.code, year, value])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _median(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def _openpyxl_alone(data: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for ws in book.worksheets:
        for _ in ws.iter_rows(values_only=True):
            pass
    book.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench import_xlsx")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args, _ = parser.parse_known_args(argv)
    if args.rebuild or not XLSX.exists():
        write_xlsx(XLSX)
    data = XLSX.read_bytes()
    limits = Limits(max_bytes=10**10, max_rows=10**8)
    base = _median(lambda: _openpyxl_alone(data), args.repeat)
    reader = _median(lambda: read_bytes(data, XLSX.name, limits), args.repeat)
    with db.connect(_store_template(), read_only=True) as con:
        index = index_for(con)
        plan = _median(lambda: plan_bytes(con, data, XLSX.name, limits=limits, index=index), args.repeat)
        rows = plan_bytes(con, data, XLSX.name, limits=limits, index=index)
    print(f"file {XLSX.name} · {len(data) / 1e6:.2f} MB · {ROWS * 4 + 4:,} cells · openpyxl {openpyxl.__version__}")
    print(f"{'step':<34}{'seconds':>10}{'× openpyxl':>12}")
    print(f"{'openpyxl read-only (baseline)':<34}{base:>10.2f}{1:>12.2f}")
    print(f"{'ours: read typed (read_bytes)':<34}{reader:>10.2f}{reader / base:>12.2f}")
    print(f"{'ours: read + check + stage':<34}{plan:>10.2f}{plan / base:>12.2f}")
    print(f"records {rows.rows_total:,}, rejected {rows.rows_rejected:,}")
