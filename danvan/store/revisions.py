"""Write observations: classify a batch against what is stored, then commit it all or nothing.

Seeds, the CLI import and the upload page all write through here, so revisions are handled once:
a changed value supersedes the stored row (kept as history) and an upload can be undone exactly.
Every commit checks, inside its own transaction, that each cell it wrote has exactly one current figure
(current_cells makes the database refuse a concurrent second one as well).
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
    fingerprint: str = ""    # every staged cell with the row it supersedes: another value = the store changed


class InvariantError(RuntimeError):
    """A write would leave two current figures in one cell; its transaction is rolled back."""


def _conflicts_message(conflicts: pl.DataFrame) -> str:
    cells = "; ".join(f"{r['unit_key']} {r['indicator_code']} {r['period']} ({r['status']}): {r['n']} số hiện hành"
                      for r in conflicts.iter_rows(named=True))
    return f"Không ghi: một ô chỉ được có một số liệu hiện hành, nhưng sẽ có nhiều hơn ở {cells}."


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
        fingerprint=db.run(con, "staged_fingerprint").item(),
    )


def commit_staged(
    con: duckdb.DuckDBPyConnection, *, recorded_by: str, source_id: int | None = None,
    upload_id: int | None = None, now: datetime | None = None,
) -> None:
    """Write what `stage` classified, then check the invariant on the cells written; the caller owns the
    transaction, which an InvariantError rolls back."""
    db.execute(con, "commit_staged", now=now or datetime.now(), source_id=source_id, upload_id=upload_id,
               recorded_by=recorded_by)
    check_written(con)


def check_written(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse (InvariantError, rolling the caller's transaction back) when a cell the write touched (temp table
    `written`, left by commit_staged and undo_upload) has more than one current figure."""
    conflicts = db.run(con, "written_cell_conflicts")
    if conflicts.height:
        raise InvariantError(_conflicts_message(conflicts))
