"""Tổng quan: the page a leader opens first — for the country or one province of today's map, the latest figure of
every indicator (with its change and trend), the best and worst units on one indicator, how complete the latest
period is and what was loaded last; every card clicks through to So sánh, Bản đồ or Hồ sơ with its state.

A link with ?unit=…&period=… (older shared links) still opens the cards of that one unit and period."""

import streamlit as st

from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.grammar.periods import moment_text
from danvan.grammar.values import format_number
from danvan.present import overview as ov
from danvan.present.classify import make_classes
from danvan.present.maps import choropleth_figure
from danvan.publish.presentation import View
from ui.cards import overview_card, page_link, unit_period_cards
from ui.chart import plotly_chart, preload
from ui.controls import lang, url_select
from ui.downloads import export_bar, image_downloads, stamp_for
from ui.labels import indicator_name, period_name
from ui.page import ensure_navigation
from ui.store import boundary_layer, boundary_url, query

ensure_navigation()
preload()  # plotly.js, while the page's queries run
L = lang()
# Projector (1280×720): a compact header so the first row of cards is on screen without scrolling.
# Card values and changes wrap instead of being cut ("13/17 (76,47%)", "+0,32 điểm").
st.markdown("<style>.block-container{padding-top:2.2rem;padding-bottom:1rem}"
            "[class*='st-key-card_'] [data-testid='stMetricValue']{font-size:1.75rem}"
            "[class*='st-key-card_'] [data-testid='stMetricValue'] *,"
            "[class*='st-key-card_'] [data-testid='stMetricDelta'] *{white-space:normal;overflow:visible}"
            "</style>", unsafe_allow_html=True)

if st.query_params.get("unit"):  # one unit, one period (older links)
    unit_period_cards(L)
    st.stop()

# 1/ Scope: the whole country or one of the 34 provinces of today's map
provinces = query("units_in_scope", era="new", level="province", province_key=None)
names = {"": t("all_provinces", L)} | dict(zip(provinces["unit_key"], provinces["name"], strict=True))
head, scope_col = st.columns([3, 2], vertical_alignment="bottom")
with head:
    st.header(t("page_overview", L) + " — " + names.get(st.query_params.get("province", ""), names[""]))
with scope_col:
    province = url_select(t("ov_scope", L), list(names), "province", format_func=names.get) or None

# 2/ Data
groups, unknown = ov.split_known(query("overview_groups", province_key=province))
counts = query("overview_unit_counts", province_key=province)
if unknown:
    st.caption(t("ov_unknown", L, n=len(unknown), codes=", ".join(unknown)))
if not groups.height:
    st.info(t("ov_none", L))
    st.stop()
rows = query("overview_rows", province_key=province)
cards = ov.headline_cards(groups, rows, counts, L)
st.caption(t("ov_caption", L))

# 3/ Headline cards, four to a row
columns = st.columns(4)
for i, card in enumerate(cards):
    with columns[i % 4]:
        overview_card(card, L, province)

# 4/ Best and worst on one indicator, completeness, the map tile
st.subheader(t("ov_rank_title", L))
codes = [c.code for c in cards]
default = ov.default_indicator(groups)
code = url_select(t("indicator", L), codes, "indicator", format_func=lambda c: indicator_name(c, L),
                  default=default)
indicator = catalogue.get(code)
group = ov.ranking_group(groups, code)
rank = group and ov.ranking(query("overview_ranking", province_key=province, indicator=code, period=group["period"],
                                  era=group["unit_era"], level=group["unit_level"]), counts, code)
