"""The upload page under AppTest: preview, rejected rows, commit once, the same file again, undo with confirmation,
sheets of a workbook, and file or user text shown as text; each on a private store."""

import io
import re
import shutil
import string

import pytest
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from tests.sessions import add_accounts, session_token
from ui.text import JOINER, plain

GOOD = ("Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n"
        "96,TCD_DOAN,2018,45\n"
        "96,TCD_DOAN,2019,12\n").encode()
BAD = ("Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n"
       "96,TCD_DOAN,2019,12\n"
       "96,TCD_DOAN,Quý V/2019,3\n").encode()
TEXT_ELEMENTS = ("markdown", "caption", "subheader", "header", "error", "warning", "success", "info")
HOSTILE = "**Lan**<b>[x](http://evil.example)</b>"  # a display name that is Markdown and HTML


@pytest.fixture
def store(seeded_db, tmp_path, monkeypatch):
    path = tmp_path / "upload.duckdb"
    shutil.copy(seeded_db, path)
    monkeypatch.setenv("DANVAN_DB", str(path))
    add_accounts(path, {"username": "lan", "role": "data_entry", "display_name": "Chị Lan"},
                 {"username": "hostile", "role": "data_entry", "display_name": HOSTILE})
    return path


def upload_page(user: str = "lan") -> AppTest:
    """The page as the signed-in user (data entry, whole country) sees it."""
    at = AppTest.from_file("../pages/4_nhap_so_lieu.py", default_timeout=60)
    at.session_state["_danvan_token"] = session_token(user)
    return at.run()


def with_file(name: str, data: bytes, user: str = "lan", mime: str = "text/csv") -> AppTest:
    at = upload_page(user)
    at.file_uploader(key="files").upload(name, data, mime)
    return at.run()


def metric_values(at) -> list[str]:
    return [m.value for m in at.metric]


def shown(body: str) -> str:
    """What Markdown shows for a body whose only Markdown is backslash escapes (and invisible word joiners)."""
    return re.sub(r"\\(.)", r"\1", body).replace(JOINER, "")


def shown_markdown(body: str) -> str:
    """The text nodes Markdown parses out of a body: escapes resolved, joiners kept (they break rewrites)."""
    return re.sub(r"\\(.)", r"\1", body)


def bodies(at) -> list[str]:
    return [e.value for kind in TEXT_ELEMENTS for e in at.get(kind)]


def store_count(sql: str) -> int:
    # Read through the page's own store (its leases), as another session would.
    from ui.store import store
    with store().read() as cursor:
        return cursor.execute(sql).fetchall()[0][0]


def stale_click(at, key: str) -> None:
    """A press sent by a browser that still shows the button enabled (a double click, a slow server): AppTest
    refuses to click a disabled widget, so the test enables the copy it holds, as the stale browser page would.
    (Streamlit itself discards a press on a widget its last run drew disabled.)"""
    button = at.button(key=key)
    button.proto.disabled = False
    button.click().run()


def uploads() -> int:
    return store_count("SELECT count(*) FROM uploads")


def current() -> int:
    return store_count("SELECT count(*) FROM current_observations")


def quarterly_workbook(values: tuple[int, int] = (12, 15)) -> bytes:
    """Two sheets, one per quarter, each a long table under its own "Kỳ báo cáo" line (Cà Mau, TCD_CUOC)."""
    wb = Workbook()
    for i, (title, period, value) in enumerate(zip(("Quý 1", "Quý 2"), ("Quý I/2024", "Quý II/2024"), values,
                                                   strict=True)):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        ws.append([f"Kỳ báo cáo: {period}"])
        ws.append([])
        ws.append(["Mã đơn vị", "Mã chỉ tiêu", "Giá trị"])
        ws.append(["96", "TCD_CUOC", value])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_page_runs_and_offers_templates(store):
    at = upload_page()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "Tải mẫu Excel" in labels and "Tải bảng (CSV)" in labels


def test_bad_file_is_explained_and_commit_is_blocked(store):
    at = with_file("bad.csv", BAD)
    assert not at.exception
    assert metric_values(at) == ["1", "0", "0", "1"]  # new, revised, unchanged, rejected
    problems = at.dataframe[0].value
    assert list(problems["Dòng"]) == [3]
    assert problems["Cột"][0] == "C (Kỳ báo cáo)"
    assert "quý" in problems["Thông báo"][0].lower()
    assert at.button(key="commit").disabled
    assert "còn tệp có dòng bị từ chối" in at.warning[0].value


def test_good_file_previews_revision_commits_and_undo_restores(store):
    at = with_file("bao-cao.csv", GOOD)
    assert metric_values(at) == ["1", "1", "0", "0"]
    revisions = at.dataframe[0].value
    assert (revisions["Cũ"][0], revisions["Mới"][0]) == ("43", "45")
    assert "43 → 45" in at.code[0].value  # the same report as `import --dry-run`
    at.button(key="commit").click().run()
    assert not at.exception
    assert "Đã ghi 1 tệp" in at.success[0].value
    history = at.dataframe[-1].value
    assert list(history["Người nhập"]) == ["lan"] and list(history["Sửa đổi"]) == [1]
    at.button(key="undo").click().run()
    at.button(key="undo_confirm").click().run()
    assert not at.exception
    from ui.store import store
    with store().read() as cursor:
        rows = cursor.execute(
            "SELECT value FROM current_observations WHERE unit_code = '96' AND indicator_code = 'TCD_DOAN' "
            "ORDER BY period").fetchall()
    assert rows == [(43.0,)]


