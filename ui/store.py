"""Cached access to the store for pages: one connection per file, one cursor per query."""

from __future__ import annotations

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
from danvan.ingest.bootstrap import ensure_store
from danvan.store import db
from danvan.store.registry import UnitIndex, index_for


def db_path() -> str:
    """The embedded default, unless DANVAN_DB points elsewhere (tests, other deployments)."""
    return os.environ.get("DANVAN_DB", str(DEFAULT_DB))


@st.cache_resource(show_spinner="Đang mở kho dữ liệu…")
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    ensure_store(path)
    return db.connect(path)


def connection() -> duckdb.DuckDBPyConnection:
    return _connection(db_path())


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, name: str, params: tuple) -> pl.DataFrame:
    cursor = _connection(path).cursor()
    try:
        return db.run(cursor, name, **dict(params))
    finally:
        cursor.close()


def query(name: str, **params: object) -> pl.DataFrame:
    """Run a named query; results are cached until data changes (see `data_changed`)."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _cached(db_path(), name, frozen)


@st.cache_resource(show_spinner=False)
def _unit_index(path: str) -> UnitIndex:
    cursor = _connection(path).cursor()
    try:
        return index_for(cursor)
    finally:
        cursor.close()


def unit_index() -> UnitIndex:
    """Lookups by unit code and name, built once per store (units change only when the registry is reloaded)."""
    return _unit_index(db_path())


def data_changed() -> None:
    """Call after any write so every page reads fresh numbers."""
    _cached.clear()


@st.cache_data(show_spinner=False, max_entries=64)
def _layer(path: str, era: str, level: str, province_key: str | None) -> dict:
    from danvan.geo.boundaries import geojson_layer

    cursor = _connection(path).cursor()
    try:
        return geojson_layer(cursor, era, level, province_key)
    finally:
        cursor.close()


def boundary_layer(era: str, level: str, province_key: str | None = None) -> dict:
    """GeoJSON of one map layer; cached until boundaries change (`boundaries_changed`)."""
    return _layer(db_path(), era, level, province_key)


def boundaries_changed() -> None:
    _layer.clear()


@contextmanager
def uploaded_file(upload: UploadedFile) -> Iterator[Path]:
    """An uploaded file as a path on disk, for readers that need one (GeoPandas, the crosswalk CSV)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / upload.name
        path.write_bytes(upload.getvalue())
        yield path
