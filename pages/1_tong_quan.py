"""Tổng quan: headline cards for one unit and period, with the change against the previous period."""

import streamlit as st

from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.grammar.periods import parse_period
from danvan.grammar.values import format_number
from ui.cards import card_text
from ui.controls import lang, url_select
from ui.labels import indicator_name, period_name, unit_names
from ui.page import ensure_navigation
from ui.store import query

ensure_navigation()
L = lang()
st.header(t("page_overview", L))

# 1/ Controls
units = query("units_with_data", indicator=None)
names = unit_names(units, L)
left, right = st.columns(2)
with left:
    unit_key = url_select(t("unit", L), list(names), "unit", format_func=names.get)
periods = query("unit_periods", unit_key=unit_key) if unit_key else None
with right:
    period = url_select(t("period", L), periods["period"].to_list() if periods is not None else [], "period",
                        format_func=lambda p: period_name(p, L))
if not unit_key or not period:
    st.info(t("no_data", L))
    st.stop()

# 2/ Data
previous = parse_period(period).previous()
cards = query("overview_cards", unit_key=unit_key, period=period, previous_period=previous.canonical)
st.caption(t("cards_caption", L, unit=names[unit_key], period=period_name(period, L)))

# 3/ Cards
columns = st.columns(3)
for i, row in enumerate(cards.iter_rows(named=True)):
    ind = catalogue.get(row["indicator_code"])
    delta = None
    if row["prev_value"] is not None and row["value"] is not None:
        change = row["value"] - row["prev_value"]
        unit = " điểm %" if ind.is_percent_valued and L == "vi" else (" pp" if ind.is_percent_valued else "")
        unit = ind.value_measure.suffix(L) if ind.is_score else unit  # PAPI: "+0,42 điểm"
        delta = f"{'+' if change >= 0 else ''}{format_number(change, lang=L)}{unit} " + \
            t("previous", L, period=previous.label(L))
    with columns[i % 3]:
        st.metric(
            label=ind.short(L), value=card_text(row, ind, L), delta=delta,
            delta_color="normal" if ind.higher_is_better else "inverse", border=True,
            help=f"**{indicator_name(ind.code, L)}**\n\n{t('source', L)}: {row['source_title']}"
            + (f" — “{row['quote']}”" if row["quote"] else ""),
        )
        if delta is None:
            st.caption(t("no_previous", L) + f" ({previous.label(L)})")
