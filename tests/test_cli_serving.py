"""The CLI beside a serving app (a real `streamlit run` process on a copy of the store, opened once in Chromium so
the app has leased its store): export, backup and check work; import is refused with its documented exit code
and message, and writes nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.browser import streamlit_server

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "danvan", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_export_backup_and_check_work_while_the_app_serves_and_import_is_refused(seeded_db, tmp_path, page):
    store = tmp_path / "danvan.duckdb"
    shutil.copy(seeded_db, store)
    return_file = tmp_path / "bao-cao.csv"
    return_file.write_text("unit_code,indicator_code,period,value\n96,TCD_CUOC,2011,5\n", encoding="utf-8")
    with streamlit_server(store) as url:
        page.goto(f"{url}/tong_quan")
        page.get_by_text("Dân vận Dashboard").first.wait_for(timeout=60_000)  # the app has opened its store

        exported = cli("export", "--db", str(store), "--indicator", "TCD_CUOC")
        assert exported.returncode == 0, exported.stderr
        assert exported.stdout.startswith("unit_code,") and exported.stdout.count("\n") > 1

        imported = cli("import", str(return_file), "--db", str(store), "--as", "cli")
        assert imported.returncode == 3
        assert "Ứng dụng đang phục vụ kho" in imported.stderr and "trang Nhập số liệu" in imported.stderr

        backup = tmp_path / "sao-luu.duckdb"
        saved = cli("backup", str(backup), "--db", str(store))
        assert saved.returncode == 0, saved.stderr
        assert "Đã sao lưu" in saved.stdout

        checked = cli("check", "--db", str(store))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "LỖI" not in checked.stdout

        dry = cli("import", str(return_file), "--db", str(store), "--dry-run")  # a dry run only reads
        assert dry.returncode == 0, dry.stderr
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM uploads").fetchall() == [(0,)]
    with duckdb.connect(str(backup), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM observations").fetchall()[0][0] > 0
