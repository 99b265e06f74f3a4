"""Pure chart builders: frames in, Plotly figures out. No Streamlit here.

Honesty rules: a "trên 90%" is drawn with an upward mark, never as a plain 90; a range is a band or a
floating bar; expected figures are dashed, targets dotted; labels use Vietnamese number formats. A partial figure
of today's map (not every old unit reported) says "(một phần)" in its label and hover, is a pale bar with a dark
outline in a ranking, and the figure carries a note saying so (an exported image keeps it).
"""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl

from danvan.grammar.catalogue import Indicator
from danvan.grammar.i18n import t
from danvan.grammar.periods import parse_period
from danvan.present.style import FONT, PALETTE, label

MERGER = date(2025, 7, 1)
MARKERS = {"=": "circle", ">": "triangle-up", ">=": "triangle-up", "<": "triangle-down", "<=": "triangle-down",
           "~": "diamond-open", "range": "line-ns"}
DASH = {"actual": "solid", "expected": "dash", "target": "dot"}


def base_layout(fig: go.Figure, title: str, lang: str) -> go.Figure:
    """One theme for every figure: big type, Vietnamese separators (2.500; 53,33)."""
    fig.update_layout(
        title=dict(text=title, font=dict(size=20)), font=FONT, template="plotly_white",
        separators=",." if lang == "vi" else ".,", margin=dict(l=20, r=20, t=70, b=40),
        legend=dict(orientation="h", yanchor="bottom", y=-0.3), hoverlabel=dict(font_size=15),
    )
    return fig


def _period_label(period: str, lang: str) -> str:
    return parse_period(period).label(lang)


def _mid(row: dict) -> date:
    """Plot a figure at the middle of its period: a year sits under its own year label."""
    return row["period_start"] + (row["period_end"] - row["period_start"]) / 2


def trend_figure(series: pl.DataFrame, indicator: Indicator, lang: str = "vi") -> go.Figure:
    """One line per unit and status across periods (x = end of period)."""
    fig = go.Figure()
    for i, (_, unit_rows) in enumerate(series.group_by(["unit_key"], maintain_order=True)):
        colour = PALETTE[i % len(PALETTE)]
        for status in ("actual", "expected", "target"):
            rows = [r for r in unit_rows.filter(pl.col("status") == status).sort("period_end").to_dicts()
                    if r["value"] is not None or r["value_low"] is not None]  # "not combined" has no number
            if not rows:
                continue
            name = rows[0]["unit_name"] + ("" if status == "actual" else f" ({t('status_' + status, lang)})")
            texts = [label(r, indicator, lang) + (f" ({t('partial', lang)})" if r.get("partial") else "")
                     for r in rows]
            mids = [r["value"] if r["value"] is not None else (r["value_low"] + r["value_high"]) / 2 for r in rows]
            hover = [
                f"<b>{r['unit_name']}</b><br>{_period_label(r['period'], lang)}"
                + (f" ({t('approx_period', lang)})" if r["period_approximate"] else "")
                + f"<br>{txt}<br>{t('source', lang)}: {r['source_title'] or '—'}"
                + (f"<br><b>{t('partial_hover', lang)}</b>" if r.get("partial") else "")
                + (f"<br><i>{t('derived', lang)}: {r['derivation']}</i>" if r.get("derived") else "")
                for r, txt in zip(rows, texts, strict=True)
            ]
            ranges = [r for r in rows if r["qualifier"] == "range"]
            for r in ranges:  # a range is a band, not a point
                fig.add_trace(go.Scatter(
                    x=[_mid(r), _mid(r)], y=[r["value_low"], r["value_high"]], mode="lines",
                    line=dict(color=colour, width=14), opacity=0.35, showlegend=False, hoverinfo="skip"))
            fig.add_trace(go.Scatter(
                x=[_mid(r) for r in rows], y=mids, name=name, mode="lines+markers+text",
                text=texts, textposition="top center", textfont=dict(size=15, color=colour), cliponaxis=False,
                line=dict(color=colour, width=3, dash=DASH[status]),
                marker=dict(size=14, color=colour, line=dict(width=2, color=colour),
                            symbol=[MARKERS.get(r["qualifier"], "circle") + ("-open" if r.get("derived") and
                                    not MARKERS.get(r["qualifier"], "").endswith("-open") else "") for r in rows]),
                hovertext=hover, hoverinfo="text",
                customdata=[[r["unit_key"], r["period"], r["qualifier"], r["status"]] for r in rows],
            ))
    title = t("trend_title", lang, indicator=indicator.name(lang))
    base_layout(fig, title, lang)
    if "derived" in series.columns and series.filter(pl.col("derived")).height:
        # History carried onto today's map is shaded and labelled, never passed off as reported.
        fig.add_vrect(x0=series["period_start"].min() - timedelta(days=200), x1=MERGER, fillcolor="#888",
                      opacity=0.08, line_width=0, annotation_text=t("derived_band", lang),
                      annotation_position="top left", annotation_font_size=13)
    if "partial" in series.columns and series.filter(pl.col("partial")).height:
        _note(fig, t("partial_note_trend", lang))
    suffix = "%" if indicator.is_percent_valued else ""
    fig.update_yaxes(ticksuffix=suffix, rangemode="tozero", title=None)
    # Year ticks centred on their year; half a year of air each side so end labels are not cut.
    if series.height:
        first, last = series["period_start"].min(), series["period_end"].max()
        fig.update_xaxes(range=[first - timedelta(days=200), last + timedelta(days=200)])
    fig.update_xaxes(title=None, type="date", dtick="M12", tickformat="%Y", ticklabelmode="period")
    return fig


