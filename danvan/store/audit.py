"""The audit log: every write names its user, inside the write's own transaction (so a refused or rolled-back
write leaves no audit row, and a committed one always has one)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import duckdb

from danvan.store import db
from danvan.store.authz import User


def record(con: duckdb.DuckDBPyConnection, user: User | None, action: str, unit_keys: Iterable[str] = (), *,
           upload_id: int | None = None, detail: str | None = None, now: datetime | None = None) -> None:
    """One audit row; user None = the system (seeds, the CLI's first administrator)."""
    db.execute(con, "audit_record", at=now or datetime.now(), username=user.username if user else None,
               action=action, unit_keys=sorted(set(unit_keys)), upload_id=upload_id, detail=detail)
