"""Named SQL files: every query lives in queries/<group>/<name>.sql with a header of its params and columns.

Header format (checked by tests/test_queries.py):
    -- name: compare_series
    -- params: $indicator VARCHAR, $unit_keys VARCHAR[]
    -- returns: unit_key, unit_name, period, value
Queries run only with DuckDB named parameters; no SQL is ever built from user text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from danvan import QUERIES_DIR

_PARAM_USE = re.compile(r"\$([a-z_][a-z0-9_]*)")
_HEADER = re.compile(r"^--\s*(name|params|returns):\s*(.*)$")


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    params: tuple[str, ...]
    returns: tuple[str, ...]
    path: Path


class QueryError(RuntimeError):
    """A query file or a call to it does not match its declared header."""


def _parse(path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        match = _HEADER.match(line)
        if match:
            header[match.group(1)] = match.group(2).strip()
    if "name" not in header or header["name"] != path.stem:
        raise QueryError(f"{path}: header '-- name: {path.stem}' missing or wrong")
    params = tuple(
        p.strip().split()[0].lstrip("$") for p in header.get("params", "").split(",") if p.strip()
    )
    if params == ("none",):
        params = ()
    returns = tuple(c.strip() for c in header.get("returns", "").split(",") if c.strip())
    return Query(path.stem, text, params, returns, path)


@cache
def load(name: str) -> Query:
    """Find queries/**/<name>.sql (names are unique across folders)."""
    matches = sorted(QUERIES_DIR.glob(f"*/{name}.sql"))
    if len(matches) != 1:
        raise QueryError(f"query '{name}': expected one file, found {len(matches)}")
    return _parse(matches[0])


def used_params(query: Query) -> set[str]:
    body = "\n".join(line for line in query.sql.splitlines() if not line.lstrip().startswith("--"))
    return set(_PARAM_USE.findall(body))


def statements(query: Query) -> list[str]:
    """Split a script on lines that end with ';' (our files keep one statement per such block)."""
    body = [line for line in query.sql.splitlines() if not line.lstrip().startswith("--")]
    parts, current = [], []
    for line in body:
        current.append(line)
        if line.rstrip().endswith(";"):
            parts.append("\n".join(current).strip())
            current = []
    tail = "\n".join(current).strip()
    return [p for p in parts + ([tail] if tail else []) if p]


def bind(query: Query, params: dict[str, object]) -> dict[str, object]:
    """Check the call against the header so a typo fails loudly instead of binding NULL."""
    missing = set(query.params) - params.keys()
    extra = params.keys() - set(query.params)
    if missing or extra:
        raise QueryError(f"query '{query.name}': missing {sorted(missing)}, unexpected {sorted(extra)}")
    return dict(params)
