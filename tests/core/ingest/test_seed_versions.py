"""Seeds are applied once per document version: `init` never reverts a figure staff corrected by upload.

The figure used throughout is Cà Mau's "trên 2.500 cuộc" tiếp công dân in 2018 (document 003, Báo Cà Mau),
corrected by an upload to "trên 2.600". Expected values are written out here, not taken from the code.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from danvan.ingest import seed
from danvan.ingest.bootstrap import init_store
from danvan.ingest.importer import commit, plan_bytes, undo_upload
from danvan.store import db, revisions
from tests.actors import admin

TODAY = date(2026, 11, 23)
DOC = "003_3675075fde1b5187"  # Báo Cà Mau: TTHC_GIAM_TG, TCD_CUOC, TCD_LUOT, TCD_DOAN for old:96, 2018
OTHER = "004_c8b10eee645a3bd6"  # Bình Phước: four figures of old:70
UNCHANGED_DOCS = ["000_94d2e139fb0d71cf", "001_d260231ebc75e8ee", "002_0ce02527a35dd421"]
CORRECTION = "unit_code,indicator_code,period,value\n96,TCD_CUOC,2018,trên 2.600\n"
# The seed workbook (PAPI) is applied at `init` too; its own figures are tested in test_papi.py.
PAPI_CURRENT = "Bảng số liệu gốc papi_2011_2016: đã nạp ở phiên bản hiện tại, không nạp lại."
PAPI_AGAIN = [
    "Bảng số liệu gốc papi_2011_2016: nạp phiên bản mới; 0 mới, 0 sửa theo phiên bản mới, 2.632 không đổi, "
    "0 không áp dụng, 2 ô bỏ qua.",
    "  Bỏ qua ô 2014_PAPI!AF17 (Điểm của chỉ tiêu PAPI_TONG phải trong khoảng 6–60 điểm.): Bảng để trống 6 chỉ số "
    "nội dung của Bắc Giang năm 2014; ô tổng là công thức cộng các ô trống nên ghi 0, không phải điểm PAPI "
    "(thang 6–60).",
    "  Bỏ qua ô 2014_PAPI!AF58 (Điểm của chỉ tiêu PAPI_TONG phải trong khoảng 6–60 điểm.): Bảng để trống 6 chỉ số "
    "nội dung của Đồng Tháp năm 2014; ô tổng là công thức cộng các ô trống nên ghi 0, không phải điểm PAPI "
    "(thang 6–60).",
]


def cell(con, indicator: str, period: str, unit_key: str = "old:96") -> list[tuple]:
    """(value, raw_text, upload_id, source_ref) of every current row of the cell (there must be one)."""
    return con.execute(
        "SELECT o.value, o.raw_text, o.upload_id, s.source_ref FROM observations o "
        "LEFT JOIN sources s ON s.source_id = o.source_id "
        "WHERE o.superseded_at IS NULL AND o.unit_key = $u AND o.indicator_code = $i AND o.period = $p "
        "AND o.status = 'actual'", {"u": unit_key, "i": indicator, "p": period}).fetchall()


def upload_correction(path: Path) -> int:
    with db.connect(path) as con:
        plan = plan_bytes(con, CORRECTION.encode("utf-8"), "sua-so-lieu.csv", today=TODAY)
        assert (plan.summary.new, plan.summary.revised) == (0, 1)
        (upload_id,) = commit(con, [plan], user=admin("Chị Lan"))
    return upload_id


def rows_in_store(path: Path) -> tuple[int, int]:
    """Rows of the seed documents and uploads (all, current); the PAPI workbook's are left out."""
    with db.connect(path) as con:
        return con.execute("SELECT count(*), count(*) FILTER (WHERE superseded_at IS NULL) FROM observations "
                           "WHERE indicator_code NOT LIKE 'PAPI%'").fetchall()[0]


