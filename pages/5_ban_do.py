"""Bản đồ: a choropleth of one indicator for all provinces, or the communes of one province, on either map."""

import time

import streamlit as st

from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.present.classify import METHODS, make_classes
from danvan.present.maps import choropleth_figure, derived_notes, map_table, with_rollup
from danvan.publish.presentation import View
from ui.chart import plotly_chart, preload
from ui.controls import lang, url_select
from ui.downloads import export_bar, image_downloads, stamp_for
from ui.labels import indicator_name, period_name
from ui.page import ensure_navigation
from ui.store import boundary_layer, boundary_url, query

ensure_navigation()
preload()  # plotly.js, while the page's queries run
L = lang()
st.header(t("page_map", L))

# 1/ Controls (all in the URL)
left, middle, right, lcol, pcol = st.columns([3, 2, 2, 2, 2])  # one row: the map starts high on a projector
with left:
    code = url_select(t("indicator", L), list(catalogue.indicators()), "indicator",
                      format_func=lambda c: indicator_name(c, L))
with middle:
    era = url_select(t("map_era", L), ["new", "old"], "era", format_func=lambda e: t(f"era_map_{e}", L))
with right:
    method = url_select(t("map_method", L), list(METHODS), "method", format_func=lambda m: t(f"method_{m}", L))
indicator = catalogue.get(code)
provinces = query("units_in_scope", era=era, level="province", province_key=None)
province_names = {"": t("all_provinces", L)} | dict(zip(provinces["unit_key"], provinces["name"], strict=True))
levels = ["province", "commune"] if era == "new" else ["province", "district", "commune"]
with lcol:
    level = url_select(t("map_level", L), levels, "level", format_func=lambda v: t(f"level_{v}", L))
with pcol:
    province = url_select(t("map_province", L), list(province_names), "province",
                          format_func=province_names.get) or None
# The 2025 map is "on today's map": figures from before the merger are carried onto it, marked derived.
periods = (query("indicator_periods_today", indicator=code) if era == "new"
           else query("indicator_periods", indicator=code, era=era))["period"].to_list()
period = None
if not periods:
    st.info(t("map_no_period", L))
elif len(periods) == 1:
    period = periods[0]
    st.query_params["period"] = period
    st.caption(f"{t('period', L)}: {period_name(period, L)}")
else:
    wanted = st.query_params.get("period")
    period = st.select_slider(t("period", L), periods, value=wanted if wanted in periods else periods[-1],
                              format_func=lambda p: period_name(p, L), key="map_period")
    st.query_params["period"] = period

# 2/ Data: the layer and one value per unit
if province and level == "province":
    level = "commune"
layer = boundary_layer(era, level, province)
if era == "new":
    values = query("map_values_today", indicator=code, period=period or "", level=level, province_key=province)
else:
    values = query("map_values", indicator=code, period=period or "", era=era, level=level, province_key=province)
# A unit without its own figure gets its communes' (or old districts') sum, where the indicator adds up
rolled = None if level == "commune" else query("map_rollup", indicator=code, period=period or "", era=era,
                                               level=level, province_key=province)
values = with_rollup(values, rolled, L)
classes = make_classes(values["map_value"].to_list(), method, fixed=indicator.legend,
                       higher_is_better=indicator.higher_is_better, whole=indicator.value_measure.integer)
centres = None
if level == "province":
    centres = {r["unit_key"]: (r["lat"], r["lon"]) for r in provinces.iter_rows(named=True)}

# 3/ Figure
title = t("map_title", L, indicator=indicator.short(L),
          period=period_name(period, L) if period else t("no_data_unit", L).lower())
if province:
    title += f" — {province_names[province]}"
fig = choropleth_figure(layer, values, indicator, classes, lang=L, title=title, labels_at=centres,
                        geojson=boundary_url(era, level, province))
# A click holds until the map shows something else (another indicator, period, level or province)
if (click := plotly_chart(fig, "map", L, clicks=True)):
    st.session_state["map_clicked"] = (title, level, click)
held = st.session_state.get("map_clicked")
name = f"ban-do-{code}-{period}"
stamp = stamp_for(values, title, L, indicator, period_name(period, L) if period else "", layer)
image_downloads(fig, stamp, name, L, layer)
st.caption(t("map_summary", L, n=values.height, total=len(layer["features"])) + " " + t("map_click", L))
for note in derived_notes(values, L):
    st.caption(note)
place = province_names[province] if province else t("all_provinces", L)
export_bar([View("map", title, t(f"era_map_{era}", L), figure=fig, stamp=stamp, layer=layer)],
           lambda: map_table(layer, values, indicator, L), stamp, name, L,  # the figures behind the colours
           title=title, unit=place, period=period_name(period, L) if period else "",
           table_title=t("deck_table_of", L, title=title))

# 4/ Click: a province opens its communes, a commune its profile (in the map's view: today's map is the today view)
profile_view = "today" if era == "new" else "reported"
clicked = held[2] if held and held[:2] == (title, level) else None
if clicked and level == "province" and clicked != province:
    st.query_params["province"] = clicked
    st.query_params["level"] = "commune"
    st.rerun()
if province:
    st.page_link("pages/3_ho_so.py", label=t("open_profile", L, unit=province_names[province]),
                 query_params={"unit": province, "view": profile_view})
if province and st.button(t("back_country", L), key="back"):
    st.query_params["province"] = ""
    st.query_params["level"] = "province"
    st.rerun()
if clicked and level != "province":
    name = next((f["properties"]["name"] for f in layer["features"] if f["properties"]["unit_key"] == clicked), clicked)
    st.page_link("pages/3_ho_so.py", label=t("open_profile", L, unit=name),
                 query_params={"unit": clicked, "view": profile_view})

# 5/ Play through periods (server-driven: one period per second)
if len(periods) > 1:
    playing = st.toggle(t("play", L), key="map_play")
    if playing:
        time.sleep(1.0)
        st.query_params["period"] = periods[(periods.index(period) + 1) % len(periods)]
        st.session_state.pop("map_period", None)
        st.rerun()
