"""Chuyển đổi địa giới: which old units make up each of today's units, and how shares were obtained.

The crosswalk comes from `vietnamadminunits`; split communes' shares are estimated from the default map. Official
corrections replace it with `python -m danvan crosswalk load FILE.csv` or the upload below (CSV or Excel's "Unicode
text"; comma, semicolon or tab). A file that cannot be loaded is named with the reason, in Vietnamese; nothing is
written then.
"""

import polars as pl
import streamlit as st

from danvan.grammar.i18n import t
from danvan.store.access import StoreBusy
from danvan.store.authz import Refused, allowed
from danvan.store.crosswalk import CrosswalkError, load_crosswalk_bytes
from ui.auth import require
from ui.controls import lang, url_select
from ui.page import ensure_navigation
from ui.store import data_changed, query, writing
from ui.text import plain

ensure_navigation()
L = lang()
st.header(t("page_crosswalk", L))
user = require("read", L)
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

# 3/ Table, and how much of the whole crosswalk is official or estimated
st.metric(t("crosswalk_rows", L), table.height)
methods = query("crosswalk_counts").filter(pl.col("level") == level)
if methods.height:
    st.caption(t("crosswalk_methods", L, official=methods["official"].item(), estimated=methods["estimated"].item(),
                 rows=methods["rows"].item()))
methods_vi = {m: t(f"crosswalk_method_{m}", L) for m in ("whole", "area_estimate", "official")}
st.dataframe(table.select(
    pl.col("old_name").alias(t("crosswalk_old", L)), pl.col("old_code").alias(t("crosswalk_old_code", L)),
    pl.col("new_name").alias(t("crosswalk_new", L)), pl.col("new_code").alias(t("crosswalk_new_code", L)),
    pl.col("share").round(4).alias(t("crosswalk_share", L)),
    pl.col("method").replace_strict(methods_vi, default=pl.col("method")).alias(t("crosswalk_method", L)),
    pl.when(pl.col("is_default")).then(pl.lit(t("yes", L))).otherwise(pl.lit(t("no", L)))
    .alias(t("crosswalk_is_default", L)),
    pl.col("source").alias(t("source", L))),
    hide_index=True, key="crosswalk")

# 4/ Official corrections replace rows of the old units they name (all or nothing)
done = st.session_state.pop("crosswalk_done", None)  # set before the rerun that shows the new rows
if done:
    st.success(done)
if user is None or not allowed(user, "crosswalk"):  # reading is for everyone who may read; loading for admins
    st.caption(t("auth_crosswalk_admin", L))
    st.stop()
upload = st.file_uploader(t("crosswalk_upload", L), type=["csv", "txt", "tsv"], key="crosswalk_file",
                          help=t("crosswalk_upload_help", L))
if upload and st.button(t("crosswalk_load", L), key="crosswalk_load"):
    try:
        with writing(L) as cursor:
            written = load_crosswalk_bytes(cursor, upload.getvalue(), source=f"Chính thức: {upload.name}", user=user)
    except (CrosswalkError, Refused, StoreBusy) as exc:
        st.error(plain(exc))
    except Exception as exc:  # never a traceback on this page: say it (nothing was written)
        st.error(plain(t("crosswalk_failed", L, why=exc)))
    else:
        data_changed()
        st.session_state["crosswalk_done"] = t("crosswalk_loaded", L, n=sum(written.values()))
        st.rerun()
