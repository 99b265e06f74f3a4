"""Unit columns headed as real lists head them, the title's reporting unit, --within and the row report."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date

import openpyxl
import pytest

from danvan.ingest.importer import REPORT_SCHEMA, plan_bytes, report_frame
from danvan.store import db
from danvan.store.registry import index_for
from tests.conftest import ROOT

TODAY = date(2026, 11, 23)


@pytest.fixture
def con(writable_db):
    with db.connect(writable_db) as connection:
        yield connection


def plan(con, data: str | bytes, name: str = "bao-cao.csv", **options):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return plan_bytes(con, raw, name, today=TODAY, **options)


def went(con, p) -> list[tuple]:
    """(row, unit_code, status) per record, from the row report."""
    return [(r["row"], r["unit_code"], r["status"]) for r in report_frame(p, index_for(con)).iter_rows(named=True)]


@pytest.mark.parametrize("header", ["Tỉnh", "\"TÊN TỈNH, THÀNH PHỐ\"", "Tỉnh/Thành phố", "province", "Tên tỉnh"])
def test_province_column_headers_are_read_as_provinces(con, header):
    """Before: 'no header row'. Bình Phước is 70, Cà Mau 96 (GSO); written by name under a province header."""
    p = plan(con, f"{header},Mã chỉ tiêu,Kỳ báo cáo,Giá trị\nBình Phước,TCD_DOAN,2023,4\nCà Mau,TCD_DOAN,2023,7\n")
    assert p.read.unit_level == "province"
    assert went(con, p) == [(2, "70", "accepted"), (3, "96", "accepted")]


def test_province_header_makes_a_two_digit_code_a_province(con):
    """'97' under 'Mã tỉnh' is no province (never Huyện Mường Chà 097); Excel's 1 under it is Hà Nội 01."""
    p = plan(con, "Mã tỉnh,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n97,TCD_DOAN,2023,4\n1,TCD_DOAN,2023,5\n")
    rows = went(con, p)
    assert rows[0][1:] == (None, "rejected") and rows[1][1:] == ("01", "accepted")
    assert 'Không có tỉnh nào mã "97"' in p.check.problems["message"][0]


def test_gso_sheet_layout_resolves_communes_by_code_within_their_columns(con):
    """The GSO list's own headers: Tỉnh Thành Phố | Mã TP | Quận Huyện | Mã QH | Phường Xã | Mã PX.

    Codes as the GSO list gives them: Tây Ninh 72, Thị xã Hòa Thành 709, Xã Trường Tây 25648; 25195 is
    Phường Tân Phú of Đồng Xoài, Bình Phước — a real code, but not inside the row's province and district.
    """
    text = ("Tỉnh Thành Phố,Mã TP,Quận Huyện,Mã QH,Phường Xã,Mã PX,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n"
            "Tỉnh Tây Ninh,72,Thị xã Hòa Thành,709,Xã Trường Tây,25648,TCD_DOAN,2023,3\n"
            "Tỉnh Tây Ninh,72,Thị xã Hòa Thành,709,Phường Tân Phú,25195,TCD_DOAN,2023,3\n")
    p = plan(con, text)
    assert p.read.unit_level == "commune"
    rows = went(con, p)
    assert rows[0] == (2, "25648", "accepted")
    assert rows[1][2] == "rejected"  # 25195 exists but lies outside Hòa Thành, Tây Ninh: refused, not moved
    assert "không thuộc" in p.check.problems["message"][0]


def test_names_with_province_and_district_columns_find_the_right_namesake(con):
    """Ten districts are called Châu Thành; with the province column the commune is found, without it refused."""
    text = ("Tỉnh,Huyện,Xã,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n"
            "Tây Ninh,Châu Thành,Thái Bình,TCD_DOAN,2023,4\n"
            ",Châu Thành,Thái Bình,TCD_DOAN,2023,4\n")
    p = plan(con, text)
    rows = report_frame(p, index_for(con)).to_dicts()
    assert (rows[0]["unit_name"], rows[0]["parent_name"], rows[0]["status"]) == (
        "Xã Thái Bình", "Huyện Châu Thành", "accepted")
    assert rows[1]["status"] == "rejected" and "10 đơn vị trùng tên" in rows[1]["problem"]


def test_the_title_unit_is_the_context_for_names(con):
    """A wide sheet under 'UBND HUYỆN LẠC SƠN' names its communes without a district column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["UBND HUYỆN LẠC SƠN"])
    ws.append(["Kỳ báo cáo: 2023"])
    ws.append(["Đơn vị", "TCD_DOAN"])
    ws.append(["Xã Mỹ Thành", 2])
    buffer = io.BytesIO()
    wb.save(buffer)
    p = plan(con, buffer.getvalue(), "lac-son.xlsx")
    assert p.read.title_unit == "HUYỆN LẠC SƠN"
    row = report_frame(p, index_for(con)).to_dicts()[0]
    assert (row["status"], row["parent_name"]) == ("accepted", "Huyện Lạc Sơn")


def test_within_keeps_names_inside_the_chosen_parent(con):
    """'Tân Phú' names many units; within Thành phố Đồng Xoài it is Phường Tân Phú (25195), or nothing."""
    text = "Đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\nTân Phú,TCD_DOAN,2023,4\n"
    assert went(con, plan(con, text))[0][2] == "rejected"
    inside = report_frame(plan(con, text, within="Thành phố Đồng Xoài"), index_for(con)).to_dicts()[0]
    assert (inside["unit_code"], inside["status"]) == ("25195", "accepted")


def test_cli_dry_run_report_has_one_line_per_source_row(writable_db, tmp_path):
    source = tmp_path / "tra-vinh.csv"
    source.write_text("Tỉnh,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\nTrà Vinh,TCD_DOAN,2023,4\nHà Tây,TCD_DOAN,2023,2\n",
                      encoding="utf-8")
    out = tmp_path / "report.csv"
    done = subprocess.run([sys.executable, "-m", "danvan", "import", str(source), "--db", str(writable_db),
                           "--dry-run", "--report", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1  # a rejected row: nothing written
    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["row", "unit_text", "unit_code", "unit_name", "unit_level", "parent_name",
                             "indicator_code", "period", "value", "status", "problem", "matched_by"]
    assert list(REPORT_SCHEMA) == list(rows[0])
    assert (rows[0]["unit_code"], rows[0]["unit_name"], rows[0]["status"]) == ("84", "Tỉnh Trà Vinh", "accepted")
    assert rows[1]["status"] == "rejected" and "Thành phố Hà Nội" in rows[1]["problem"]
