"""Small returns written by the store tests: long CSV rows committed through the real importer."""

from __future__ import annotations

from datetime import date

from danvan.ingest.importer import commit, plan_bytes
from tests.actors import admin

HEADER = "unit_code,indicator_code,period,value,numerator,denominator\n"


def upload(con, rows: str, name: str = "kiem-thu.csv") -> None:
    """Check and commit `rows` (CSV lines under HEADER); every row must pass."""
    plan = plan_bytes(con, (HEADER + rows).encode(), name, today=date(2026, 11, 23))
    assert plan.ok, plan.check.problems.to_dicts()
    commit(con, [plan], user=admin("kiểm thử"))