def test_init_twice_keeps_the_uploaded_correction_current_and_undoable(writable_db, monkeypatch):
    upload_id = upload_correction(writable_db)
    before = rows_in_store(writable_db)  # 19 seed rows + 1 upload row, 19 current

    calls = []
    monkeypatch.setattr(revisions, "stage", lambda *a, **k: calls.append(a))  # would fail at commit if called
    first = init_store(writable_db)
    second = init_store(writable_db)
    assert calls == []
    for counts in (first, second):
        assert (counts["seed_new"], counts["seed_revised"], counts["seed_held"]) == (0, 0, 0)
        assert counts["seed_report"] == ["Tài liệu gốc: 5 tài liệu đã nạp ở phiên bản hiện tại, không nạp lại.",
                                         PAPI_CURRENT]
    assert rows_in_store(writable_db) == before == (20, 19)

    with db.connect(writable_db) as con:
        assert cell(con, "TCD_CUOC", "2018") == [(2600.0, "trên 2.600", upload_id, None)]
        undo_upload(con, upload_id, user=admin("Chị Lan"))
        assert cell(con, "TCD_CUOC", "2018") == [(2500.0, "trên 2.500", None, DOC)]


def test_a_store_seeded_before_seed_versions_keeps_the_correction(writable_db):
    """A store from before migration 007 has no versions: the first `init` stages the documents again, and
    holds the corrected figure back instead of reverting it."""
    upload_id = upload_correction(writable_db)
    with db.connect(writable_db) as con:
        con.execute("DELETE FROM seed_versions")

    counts = init_store(writable_db)
    # 19 seed figures: the corrected one held back, the 18 others unchanged.
    assert (counts["seed_new"], counts["seed_revised"], counts["seed_held"]) == (0, 0, 1)
    assert counts["seed_report"][1] == "Số liệu gốc: 0 mới, 0 sửa theo phiên bản mới, 18 không đổi, 1 không áp dụng."
    assert counts["seed_report"][2] == (
        f"  Không áp dụng TCD_CUOC old:96 2018: giữ số liệu tải lên #{upload_id} (Chị Lan) “trên 2.600” thay vì số "
        f"“trên 2.500” của tài liệu gốc {DOC}")
    assert counts["seed_report"][3:] == PAPI_AGAIN  # unchanged: the workbook's figures are its own
    with db.connect(writable_db) as con:
        assert cell(con, "TCD_CUOC", "2018") == [(2600.0, "trên 2.600", upload_id, None)]
        assert con.execute("SELECT rows_skipped FROM seed_versions WHERE source_ref = $r", {"r": DOC}).fetchall() \
            == [(1,)]
        undo_upload(con, upload_id, user=admin("Chị Lan"))  # never "lần tải sau (#None)"
        assert cell(con, "TCD_CUOC", "2018") == [(2500.0, "trên 2.500", None, DOC)]
    assert rows_in_store(writable_db) == (20, 19)


def write_new_version(tmp_path: Path) -> Path:
    """documents.yml with document 003 changed (one figure corrected, one corrected by upload, one added) and
    document 004 naming a figure of 003; the other documents are re-written in another layout, not changed."""
    data = yaml.safe_load(seed.SEED_FILE.read_text(encoding="utf-8"))
    docs = {d["ref"]: d for d in data["documents"]}
    by_indicator = {o["indicator"]: o for o in docs[DOC]["observations"]}
    by_indicator["TCD_DOAN"]["value"] = "45"             # its own figure: revised 43 → 45
    by_indicator["TCD_CUOC"]["value"] = "trên 2.550"     # corrected by upload: held back
    docs[DOC]["observations"].append({"unit": "96", "indicator": "TCD_DOAN", "period": "2019", "value": "40",
                                      "quote": "Năm 2019 có 40 đoàn đông người."})  # new
    docs[OTHER]["observations"].append({"unit": "96", "indicator": "TCD_LUOT", "period": "2018",
                                        "value": "hơn 2.800", "quote": "hơn 2.800 lượt người"})  # 003's figure
    path = tmp_path / "documents.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    return path


