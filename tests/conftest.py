"""One seeded store per test session (a real DuckDB file); tests that write get their own copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from danvan.ingest.bootstrap import init_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def anonymous_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Visitors may read without signing in, for every test but those of the sign-in itself (they unset it): the
    app's default is off (ui/auth.py)."""
    monkeypatch.setenv("DANVAN_ANONYMOUS_READ", "1")


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "danvan.duckdb"
    init_store(path)
    return path


@pytest.fixture
def writable_db(seeded_db: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the seeded store for tests that write; every invariant must still hold afterwards."""
    from danvan.store.access import Store
    from danvan.store.invariants import report, run_checks

    path = tmp_path / "danvan.duckdb"
    shutil.copy(seeded_db, path)
    yield path
    with Store(path, linger=0).read() as cursor:
        findings = run_checks(cursor)
    assert not any(f.rows.height for f in findings), "\n".join(report(findings))


@pytest.fixture(scope="session")
def page_db(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pages keep a cached read-write connection open, so they get their own file."""
    path = tmp_path_factory.mktemp("pages") / "danvan.duckdb"
    shutil.copy(seeded_db, path)
    return path


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser), one per test module."""
    from tests.browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def on_page_db(page_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest pages read the shared read-only seeded store."""
    monkeypatch.setenv("DANVAN_DB", str(page_db))


@pytest.fixture
def page(browser):
    """A fresh browser tab at a desktop size, in Vietnamese."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def app_url(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """A real `streamlit run app.py` on a copy of the seeded store, one per test module (modules that need other
    figures define their own)."""
    from tests.browser import CHROMIUM, streamlit_server

    if not shutil.which(CHROMIUM):
        pytest.fail("Debian chromium missing: `make test` installs it (apt-get install chromium)")
    path = tmp_path_factory.mktemp("browser") / "danvan.duckdb"
    shutil.copy(seeded_db, path)
    from tests.sessions import add_accounts  # `lan` (data entry, whole country) for the upload pages

    add_accounts(path, {"username": "lan", "role": "data_entry", "display_name": "Chị Lan"})
    with streamlit_server(path) as url:
        yield url
