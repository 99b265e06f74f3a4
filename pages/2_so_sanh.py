"""So sánh: one indicator across several units — trend lines and a ranking, qualifiers drawn honestly.

Which units are offered, the default selection, the colours and the ranking's default level and period are
decided in danvan/present/compare.py (its docstring says how).
"""

import streamlit as st

from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.present import compare
from danvan.present.charts import ranking_figure, trend_figure
from danvan.present.sheets import frame_to_csv
from ui.controls import PLOTLY_CONFIG, lang, url_list, url_multiselect, url_select, url_toggle
from ui.labels import indicator_name, period_name
from ui.page import ensure_navigation
from ui.store import query

ensure_navigation()
L = lang()
st.header(t("page_compare", L))

# 1/ Controls, in one row so the first chart starts high on a projector (1280×720)
codes = list(catalogue.indicators())
left, middle, right = st.columns([3, 2, 5])
with left:
    code = url_select(t("indicator", L), codes, "indicator", format_func=lambda c: indicator_name(c, L))
with middle:
    view = url_select(t("view", L), ["reported", "today"], "view", format_func=lambda v: t(f"view_{v}", L))
today = "_today" if view == "today" else ""  # the same queries, on today's map
indicator = catalogue.get(code)
units = query("compare_units" + today, indicator=code, eras=compare.ERAS[view], unit_keys=url_list("units"))
names = compare.unit_options(units, L)
default = compare.default_units(units)
with right:
    chosen = url_multiselect(t("units", L), list(names), "units", format_func=names.get, default=default,
                             help=t("compare_units_help", L))
if not chosen:
    st.info(t("no_data", L))
    st.stop()
colours = compare.unit_colours(chosen)
notes = []  # said under the first chart, not above it
if chosen == default:
    notes.append(t("compare_default_units", L, n=compare.DEFAULT_UNITS))
if missing := compare.without_data(units, chosen, L):
    notes.append(t("compare_no_data_units", L, units="; ".join(missing)))
if grey := [names[k] for k, c in colours.items() if c == compare.GREY]:
    notes.append(t("compare_grey_units", L, n=len(grey), units="; ".join(grey)))

# 2/ Data
series = query("compare_series" + today, indicator=code, unit_keys=chosen)
periods = query("ranking_periods" + today, indicator=code, unit_keys=chosen)

levels = compare.ranking_levels(periods)

chart_tab, table_tab = st.tabs([t("tab_chart", L), t("tab_table", L)])
with chart_tab:
    from_zero = url_toggle(t("axis_from_zero", L), "zero")
    st.plotly_chart(trend_figure(series, indicator, L, colours, from_zero), key="trend", config=PLOTLY_CONFIG)
    for note in notes:
        st.caption(note)
    st.caption(t("axis_zero_range" if from_zero else "axis_data_range", L) + " " + t("legend_note", L))
    if levels:  # the ranking: one level, one period
        lcol, pcol = st.columns(2)
        with lcol:
            level = url_select(t("ranking_level", L), levels, "rank_level", format_func=lambda v: t(f"level_{v}", L))
        options, first = compare.ranking_periods(periods, level)
        with pcol:
            period = url_select(t("ranking_period", L), options, "rank_period", default=first,
                                format_func=lambda p: compare.period_option(periods, level, p, len(chosen), L))
        ranking = query("ranking_period" + today, indicator=code, unit_keys=chosen, level=level, period=period)
        st.plotly_chart(ranking_figure(ranking, indicator, L, colours, t(
            "ranking_title_period", L, indicator=indicator.name(L), level=t(f"level_{level}", L),
            period=period_name(period, L))), key="ranking", config=PLOTLY_CONFIG)
    else:
        st.info(t("ranking_none", L))

# 4/ The numbers behind the figures, with their sources
with table_tab:
    table = compare.compare_table(series, indicator, L, bool(today))
    st.dataframe(table, hide_index=True, key="compare_table")
    st.download_button(t("download_csv", L), frame_to_csv(table), file_name=f"so-sanh-{code}.csv",
                       mime="text/csv", key="download_compare")
