"""Uploading returns through the importer: every error kind, all or nothing, revisions and undo."""

from datetime import date

import pytest

from danvan.ingest.importer import UndoError, commit, plan_bytes, report_lines, undo_upload
from danvan.ingest.limits import LimitError, Limits
from danvan.store import db
from tests.actors import admin

TODAY = date(2026, 11, 23)
HEADER = "unit_code,indicator_code,period,value,numerator,denominator\n"


@pytest.fixture
def con(writable_db):
    with db.connect(writable_db) as connection:
        yield connection


def plan(con, text: str, name: str = "bao-cao.csv", **options):
    return plan_bytes(con, text.encode("utf-8"), name, today=TODAY, **options)


def count(con, sql="SELECT count(*) FROM observations"):
    return con.execute(sql).fetchall()[0][0]


def current(con, unit_key, code, period, status="actual"):
    rows = con.execute(
        "SELECT value, raw_text FROM current_observations WHERE unit_key = $u AND indicator_code = $i "
        "AND period = $p AND status = $s", {"u": unit_key, "i": code, "p": period, "s": status}).fetchall()
    return rows[0] if rows else None


def messages(p) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for r in p.check.problems.iter_rows(named=True):
        out.setdefault(r["row_no"], []).append(r["message"])
    return out


def test_each_error_kind_is_named_with_its_row(con):
    p = plan(con, HEADER
             + "96,TCD_DOAN,2019,12,,\n"            # 2 fine
             + "Bac Lieeu,TCD_DOAN,2019,3,,\n"      # 3 unknown unit, suggestion
             + "96,TCD_DOANN,2019,3,,\n"            # 4 unknown indicator, suggestion
             + "157,DOITHOAI,2025-Q4,3,,\n"         # 5 district after 1 July 2025
             + "95,MC_CQCM,2019,,18,17\n"           # 6 numerator > denominator
             + "96,KNTC_TYLE,2019,120%,,\n"         # 7 percent outside 0-100
             + "96,TCD_CUOC,2019,-5,,\n"            # 8 negative count
             + "96,TCD_CUOC,2027,5,,\n"             # 9 future period
             + "96,TCD_DOAN,2019,13,,\n"            # 10 same cell twice in one file
             + "96,TCD_LUOT,2019,13/17,,\n"         # 11 count written as a ratio
             + "95,MC_CQCM,2019,13,,\n"             # 12 ratio written as a bare number
             + "96,TCD_LUOT,2019,abc,,\n")          # 13 unreadable value
    got = messages(p)
    assert 2 not in got
    assert 'Có phải "Tỉnh Bạc Liêu"?' in got[3][0]
    assert 'Có phải "TCD_DOAN"?' in got[4][0]
    assert "Cấp huyện đã bỏ từ 1/7/2025" in got[5][0] and "thuộc Tỉnh Phú Thọ" in got[5][0]
    assert got[6] == ["Tử số lớn hơn mẫu số."]
    assert got[7] == ["Tỷ lệ phần trăm phải trong khoảng 0–100."]
    assert got[8] == ["Số đếm không được âm."]
    assert "ở tương lai" in got[9][0]
    assert got[10] == ["Trùng ô đã có ở dòng 2 (cùng đơn vị, chỉ tiêu, kỳ, trạng thái)."]
    assert "là số đếm" in got[11][0]
    assert "là tỷ lệ" in got[12][0]
    assert len(got[13]) == 1 and "abc" in got[13][0]
    assert p.rows_rejected == 11 and not p.ok  # rows 3–13


def test_a_file_with_one_bad_row_writes_nothing(con):
    before = count(con)
    good_and_bad = plan(con, HEADER + "96,TCD_DOAN,2019,12,,\n96,TCD_DOAN,2019-Q5,3,,\n")
    assert good_and_bad.summary.new == 1 and good_and_bad.rows_rejected == 1
    with pytest.raises(ValueError, match="Không ghi gì"):
        commit(con, [good_and_bad], user=admin("Chị Lan"))
    assert count(con) == before
    assert count(con, "SELECT count(*) FROM uploads") == 0


