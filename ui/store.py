"""Access to the store for pages: every read and write leases the file through its own cursor (danvan.store.access),
so browser sessions never share a transaction, writers queue, and the CLI can open the file between requests."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from danvan import DEFAULT_DB
from danvan.grammar.i18n import t
from danvan.ingest.bootstrap import ensure_store
from danvan.store import db
from danvan.store.access import Store, serve
from danvan.store.registry import UnitIndex, index_for


def db_path() -> str:
    """The embedded default, unless DANVAN_DB points elsewhere (tests, other deployments)."""
    return os.environ.get("DANVAN_DB", str(DEFAULT_DB))


@st.cache_resource(show_spinner="Đang mở kho dữ liệu…")
def _store(path: str) -> Store:
    ensure_store(path)  # creates and seeds the embedded default on first run
    store = Store(path)
    store.serving = serve(path)  # the CLI's writers see the app and send staff to the upload page instead
    return store


def store() -> Store:
    return _store(db_path())


def _waiting(L: str) -> None:
    st.info(t("store_waiting", L))


@contextmanager
def reading(L: str = "vi") -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of this run's own for reads and previews (staging tables are private to it)."""
    with store().read(on_wait=lambda: _waiting(L)) as cursor:
        yield cursor


@contextmanager
def writing(L: str = "vi") -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor for one write, after any other writer; says so on the page while it waits."""
    with store().write(on_wait=lambda: _waiting(L)) as cursor:
        yield cursor


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, name: str, params: tuple) -> pl.DataFrame:
    with _store(path).read() as cursor:
        return db.run(cursor, name, **dict(params))


def query(name: str, **params: object) -> pl.DataFrame:
    """Run a named query; results are cached until data changes (see `data_changed`)."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _cached(db_path(), name, frozen)


@st.cache_resource(show_spinner=False)
def _unit_index(path: str) -> UnitIndex:
    with _store(path).read() as cursor:
        return index_for(cursor)


def unit_index() -> UnitIndex:
    """Lookups by unit code and name, built once per store (units change only when the registry is reloaded)."""
    return _unit_index(db_path())


def data_changed() -> None:
    """Call after any write so every page reads fresh numbers."""
    _cached.clear()


@st.cache_resource(show_spinner=False, max_entries=64)
def _layer(path: str, era: str, level: str, province_key: str | None) -> dict:
    """Shared, not copied: a national commune layer is ~150.000 Python objects, and cache_data would unpickle a
    copy on every rerun (~100 ms) that each session then keeps alive. Readers never change it."""
    from danvan.geo.boundaries import geojson_layer

    with _store(path).read() as cursor:
        return geojson_layer(cursor, era, level, province_key)


def boundary_layer(era: str, level: str, province_key: str | None = None) -> dict:
    """GeoJSON of one map layer; cached until boundaries change (`boundaries_changed`)."""
    return _layer(db_path(), era, level, province_key)


STATIC_GEO = Path(__file__).resolve().parent.parent / "static" / "geo"  # served at /app/static/geo/


@st.cache_data(show_spinner=False, max_entries=64)
def _layer_url(path: str, era: str, level: str, province_key: str | None) -> str:
    text = json.dumps(_layer(path, era, level, province_key), ensure_ascii=False, separators=(",", ":"))
    name = f"{era}-{level}-{hashlib.sha256(text.encode()).hexdigest()[:20]}.json"
    target = STATIC_GEO / name
    if not target.exists():  # named by content: written once, never changed, so browsers may cache it for good
        STATIC_GEO.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=STATIC_GEO, suffix=".tmp", delete=False) as f:
            f.write(text)
        os.chmod(f.name, 0o644)  # readable by a reverse proxy running as another user
        os.replace(f.name, target)
    return f"/app/static/geo/{name}"


def boundary_url(era: str, level: str, province_key: str | None = None) -> str:
    """The layer as a content-hashed static file: the map's `geojson`, fetched by the browser once, not per rerun."""
    return _layer_url(db_path(), era, level, province_key)


def boundaries_changed() -> None:
    _layer.clear()
    _layer_url.clear()


@contextmanager
def uploaded_file(upload: UploadedFile) -> Iterator[Path]:
    """An uploaded file as a path on disk, for readers that need one (GeoPandas, the crosswalk CSV)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / upload.name
        path.write_bytes(upload.getvalue())
        yield path