def test_a_new_version_adds_what_is_new_and_reports_what_it_held_back(writable_db, tmp_path, monkeypatch):
    upload_id = upload_correction(writable_db)
    new_version = write_new_version(tmp_path)

    counts = init_store(writable_db, seed_file=new_version)
    # 003: TTHC_GIAM_TG and TCD_LUOT unchanged, TCD_DOAN 2018 revised, TCD_DOAN 2019 new, TCD_CUOC held (upload);
    # 004: its four figures unchanged, TCD_LUOT old:96 2018 held (003 wrote it).
    assert (counts["seed_new"], counts["seed_revised"], counts["seed_held"]) == (1, 1, 2)
    assert counts["seed_report"] == [
        f"Tài liệu gốc: nạp 2 phiên bản mới ({DOC}, {OTHER}); 3 tài liệu không đổi, không nạp lại.",
        "Số liệu gốc: 1 mới, 1 sửa theo phiên bản mới, 6 không đổi, 2 không áp dụng.",
        "  Sửa TCD_DOAN old:96 2018: 43 → 45",
        f"  Không áp dụng TCD_CUOC old:96 2018: giữ số liệu tải lên #{upload_id} (Chị Lan) “trên 2.600” thay vì số "
        f"“trên 2.550” của tài liệu gốc {DOC}",
        f"  Không áp dụng TCD_LUOT old:96 2018: giữ số liệu của tài liệu gốc khác {DOC} “hơn 2.700” thay vì số "
        f"“hơn 2.800” của tài liệu gốc {OTHER}",
        PAPI_CURRENT,
    ]
    with db.connect(writable_db) as con:
        assert cell(con, "TCD_DOAN", "2019") == [(40.0, "40", None, DOC)]
        assert cell(con, "TCD_DOAN", "2018") == [(45.0, "45", None, DOC)]
        assert cell(con, "TCD_CUOC", "2018") == [(2600.0, "trên 2.600", upload_id, None)]
        assert cell(con, "TCD_LUOT", "2018") == [(2700.0, "hơn 2.700", None, DOC)]
        versions = con.execute("SELECT source_ref, rows_new, rows_revised, rows_unchanged, rows_skipped "
                               "FROM seed_versions ORDER BY seed_version_id").fetchall()
    assert versions[-2:] == [(DOC, 1, 1, 2, 1), (OTHER, 0, 0, 4, 1)]
    # the first application, by the fixture: the documents, then the PAPI workbook
    assert [v[0] for v in versions[:-2]] == [*UNCHANGED_DOCS, DOC, OTHER, "papi_2011_2016"]
    # 19 seed + 1 upload + 1 revision + 1 new = 22 rows; 19 + 1 new = 20 current
    assert rows_in_store(writable_db) == (22, 20)

    # Nothing new: a second init stages nothing (not even the unit index is built) and writes nothing.
    with monkeypatch.context() as m:
        m.setattr(revisions, "stage", _refuse)
        m.setattr(seed, "index_for", _refuse)
        again = init_store(writable_db, seed_file=new_version)
    assert again["seed_report"] == ["Tài liệu gốc: 5 tài liệu đã nạp ở phiên bản hiện tại, không nạp lại.",
                                    PAPI_CURRENT]
    assert rows_in_store(writable_db) == (22, 20)

    # Back to the shipped file: a version other than the latest is applied again (43 comes back), while the
    # figure 2019 it does not list stays and the upload still wins.
    back = init_store(writable_db)
    assert (back["seed_new"], back["seed_revised"], back["seed_held"]) == (0, 1, 1)
    with db.connect(writable_db) as con:
        assert cell(con, "TCD_DOAN", "2018") == [(43.0, "43", None, DOC)]
        assert cell(con, "TCD_DOAN", "2019") == [(40.0, "40", None, DOC)]
        assert cell(con, "TCD_CUOC", "2018") == [(2600.0, "trên 2.600", upload_id, None)]
        undo_upload(con, upload_id, user=admin("Chị Lan"))
        assert cell(con, "TCD_CUOC", "2018") == [(2500.0, "trên 2.500", None, DOC)]


def _refuse(*_args, **_kwargs):
    raise AssertionError("the seed loader staged a document whose version the store already holds")


def test_the_version_ignores_layout_and_follows_content():
    doc = {"ref": "x", "title": "T", "observations": [{"unit": "96", "value": "43"}]}
    same = {"observations": [{"value": "43", "unit": "96"}], "title": "T", "ref": "x"}
    assert seed.document_version(doc, "abc") == seed.document_version(same, "abc")
    changed = {**doc, "observations": [{"unit": "96", "value": "45"}]}
    assert seed.document_version(changed, "abc") != seed.document_version(doc, "abc")
    assert seed.document_version(doc, "def") != seed.document_version(doc, "abc")  # the text changed