def test_several_files_commit_together_or_not_at_all(con):
    before = count(con)
    good = plan(con, HEADER + "96,TCD_DOAN,2019,12,,\n", name="a.csv")
    bad = plan(con, HEADER + "96,TCD_DOAN,2020,abc,,\n", name="b.csv")  # ("x" is "not reported" since issue 10)
    with pytest.raises(ValueError, match="b.csv"):
        commit(con, [good, bad], user=admin("Anh Minh"))
    assert count(con) == before
    ids = commit(con, [good, plan(con, HEADER + "96,TCD_DOAN,2020,9,,\n", name="c.csv")], user=admin("Anh Minh"))
    assert len(ids) == 2 and count(con) == before + 2


def test_revision_shows_old_to_new_keeps_history_and_undo_restores(con):
    first = plan(con, HEADER + "96,TCD_DOAN,2018,45,,\n96,TCD_DOAN,2019,12,,\n")
    assert (first.summary.new, first.summary.revised) == (1, 1)  # 2018 was 43 in the seed document
    diff = first.summary.revisions.row(0, named=True)
    assert (diff["prev_raw_text"], diff["raw_text"], diff["prev_value"], diff["value"]) == ("43", "45", 43.0, 45.0)
    assert any("43 → 45" in line for line in report_lines(first))
    [upload_a] = commit(con, [first], user=admin("Chị Lan"))
    assert current(con, "old:96", "TCD_DOAN", "2018") == (45.0, "45")
    history = con.execute("SELECT value, superseded_at IS NOT NULL FROM observations WHERE unit_key = 'old:96' "
                          "AND indicator_code = 'TCD_DOAN' AND period = '2018' ORDER BY obs_id").fetchall()
    assert history == [(43.0, True), (45.0, False)]

    second = plan(con, HEADER + "96,TCD_DOAN,2018,45,,\n96,TCD_DOAN,2019,15,,\n")
    assert (second.summary.new, second.summary.revised, second.summary.unchanged) == (0, 1, 1)
    [upload_b] = commit(con, [second], user=admin("Anh Minh"))
    with pytest.raises(UndoError, match=f"#{upload_b}"):
        undo_upload(con, upload_a, user=admin("Chị Lan"))  # B built on A: undo B first

    undo_upload(con, upload_b, user=admin("Anh Minh"))
    assert current(con, "old:96", "TCD_DOAN", "2019") == (12.0, "12")
    undo_upload(con, upload_a, user=admin("Chị Lan"))
    assert current(con, "old:96", "TCD_DOAN", "2018") == (43.0, "43")  # the seed figure is back
    assert current(con, "old:96", "TCD_DOAN", "2019") is None
    assert count(con, "SELECT count(*) FROM current_observations WHERE indicator_code NOT LIKE 'PAPI%'") == 19
    with pytest.raises(UndoError, match="đã được hoàn tác"):
        undo_upload(con, upload_a, user=admin("Chị Lan"))
    audit = con.execute("SELECT upload_id, uploaded_by, undone_by, rows_new, rows_revised FROM uploads "
                        "ORDER BY upload_id").fetchall()
    assert audit == [(upload_a, "Chị Lan", "Chị Lan", 1, 1), (upload_b, "Anh Minh", "Anh Minh", 0, 1)]


def test_limits_give_a_clear_message(con):
    with pytest.raises(LimitError, match="vượt giới hạn 3 dòng"):
        plan(con, HEADER + "96,TCD_DOAN,2019,1,,\n" * 4, limits=Limits(max_rows=3))
    with pytest.raises(LimitError, match="MB"):
        plan(con, HEADER, limits=Limits(max_bytes=10))


def test_default_period_fills_files_without_one(con):
    p = plan(con, "unit_code,indicator_code,value\n96,TCD_DOAN,7\n", default_period="2021-Q2")
    assert p.ok and p.check.accepted["period"].to_list() == ["2021-Q2"]
