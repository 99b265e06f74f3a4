"""The upload page under AppTest: preview, rejected rows, commit, history and undo, on a private store."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

GOOD = ("Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n"
        "96,TCD_DOAN,2018,45\n"
        "96,TCD_DOAN,2019,12\n").encode()
BAD = ("Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n"
       "96,TCD_DOAN,2019,12\n"
       "96,TCD_DOAN,Quý V/2019,3\n").encode()


@pytest.fixture
def store(seeded_db, tmp_path, monkeypatch):
    path = tmp_path / "upload.duckdb"
    shutil.copy(seeded_db, path)
    monkeypatch.setenv("DANVAN_DB", str(path))
    return path


def upload_page() -> AppTest:
    return AppTest.from_file("../pages/4_nhap_so_lieu.py", default_timeout=60).run()


def metric_values(at) -> list[str]:
    return [m.value for m in at.metric]


def test_page_runs_and_offers_templates(store):
    at = upload_page()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "Tải mẫu Excel" in labels and "Tải bảng (CSV)" in labels


def test_bad_file_is_explained_and_commit_is_blocked(store):
    at = upload_page()
    at.text_input(key="user_name").input("Chị Lan")
    at.file_uploader(key="files").upload("bad.csv", BAD, "text/csv")
    at.run()
    assert not at.exception
    assert metric_values(at) == ["1", "0", "0", "1"]  # new, revised, unchanged, rejected
    problems = at.dataframe[0].value
    assert list(problems["Dòng"]) == [3]
    assert problems["Cột"][0] == "C (Kỳ báo cáo)"
    assert "quý" in problems["Thông báo"][0].lower()
    assert at.button(key="commit").disabled
    assert "còn tệp có dòng bị từ chối" in at.warning[0].value


def test_good_file_previews_revision_commits_and_undo_restores(store):
    at = upload_page()
    at.text_input(key="user_name").input("Chị Lan")
    at.file_uploader(key="files").upload("bao-cao.csv", GOOD, "text/csv")
    at.run()
    assert metric_values(at) == ["1", "1", "0", "0"]
    revisions = at.dataframe[0].value
    assert (revisions["Cũ"][0], revisions["Mới"][0]) == ("43", "45")
    assert "43 → 45" in at.code[0].value  # the same report as `import --dry-run`
    at.button(key="commit").click().run()
    assert not at.exception
    assert "Đã ghi 1 tệp" in at.success[0].value
    history = at.dataframe[-1].value
    assert list(history["Người nhập"]) == ["Chị Lan"] and list(history["Sửa đổi"]) == [1]
    at.button(key="undo").click().run()
    assert not at.exception
    # The page's own connection is still open in this process; read through it (DuckDB allows one config).
    from ui.store import connection
    rows = connection().cursor().execute(
        "SELECT value FROM current_observations WHERE unit_code = '96' AND indicator_code = 'TCD_DOAN' "
        "ORDER BY period").fetchall()
    assert rows == [(43.0,)]
