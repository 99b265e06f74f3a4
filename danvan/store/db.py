"""Open the DuckDB store, apply numbered migrations and views, run named queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from danvan import QUERIES_DIR
from danvan.store import _queries as queries

_MIGRATION = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


def migrations() -> list[tuple[int, str, Path]]:
    found = []
    for path in sorted((QUERIES_DIR / "schema").glob("*.sql")):
        match = _MIGRATION.match(path.name)
        if match:
            found.append((int(match.group(1)), match.group(2), path))
    return found


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply pending migrations in order, each in its own transaction; existing rows are kept."""
    execute(con, "ledger_create")
    done = set(run(con, "ledger_versions")["version"].to_list())
    applied = []
    for version, name, path in migrations():
        if version in done:
            continue
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            execute(con, "ledger_record", version=version, migration=name)
        applied.append(version)
    return applied


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """Views are derived, so they are simply recreated on every open (joins live there, not in pages)."""
    for path in sorted((QUERIES_DIR / "views").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) and upgrade the store."""
    path = Path(path)
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrate(con)
    create_views(con)
    return con


def run(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pl.DataFrame:
    """Run a named query from queries/ with its declared parameters; returns a Polars frame."""
    query = queries.load(name)
    return con.sql(query.sql, params=queries.bind(query, params) or None).pl()


def execute(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> None:
    """Run a named script (one or more statements) for its effect, each with the params it uses."""
    query = queries.load(name)
    bound = queries.bind(query, params)
    for statement in queries.statements(query):
        used = {k: v for k, v in bound.items() if f"${k}" in statement}
        con.execute(statement, used or None)


def execute_with(con: duckdb.DuckDBPyConnection, name: str, relation: str, frame: pl.DataFrame, *,
                 atomic: bool = True, **params: object) -> None:
    """Run a named script that reads `frame` under the name `relation` (bulk writes without SQL built from data).

    atomic=False when the caller already holds the transaction.
    """
    con.register(relation, frame)
    try:
        if atomic:
            with transaction(con):
                execute(con, name, **params)
        else:
            execute(con, name, **params)
    finally:
        con.unregister(relation)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: any exception rolls every statement back."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
