"""Quản trị bản đồ: load official boundaries (GeoJSON, zipped Shapefile, GeoPackage) over the approximate ones.
Administrators only (the core refuses anyone else too)."""

import polars as pl
import streamlit as st

from danvan.geo.boundaries import FILE_SOURCE_PREFIX, LAYER_NAMES, LAYERS, SOURCE_DEFAULT
from danvan.geo.official import BoundaryError, load_official
from danvan.grammar.i18n import t
from danvan.store.access import StoreBusy
from danvan.store.authz import Refused
from ui.auth import require
from ui.controls import lang
from ui.page import ensure_navigation
from ui.store import boundaries_changed, data_changed, query, uploaded_file, writing
from ui.text import plain

ensure_navigation()
L = lang()
st.header(t("page_boundaries", L))
user = require("boundaries", L)
st.caption(t("boundaries_intro", L))

# 1/ What the map is made of now
counts = query("boundary_counts", file_prefix=FILE_SOURCE_PREFIX, legacy_source=SOURCE_DEFAULT)
st.dataframe(counts.select(
    pl.struct("era", "level").map_elements(lambda r: LAYER_NAMES[(r["era"], r["level"])], return_dtype=pl.String)
    .alias(t("boundaries_layer", L)),
    *(pl.col(c).alias(t(f"boundaries_{c}", L)) for c in ("units", "shapes", "official", "from_file", "legacy"))),
    hide_index=True, key="boundary_counts")

# 2/ Controls
layer = st.selectbox(t("boundaries_layer", L), list(LAYERS), format_func=lambda k: LAYER_NAMES[k], key="b_layer")
field = st.text_input(t("boundaries_field", L), key="b_field").strip() or None
upload = st.file_uploader(t("boundaries_file", L), type=["geojson", "json", "zip", "gpkg"], key="b_file")
# The words live here until the interface dictionary (danvan/grammar/i18n.py) gets them.
confirm_era = st.checkbox(t("confirm_era", L), key="b_confirm_era")


def run(dry_run: bool) -> None:
    """Write the upload to a temporary file (the readers need a path), then load or check it."""
    with uploaded_file(upload) as path:
        try:
            with writing(L) as cursor:
                report = load_official(cursor, path, layer[0], layer[1], field, dry_run=dry_run,
                                       confirm_era=confirm_era, user=user)
        except (BoundaryError, Refused, StoreBusy) as exc:
            st.error("\n\n".join(plain(line) for line in str(exc).splitlines()))
            return
    show = st.info if dry_run else st.success
    if report.refused or report.warnings:  # refused features or a confirmed era warning: not a plain success
        show = st.warning
    show("\n\n".join(plain(line) for line in report.lines()))  # file names, fields and codes: as text
    if not dry_run:
        boundaries_changed()
        data_changed()


# 3/ Check first, then load
if upload:
    left, right = st.columns(2)
    if left.button(t("boundaries_check", L), key="b_check"):
        run(dry_run=True)
    if right.button(t("boundaries_load", L), type="primary", key="b_load"):
        run(dry_run=False)
