"""Acting users for tests that write: the core refuses writes without one (issue 15)."""

from danvan.store.authz import User

ADMIN = User("kiem-thu", "Kiểm thử", "admin", None)


def admin(name: str) -> User:
    """An administrator named as the test needs it (uploaded_by and recorded_by carry the name)."""
    return User(name, name, "admin", None)


def as_admin(db_path: object) -> list[str]:
    """CLI arguments acting as ADMIN, stored in that store first (CLI commands that write need `--as NAME`)."""
    from danvan.store import accounts, db

    with db.connect(str(db_path)) as con:
        if accounts.get_user(con, ADMIN.username) is None:
            accounts.add_user(con, ADMIN.username, role="admin", display_name=ADMIN.display_name, actor=None)
    return ["--as", ADMIN.username]


def signed_in_admin(db_path: object) -> str:
    """A session token of the UI tests' administrator in that store (for AppTest's session state), made before
    the page opens the file."""
    from tests.sessions import ADMIN as NAME
    from tests.sessions import add_accounts, session_token

    add_accounts(db_path)
    return session_token(NAME, db_path)
