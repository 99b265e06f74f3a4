"""The architecture is checked, not remembered: import contracts, the package tree, SQL only in queries/."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
SUBPACKAGES = ("geo", "grammar", "ingest", "present", "publish", "store")

# SQL in a Python string: a statement shape, case-insensitive (keywords alone are ordinary words).
SQL_SHAPES = re.compile(
    r"\bselect\s+(distinct\s+)?(\*|count\s*\(|[\w\".]+\s*(,|\bfrom\b|\bas\b))"
    r"|\binsert\s+into\b|\bupdate\s+\w+\s+set\b|\bdelete\s+from\b|\bdrop\s+(table|view|index)\b"
    r"|\bcreate\s+(or\s+replace\s+)?(temp(orary)?\s+)?(table|view|index|macro|sequence)\b|\balter\s+table\b"
    r"|^\s*(begin(\s+transaction)?\s*;?|commit\s*;|rollback\s*;?)\s*$",
    re.IGNORECASE,
)
# Justified exceptions, each with its reason.
SQL_ALLOWED = {
    "danvan/store/db.py": "transaction control (BEGIN / COMMIT / ROLLBACK) is not a query",
}
SQL_ALLOWED_DIRS = {
    "tests": "tests read the store with their own SQL to check the code independently of its queries",
    "bench": "benchmarks time raw DuckDB as the baseline of their ratios",
    "scripts": "build scripts of committed data read their third-party sources (the package's SQLite file) directly",
}


def _run_lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_import_contracts_are_kept():
    result = _run_lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("target", "bad_import", "contract"), [
    ("danvan/grammar/periods.py", "import danvan.store.db", "Core layers"),
    ("danvan/store/registry.py", "import danvan.ingest.importer", "Core layers"),
    ("danvan/present/charts.py", "import danvan.ingest.reader", "Core layers"),
    ("danvan/grammar/values.py", "import streamlit", "never imports Streamlit"),
    ("ui/labels.py", "import danvan.store._queries", "public modules only"),
])
def test_a_wrong_import_breaks_the_contracts(tmp_path, target, bad_import, contract):
    """Copy the packages, add one wrong import, and lint-imports must fail naming the contract."""
    for name in ("danvan", "ui", "pages"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / target
    path.write_text(path.read_text(encoding="utf-8") + f"\n{bad_import}  # noqa\n", encoding="utf-8")
    result = _run_lint(tmp_path)
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout


def test_core_top_level_holds_only_the_entry_points():
    modules = sorted(p.name for p in (ROOT / "danvan").glob("*.py"))
    assert modules == ["__init__.py", "__main__.py", "cli.py"]
    packages = sorted(p.name for p in (ROOT / "danvan").iterdir() if (p / "__init__.py").exists())
    assert packages == list(SUBPACKAGES)


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_each_subpackage_says_what_it_owns_and_may_import(name):
    doc = ast.get_docstring(ast.parse((ROOT / "danvan" / name / "__init__.py").read_text(encoding="utf-8")))
    assert doc and ("May import" in doc or "Imports nothing" in doc), name


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module (f-strings by their literal parts), with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            found.append((node.lineno, text))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
    return found


@pytest.mark.parametrize(("text", "is_sql"), [
    ("select count(*) from units", True),
    ("SeLeCt unit_key, value FROM observations", True),
    ("insert into t values (1)", True),
    ("ROLLBACK", True),
    ("commit", False),
    ("create or replace temp table x as select 1", True),
    ("Chọn đơn vị để so sánh", False),
    ("Select the units to compare", False),
    ("Pick a file from your computer", False),
    ("update the figures", False),
])
def test_the_sql_detector_itself(text, is_sql):
    assert bool(SQL_SHAPES.search(text)) is is_sql


def test_no_sql_outside_queries_folder():
    """Every Python file of the project; SQL lives in queries/*.sql, run by name."""
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(".venv/") or rel.split("/")[0] in SQL_ALLOWED_DIRS or rel in SQL_ALLOWED:
            continue
        offenders += [f"{rel}:{line}: {text[:60]!r}" for line, text in _strings(path) if SQL_SHAPES.search(text)]
    assert offenders == []
