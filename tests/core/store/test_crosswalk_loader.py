"""Official crosswalk files as people save them: UTF-16 and semicolons, thirds typed by hand, 1:1 rows; every
refusal in Vietnamese (loader, CLI and page), never a traceback, and nothing written then."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from danvan.store import db
from danvan.store.crosswalk import CrosswalkError, load_crosswalk_bytes, load_crosswalk_csv
from tests.actors import ADMIN, as_admin, signed_in_admin
from tests.conftest import ROOT
from ui.auth import TOKEN
from ui.text import JOINER

HEADER = ["level", "old_code", "new_code", "share"]


@pytest.fixture
def con(writable_db):
    with db.connect(writable_db) as connection:
        yield connection


def text(rows: list[list[str]], sep: str = ",") -> str:
    return "\r\n".join(sep.join(r) for r in [HEADER, *rows]) + "\r\n"


def rows_of(con: duckdb.DuckDBPyConnection, old_key: str) -> list[tuple]:
    return con.execute("SELECT new_key, share, method, is_default FROM crosswalk WHERE old_key = $o "
                       "ORDER BY new_key", {"o": old_key}).fetchall()


def table(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute("SELECT level, old_key, new_key, share, method, is_default, source FROM crosswalk "
                       "ORDER BY ALL").fetchall()


def official(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(con.execute("SELECT level, count(*) FILTER (WHERE method = 'official') FROM crosswalk "
                            "GROUP BY level").fetchall())


def new_communes(con: duckdb.DuckDBPyConnection, n: int) -> list[str]:
    return [c for (c,) in con.execute("SELECT code FROM units WHERE era = 'new' AND level = 'commune' "
                                      "ORDER BY code LIMIT $n", {"n": n}).fetchall()]


def old_commune(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("SELECT code FROM units WHERE era = 'old' AND level = 'commune' ORDER BY code LIMIT 1"
                       ).fetchall()[0][0]


def test_utf16_with_bom_tab_separated_as_excel_saves_unicode_text(con):
    # Hòa Bình (old 17) split 3:1 between Phú Thọ (new 25) and Hà Nội (new 01), decimal commas.
    data = text([["province", "17", "25", "0,75"], ["province", "17", "01", "0,25"]], sep="\t").encode("utf-16")
    assert data[:2] == b"\xff\xfe"  # the BOM Excel writes
    assert load_crosswalk_bytes(con, data, "Chính thức: unicode.txt", user=ADMIN) == {"province": 2, "commune": 0}
    assert rows_of(con, "old:17") == [("new:01", 0.25, "official", False), ("new:25", 0.75, "official", True)]


def test_utf16_big_endian_and_without_bom(con):
    rows = [["province", "17", "25", "0.5"], ["province", "17", "01", "0.5"]]
    for data in (codec_bytes(text(rows), "utf-16-be", b"\xfe\xff"), text(rows).encode("utf-16-le")):
        assert load_crosswalk_bytes(con, data, "x", user=ADMIN) == {"province": 2, "commune": 0}
        assert rows_of(con, "old:17") == [("new:01", 0.5, "official", False), ("new:25", 0.5, "official", True)]


def codec_bytes(s: str, codec: str, bom: bytes) -> bytes:
    return bom + s.encode(codec)


def test_semicolon_separated_utf8_with_bom(con):
    data = text([["province", "17", "25", "0,6"], ["province", "17", "1", "0,4"]], sep=";").encode("utf-8-sig")
    assert load_crosswalk_bytes(con, data, "x", user=ADMIN) == {"province": 2, "commune": 0}
    assert rows_of(con, "old:17") == [("new:01", 0.4, "official", False), ("new:25", 0.6, "official", True)]


@pytest.mark.parametrize("third", ["0,333333", "0.3333", "0,333", "33,3%"])
def test_thirds_typed_by_hand_pass_and_are_stored_as_exact_thirds(con, third):
    old = old_commune(con)
    news = new_communes(con, 3)
    data = text([["commune", old, new, third] for new in news], sep=";").encode("utf-8")
    assert load_crosswalk_bytes(con, data, "x", user=ADMIN) == {"province": 0, "commune": 3}
    stored = rows_of(con, f"old:{old}")
    assert [r[0] for r in stored] == [f"new:{c}" for c in news]
    assert all(r[1] == pytest.approx(1 / 3, abs=1e-12) for r in stored)  # scaled: they sum to exactly one
    assert [r[3] for r in stored] == [True, False, False]  # equal shares: the first row is the default


@pytest.mark.parametrize(("shares", "total"), [(["0,9"], "0,9"), (["0,33", "0,33", "0,33"], "0,99"),
                                               (["0,5", "0,6"], "1,1")])
def test_a_share_sum_off_by_more_than_rounding_is_refused_naming_the_old_unit(con, shares, total):
    before = table(con)
    news = ["96", "25", "01"][:len(shares)]
    data = text([["province", "95", new, s] for new, s in zip(news, shares, strict=True)], sep=";").encode("utf-8")
    with pytest.raises(CrosswalkError) as refused:
        load_crosswalk_bytes(con, data, "x", user=ADMIN)
    message = str(refused.value)
    assert "old:95 Tỉnh Bạc Liêu" in message and f"(tổng {total})" in message
    assert message.startswith("Tổng tỷ lệ của mỗi đơn vị cũ phải bằng 1 (lệch không quá 0,001)")
    assert table(con) == before  # nothing written


def test_official_one_to_one_rows_are_counted_as_official(con):
    before = official(con)
    assert before == {"province": 0, "commune": 0}
    old = old_commune(con)
    (new,) = new_communes(con, 1)
    data = text([["province", "95", "96", "1"], ["commune", old, new, ""]]).encode("utf-8")
    assert load_crosswalk_bytes(con, data, "Chính thức: qd.csv", user=ADMIN) == {"province": 1, "commune": 1}
    assert official(con) == {"province": 1, "commune": 1}
    assert rows_of(con, "old:95") == [("new:96", 1.0, "official", True)]
    counts = {r["level"]: r["official"] for r in db.run(con, "crosswalk_counts").iter_rows(named=True)}
    assert counts == {"province": 1, "commune": 1}  # what the page's caption shows


XLSX_MAGIC = b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40
BROKEN = [
    ("excel", XLSX_MAGIC, "Đây là tệp Excel, không phải CSV"),
    ("binary", bytes([0x81, 0x8d, 0x8e, 0x8f, 0x90, 0x9d]) * 20, "Tệp không phải văn bản CSV đọc được"),
    ("empty", b"", "Tệp bảng chuyển đổi thiếu cột: level, new_code, old_code"),
    ("no new_code", b"level;old_code;share\nprovince;95;1\n", "thiếu cột: new_code"),
    ("only a header", b"level,old_code,new_code,share\n\n", "không có dòng số liệu nào"),
    ("decimal comma split", b"level,old_code,new_code,share\nprovince,17,25,0,75\n", "Dòng 2: nhiều ô hơn tiêu đề"),
    ("bad level", b"level,old_code,new_code\ntinh,95,96\n", "Dòng 2: cấp 'tinh' không hợp lệ"),
    ("unknown code", b"level,old_code,new_code\nprovince,95,96\ncommune,99999,00004\n",
     "Dòng 3: mã '99999' không phải đơn vị cấp xã trước 1/7/2025"),
    ("share text", b"level,old_code,new_code,share\nprovince,95,96,abc\n", "Dòng 2: tỷ lệ 'abc' không phải số"),
    ("share zero", b"level,old_code,new_code,share\nprovince,95,96,0\n", "Dòng 2: tỷ lệ '0' phải lớn hơn 0"),
    ("share nan", b"level,old_code,new_code,share\nprovince,95,96,nan\n", "Dòng 2: tỷ lệ 'nan' phải lớn hơn 0"),
    ("repeated pair", b"level,old_code,new_code,share\nprovince,95,96,0.5\nprovince,95,96,0.5\n",
     "Dòng 3: cặp old:95 → new:96 bị lặp"),
]


@pytest.mark.parametrize(("data", "says"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_broken_file_gets_a_vietnamese_message_and_nothing_is_written(con, data, says):
    before = table(con)
    with pytest.raises(CrosswalkError) as refused:
        load_crosswalk_bytes(con, data, "x", user=ADMIN)
    assert says in str(refused.value)
    assert isinstance(refused.value, ValueError)  # callers that caught ValueError still do
    assert table(con) == before


def test_a_missing_file_is_named(con, tmp_path):
    with pytest.raises(CrosswalkError, match='Không mở được tệp ".*khong-co.csv"'):
        load_crosswalk_csv(con, tmp_path / "khong-co.csv", "x", user=ADMIN)


# ---------------------------------------------------------------- the CLI, on a copy of the store


def cli(db_file: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "danvan", "crosswalk", *args, "--db", str(db_file),
                           *as_admin(db_file)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_cli_loads_utf16_and_refuses_broken_files_with_exit_code_2(writable_db, tmp_path):
    good = tmp_path / "chinh-thuc.txt"
    good.write_bytes(text([["province", "17", "25", "0,75"], ["province", "17", "01", "0,25"]], sep="\t")
                     .encode("utf-16"))
    done = cli(writable_db, "load", str(good))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "Bảng chuyển đổi: province 2 dòng, commune 0 dòng\n"

    bad = tmp_path / "sai.csv"
    bad.write_text("level;old_code;new_code;share\nprovince;95;96;0,9\n", encoding="utf-8")
    refused = cli(writable_db, "load", str(bad))
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.startswith("LỖI: Tổng tỷ lệ của mỗi đơn vị cũ phải bằng 1") and "old:95" in refused.stderr
    assert "Traceback" not in refused.stderr

    for args, says in ((["load", str(tmp_path / "khong-co.csv")], "Không mở được tệp"),
                       (["load"], "thiếu tệp")):
        result = cli(writable_db, *args)
        assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr

    with duckdb.connect(str(writable_db), read_only=True) as con:  # the good file stayed, the bad one did nothing
        assert rows_of(con, "old:17") == [("new:01", 0.25, "official", False), ("new:25", 0.75, "official", True)]
        assert rows_of(con, "old:95") == [("new:96", 1.0, "whole", True)]


# ---------------------------------------------------------------- the page


def shown(body: str) -> str:
    """What Markdown shows for a body escaped by ui.text.plain (backslashes and invisible word joiners)."""
    return re.sub(r"\\(.)", r"\1", body).replace(JOINER, "")



def test_page_shows_the_refusal_then_loads_a_utf16_file(writable_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DANVAN_DB", str(writable_db))
    at = AppTest.from_file(str(ROOT / "pages/7_chuyen_doi.py"), default_timeout=90)
    at.session_state[TOKEN] = signed_in_admin(writable_db)
    at.query_params["level"] = "province"
    at.query_params["new"] = "new:25"
    at.run()
    assert not at.exception
    assert "0 dòng chính thức" in at.caption[-1].value

    at.file_uploader(key="crosswalk_file").upload("sai.csv", b"level;old_code;new_code;share\nprovince;17;25;0,9\n",
                                                  "text/csv")
    at.run()
    at.button(key="crosswalk_load").click().run()
    assert not at.exception
    assert shown(at.error[0].value) == ("Tổng tỷ lệ của mỗi đơn vị cũ phải bằng 1 (lệch không quá 0,001): "
                                        "old:17 Tỉnh Hòa Bình (tổng 0,9)")

    good = text([["province", "17", "25", "0,75"], ["province", "17", "01", "0,25"]], sep="\t").encode("utf-16")
    at.file_uploader(key="crosswalk_file").upload("chinh-thuc.txt", good, "text/plain")
    at.run()
    at.button(key="crosswalk_load").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "Đã thay 2 dòng chuyển đổi."
    drawn = at.dataframe[0].value
    hoa_binh = drawn[drawn["Đơn vị cũ"] == "Tỉnh Hòa Bình"]
    assert list(hoa_binh["Tỷ lệ"]) == [0.75] and list(hoa_binh["Cách xác định"]) == ["chính thức"]
    assert "2 dòng chính thức" in at.caption[-1].value
