"""Who may do what: roles as bundles of actions, scopes as a unit and everything below it, across the merger.

Enforced here, in the core, so the CLI, the pages and any later caller refuse the same things with the same
Vietnamese message; the UI only hides what this module would refuse anyway.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from danvan.grammar.i18n import t
from danvan.store import db

ROLES = ("viewer", "data_entry", "approver", "admin")
ACTIONS = ("read", "upload", "undo_own", "undo_any", "users", "catalogue", "boundaries", "crosswalk")


@dataclass(frozen=True)
class User:
    """The acting person: a stored account (local password or an OIDC identity mapped by email)."""

    username: str
    display_name: str
    role: str
    scope_key: str | None  # None = the whole country
    disabled: bool = False
    source: str = "local"  # or "oidc"


class Refused(PermissionError):
    """The user's role or scope does not allow the action; nothing was written. The message is Vietnamese."""


_MATRIX: dict[str, frozenset[str]] = {
    "viewer": frozenset({"read"}),
    "data_entry": frozenset({"read", "upload", "undo_own"}),
    "approver": frozenset({"read", "upload", "undo_own", "undo_any"}),
    "admin": frozenset(ACTIONS),
}


def allowed(user: User, action: str) -> bool:
    """The role matrix: viewer reads; data entry also uploads and undoes its own; approver also undoes others'
    (within scope); admin does everything. A disabled user may do nothing."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return not user.disabled and action in _MATRIX.get(user.role, frozenset())


def scope_units(con: duckdb.DuckDBPyConnection, scope_key: str | None) -> set[str] | None:
    """Unit keys the scope covers: the unit and everything below it in its era, plus the units of the other era
    it overlaps through the crosswalk at the same level, with everything below those. None = the whole country."""
    if scope_key is None:
        return None
    return set(db.run(con, "scope_units", scope_key=scope_key)["unit_key"].to_list())


def check(con: duckdb.DuckDBPyConnection, user: User, action: str, unit_keys: Iterable[str] = (),
          rows: dict[str, list[int]] | None = None) -> None:
    """Raise Refused unless the user's role allows `action` and the scope covers every unit in `unit_keys`.

    `rows` (optional): unit_key → file row numbers, named in the message (the importer passes them).
    Admins and a scope of None pass the scope test.
    """
    if not allowed(user, action):
        raise Refused(f"{describe(con, user)} không được {t('authz_action_' + action, 'vi')}."
                      + (" Tài khoản đã bị khoá." if user.disabled else ""))
    keys = sorted(set(unit_keys))
    if user.role == "admin" or user.scope_key is None or not keys:
        return
    covered = scope_units(con, user.scope_key)
    outside = [k for k in keys if k not in covered]
    if outside:
        names = _names(con, outside)
        listed = "; ".join(names[k] + (f" (dòng {_rows_text(rows[k])})" if rows and rows.get(k) else "")
                           for k in outside[:_SHOWN])
        more = f"; và {len(outside) - _SHOWN} đơn vị khác" if len(outside) > _SHOWN else ""
        raise Refused(f"{describe(con, user)} không được {t('authz_action_' + action, 'vi')} cho: {listed}{more}. "
                      "Chưa ghi gì.")


_SHOWN = 10  # units named in a refusal; the rest are counted


def describe(con: duckdb.DuckDBPyConnection, user: User) -> str:
    """"Tài khoản nguyen.van.a (nhập số liệu, phạm vi: Tỉnh Bình Phước)": who was refused, as the message says."""
    scope = "cả nước" if user.scope_key is None else _names(con, [user.scope_key])[user.scope_key]
    return f"Tài khoản {user.username} ({t('role_' + user.role, 'vi').lower()}, phạm vi: {scope})"


def _names(con: duckdb.DuckDBPyConnection, keys: list[str]) -> dict[str, str]:
    found = dict(db.run(con, "unit_names", unit_keys=keys).iter_rows())
    return {k: found.get(k, k) for k in keys}


def _rows_text(numbers: list[int], shown: int = 8) -> str:
    numbers = sorted(set(numbers))
    text = ", ".join(map(str, numbers[:shown]))
    return text + (f" và {len(numbers) - shown} dòng khác" if len(numbers) > shown else "")
