"""Migrations upgrade an old file without losing rows; the CLI import is all or nothing."""

import subprocess
import sys

import duckdb

from danvan.ingest.bootstrap import init_store
from danvan.store import db
from tests.actors import as_admin
from tests.conftest import ROOT


def count(path, sql="SELECT count(*) FROM observations"):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()[0][0]


def test_existing_file_is_upgraded_without_losing_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:  # a store made by the first release: migration 001 only
        con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                    "applied_at TIMESTAMP DEFAULT current_timestamp)")
        con.execute((ROOT / "queries/schema/001_initial.sql").read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (1, 'initial')")
        con.execute("INSERT INTO observations (unit_key, indicator_code, period, period_kind, period_start, "
                    "period_end, value) VALUES ('old:95', 'TCD_DOAN', '2017', 'year', '2017-01-01', "
                    "'2017-12-31', 7)")
    init_store(path)
    with duckdb.connect(str(path), read_only=True) as con:
        versions = [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
        kept = con.execute("SELECT value FROM observations WHERE period = '2017'").fetchall()
        uploads = con.execute("SELECT count(*) FROM uploads").fetchall()[0][0]
    assert versions == [m[0] for m in db.migrations()]
    assert kept == [(7.0,)]
    assert uploads == 0


def run_import(db_path, *files, extra=()):
    return subprocess.run([sys.executable, "-m", "danvan", "import", *map(str, files), "--db", str(db_path),
                           *as_admin(db_path), *extra], cwd=ROOT, capture_output=True, text=True)


def test_bad_file_is_rejected_with_a_clear_message_and_writes_nothing(writable_db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("unit_code,indicator_code,period,value\n"
                   "96,TCD_DOAN,2019,12\n"
                   "96,TCD_DOAN,2019-Q5,3\n"
                   "96,KHONG_CO,2019,3\n", encoding="utf-8")
    before = count(writable_db)
    result = run_import(writable_db, bad)
    assert result.returncode == 1
    assert "Dòng 3, cột C (period)" in result.stdout  # the file's own column letter and header
    assert "Dòng 4, cột B (indicator_code)" in result.stdout
    assert "Không ghi gì" in result.stderr
    assert count(writable_db) == before


def test_good_file_imports_and_dry_run_does_not(writable_db, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("unit_code,indicator_code,period,value,numerator,denominator\n"
                    "96,TCD_DOAN,2019,12,,\n"
                    "95,MC_CQCM,2019,,15,17\n", encoding="utf-8")
    before = count(writable_db)
    dry = run_import(writable_db, good, extra=["--dry-run"])
    assert dry.returncode == 0, dry.stderr
    assert "Mới: 2" in dry.stdout
    assert count(writable_db) == before
    real = run_import(writable_db, good)
    assert real.returncode == 0, real.stderr
    assert count(writable_db) == before + 2
    assert count(writable_db, "SELECT round(value, 2) FROM current_observations WHERE indicator_code = 'MC_CQCM' "
                              "AND period = '2019'") == 88.24


def test_unreadable_file_exits_2(writable_db, tmp_path):
    result = run_import(writable_db, tmp_path / "missing.csv")
    assert result.returncode == 2
    assert "Không mở được tệp" in result.stderr
