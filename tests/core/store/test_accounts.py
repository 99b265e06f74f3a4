"""Built-in accounts: argon2 hashes only, wrong passwords refused, slowed and locked, disabled users refused,
sessions that survive a reload and end, and the `users` CLI acting as named local users."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher

from danvan.cli import main as cli
from danvan.store import accounts, db
from danvan.store.accounts import AccountError, SignInError, sign_in
from danvan.store.authz import Refused

T0 = datetime(2026, 3, 1, 9, 0, 0)
PASSWORD = "mật-khẩu-đúng-1"


@pytest.fixture
def con(writable_db):
    with db.connect(writable_db) as connection:
        yield connection


@pytest.fixture
def boss(con):
    return accounts.add_user(con, "boss", role="admin", password="quản-trị-123", actor=None)


@pytest.fixture
def clerk(con, boss):
    return accounts.add_user(con, "Nguyen.Van.A", role="data_entry", scope_key="old:95", password=PASSWORD,
                             email="A.Nguyen@BacLieu.gov.vn", display_name="Nguyễn Văn A", actor=boss)


def stored(con, username: str) -> tuple:
    return con.execute("SELECT password_hash, failures FROM users WHERE username = ?", [username]).fetchall()[0]


def test_only_the_argon2_hash_is_stored(con, clerk):
    assert clerk.username == "nguyen.van.a" and clerk.scope_key == "old:95" and clerk.source == "local"
    hashed, _ = stored(con, "nguyen.van.a")
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    assert PasswordHasher().verify(hashed, PASSWORD)
    assert "password_hash" not in accounts.list_users(con).columns
    assert accounts.user_for_email(con, "a.nguyen@baclieu.gov.vn ") == clerk  # OIDC identities map by email
    assert accounts.user_for_email(con, "ai-do@example.org") is None


def test_right_password_signs_in_and_a_wrong_one_is_refused(con, clerk):
    assert sign_in(con, "nguyen.van.a", PASSWORD, now=T0) == clerk
    for name, password in (("nguyen.van.a", "sai"), ("khong-co-ai", PASSWORD)):
        with pytest.raises(SignInError, match="^Sai tên đăng nhập hoặc mật khẩu.$"):
            sign_in(con, name, password, now=T0)


def test_repeated_failures_slow_down_then_lock_for_fifteen_minutes(con, clerk):
    def attempt(seconds: float, password: str = "sai") -> str:
        try:
            sign_in(con, "nguyen.van.a", password, now=T0 + timedelta(seconds=seconds))
        except SignInError as exc:
            return str(exc)
        return "ok"

    assert attempt(0) == attempt(1) == "Sai tên đăng nhập hoặc mật khẩu."
    assert attempt(2) == "Sai tên đăng nhập hoặc mật khẩu. Thử lại sau 2 giây."  # the third failure
    assert stored(con, "nguyen.van.a")[1] == 3
    assert attempt(3, PASSWORD) == "Đăng nhập sai nhiều lần: thử lại sau 1 giây."  # too early: even the right one
    assert stored(con, "nguyen.van.a")[1] == 3  # an attempt refused for waiting is not counted
    assert attempt(4) == "Sai tên đăng nhập hoặc mật khẩu. Thử lại sau 4 giây."
    assert attempt(6) == "Đăng nhập sai nhiều lần: thử lại sau 2 giây."
    assert attempt(8) == "Sai tên đăng nhập hoặc mật khẩu. Tài khoản bị tạm khoá 15 phút."  # the fifth
    assert attempt(8 + 14 * 60, PASSWORD) == "Đăng nhập sai nhiều lần: thử lại sau 60 giây."
    with db.connect(db_path(con)) as again:  # kept in the store: another connection (a restart) sees the lock
        assert again.execute("SELECT failures FROM users WHERE username = 'nguyen.van.a'").fetchall() == [(5,)]
    assert attempt(8 + 15 * 60, PASSWORD) == "ok"
    assert stored(con, "nguyen.van.a")[1] == 0  # a success resets the counter
    assert attempt(8 + 15 * 60 + 1) == "Sai tên đăng nhập hoặc mật khẩu."


def db_path(con) -> str:
    return con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
                       ).fetchall()[0][0]


def test_a_disabled_user_is_refused_and_loses_their_sessions(con, boss, clerk):
    token = accounts.create_session(con, clerk, now=T0)
    accounts.update_user(con, "nguyen.van.a", disabled=True, actor=boss)
    with pytest.raises(SignInError, match="đã bị khoá bởi quản trị viên"):
        sign_in(con, "nguyen.van.a", PASSWORD, now=T0)
    assert accounts.session_user(con, token, now=T0) is None
    accounts.update_user(con, "nguyen.van.a", disabled=False, actor=boss)
    assert sign_in(con, "nguyen.van.a", PASSWORD, now=T0).username == "nguyen.van.a"


def test_session_token_round_trip_expiry_and_sign_out(con, clerk):
    token = accounts.create_session(con, clerk, now=T0)
    assert len(token) >= 40
    assert con.execute("SELECT count(*) FROM sessions WHERE token_sha256 = ?", [token]).fetchall() == [(0,)]
    assert accounts.session_user(con, token, now=T0 + timedelta(hours=11, minutes=59)) == clerk
    assert accounts.session_user(con, token, now=T0 + timedelta(hours=12)) is None
    assert accounts.session_user(con, "not-a-token", now=T0) is None
    accounts.end_session(con, token)
    assert accounts.session_user(con, token, now=T0) is None


def test_first_administrator_then_only_administrators_manage_accounts(con, boss, clerk):
    with pytest.raises(AccountError, match="Đã có quản trị viên"):
        accounts.add_user(con, "second", role="admin", password="12345678", actor=None)
    with pytest.raises(Refused, match="không được quản lý tài khoản"):
        accounts.update_user(con, "boss", disabled=True, actor=clerk)
    with pytest.raises(AccountError, match="không còn quản trị viên"):
        accounts.update_user(con, "boss", role="viewer", actor=boss)
    with pytest.raises(AccountError, match="Phạm vi 'old:999'"):
        accounts.add_user(con, "x.y", role="viewer", scope_key="old:999", actor=boss)
    changed = accounts.update_user(con, "nguyen.van.a", role="approver", scope_key=None, actor=boss)
    assert (changed.role, changed.scope_key) == ("approver", None)
    assert accounts.update_user(con, "nguyen.van.a", disabled=False, actor=boss).scope_key is None  # kept
    log = db.run(con, "audit_log", username="boss", unit_key=None, action="user_set", limit=None)
    assert log["detail"].to_list()[-1] == "nguyen.van.a: vai trò: data_entry → approver; phạm vi: old:95 → None"


def test_cli_users_and_acting_as_a_named_user(writable_db, tmp_path, monkeypatch, capsys):
    store = ["--db", str(writable_db)]

    def run(*argv: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return cli([*argv, *store])

    assert run("users", "add", "boss", "--admin", "--password-stdin", stdin="quản-trị-123\n") == 0
    assert run("users", "add", "other", "--admin", "--password-stdin", stdin="12345678\n") == 2  # needs --as
    assert run("users", "add", "bl", "--role", "data_entry", "--scope", "old:95", "--password-stdin",
               "--as", "boss", stdin="bac-lieu-1\n") == 0
    assert run("users", "set", "boss", "--disable", "--as", "bl") == 4
    capsys.readouterr()
    assert run("users", "list") == 0
    assert capsys.readouterr().out.splitlines() == ["bl\tdata_entry\tTỉnh Bạc Liêu\t\thoạt động",
                                                    "boss\tadmin\tcả nước\t\thoạt động"]
    source = tmp_path / "ca-mau.csv"
    source.write_text("unit_code,indicator_code,period,value\n95,TCD_DOAN,2019,3\n96,TCD_DOAN,2019,4\n",
                      encoding="utf-8")
    with db.connect(writable_db) as con:
        before = con.execute("SELECT count(*) FROM uploads").fetchall()
    assert run("import", str(source)) == 4  # no --as: refused
    assert run("import", str(source), "--as", "bl") == 4
    assert "không được nhập số liệu cho: Tỉnh Cà Mau (dòng 3)" in capsys.readouterr().err
    with db.connect(writable_db) as con:
        assert con.execute("SELECT count(*) FROM uploads").fetchall() == before
    assert run("import", str(source), "--as", "boss") == 0
    with db.connect(writable_db) as con:
        upload_id, by = con.execute("SELECT max(upload_id), any_value(uploaded_by) FROM uploads").fetchall()[0]
    assert by == "boss"
    assert run("undo", str(upload_id), "--as", "bl") == 4  # another person's upload, and a data entry clerk
    assert run("undo", str(upload_id), "--as", "boss") == 0
    assert run("crosswalk", "build", "--as", "bl") == 4
    with db.connect(writable_db) as con:
        assert sign_in(con, "bl", "bac-lieu-1").scope_key == "old:95"


def test_cli_rebuilds_by_an_administrator_are_audited_and_all_or_nothing(writable_db, monkeypatch, capsys):
    """`crosswalk build` and `boundaries build --force` as an administrator: done, with one audit row each; when the
    audit row cannot be written, neither the crosswalk nor the shapes change (one transaction)."""
    store = ["--db", str(writable_db)]
    monkeypatch.setattr("sys.stdin", io.StringIO("quản-trị-123\n"))
    assert cli(["users", "add", "boss", "--admin", "--password-stdin", *store]) == 0
    capsys.readouterr()
    assert cli(["crosswalk", "build", "--as", "boss", *store]) == 0
    assert "province 63 dòng" in capsys.readouterr().out  # the 63 provinces before 1/7/2025, each mapped
    assert cli(["boundaries", "build", "--force", "--as", "boss", *store]) == 0
    with db.connect(writable_db) as con:
        for action, detail in (("crosswalk", "dựng lại bảng mặc định"), ("boundaries", "dựng bản ước tính (--force)")):
            log = db.run(con, "audit_log", username="boss", unit_key=None, action=action, limit=None)
            assert log["detail"].to_list() == [detail], action
        con.execute("UPDATE crosswalk SET source = 'trước khi dựng lại'")
        con.execute("UPDATE boundaries SET source = 'trước khi dựng lại'")

    def broken(*args, **kwargs):
        raise RuntimeError("audit write failed")

    monkeypatch.setattr("danvan.store.audit.record", broken)
    for argv in (["crosswalk", "build"], ["boundaries", "build", "--force"]):
        with pytest.raises(RuntimeError, match="audit write failed"):
            cli([*argv, "--as", "boss", *store])
    with db.connect(writable_db) as con:
        for table in ("crosswalk", "boundaries"):
            assert con.execute(f"SELECT DISTINCT source FROM {table}").fetchall() == [("trước khi dựng lại",)], table
