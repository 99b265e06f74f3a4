"""Write observations: classify a batch against what is stored, then commit it all or nothing.

Seeds, the CLI import and the upload page all write through here, so revisions are handled once:
a changed value supersedes the stored row (kept as history) and an upload can be undone exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import polars as pl

from danvan.grammar.contract import INCOMING_SCHEMA
from danvan.store import db


@dataclass(frozen=True)
class BatchSummary:
    new: int
    revised: int
    unchanged: int
    revisions: pl.DataFrame  # unit_key, indicator_code, period, status, prev_raw_text, prev_value, raw_text, value


def stage(con: duckdb.DuckDBPyConnection, batch: pl.DataFrame, revisions_shown: int = 200) -> BatchSummary:
    """Classify the batch as new / revised / unchanged without writing anything permanent.

    A figure whose value, parts, bounds and qualifier are those stored is unchanged, whatever its note or source
    text says. Optional columns the batch lacks (source_text for seeds) are stored empty.
    """
    batch = batch.with_columns(pl.lit(None, dtype).alias(c) for c, dtype in INCOMING_SCHEMA.items()
                               if c not in batch.columns)
    db.execute_with(con, "stage_incoming", "incoming", batch.select(list(INCOMING_SCHEMA)).cast(INCOMING_SCHEMA),
                    atomic=False)
    counts = dict(db.run(con, "staged_counts").iter_rows())
    return BatchSummary(
        new=counts.get("new", 0), revised=counts.get("revised", 0), unchanged=counts.get("unchanged", 0),
        revisions=db.run(con, "staged_revisions", limit=revisions_shown),
    )


def commit_staged(
    con: duckdb.DuckDBPyConnection, *, recorded_by: str, source_id: int | None = None,
    upload_id: int | None = None, now: datetime | None = None,
) -> None:
    """Write what `stage` classified; the caller owns the transaction."""
    db.execute(con, "commit_staged", now=now or datetime.now(), source_id=source_id, upload_id=upload_id,
               recorded_by=recorded_by)