# --------------------------------------------------------------------------------------------- text as text

def test_plain_shows_every_punctuation_mark_literally():
    text = "[bấm](http://evil.example) **đậm** <b>x</b> :red[đỏ] $x$ # - 1. > `c` ~s~ &amp; \\ " + string.punctuation
    escaped = plain(text)
    assert shown(escaped) == text
    assert not re.search(f"[{re.escape(string.punctuation)}]", re.sub(r"\\.", "", escaped))  # none left bare
    assert plain("Ghi\nchú\t  **x**") == r"Ghi chú \*\*x\*\*"  # a line break cannot start a block
    # Rewrites of the parsed text (autolinks, shortcodes, arrows) are broken by an invisible word joiner:
    for rewritten in ("http://evil.example", "WWW.evil.example", "a@evil.example", ":tada:", ":material/home:",
                      " -> ", " <= ", " -- "):
        words = shown_markdown(plain(rewritten))
        assert JOINER in words and words.replace(JOINER, "") == rewritten.strip()
    assert not re.search(r"https?://|www\.|\w@\w|:\w+:|(^|\s)(->|<=|--)(\s|$)", shown_markdown(plain(text)))


def test_file_names_headers_and_user_names_are_shown_as_text(store):
    """A hostile file name, header cells, a ReadError quoting a file name and a user name: every Markdown body
    on the page shows them escaped (no live link, no bold, no HTML), and the file name is shown as written."""
    name = "[bấm](http://evil.example)**x**.csv"
    data = ("Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị,**Ghi chú**,[xem](http://evil.example)\n"
            "96,TCD_DOAN,2018,45,**a**,b\n").encode()
    at = upload_page("hostile")
    at.file_uploader(key="files").set_value([(name, data, "text/csv"),
                                             ("<b>[rỗng](http://evil.example)</b>.csv", b"  ", "text/csv")])
    at.run()
    assert not at.exception
    assert shown(at.subheader[0].value) == name
    assert any("[xem](http://evil.example)" in shown(c.value) for c in at.caption)  # the note quotes the header
    assert any("[rỗng](http://evil.example)" in shown(e.value) for e in at.error)  # the ReadError quotes the name

    at.file_uploader(key="files").set_value((name, data, "text/csv")).run()  # commit the good file alone, then
    at.button(key="commit").click().run()  # upload it again: the question quotes the user name, and so does undo's
    again = upload_page("hostile")
    again.file_uploader(key="files").upload(name, data, "text/csv")
    again.run()
    again.button(key="undo").click().run()
    assert not again.exception
    texts = bodies(at) + bodies(again)
    assert any(HOSTILE in shown(i.value) for i in again.info)  # the signed-in uploader's name, as text
    for body in texts:
        live = re.sub(r"\\.", "", body)  # what is left once every escaped character is taken out
        assert "](" not in live and "<b>" not in live and "**Ghi" not in live and "**Lan" not in live, body


# --------------------------------------------------------------------------------------------- commit once

def test_commit_button_is_disabled_once_pressed_and_commits_once(store):
    at = with_file("bao-cao.csv", GOOD)
    assert not at.button(key="commit").disabled
    at.button(key="commit").click().run()
    assert not at.exception
    button = at.button(key="commit")
    assert button.disabled and button.label == "Đã ghi"
    assert uploads() == 1
    stale_click(at, "commit")  # a second press that reaches the server anyway (double click)
    at.run()
    assert uploads() == 1 and at.button(key="commit").disabled
    assert list(at.dataframe[-1].value["Lần tải"]) == [1]


def test_a_press_recorded_again_after_the_write_never_writes_again(store):
    """The race Streamlit cannot see: a second press processed before the run that drew the button disabled
    (the page's press callback ran twice for the same files). The write is marked before it starts."""
    at = with_file("bao-cao.csv", GOOD)
    at.button(key="commit").click().run()
    assert uploads() == 1
    at.session_state["commit_pressed"] = at.session_state["commit_written"]  # what the callback records
    at.run()
    assert not at.exception and uploads() == 1


def test_new_files_re_arm_the_commit_button(store):
    at = with_file("bao-cao.csv", GOOD)
    at.button(key="commit").click().run()
    other = "Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n96,TCD_DOAN,2020,7\n".encode()
    at.file_uploader(key="files").set_value(None)
    at.run()
    at.file_uploader(key="files").upload("khac.csv", other, "text/csv")
    at.run()
    assert at.button(key="commit").label == "Ghi tất cả vào kho" and not at.button(key="commit").disabled
    at.button(key="commit").click().run()
    assert uploads() == 2


# --------------------------------------------------------------------------------------------- same file again

