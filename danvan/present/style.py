"""What every figure shares: the palette, the type and how a figure is written as it was said."""

from __future__ import annotations

import plotly.io as pio

from danvan.grammar.catalogue import Indicator
from danvan.grammar.values import format_number, format_observation

# Okabe–Ito: colour-blind safe, readable on a projector.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
FONT = dict(family="DejaVu Sans, Arial, sans-serif", size=16)
DRAWN = ("scatter", "bar", "choropleth", "scattergeo")  # the trace types our figures draw


def _register_theme() -> None:
    """Every figure starts from one light theme: Plotly's "plotly_white" layout and its styles for the trace types
    we draw, registered as the default. Plotly copies the default template into every new figure, and its own
    templates carry styles for ~25 trace types: resolving "plotly_white" by name cost ~14 ms a figure (a third of a
    So sánh rerun, issue 13); this one is copied unvalidated in well under a millisecond."""
    white = pio.templates["plotly_white"]
    theme = dict(layout=white.layout.to_plotly_json(),
                 data={kind: white.data[kind] for kind in DRAWN if white.data[kind]})
    pio.templates["danvan"] = theme
    pio.templates.default = "danvan"


_register_theme()


def label(row: dict, indicator: Indicator, lang: str) -> str:
    """The figure as it was said, in the reader's language ("trên 90%", "48/90 (53,33%)"); a score with its
    scale's decimals and unit ("5,34 điểm")."""
    if indicator.is_score and row["value"] is not None and (row["qualifier"] or "=") == "=" \
            and row.get("status", "actual") in (None, "actual"):
        return score_text(row["value"], indicator, lang)
    text = format_observation(
        row["value"], row["numerator"], row["denominator"], row["value_low"], row["value_high"],
        row["qualifier"], row.get("status", "actual"), indicator.is_percent_valued, lang=lang)
    return text + indicator.value_measure.suffix(lang) if indicator.is_score and text else text


def score_text(value: float, indicator: Indicator, lang: str) -> str:
    """A score as its measure writes it: always its decimals, then its unit ("5,30 điểm", "33.81 points")."""
    measure = indicator.value_measure
    return format_number(value, measure.decimals, lang, trim=False) + measure.suffix(lang)
