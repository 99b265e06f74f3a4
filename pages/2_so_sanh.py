"""So sánh: one indicator across several units — trend lines and a ranking, qualifiers drawn honestly.

Which units are offered, the default selection, the colours and the ranking's default level and period are
decided in danvan/present/compare.py (its docstring says how).
"""

from dataclasses import replace

import streamlit as st

from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.present import compare
from danvan.present.charts import ranking_figure, trend_figure
from danvan.publish.presentation import View
from ui.chart import plotly_chart, preload
from ui.controls import lang, url_multiselect, url_multiselect_value, url_select, url_toggle
from ui.downloads import export_bar, image_downloads, stamp_for
from ui.labels import indicator_name, period_name
from ui.page import ensure_navigation
from ui.store import query

ensure_navigation()
preload()  # plotly.js, while the page's queries run
L = lang()
st.header(t("page_compare", L))

# 1/ Controls, in one row so the first chart starts high on a projector (1280×720)
codes = list(catalogue.indicators())
left, middle, search_col, right = st.columns([3, 2, 2, 5])
with left:
    code = url_select(t("indicator", L), codes, "indicator", format_func=lambda c: indicator_name(c, L))
with middle:
    view = url_select(t("view", L), ["reported", "today"], "view", format_func=lambda v: t(f"view_{v}", L))
today = "_today" if view == "today" else ""  # the same queries, on today's map
indicator = catalogue.get(code)
held = url_multiselect_value("units")
default = [] if held else compare.default_units(query("compare_default_units" + today, indicator=code))
with search_col:
    search = st.text_input(t("unit_search", L), key="unit_search", help=t("unit_search_help", L))
names = compare.offered_units(query("compare_units"), compare.ERAS[view], held or default, search, L)
with right:
    chosen = url_multiselect(t("units", L), list(names), "units", format_func=names.get, default=default,
                             help=t("compare_units_help", L))
if not chosen:
    st.info(t("no_data", L))
    st.stop()
colours = compare.unit_colours(chosen)
series = query("compare_series" + today, indicator=code, unit_keys=chosen)
notes = []  # said under the first chart, not above it
if default and chosen == default:
    notes.append(t("compare_default_units", L, n=compare.DEFAULT_UNITS))
if missing := compare.without_data(series, chosen, names):
    notes.append(t("compare_no_data_units", L, units="; ".join(missing)))
if grey := [names[k] for k, c in colours.items() if c == compare.GREY]:
    notes.append(t("compare_grey_units", L, n=len(grey), units="; ".join(grey)))

# 2/ Data
periods = compare.ranking_choices(series)

levels = compare.ranking_levels(periods)

name = f"so-sanh-{code}"  # the files' names
page_stamp = stamp_for(series, indicator.name(L), L, indicator)  # the trend's too: the same rows, its own title
# Lazy tabs: only the open one runs (the table and its scripts cost a fresh browser ~0,5 s and every rerun ~40 ms)
chart_tab, table_tab = st.tabs([t("tab_chart", L), t("tab_table", L)], key="compare_tab", on_change="rerun")
with chart_tab:
    from_zero = url_toggle(t("axis_from_zero", L), "zero")
    plotly_chart(trend := trend_figure(series, indicator, L, colours, from_zero), "trend", L)
    trend_stamp = replace(page_stamp, title=trend.layout.title.text or "")
    image_downloads(trend, trend_stamp, name, L)
    views = [View("trend", trend.layout.title.text or "", t("deck_trend_caption", L, n=len(chosen)), figure=trend,
                  stamp=trend_stamp)]
    for note in notes:
        st.caption(note)
    st.caption(t("axis_zero_range" if from_zero else "axis_data_range", L) + " " + t("legend_note", L))
    if levels:  # the ranking: one level, one period
        lcol, pcol = st.columns(2)
        with lcol:
            level = url_select(t("ranking_level", L), levels, "rank_level", format_func=lambda v: t(f"level_{v}", L))
        options, first = compare.ranking_periods(periods, level, len(chosen), L)
        with pcol:
            period = url_select(t("ranking_period", L), list(options), "rank_period", default=first,
                                format_func=options.get)
        ranking = compare.ranking_rows(series, level, period)
        rank_title = t("ranking_title_period", L, indicator=indicator.name(L), level=t(f"level_{level}", L),
                       period=period_name(period, L))
        plotly_chart(rank_fig := ranking_figure(ranking, indicator, L, colours, rank_title), "ranking", L)
        rank_stamp = stamp_for(ranking, rank_title, L, indicator, period_name(period, L))
        image_downloads(rank_fig, rank_stamp, f"{name}-xep-hang", L)
        views.append(View("ranking", rank_title, t("deck_ranking_caption", L), figure=rank_fig, stamp=rank_stamp))
    else:
        st.info(t("ranking_none", L))

# 4/ The numbers behind the figures, with their sources
with table_tab:
    if table_tab.open:
        st.dataframe(compare.compare_table(series, indicator, L, bool(today)), hide_index=True, key="compare_table")

# 5/ For a report or a conference: the table, the deck of this view, its link
export_bar(views, lambda: compare.compare_table(series, indicator, L, bool(today)), page_stamp, name, L,
           title=indicator.name(L), unit=compare.units_line([names[k] for k in chosen]), period=page_stamp.period,
           table_title=t("deck_table_of", L, title=indicator.name(L)))
