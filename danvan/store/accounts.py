"""Accounts kept in the store: argon2 password hashes, sign-in that slows and locks, sessions.

Failures and sessions live in the store (not in memory), so they survive a restart and every server thread and
process sees the same counters. Functions that write need a write lease (Store.write); the caller's cursor.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import Final

import duckdb
import polars as pl
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from danvan.grammar.i18n import t
from danvan.store import audit, db
from danvan.store.authz import ROLES, User, check

SLOW_AFTER = 3                       # consecutive failures before each further attempt must wait
LOCK_AFTER = 5                       # consecutive failures that lock the account
LOCK_FOR = timedelta(minutes=15)
SESSION_FOR = timedelta(hours=12)
KEEP: Final = object()               # update_user: leave the scope as it is (None means the whole country)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
_HASHER = PasswordHasher()
_WRONG = "Sai tên đăng nhập hoặc mật khẩu."


class SignInError(PermissionError):
    """Sign-in refused (wrong password, waiting, locked, disabled, unknown); the message is Vietnamese."""


class AccountError(ValueError):
    """An account that cannot be created or changed as asked; the message is Vietnamese. Nothing written."""


def _user(row: dict) -> User:
    return User(row["username"], row["display_name"], row["role"], row["scope_key"], row["disabled"], row["source"])


def _row(con: duckdb.DuckDBPyConnection, username: str | None = None, email: str | None = None) -> dict | None:
    found = db.run(con, "user_get", username=username, email=email.strip().lower() if email else None)
    return found.row(0, named=True) if found.height else None


def get_user(con: duckdb.DuckDBPyConnection, username: str) -> User | None:
    row = _row(con, username=username)
    return _user(row) if row else None


def user_for_email(con: duckdb.DuckDBPyConnection, email: str) -> User | None:
    """The stored user an OIDC identity maps to (by email, case-insensitive); None = unknown (refuse it)."""
    row = _row(con, email=email) if email and email.strip() else None
    return _user(row) if row else None


def list_users(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """username, display_name, email, role, scope_key, scope_name, disabled, source, created_at, last_sign_in."""
    return db.run(con, "users_list")


def _valid(con: duckdb.DuckDBPyConnection, role: str | None, scope_key: object) -> None:
    if role is not None and role not in ROLES:
        raise AccountError(f"Vai trò '{role}' không có; chọn một trong: {', '.join(ROLES)}.")
    if isinstance(scope_key, str) and db.run(con, "unit_names", unit_keys=[scope_key]).height == 0:
        raise AccountError(f"Phạm vi '{scope_key}' không phải đơn vị hành chính nào (vd old:95, new:96).")


def add_user(con: duckdb.DuckDBPyConnection, username: str, *, role: str, scope_key: str | None = None,
             display_name: str = "", password: str | None = None, email: str | None = None,
             actor: User | None, source: str = "local") -> User:
    """Create an account (the password stored as an argon2 hash only; None = signs in through the identity
    provider by `email`). `actor` must be an admin; None only for the first administrator while no enabled admin
    exists (the CLI's `users add --admin`). Audited."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise AccountError(f"Tên đăng nhập '{username}' không hợp lệ: 2–64 ký tự chữ thường không dấu, số, . _ - @.")
    if actor is None:
        if role != "admin" or db.run(con, "admin_count").item():
            raise AccountError("Đã có quản trị viên: hãy thêm tài khoản với --as TÊN_QUẢN_TRỊ.")
    else:
        check(con, actor, "users")
    _valid(con, role, scope_key)
    if _row(con, username=username) or (email and _row(con, email=email)):
        raise AccountError(f"Đã có tài khoản '{username}'" + (f" hoặc thư điện tử {email}." if email else "."))
    if password is not None and len(password) < 8:
        raise AccountError("Mật khẩu cần ít nhất 8 ký tự.")
    with db.transaction(con):
        db.execute(con, "user_insert", username=username, display_name=display_name.strip() or username,
                   email=email.strip().lower() if email else None, role=role, scope_key=scope_key,
                   password_hash=_HASHER.hash(password) if password is not None else None, source=source,
                   now=datetime.now())
        audit.record(con, actor, "user_add", [scope_key] if scope_key else (),
                     detail=f"{username}: {t('role_' + role, 'vi')}")
    return get_user(con, username)  # type: ignore[return-value]


def update_user(con: duckdb.DuckDBPyConnection, username: str, *, role: str | None = None,
                scope_key: object = KEEP, disabled: bool | None = None, password: str | None = None,
                actor: User) -> User:
    """Change role, scope (None = the whole country; left out = keep), disabled or password (None = keep);
    admin only; refused when it would leave no enabled administrator. Audited."""
    check(con, actor, "users")
    before = get_user(con, username)
    if before is None:
        raise AccountError(f"Không có tài khoản '{username}'.")
    _valid(con, role, scope_key)
    if password is not None and len(password) < 8:
        raise AccountError("Mật khẩu cần ít nhất 8 ký tự.")
    set_scope = scope_key is not KEEP
    with db.transaction(con):
        db.execute(con, "user_update", username=before.username, role=role,
                   scope_key=scope_key if set_scope else None, set_scope=set_scope, disabled=disabled,
                   password_hash=_HASHER.hash(password) if password is not None else None)
        if before.role == "admin" and not db.run(con, "admin_count").item():
            raise AccountError("Không thể: sẽ không còn quản trị viên nào đang hoạt động.")
        after = get_user(con, before.username)
        changes = [f"{name}: {old} → {new}" for name, old, new in (
            ("vai trò", before.role, after.role), ("phạm vi", before.scope_key, after.scope_key),
            ("khoá", before.disabled, after.disabled)) if old != new] + (["mật khẩu mới"] if password else [])
        audit.record(con, actor, "user_set", {k for k in (before.scope_key, after.scope_key) if k},
                     detail=f"{before.username}: " + ("; ".join(changes) or "không đổi"))
    return after


def sign_in(con: duckdb.DuckDBPyConnection, username: str, password: str, *, now: datetime | None = None) -> User:
    """The user, or SignInError: wrong password; after SLOW_AFTER consecutive failures each attempt waits 2, 4, 8…
    seconds ("thử lại sau N giây"); after LOCK_AFTER the account is locked for LOCK_FOR; a disabled user is
    refused; a success resets the counter. An attempt refused for waiting is not counted and not checked."""
    now = now or datetime.now()
    row = _row(con, username=username.strip().lower())
    if row is None or row["password_hash"] is None:
        _dummy_verify(password)  # as slow as a real check: the answer's time does not tell who has an account
        raise SignInError(_WRONG)
    if row["disabled"]:
        raise SignInError("Tài khoản này đã bị khoá bởi quản trị viên; hãy liên hệ quản trị viên.")
    wait = _wait(row["failures"], row["last_failure"], now)
    if wait > 0:
        raise SignInError(f"Đăng nhập sai nhiều lần: thử lại sau {wait} giây.")
    try:
        _HASHER.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        db.execute(con, "sign_in_result", username=row["username"], ok=False, now=now)
        failures = row["failures"] + 1
        if failures >= LOCK_AFTER:
            raise SignInError(f"{_WRONG} Tài khoản bị tạm khoá {LOCK_FOR.seconds // 60} phút.") from None
        later = _wait(failures, now, now)
        raise SignInError(_WRONG + (f" Thử lại sau {later} giây." if later else "")) from None
    with db.transaction(con):
        db.execute(con, "sign_in_result", username=row["username"], ok=True, now=now)
        if _HASHER.check_needs_rehash(row["password_hash"]):
            db.execute(con, "user_update", username=row["username"], role=None, scope_key=None, set_scope=False,
                       disabled=None, password_hash=_HASHER.hash(password))
        audit.record(con, _user(row), "sign_in", now=now)
    return _user(row)


@cache
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_hex(16))


