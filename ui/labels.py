"""Display names for units, indicators and periods, in the chosen language."""

from __future__ import annotations

import polars as pl

from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.grammar.periods import parse_period


def unit_names(units: pl.DataFrame, lang: str) -> dict[str, str]:
    """unit_key → "Tỉnh Bạc Liêu (95, trước 1/7/2025)"."""
    return {
        r["unit_key"]: f"{r['unit_name']} ({r['unit_code']}, {t('era_' + r['unit_era'], lang)})"
        for r in units.iter_rows(named=True)
    }


def indicator_name(code: str, lang: str) -> str:
    return f"{catalogue.get(code).name(lang)} ({code})"


def period_name(period: str, lang: str) -> str:
    return parse_period(period).label(lang)