def ranking_figure(rank: pl.DataFrame, indicator: Indicator, lang: str = "vi") -> go.Figure:
    """Horizontal bars, best at the top; ranges float from low to high, inexact values are hatched."""
    rows = rank.sort("sort_value", descending=not indicator.higher_is_better).to_dicts()[::-1]
    partial = [bool(r.get("partial")) for r in rows]
    texts = [label(r, indicator, lang) + (f" ({t('partial', lang)})" if p else "") for r, p in zip(rows, partial,
                                                                                                     strict=True)]
    base = [r["value_low"] if r["qualifier"] == "range" else 0 for r in rows]
    length = [(r["value_high"] - r["value_low"]) if r["qualifier"] == "range" else r["value"] for r in rows]
    fig = go.Figure(go.Bar(
        y=[f"{r['unit_name']} ({_period_label(r['period'], lang)})" for r in rows], x=length, base=base,
        orientation="h", text=texts, textposition="outside", textfont=dict(size=16),
        marker=dict(color=PALETTE[0], pattern=dict(shape=["" if r["qualifier"] == "=" else "/" for r in rows]),
                    opacity=[0.45 if p else 1.0 for p in partial],
                    line=dict(color="#111111", width=[2.5 if p else 0 for p in partial])),
        hovertext=texts, hoverinfo="text+y",
        customdata=[[r["unit_key"], r["qualifier"], p] for r, p in zip(rows, partial, strict=True)],
    ))
    base_layout(fig, t("ranking_title", lang, indicator=indicator.name(lang)), lang)
    if any(partial):
        _note(fig, t("partial_note_ranking", lang))
    fig.update_layout(showlegend=False, height=max(300, 90 + 60 * len(rows)))
    fig.update_xaxes(ticksuffix="%" if indicator.is_percent_valued else "", rangemode="tozero",
                     range=[0, 105] if indicator.is_percent_valued else None)
    return fig


def _note(fig: go.Figure, text: str) -> None:
    """A note on the figure itself (top right, under the title), so an exported image carries it."""
    fig.add_annotation(text=text, xref="paper", yref="paper", x=1, y=1.02, xanchor="right", yanchor="bottom",
                       showarrow=False, font=dict(size=13, color="#333"), name="partial_note")
