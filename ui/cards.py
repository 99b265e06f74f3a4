"""Cards shared by pages: the overview's headline card and the cards of one unit in one period (the figures
themselves come from danvan.present)."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from danvan.grammar import catalogue
from danvan.grammar.catalogue import Indicator
from danvan.grammar.i18n import t
from danvan.grammar.periods import parse_period
from danvan.present.overview import Card, card_reported, card_whose, change_text, sparkline_svg
from danvan.present.style import label
from ui.controls import url_select
from ui.labels import indicator_name, period_name, unit_names
from ui.store import query


def page_link(page: str, label: str, query_params: dict[str, str]) -> None:
    """st.page_link inside the app's navigation; a page run on its own (AppTest of one file) has no navigation, so
    the same URL is written as a Markdown link instead of failing. Page URLs equal file names (app.py)."""
    try:
        st.page_link(page, label=label, query_params=query_params)
    except StreamlitPageNotFoundError:
        path = page.split("/")[-1].removesuffix(".py").split("_", 1)[1]
        st.markdown(f"[{label}](/{path}?{urlencode(query_params)})")


def card_text(row: dict, indicator: Indicator, lang: str) -> str:
    """Card value as said, with a mark when the period was inferred."""
    text = label(row, indicator, lang)
    return text + (f" ({t('approx_period', lang)})" if row.get("period_approximate") else "")


def overview_card(card: Card, lang: str, province: str | None) -> None:
    """One indicator: full short name, the figure as said, its period and whose it is, the change, a sparkline and
    links to So sánh, Bản đồ and (one unit) Hồ sơ carrying the indicator and units."""
    ind = card.indicator
    with st.container(border=True, key=f"card_{card.code}"):
        st.markdown(f"**{ind.short(lang)}**", help=f"**{indicator_name(card.code, lang)}**")
        value = card.value_text + (f" ({t('approx_period', lang)})" if card.approximate else "")
        st.metric(ind.short(lang), value or "—", delta=card.delta_text, label_visibility="collapsed",
                  delta_color="normal" if ind.higher_is_better else "inverse")
        against = (" · " + t("previous", lang, period=period_name(card.previous_period, lang))
                   if card.previous_period else "")
        whose, reported = card_whose(card, lang), card_reported(card, lang)
        st.caption(f"{period_name(card.period, lang)}{against} · {whose} · {reported}")
        if len(card.trend) > 1:
            st.markdown(sparkline_svg(card.trend, ind, lang), unsafe_allow_html=True)
        with st.container(horizontal=True, gap="small"):
            page_link("pages/2_so_sanh.py", t("ov_link_compare", lang),
                      {"indicator": card.code, "units": ",".join(card.unit_keys[:5])})
            map_params = {"indicator": card.code, "era": card.era, "period": card.period}
            if card.level != "province":
                map_params["level"] = card.level
            if province and card.era == "new":
                map_params["province"] = province
            page_link("pages/5_ban_do.py", t("ov_link_map", lang), map_params)
            if len(card.unit_keys) == 1:
                page_link("pages/3_ho_so.py", t("ov_link_profile", lang),
                          {"unit": card.unit_keys[0]})


def unit_period_cards(lang: str) -> None:
    """The cards of one unit in one period (?unit=…&period=…), each with its change against the previous period."""
    st.header(t("page_overview", lang))
    units = query("units_with_data", indicator=None)
    names = unit_names(units, lang)
    left, right = st.columns(2)
    with left:
        unit_key = url_select(t("unit", lang), list(names), "unit", format_func=names.get)
    periods = query("unit_periods", unit_key=unit_key) if unit_key else None
    with right:
        period = url_select(t("period", lang), periods["period"].to_list() if periods is not None else [], "period",
                            format_func=lambda p: period_name(p, lang))
    if not unit_key or not period:
        st.info(t("no_data", lang))
        return
    previous = parse_period(period).previous()
    cards = query("overview_cards", unit_key=unit_key, period=period, previous_period=previous.canonical)
    st.caption(t("cards_caption", lang, unit=names[unit_key], period=period_name(period, lang)))
    known = catalogue.indicators()
    unknown = sorted({c for c in cards["indicator_code"].to_list() if c not in known})
    if unknown:
        st.caption(t("ov_unknown", lang, n=len(unknown), codes=", ".join(unknown)))
    columns = st.columns(3)
    rows = [r for r in cards.iter_rows(named=True) if r["indicator_code"] in known]
    for i, row in enumerate(rows):
        ind = known[row["indicator_code"]]
        delta = None
        if row["prev_value"] is not None and row["value"] is not None and (row["qualifier"] or "=") == "=" \
                and (row["prev_qualifier"] or "=") == "=":
            delta = change_text(row["value"] - row["prev_value"], ind, lang) + " " + t(
                "previous", lang, period=previous.label(lang))
        with columns[i % 3]:
            st.metric(
                label=ind.short(lang), value=card_text(row, ind, lang), delta=delta,
                delta_color="normal" if ind.higher_is_better else "inverse", border=True,
                help=f"**{indicator_name(ind.code, lang)}**\n\n{t('source', lang)}: {row['source_title']}"
                + (f" — “{row['quote']}”" if row["quote"] else ""),
            )
            if delta is None:
                st.caption(t("no_previous", lang) + f" ({previous.label(lang)})")
    page_link("pages/1_tong_quan.py", t("ov_back", lang), {})