def revert_as_the_old_loader_did(con, upload_id: int) -> None:
    """What `init` did before seed versions: a seed row with the document's number supersedes the correction."""
    (upload_row,) = con.execute("SELECT obs_id FROM observations WHERE upload_id = $u", {"u": upload_id}).fetchall()[0]
    (seed_row,) = con.execute("SELECT obs_id FROM observations WHERE superseded_by = $o", {"o": upload_row}
                              ).fetchall()[0]
    (new_id,) = con.execute("SELECT nextval('obs_id_seq')").fetchall()[0]
    con.execute("INSERT INTO observations SELECT * REPLACE ($n AS obs_id, current_timestamp AS recorded_at, "
                "NULL AS superseded_at, NULL AS superseded_by) "
                "FROM observations WHERE obs_id = $s", {"n": new_id, "s": seed_row})
    con.execute("UPDATE observations SET superseded_at = current_timestamp, superseded_by = $n WHERE obs_id = $o",
                {"n": new_id, "o": upload_row})
    tables = {name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "current_cells" in tables:  # the invariant table of migration 008 follows the current row
        con.execute("UPDATE current_cells SET obs_id = $n WHERE obs_id = $o", {"n": new_id, "o": upload_row})


def test_undo_blockers_name_the_document_that_reverted_a_correction(writable_db):
    upload_id = upload_correction(writable_db)
    with db.connect(writable_db) as con:
        revert_as_the_old_loader_did(con, upload_id)
        blockers = db.run(con, "undo_blockers", upload_id=upload_id)
    assert blockers.rows() == [(None, DOC, 1)]


def test_undo_refused_by_a_seed_revert_says_so_in_vietnamese(writable_db):
    from danvan.ingest.importer import UndoError
    upload_id = upload_correction(writable_db)
    with db.connect(writable_db) as con:
        revert_as_the_old_loader_did(con, upload_id)
        with pytest.raises(UndoError) as refused:
            undo_upload(con, upload_id, user=admin("Chị Lan"))
    assert "#None" not in str(refused.value)
    assert "đã được tài liệu gốc" in str(refused.value) and DOC in str(refused.value)


def test_cli_init_prints_what_it_did_not_apply(writable_db):
    import subprocess
    import sys

    from tests.conftest import ROOT

    upload_id = upload_correction(writable_db)
    with db.connect(writable_db) as con:
        con.execute("DELETE FROM seed_versions")  # as a store seeded before migration 007
    run = lambda: subprocess.run([sys.executable, "-m", "danvan", "init", "--db", str(writable_db)],  # noqa: E731
                                 cwd=ROOT, capture_output=True, text=True, timeout=300)
    first = run()
    assert (first.returncode, first.stderr) == (0, "")
    # A store without an administrator (this one) ends with how to make the first one (`make run`'s first start).
    *lines, hint = first.stdout.splitlines()
    assert hint == "Chưa có quản trị viên. Tạo tài khoản đầu tiên bằng dòng lệnh: python -m danvan users add TÊN " \
                   "--admin (khi ứng dụng đã dừng), rồi đăng nhập ở trang Đăng nhập."
    assert lines[0].endswith("2651 số liệu hiện hành (0 mới từ tài liệu gốc).")  # 19 + PAPI's 2.632
    assert lines[1:] == [
        "Tài liệu gốc: nạp 5 phiên bản mới (000_94d2e139fb0d71cf, 001_d260231ebc75e8ee, 002_0ce02527a35dd421, "
        f"{DOC}, {OTHER}).",
        "Số liệu gốc: 0 mới, 0 sửa theo phiên bản mới, 18 không đổi, 1 không áp dụng.",
        f"  Không áp dụng TCD_CUOC old:96 2018: giữ số liệu tải lên #{upload_id} (Chị Lan) “trên 2.600” thay vì số "
        f"“trên 2.500” của tài liệu gốc {DOC}",
        *PAPI_AGAIN,
    ]
    second = run()
    assert second.returncode == 0
    assert second.stdout.splitlines()[1:-1] == ["Tài liệu gốc: 5 tài liệu đã nạp ở phiên bản hiện tại, không nạp lại.",
                                                PAPI_CURRENT]