views: list[View] = [View("table", t("ov_cards_title", L))]  # what a presenter may put in a deck
left, right = st.columns([3, 2])
with left:
    if rank is None:
        st.info(t("no_data", L))
    else:
        level_words = t(f"ov_level_{rank.level}", L)
        st.caption(t("ov_rank_caption", L, period=period_name(rank.period, L), level=level_words,
                     era=t(f"era_{rank.era}", L), n=rank.n_reported, total=rank.n_expected,
                     direction=t("ov_higher_better" if indicator.higher_is_better else "ov_lower_better", L)))
        best_col, worst_col = st.columns(2)
        with best_col:
            st.markdown(f"**{t('ov_best', L)}**")
            st.dataframe(ov.ranking_table(rank.best, indicator, L), hide_index=True, key="rank_best")
        with worst_col:
            st.markdown(f"**{t('ov_worst', L)}**")
            st.dataframe(ov.ranking_table(rank.worst, indicator, L), hide_index=True, key="rank_worst")
        for key, part in (("best", rank.best), ("worst", rank.worst)):
            views.append(View(key, f"{t(f'ov_{key}', L)}: {indicator.short(L)} — {period_name(rank.period, L)}",
                              table=ov.ranking_table(part, indicator, L)))
        keys = rank.best["unit_key"].to_list() + rank.worst["unit_key"].to_list()
        page_link("pages/2_so_sanh.py", t("ov_rank_compare", L), {"indicator": code, "units": ",".join(keys)})
        # Completeness of the indicator's latest period at this level
        st.markdown(f"**{t('ov_complete_title', L)}**")
        card = next(c for c in cards if c.code == code)
        share = card.n_reported / card.n_expected if card.n_expected else 0.0
        st.progress(min(share, 1.0), text=t(
            "ov_complete", L, indicator=indicator.short(L), period=period_name(card.period, L), n=card.n_reported,
            total=card.n_expected, level=t(f"ov_level_{card.level}", L), era=t(f"era_{card.era}", L),
            share=f"{share * 100:.0f}%"))
with right:
    if rank is not None and rank.level == "province" and province is None:
        values = query("map_values", indicator=code, period=rank.period, era=rank.era, level="province",
                       province_key=None)
        classes = make_classes(values["map_value"].to_list(), "quantile", fixed=indicator.legend,
                               higher_is_better=indicator.higher_is_better)
        layer = boundary_layer(rank.era, "province")
        fig = choropleth_figure(layer, values, indicator, classes, lang=L,
                                title=t("ov_map_title", L, indicator=indicator.short(L),
                                        period=period_name(rank.period, L)),
                                geojson=boundary_url(rank.era, "province"))
        fig.update_layout(height=380, margin=dict(l=0, r=0, t=36, b=0))
        plotly_chart(fig, "overview_map", L, static=True)
        map_stamp = stamp_for(values, fig.layout.title.text, L, indicator, period_name(rank.period, L), layer)
        image_downloads(fig, map_stamp, f"tong-quan-ban-do-{code}", L, layer)
        views.insert(1, View("map", fig.layout.title.text, t(f"era_map_{rank.era}", L), figure=fig, stamp=map_stamp,
                             layer=layer))
        page_link("pages/5_ban_do.py", t("ov_link_map", L), {"indicator": code, "era": rank.era, "period": rank.period})

# 5/ For a report or a conference: the cards as a table, the deck of this overview, its link
place = names[province or ""]
page_stamp = stamp_for(rows.filter(rows["latest"]), t("ov_cards_title", L), L)
export_bar(views, lambda: ov.cards_table(cards, L), page_stamp, f"tong-quan-{province or 'ca-nuoc'}", L,
           title=f"{t('page_overview', L)} — {place}", unit=place, period=page_stamp.period,
           table_title=t("ov_cards_title", L))

# 6/ What is new
st.subheader(t("ov_new_title", L))
recent = query("overview_recent", limit=6)
if not recent.height:
    st.caption(t("ov_new_none", L))
for r in recent.iter_rows(named=True):
    if r["kind"] == "upload":
        line = t("ov_new_upload", L, time=moment_text(r["happened_at"]), who=r["who"] or "?", title=r["title"],
                 new=format_number(r["rows_new"], lang=L), revised=format_number(r["rows_revised"], lang=L))
        line += t("ov_new_undone", L) if r["undone"] else ""
    else:
        line = t("ov_new_seed", L, time=moment_text(r["happened_at"]), title=r["title"], who=r["who"] or "…",
                 rows=format_number(r["rows_new"], lang=L))
    st.markdown("- " + line)

