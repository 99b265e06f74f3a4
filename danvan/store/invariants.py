"""Every invariant of a store, checked at once (`python -m danvan check`, the tests' stores, CI).

Each check is a named query in queries/check/ returning the rows that break it, with a Vietnamese `problem`;
an empty result is a pass. Boundaries are checked by danvan.geo (valid polygons), which the CLI adds.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from danvan import QUERIES_DIR
from danvan.store import db

CHECKS = {  # query name → what it guards, as the report names it
    "check_one_current_per_cell": "Một ô chỉ có một số liệu hiện hành",
    "check_current_cells": "Bảng current_cells khớp với số liệu hiện hành",
    "check_history_chain": "Chuỗi sửa đổi và hoàn tác liền mạch",
    "check_references": "Mọi số liệu có nguồn, đơn vị, chỉ tiêu và giá trị hữu hạn",
}


@dataclass(frozen=True)
class Finding:
    check: str
    title: str
    rows: pl.DataFrame   # what breaks it (at most 100 rows)


def run_checks(con: duckdb.DuckDBPyConnection) -> list[Finding]:
    """One finding per check; `rows` empty when it holds."""
    assert set(CHECKS) == {p.stem for p in (QUERIES_DIR / "check").glob("*.sql")}, "a check without a title"
    return [Finding(name, title, db.run(con, name)) for name, title in CHECKS.items()]


def report(findings: list[Finding]) -> list[str]:
    lines = []
    for f in findings:
        lines.append(f"{'ĐẠT ' if f.rows.height == 0 else 'LỖI '} {f.title}"
                     + ("" if f.rows.height == 0 else f": {f.rows.height} chỗ"))
        for row in f.rows.head(10).iter_rows(named=True):
            lines.append("      " + ", ".join(f"{k}={v}" for k, v in row.items()))
    return lines
