"""What every figure shares: the palette, the type and how a figure is written as it was said."""

from __future__ import annotations

from danvan.grammar.catalogue import Indicator
from danvan.grammar.values import format_observation

# Okabe–Ito: colour-blind safe, readable on a projector.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=16)


def label(row: dict, indicator: Indicator, lang: str) -> str:
    """The figure as it was said, in the reader's language ("trên 90%", "48/90 (53,33%)")."""
    return format_observation(
        row["value"], row["numerator"], row["denominator"], row["value_low"], row["value_high"],
        row["qualifier"], row.get("status", "actual"), indicator.is_percent_valued, lang=lang)
