"""So sánh: one indicator across several units — trend lines and a ranking, qualifiers drawn honestly."""

from datetime import date

import polars as pl
import streamlit as st

from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.present.charts import ranking_figure, trend_figure
from danvan.present.sheets import frame_to_csv
from danvan.present.style import label
from ui.controls import PLOTLY_CONFIG, lang, url_multiselect, url_select
from ui.labels import indicator_name, period_name, unit_names
from ui.page import ensure_navigation
from ui.store import query

ensure_navigation()
L = lang()
st.header(t("page_compare", L))

# 1/ Controls
codes = list(catalogue.indicators())
left, right = st.columns([3, 2])
with left:
    code = url_select(t("indicator", L), codes, "indicator", format_func=lambda c: indicator_name(c, L))
with right:
    view = url_select(t("view", L), ["reported", "today"], "view", format_func=lambda v: t(f"view_{v}", L))
today = "_today" if view == "today" else ""  # the same queries, on today's map
indicator = catalogue.get(code)
units = query("units_with_data" + today, indicator=code)
names = unit_names(units, L)
chosen = url_multiselect(t("units", L), list(names), "units", format_func=names.get, default=list(names))
if not chosen:
    st.info(t("no_data", L))
    st.stop()

# 2/ Data
series = query("compare_series" + today, indicator=code, unit_keys=chosen)
ranking = query("ranking" + today, indicator=code, unit_keys=chosen, as_of=date.today())

# 3/ Figures
st.plotly_chart(trend_figure(series, indicator, L), key="trend", config=PLOTLY_CONFIG)
if ranking.height:
    st.plotly_chart(ranking_figure(ranking, indicator, L), key="ranking", config=PLOTLY_CONFIG)
st.caption(t("legend_note", L))

# 4/ The numbers behind the figures, with their sources
table = series.with_columns(
    pl.struct(series.columns).map_elements(  # a partial figure says so in the table and the CSV
        lambda r: label(r, indicator, L) + (f" ({t('partial', L)})" if r.get("partial") else ""),
        return_dtype=pl.String).alias(t("value", L)),
    pl.col("period").map_elements(lambda p: period_name(p, L), return_dtype=pl.String).alias(t("period", L)),
).select("unit_name", t("period", L), t("value", L), "status", "source_title",
          *([pl.col("derived").alias(t("col_derived", L)), pl.col("partial").alias(t("partial", L))] if today else []))
st.dataframe(table, hide_index=True, key="compare_table")
st.download_button(t("download_csv", L), frame_to_csv(table), file_name=f"so-sanh-{code}.csv",
                   mime="text/csv", key="download_compare")