def _dummy_verify(password: str) -> None:
    try:
        _HASHER.verify(_dummy_hash(), password)
    except VerificationError:
        pass


def _wait(failures: int, last: datetime | None, now: datetime) -> int:
    """Whole seconds to wait before the next attempt may be checked (0 = now)."""
    if last is None or failures < SLOW_AFTER:
        return 0
    delay = LOCK_FOR if failures >= LOCK_AFTER else timedelta(seconds=2 ** (failures - SLOW_AFTER + 1))
    left = (last + delay - now).total_seconds()
    return max(0, int(-(-left // 1)))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_session(con: duckdb.DuckDBPyConnection, user: User, *, now: datetime | None = None) -> str:
    """A random token for a cookie; only its SHA-256 is stored, valid SESSION_FOR (12 hours)."""
    now = now or datetime.now()
    token = secrets.token_urlsafe(32)
    with db.transaction(con):
        db.execute(con, "session_insert", token_sha256=_digest(token), username=user.username, now=now,
                   expires_at=now + SESSION_FOR)
    return token


def session_user(con: duckdb.DuckDBPyConnection, token: str, *, now: datetime | None = None) -> User | None:
    """The user of a live session (not expired, not ended, user not disabled), else None. Reads only."""
    if not token:
        return None
    found = db.run(con, "session_user", token_sha256=_digest(token), now=now or datetime.now())
    user = get_user(con, found.item()) if found.height else None
    return user if user and not user.disabled else None


def end_session(con: duckdb.DuckDBPyConnection, token: str) -> None:
    """Sign-out: the token no longer names anyone."""
    db.execute(con, "session_end", token_sha256=_digest(token))
