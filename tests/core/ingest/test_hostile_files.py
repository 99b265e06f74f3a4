"""Hostile and broken files cost little and hurt no one: each is refused quickly, in bounded memory, with a
Vietnamese message that says where, and the store is unchanged.

Time and memory are measured in a fresh Python process (its own peak RSS), so earlier tests cannot hide a blow-up.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest

from danvan.ingest.importer import plan_bytes
from danvan.ingest.limits import LimitError, Limits
from danvan.ingest.reader import ReadError, read_bytes
from danvan.store import db

ROOT = Path(__file__).resolve().parents[3]
HEADER = "Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị,Ghi chú\n"


def measured(path: Path) -> dict:
    """Read `path` in a new process: the outcome, seconds spent reading, and the process's peak RSS in MB."""
    code = textwrap.dedent(f"""
        import json, time
        from danvan.ingest.reader import read_file
        start = time.perf_counter()
        try:
            read_file({str(path)!r})
            outcome = "read"
        except Exception as exc:
            outcome = type(exc).__name__ + ": " + str(exc)
        seconds = time.perf_counter() - start
        # VmHWM is this process's own peak: ru_maxrss would also count the forked test runner's memory.
        hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
        print(json.dumps({{"outcome": outcome, "seconds": seconds, "peak_mb": int(hwm.split()[1]) / 1024}}))
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def small_workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ báo cáo", "Giá trị"])
    wb.active.append([96, "TCD_CUOC", 2023, 12])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_bomb(path: Path, unpacked_mb: int) -> Path:
    """A real workbook whose sheet is replaced by `unpacked_mb` MB of rows that deflate a thousandfold."""
    source = zipfile.ZipFile(io.BytesIO(small_workbook()))
    row = "<row>" + '<c t="inlineStr"><is><t>x</t></is></c>' * 50 + "</row>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                out.writestr(item, source.read(item))
                continue
            with out.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                chunk = (row * 1000).encode()
                for _ in range(unpacked_mb * 1024 * 1024 // len(chunk) + 1):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return path


def test_a_zip_bomb_is_refused_from_its_directory_in_bounded_time_and_memory(tmp_path):
    path = zip_bomb(tmp_path / "bom.xlsx", 300)
    assert path.stat().st_size < 3 * 1024 * 1024  # 300 MB of sheet in under 3 MB
    got = measured(path)
    assert got["outcome"].startswith("LimitError: ")
    assert "giải nén ra" in got["outcome"] and "vượt giới hạn 200 MB" in got["outcome"]
    assert got["seconds"] < 2
    assert got["peak_mb"] < 500


def test_a_sheet_of_ten_thousand_columns_is_refused_before_it_is_read(tmp_path):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Rộng")
    ws.append([f"c{j}" for j in range(10_000)])
    ws.append(list(range(10_000)))
    path = tmp_path / "rong.xlsx"
    wb.save(path)
    got = measured(path)
    assert got["outcome"] == ('LimitError: Trang tính "Rộng" của tệp "rong.xlsx" có 10.000 cột, vượt giới hạn '
                              "1.000 cột. Hãy xóa các cột thừa rồi gửi lại.")
    assert got["seconds"] < 1


def test_rows_are_bounded_while_the_sheet_streams_even_when_its_dimension_lies(tmp_path):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Dài")
    ws.append(["Mã đơn vị", "Mã chỉ tiêu", "Kỳ báo cáo", "Giá trị"])
    for i in range(3_000):
        ws.append([96, "TCD_CUOC", 2023, i])
    buffer = io.BytesIO()
    wb.save(buffer)
    # Rewrite the sheet's <dimension> to claim one row: the limit must still hold while streaming.
    source = zipfile.ZipFile(buffer)
    lying = io.BytesIO()
    with zipfile.ZipFile(lying, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            body = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                body = body.replace(b'<dimension ref="A1:D3001"/>', b'<dimension ref="A1:D1"/>')
            out.writestr(item, body)
    with pytest.raises(LimitError, match="vượt giới hạn 1.000 dòng số liệu"):
        read_bytes(lying.getvalue(), "dai.xlsx", Limits(max_rows=1_000))


def test_a_nul_byte_is_named_by_line_and_column():
    data = (HEADER + "96,TCD_CUOC,2023,1\x002,\n").encode()
    with pytest.raises(ReadError) as exc:
        read_bytes(data, "nul.csv")
    assert str(exc.value) == ('Không đọc được tệp "nul.csv": có ký tự NUL (byte 0) ở dòng 2, ký tự thứ 19: tệp hỏng '
                              "hoặc không phải tệp văn bản.")


def test_broken_utf8_is_named_by_line_and_never_read_as_another_encoding():
    data = (HEADER + "96,TCD_CUOC,2023,12,Đã kiểm tra\n").encode() + b"95,TCD_CUOC,2023,7,l\xe1\xbb i\n"
    with pytest.raises(ReadError) as exc:
        read_bytes(data, "hong.csv")
    assert "byte không hợp lệ (0xE1) ở dòng 3, ký tự thứ 21" in str(exc.value)


def test_windows_1258_still_reads_as_windows_1258():
    data = "unit_code,indicator_code,period,value,note\n96,TCD_CUOC,2023,12,Đơn Ưu\n".encode("cp1258")
    assert read_bytes(data, "cp.csv").encoding == "cp1258"


def test_an_oversized_cell_is_refused_with_its_row_and_column():
    data = (HEADER + "96,TCD_CUOC,2023,12," + "x" * 200_000 + "\n95,TCD_CUOC,2023,3,ok\n").encode()
    result = read_bytes(data, "dai.csv")
    assert result.rows.select("row_no", "read_error", "read_error_column").rows() == [
        (2, "Ô dài 200.000 ký tự, vượt giới hạn 32.767 ký tự của một ô.", "E (Ghi chú)"), (3, None, None)]


@pytest.mark.parametrize("make", ["bomb", "columns"])
def test_a_refused_workbook_changes_nothing(writable_db, tmp_path, make):
    if make == "bomb":
        data = zip_bomb(tmp_path / "b.xlsx", 50).read_bytes()
    else:
        wb = openpyxl.Workbook()
        wb.active.append(list(range(2_000)))
        buffer = io.BytesIO()
        wb.save(buffer)
        data = buffer.getvalue()
    with db.connect(writable_db) as con:
        before = con.execute("SELECT (SELECT count(*) FROM observations), (SELECT count(*) FROM uploads)").fetchall()
        with pytest.raises(LimitError):
            plan_bytes(con, data, "x.xlsx")
        after = con.execute("SELECT (SELECT count(*) FROM observations), (SELECT count(*) FROM uploads)").fetchall()
    assert after == before
