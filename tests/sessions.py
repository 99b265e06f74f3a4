"""Accounts for UI tests: add users to a store file before a page or server opens it, and sign them in as the app
does (a session token: in session state for AppTest, in the cookie for a browser)."""

from __future__ import annotations

from pathlib import Path

from danvan.store.access import Store
from danvan.store.accounts import add_user, create_session, get_user
from danvan.store.authz import User

PASSWORD = "mat-khau-kiem-thu"
ADMIN = "quan-tri"


def add_accounts(path: Path, *accounts: dict) -> None:
    """The administrator `quan-tri` (whole country) and each account (add_user's keywords plus `username`)."""
    with Store(path, linger=0).write() as cursor:
        admin = get_user(cursor, ADMIN) or add_user(cursor, ADMIN, role="admin", display_name="Quản trị",
                                                    password=PASSWORD, actor=None)
        for account in accounts:
            add_user(cursor, **({"password": PASSWORD} | account), actor=admin)


def sign_in_page(page, url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the app's own form in a browser tab; returns once the sidebar names the user."""
    page.goto(f"{url}/dang_nhap")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.locator('[data-testid="stSidebar"]').get_by_text("Đăng xuất").wait_for(timeout=60_000)


def session_token(username: str, path: Path | None = None) -> str:
    """A live session for the user: through the page's own store (AppTest) or a file no one else has open."""
    if path is None:
        from ui.store import store
        handle = store().write()
    else:
        handle = Store(path, linger=0).write()
    with handle as cursor:
        user: User | None = get_user(cursor, username)
        assert user is not None, username
        return create_session(cursor, user)
