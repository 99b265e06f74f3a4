"""Small display helpers shared by pages (the figures themselves come from danvan.present.charts)."""

from __future__ import annotations

from danvan.grammar.catalogue import Indicator
from danvan.grammar.i18n import t
from danvan.present.style import label


def card_text(row: dict, indicator: Indicator, lang: str) -> str:
    """Card value as said, with a mark when the period was inferred."""
    text = label(row, indicator, lang)
    return text + (f" ({t('approx_period', lang)})" if row.get("period_approximate") else "")
