"""Chuyển đổi địa giới: which old units make up each of today's units, and how shares were obtained.

The crosswalk comes from `vietnamadminunits`; split communes' shares are estimated from the default map. Official
corrections replace it with `python -m danvan crosswalk load FILE.csv` or the upload below.
"""

import polars as pl
import streamlit as st

from danvan.grammar.i18n import t
from danvan.store.crosswalk import load_crosswalk_csv
from ui.controls import lang, url_select
from ui.page import ensure_navigation
from ui.store import connection, data_changed, query, uploaded_file
from ui.text import plain

ensure_navigation()
L = lang()
st.header(t("page_crosswalk", L))
st.caption(t("crosswalk_intro", L))

# 1/ Controls
level = url_select(t("map_level", L), ["province", "commune"], "level", format_func=lambda v: t(f"level_{v}", L))
provinces = query("units_in_scope", era="new", level="province", province_key=None)
names = {"": t("all_provinces", L)} | dict(zip(provinces["unit_key"], provinces["name"], strict=True))
new_key = url_select(t("crosswalk_new_unit", L), list(names), "new", format_func=names.get) or None

# 2/ Data: for a province, its old provinces (province level) or the communes inside it (commune level)
table = query("crosswalk_table", level=level, new_key=new_key if level == "province" else None)
if level == "commune" and new_key:
    inside = set(query("units_in_scope", era="new", level="commune", province_key=new_key)["unit_key"].to_list())
    table = table.filter(pl.col("new_key").is_in(list(inside)))

# 3/ Table
st.metric(t("crosswalk_rows", L), table.height)
st.dataframe(table.select(
    pl.col("old_name").alias(t("crosswalk_old", L)), "old_code",
    pl.col("new_name").alias(t("crosswalk_new", L)), "new_code",
    pl.col("share").round(4).alias(t("crosswalk_share", L)), "method", "is_default", "source"),
    hide_index=True, key="crosswalk")

# 4/ Official corrections replace rows of the old units they name (all or nothing)
upload = st.file_uploader(t("crosswalk_upload", L), type=["csv"], key="crosswalk_file")
if upload and st.button(t("crosswalk_load", L), key="crosswalk_load"):
    with uploaded_file(upload) as path:
        try:
            written = load_crosswalk_csv(connection().cursor(), path, source=f"Chính thức: {upload.name}")
        except ValueError as exc:
            st.error(plain(exc))
        else:
            data_changed()
            st.success(t("crosswalk_loaded", L, n=sum(written.values())))
