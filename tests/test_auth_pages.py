"""Sign-in, users and audit pages under AppTest, each on a private store: the default gate (no reading without
signing in), the upload page as a scoped clerk (refusal naming the rows), the users page adding and disabling an
account, and the audit page filtering what was done."""

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import chart_specs
from tests.sessions import ADMIN, PASSWORD, add_accounts, session_token

LAN = {"username": "lan", "role": "data_entry", "scope_key": "old:95", "display_name": "Chị Lan"}
MIXED = "Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n95,TCD_DOAN,2019,45\n96,TCD_DOAN,2019,12\n".encode()


@pytest.fixture
def store(seeded_db, tmp_path, monkeypatch):
    path = tmp_path / "auth.duckdb"
    shutil.copy(seeded_db, path)
    monkeypatch.setenv("DANVAN_DB", str(path))
    add_accounts(path, LAN, {"username": "xem", "role": "viewer", "display_name": "Anh Xem"})
    return path


def page(name: str, user: str | None = None) -> AppTest:
    at = AppTest.from_file(f"../pages/{name}", default_timeout=90)
    if user:
        at.session_state["_danvan_token"] = session_token(user)
    return at.run()


def test_by_default_nothing_but_the_sign_in_is_shown(store, monkeypatch):
    monkeypatch.delenv("DANVAN_ANONYMOUS_READ")
    at = AppTest.from_file("../app.py", default_timeout=90).run()
    assert not at.exception
    assert [i.value for i in at.info] == ["Hãy đăng nhập để xem bảng số liệu."]
    assert [w.label for w in at.text_input] == ["Tên đăng nhập", "Mật khẩu"]
    assert not chart_specs(at) and not at.dataframe and not at.metric  # the overview did not run


def test_anonymous_reading_when_the_setting_allows_it(store):
    at = AppTest.from_file("../app.py", default_timeout=90).run()  # DANVAN_ANONYMOUS_READ=1 (tests/conftest.py)
    assert not at.exception
    assert "Hãy đăng nhập để xem bảng số liệu." not in [i.value for i in at.info]


def test_the_sign_in_form_signs_in_and_a_wrong_password_does_not(store, monkeypatch):
    monkeypatch.delenv("DANVAN_ANONYMOUS_READ")
    at = page("8_dang_nhap.py")
    at.text_input(key="auth_username").input("lan")
    at.text_input(key="auth_password").input("sai-mat-khau")
    at.button[0].click().run()
    assert "Sai tên đăng nhập hoặc mật khẩu" in at.error[0].value
    assert "_danvan_token" not in at.session_state
    at.text_input(key="auth_username").input("lan")
    at.text_input(key="auth_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert "Xin chào Chị Lan" in at.success[0].value
    assert at.session_state["_danvan_token"]


def test_a_viewer_may_not_upload(store):
    at = page("4_nhap_so_lieu.py", "xem")
    assert [e.value for e in at.error] == ["Tài khoản xem (Xem) không được nhập số liệu."]
    assert not at.get("file_uploader")


def test_a_scoped_clerk_is_refused_rows_of_another_province(store):
    at = page("4_nhap_so_lieu.py", "lan")
    assert "phạm vi: Tỉnh Bạc Liêu" in at.info[0].value
    at.file_uploader(key="files").upload("hai-tinh.csv", MIXED, "text/csv")
    at.run()
    at.button(key="commit").click().run()
    assert not at.exception
    refusal = next(e.value for e in at.error if e.value.startswith("Không ghi"))
    assert "Tỉnh Cà Mau (dòng 3)" in refusal.replace("\\", "")
    from ui.store import store as page_store
    with page_store().read() as cursor:
        assert cursor.execute("SELECT count(*) FROM uploads").fetchone()[0] == 0


def test_users_page_adds_and_disables_an_account_and_the_audit_shows_it(store):
    at = page("9_nguoi_dung.py", ADMIN)
    assert not at.exception
    assert set(at.dataframe[0].value["Tên đăng nhập"]) == {ADMIN, "lan", "xem"}
    at.text_input(key="ua_username").input("minh")
    at.text_input(key="ua_name").input("Anh Minh")
    at.selectbox(key="ua_role").select("approver")
    at.selectbox(key="ua_scope").select("new:96")
    at.text_input(key="ua_password").input("mat-khau-minh")
    next(b for b in at.button if b.label == "Thêm người dùng").click().run()
    assert not at.exception
    assert "Đã thêm minh." in at.success[0].value
    users = at.dataframe[0].value
    row = users[users["Tên đăng nhập"] == "minh"].iloc[0]
    assert (row["Vai trò"], row["Phạm vi"]) == ("Duyệt", "Tỉnh Cà Mau")

    at.selectbox(key="uc_user").select("minh").run()
    at.checkbox(key="uc_disabled_minh").check()
    next(b for b in at.button if b.label == "Lưu").click().run()
    assert not at.exception
    users = at.dataframe[0].value
    assert users[users["Tên đăng nhập"] == "minh"].iloc[0]["Đã khoá"] == "Có"

    audit = page("10_nhat_ky.py", ADMIN)
    audit.selectbox(key="au_user").select(ADMIN).run()
    log = audit.dataframe[0].value
    assert list(log["Việc"])[:2] == ["Sửa người dùng", "Thêm người dùng"]
    assert set(log["Người dùng"]) == {ADMIN}
    audit.selectbox(key="au_action").select("user_add").run()
    assert set(audit.dataframe[0].value["Việc"]) == {"Thêm người dùng"}
