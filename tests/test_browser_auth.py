"""Sign-in in Chromium against a real OpenID Connect provider on localhost (npm `oauth2-mock-server` under Debian's
node, tests/oidc) and with built-in accounts; the app runs with its default: no reading without signing in.

The provider signs in whoever tests/oidc/server.mjs's identity file names; the app maps that e-mail to a stored user.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import time

import pytest

from tests.browser import ROOT, free_port, streamlit_server
from tests.sessions import PASSWORD, add_accounts

pytestmark = pytest.mark.browser
OIDC = ROOT / "tests" / "oidc"
PROMPT = "Hãy đăng nhập để xem bảng số liệu."
LAN = {"username": "lan", "role": "data_entry", "scope_key": "old:95", "display_name": "Chị Lan",
       "email": "lan@baclieu.gov.vn"}  # old Bạc Liêu
# Row 2 is old Bạc Liêu (inside Lan's scope), row 3 old Cà Mau (outside): the refusal names row 3.
MIXED = "Mã đơn vị,Mã chỉ tiêu,Kỳ báo cáo,Giá trị\n95,TCD_DOAN,2019,45\n96,TCD_DOAN,2019,12\n".encode()


@pytest.fixture(scope="module")
def oidc(tmp_path_factory):
    """The provider on a free port; yields (its address, the identity file a test writes before signing in)."""
    if not (OIDC / "node_modules").exists():
        subprocess.run(["npm", "ci", "--prefix", str(OIDC), "--no-audit", "--no-fund"], check=True)
    identity = tmp_path_factory.mktemp("oidc") / "identity.json"
    identity.write_text("{}")
    port = free_port()
    proc = subprocess.Popen(["node", str(OIDC / "server.mjs"), str(port), str(identity)], cwd=OIDC,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout.readline().startswith("ready"), "the OIDC provider did not start"
        yield f"http://127.0.0.1:{port}", identity
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def app(seeded_db, oidc, tmp_path_factory):
    """The app with anonymous reading off (its default) and the provider plugged in by secrets alone."""
    issuer, _identity = oidc
    folder = tmp_path_factory.mktemp("auth")
    path = folder / "danvan.duckdb"
    shutil.copy(seeded_db, path)
    add_accounts(path, LAN,
                 {"username": "hoa", "role": "viewer", "display_name": "Anh Hòa"},
                 {"username": "thu", "role": "viewer", "display_name": "Chị Thu"},
                 {"username": "khoa", "role": "viewer", "display_name": "Anh Khóa"})
    from danvan.store.access import Store
    from danvan.store.accounts import get_user, update_user
    with Store(path, linger=0).write() as cursor:
        update_user(cursor, "khoa", disabled=True, actor=get_user(cursor, "quan-tri"))
    port = free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(16)}"\n'
        'client_id = "danvan"\n'
        'client_secret = "bi-mat-kiem-thu"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n')
    with streamlit_server(path, anonymous_read=False, secrets=secrets_file, port=port) as url:
        yield url


def settled(page) -> None:
    page.locator('[data-testid="stMain"]').wait_for(timeout=60_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def main_text(page) -> str:
    settled(page)
    return page.locator('[data-testid="stMain"]').inner_text()


def sign_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/dang_nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def test_an_anonymous_visitor_sees_only_the_sign_in(app, page):
    for path in ("", "/so_sanh?indicator=NTM_XA", "/ban_do", "/nhap_so_lieu"):
        page.goto(f"{app}{path}")
        page.get_by_text(PROMPT).wait_for(timeout=60_000)
        page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
        settled(page)
        assert page.locator('[data-testid="danvanChart"], [data-testid="stDataFrame"]').count() == 0, path


def test_province_sign_in_scope_refusal_and_sign_out(app, oidc, page):
    _issuer, identity = oidc
    identity.write_text(json.dumps({"sub": "lan-1", "email": "Lan@BacLieu.gov.vn", "name": "Lan"}))
    page.goto(f"{app}/dang_nhap")
    page.get_by_role("button", name="Đăng nhập bằng tài khoản của tỉnh").click()
    # Through the provider and back: the identity is the stored user with that e-mail
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Chị Lan").wait_for(timeout=60_000)
    sidebar.get_by_text("Nhập số liệu · phạm vi: Tỉnh Bạc Liêu").wait_for(timeout=60_000)

    page.goto(f"{app}/nhap_so_lieu")
    page.get_by_text("phạm vi: Tỉnh Bạc Liêu", exact=False).first.wait_for(timeout=60_000)
    assert "Người nhập (họ tên, đơn vị)" not in main_text(page)  # the uploader is who signed in
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": "hai-tinh.csv", "mimeType": "text/csv", "buffer": MIXED})
    page.get_by_role("button", name="Ghi tất cả vào kho").click()
    error = page.locator('[data-testid="stAlertContentError"]')
    error.wait_for(timeout=60_000)
    assert "Tỉnh Cà Mau (dòng 3)" in error.inner_text()
    assert "Tỉnh Bạc Liêu (dòng" not in error.inner_text().split("cho:")[1]

    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Đăng xuất").click()
    page.get_by_text(PROMPT).or_(page.get_by_role("button", name="Đăng nhập bằng tài khoản của tỉnh")).first.wait_for(
        timeout=60_000)
    page.goto(f"{app}/nhap_so_lieu")
    page.get_by_text(PROMPT).wait_for(timeout=60_000)
    assert "Chị Lan" not in page.locator('[data-testid="stSidebar"]').inner_text()


def test_an_unknown_province_identity_is_refused(app, oidc, page):
    _issuer, identity = oidc
    identity.write_text(json.dumps({"sub": "x-1", "email": "la@ngoai.vn", "name": "Người lạ"}))
    page.goto(f"{app}/dang_nhap")
    page.get_by_role("button", name="Đăng nhập bằng tài khoản của tỉnh").click()
    page.get_by_text("chưa được cấp quyền").wait_for(timeout=60_000)
    assert "la@ngoai.vn" in main_text(page).replace("\u2060", "")  # plain() joins "@" so it is no link
    page.goto(f"{app}/so_sanh?indicator=NTM_XA")
    page.get_by_text("chưa được cấp quyền").wait_for(timeout=60_000)
    assert page.locator('[data-testid="danvanChart"]').count() == 0


def test_built_in_account_kept_across_a_reload_until_signed_out(app, page):
    sign_in(page, app, "hoa", PASSWORD)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Anh Hòa").wait_for(timeout=60_000)
    page.wait_for_function("() => document.cookie.includes('danvan_session=')", timeout=30_000)
    page.reload()
    sidebar.get_by_text("Anh Hòa").wait_for(timeout=60_000)  # a new Streamlit session: the cookie named the user
    assert PROMPT not in main_text(page)
    sidebar.get_by_role("button", name="Đăng xuất").click()
    page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)  # still on the sign-in page, signed out
    page.wait_for_function("() => !document.cookie.includes('danvan_session=')", timeout=30_000)
    page.goto(f"{app}/so_sanh?indicator=NTM_XA")
    page.get_by_text(PROMPT).wait_for(timeout=60_000)
    assert "Anh Hòa" not in sidebar.inner_text()


def test_wrong_password_is_refused_and_slowed(app, page):
    for _ in range(3):
        sign_in(page, app, "thu", "sai-mat-khau")
        page.locator('[data-testid="stAlertContentError"]').wait_for(timeout=60_000)
    started = time.monotonic()
    sign_in(page, app, "thu", PASSWORD)  # right, but too soon after three failures
    page.get_by_text("thử lại sau", exact=False).wait_for(timeout=60_000)
    assert time.monotonic() - started < 10
    assert "Chị Thu" not in page.locator('[data-testid="stSidebar"]').inner_text()


def test_a_disabled_account_is_refused(app, page):
    sign_in(page, app, "khoa", PASSWORD)
    error = page.locator('[data-testid="stAlertContentError"]')
    error.wait_for(timeout=60_000)
    assert "khoá" in error.inner_text()
    assert "Anh Khóa" not in page.locator('[data-testid="stSidebar"]').inner_text()