def test_same_file_again_asks_before_committing(store):
    first = with_file("bao-cao.csv", GOOD)
    first.button(key="commit").click().run()
    assert uploads() == 1

    at = with_file("bao-cao-lan-2.csv", GOOD, user="hostile")  # another person
    assert not at.exception
    question = [shown(w.value) for w in at.warning if "Tệp này đã được ghi" in w.value]
    assert len(question) == 1
    assert re.fullmatch(r"Tệp này đã được ghi lúc \d\d/\d\d/\d{4} \d\d:\d\d bởi lan \(lần tải #1\)\. "
                        r"Vẫn ghi lại\?", question[0])
    assert at.button(key="commit").disabled
    assert any("xác nhận ghi lại" in w.value for w in at.warning)
    stale_click(at, "commit")  # pressed anyway: nothing is written without the confirmation
    assert uploads() == 1
    at.checkbox(key=[c.key for c in at.checkbox if c.key.startswith("again_")][0]).check().run()
    assert not at.button(key="commit").disabled
    at.button(key="commit").click().run()
    assert not at.exception and uploads() == 2


def test_an_undone_upload_is_not_asked_about(store):
    first = with_file("bao-cao.csv", GOOD)
    first.button(key="commit").click().run()
    first.button(key="undo").click().run()
    first.button(key="undo_confirm").click().run()
    at = with_file("bao-cao.csv", GOOD)
    assert not [w for w in at.warning if "Tệp này đã được ghi" in w.value]
    assert not at.button(key="commit").disabled


# --------------------------------------------------------------------------------------------- undo

def test_undo_asks_first_then_says_what_it_undid(store):
    at = upload_page()
    before = current()
    at.file_uploader(key="files").upload("bao-cao.csv", GOOD, "text/csv")
    at.run()
    at.button(key="commit").click().run()
    committed = current()
    assert committed == before + 1  # one new figure; the revised one replaces its old current row

    at.button(key="undo").click().run()
    assert not at.exception
    assert current() == committed and store_count("SELECT count(*) FROM uploads WHERE undone_at IS NULL") == 1
    ask = shown(next(w.value for w in at.warning if "Hoàn tác lần tải #1" in w.value))
    assert "tệp bao-cao.csv, do lan ghi lúc" in ask
    assert "Sẽ xóa 1 số liệu mới và đưa 1 số liệu đã sửa về giá trị trước đó." in ask

    at.button(key="undo_confirm").click().run()
    assert not at.exception
    assert current() == before
    done = shown(at.success[-1].value)
    assert done == "Đã hoàn tác lần tải #1 (tệp bao-cao.csv): xóa 1 số liệu, đưa 1 số liệu về giá trị trước đó."
    assert not at.get("button") or "undo_confirm" not in [b.key for b in at.button]


def test_undo_can_be_cancelled(store):
    at = with_file("bao-cao.csv", GOOD)
    at.button(key="commit").click().run()
    at.button(key="undo").click().run()
    at.button(key="undo_cancel").click().run()
    assert "undo_confirm" not in [b.key for b in at.button]
    assert store_count("SELECT count(*) FROM uploads WHERE undone_at IS NULL") == 1


def test_undo_refused_keeps_its_reason_shown(store):
    at = with_file("bao-cao.csv", GOOD)
    at.button(key="commit").click().run()
    later = with_file("sua.csv", "Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n96,TCD_DOAN,2019,13\n".encode())
    later.button(key="commit").click().run()
    later.selectbox(key="undo_id").select(1).run()
    later.button(key="undo").click().run()
    later.button(key="undo_confirm").click().run()
    assert not later.exception
    assert any("lần tải sau (#2)" in shown(e.value) for e in later.error)
    assert store_count("SELECT count(*) FROM uploads WHERE undone_at IS NULL") == 2


# --------------------------------------------------------------------------------------------- sheets

def test_workbook_sheets_are_previewed_one_by_one(store):
    at = with_file("quy.xlsx", quarterly_workbook(), mime=XLSX)
    assert not at.exception
    sheets = next(d.value for d in at.dataframe if "Trang tính" in d.value.columns)
    assert list(sheets["Trang tính"]) == ["Quý 1", "Quý 2"]
    assert list(sheets["Bố cục"]) == ["dạng dài", "dạng dài"]
    assert list(sheets["Kỳ báo cáo"]) == ["Quý I/2024", "Quý II/2024"]
    assert list(sheets["Số ô đọc được"]) == [1, 1]
    assert metric_values(at)[0] == "2"


def test_a_sheet_left_out_is_neither_checked_nor_committed(store):
    at = with_file("quy.xlsx", quarterly_workbook(), mime=XLSX)
    key = next(m.key for m in at.multiselect if m.key.startswith("leave_out_"))
    at.multiselect(key=key).select("Quý 2").run()
    assert not at.exception
    assert metric_values(at)[0] == "1"
    at.button(key="commit").click().run()
    assert store_count("SELECT count(*) FROM current_observations WHERE indicator_code = 'TCD_CUOC' "
                       "AND unit_code = '96' AND period LIKE '2024-Q%'") == 1
