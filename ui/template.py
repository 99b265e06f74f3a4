"""Template download block of the upload page: a period, a set of units, indicators → XLSX and CSV."""

from __future__ import annotations

import streamlit as st

from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.grammar.periods import PeriodError, parse_period
from danvan.present.sheets import template_csv, template_xlsx
from danvan.store.registry import era_of
from ui.store import query
from ui.text import plain


@st.cache_data(show_spinner=False, max_entries=64)
def _xlsx(period: str, pairs: tuple[tuple[str, str], ...], codes: tuple[str, ...]) -> bytes:
    """openpyxl takes seconds for a big province; build each template once."""
    return template_xlsx(period, list(pairs), list(codes))


def template_section(lang: str) -> None:
    with st.expander(t("template", lang)):
        text = st.text_input(t("template_period", lang), value=str(parse_period("2025-Q4").canonical),
                             key="tpl_period", help=t("default_period_help", lang))
        try:
            period = parse_period(text)
        except PeriodError as exc:
            st.error(t("bad_period", lang, why=plain(exc)))
            return
        era = era_of(period.end)
        provinces = query("units_in_scope", era=era, level="province", province_key=None)
        scopes = {"": t("level_province", lang)} | {
            r["unit_key"]: f"{t('level_commune', lang)}: {r['name']}" for r in provinces.iter_rows(named=True)}
        scope = st.selectbox(t("template_scope", lang), list(scopes), format_func=scopes.get, key="tpl_scope")
        units = provinces if not scope else query("units_in_scope", era=era, level="commune", province_key=scope)
        codes = st.multiselect(t("template_indicators", lang), list(catalogue.indicators()),
                               default=list(catalogue.indicators()), key="tpl_indicators")
        pairs = tuple(zip(units["code"].to_list(), units["name"].to_list(), strict=True))
        left, right = st.columns(2)
        left.download_button(t("download_xlsx", lang), _xlsx(period.canonical, pairs, tuple(codes)),
                             file_name=f"mau-bao-cao-{period.canonical}.xlsx", key="tpl_xlsx",
                             mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        right.download_button(t("download_csv", lang), template_csv(period.canonical, list(pairs), codes),
                              file_name=f"mau-bao-cao-{period.canonical}.csv", mime="text/csv", key="tpl_csv")
