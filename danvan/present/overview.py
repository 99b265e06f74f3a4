"""Tổng quan: headline cards, best and worst units, completeness and a sparkline, from the figures of one scope.

Pure: takes the frames of the named queries `overview_series` and `overview_unit_counts`, returns plain objects
and Plotly figures; the page renders them. Each card is one indicator in its latest period, at the highest level
that reported it then: one unit's own figure as it was said, or — when several units reported — their median,
marked as derived ("trung vị 63 tỉnh"), never a sum or a mean passed off as a reported figure.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime

import plotly.graph_objects as go
import polars as pl

from danvan.grammar import catalogue
from danvan.grammar.catalogue import Indicator
from danvan.grammar.i18n import t
from danvan.grammar.periods import parse_period
from danvan.grammar.values import format_number
from danvan.present.style import PALETTE, label, score_text

LEVEL_RANK = {"province": 0, "district": 1, "commune": 2}
ERA_RANK = {"new": 0, "old": 1}


@dataclass
class Card:
    code: str
    indicator: Indicator
    value_text: str
    period: str
    era: str
    level: str
    n_reported: int
    n_expected: int
    unit_keys: list[str]            # units that reported in the latest period, best first
    unit_name: str | None = None    # the one unit, when only one reported
    derived: bool = False           # a median of three or more units, not a reported figure
    spread: bool = False            # two units: lowest – highest, never their mean
    approximate: bool = False       # the period was inferred
    delta_text: str | None = None
    delta_value: float | None = None
    previous_period: str | None = None
    trend: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class Ranking:
    code: str
    period: str
    era: str
    level: str
    n_reported: int
    n_expected: int
    best: pl.DataFrame
    worst: pl.DataFrame


def split_known(series: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """Rows whose indicator the catalogue knows, and the codes it does not (shown as a caption, never a KeyError)."""
    known = set(catalogue.indicators())
    codes = series["indicator_code"].unique().to_list()
    unknown = sorted(c for c in codes if c not in known)
    return series.filter(pl.col("indicator_code").is_in(list(known))), unknown


def _main_group(rows: pl.DataFrame) -> tuple[str, str, str]:
    """The latest period of an indicator, and the highest level (today's map first) that reported in it."""
    last_end = rows["period_end"].max()
    latest = rows.filter(pl.col("period_end") == last_end)
    best = min(latest.iter_rows(named=True),
               key=lambda r: (LEVEL_RANK.get(r["unit_level"], 9), ERA_RANK.get(r["unit_era"], 9), r["period"]))
    return best["period"], best["unit_era"], best["unit_level"]


def _ordered(rows: pl.DataFrame, indicator: Indicator) -> pl.DataFrame:
    """Best first by the indicator's direction; ties by name so the order is stable."""
    return rows.sort(["sort_value", "unit_name"], descending=[indicator.higher_is_better, False], nulls_last=True)


def expected_units(counts: pl.DataFrame, era: str, level: str) -> int:
    hit = counts.filter((pl.col("era") == era) & (pl.col("level") == level))
    return int(hit["n_units"][0]) if hit.height else 0


def _number_text(value: float, indicator: Indicator, lang: str) -> str:
    if indicator.is_score:
        return score_text(value, indicator, lang)
    if indicator.is_percent_valued:
        return format_number(value, lang=lang) + "%"
    return format_number(value, lang=lang) + indicator.value_measure.suffix(lang)


def change_text(change: float, indicator: Indicator, lang: str) -> str:
    """"+0,42 điểm", "+3 cuộc", "-1,5 điểm %" ("pp" in English)."""
    measure = indicator.value_measure
    if indicator.is_score:
        number = format_number(abs(change), measure.decimals, lang, trim=False)
        unit = measure.suffix(lang)
    else:
        number = format_number(abs(change), lang=lang)
        unit = (" điểm %" if lang == "vi" else " pp") if indicator.is_percent_valued else measure.suffix(lang)
    sign = "+" if change > 0 else ("-" if change < 0 else "±")  # ASCII minus: Streamlit reads it as a fall
    return f"{sign}{number}{unit}"


def _exact(row: dict) -> bool:
    return (row["qualifier"] or "=") == "=" and row["value"] is not None


def headline_cards(series: pl.DataFrame, counts: pl.DataFrame, lang: str = "vi") -> list[Card]:
    """One card per known indicator with an actual figure in the scope: the most units reporting first, then in
    catalogue order."""
    cards = []
    order = list(catalogue.indicators())
    for code in sorted(series["indicator_code"].unique().to_list(), key=order.index):
        indicator = catalogue.get(code)
        rows = series.filter(pl.col("indicator_code") == code)
        period, era, level = _main_group(rows)
        group = rows.filter((pl.col("unit_era") == era) & (pl.col("unit_level") == level))
        kind = parse_period(period).kind
        group = group.filter(pl.col("period_kind") == kind)
        now = _ordered(group.filter(pl.col("period") == period), indicator)
        previous = parse_period(period).previous().canonical
        card = Card(code=code, indicator=indicator, value_text="", period=period, era=era, level=level,
                    n_reported=now.height, n_expected=expected_units(counts, era, level),
                    unit_keys=now["unit_key"].to_list(), approximate=bool(now["period_approximate"].any()))
        if now.height == 1:
            row = now.row(0, named=True)
            card.value_text = label(row, indicator, lang)
            card.unit_name = row["unit_name"]
            unit_rows = group.filter(pl.col("unit_key") == row["unit_key"]).sort("period_end")
            card.trend = [(r["period"], r["sort_value"]) for r in unit_rows.iter_rows(named=True)
                          if r["sort_value"] is not None]
            before = unit_rows.filter(pl.col("period") == previous)
            if before.height and _exact(row) and _exact(before.row(0, named=True)):
                card.delta_value = row["value"] - before["value"][0]
        elif now.height == 2:
            values = sorted(v for v in now["sort_value"].to_list() if v is not None)
            card.spread = True
            ends = dict.fromkeys(_number_text(v, indicator, lang) for v in values[:1] + values[-1:])
            card.value_text = " – ".join(ends)  # lowest – highest (once when they read the same)
        else:
            medians = {}
            for (p,), part in group.group_by(["period"], maintain_order=True):
                values = [v for v in part["sort_value"].to_list() if v is not None]
                if values:
                    medians[p] = (part["period_end"].min(), statistics.median(values))
            card.derived = True
            card.value_text = _number_text(medians[period][1], indicator, lang) if period in medians else ""
            card.trend = [(p, v) for p, (_, v) in sorted(medians.items(), key=lambda kv: kv[1][0])]
            if period in medians and previous in medians:
                card.delta_value = medians[period][1] - medians[previous][1]
        if card.delta_value is not None:
            card.previous_period = previous
            card.delta_text = change_text(card.delta_value, indicator, lang)
        cards.append(card)
    return sorted(cards, key=lambda c: -c.n_reported)  # the widest coverage first (stable: catalogue order next)


def default_indicator(series: pl.DataFrame) -> str | None:
    """The indicator with the most units reporting in one period (catalogue order breaks ties: PAPI's total)."""
    if not series.height:
        return None
    per = series.group_by(["indicator_code", "period", "unit_era", "unit_level"]).agg(pl.len().alias("n"))
    best = per.group_by("indicator_code").agg(pl.col("n").max())
    order = list(catalogue.indicators())
    top = best["n"].max()
    return min(best.filter(pl.col("n") == top)["indicator_code"].to_list(), key=order.index)


def ranking(series: pl.DataFrame, counts: pl.DataFrame, code: str, n: int = 5) -> Ranking | None:
    """Best and worst units on one indicator: the latest period the most units reported, one level.
    With fewer than 2·n units, `worst` holds only those not already among the best."""
    indicator = catalogue.get(code)
    rows = series.filter((pl.col("indicator_code") == code) & pl.col("sort_value").is_not_null())
    if not rows.height:
        return None
    per = rows.group_by(["period", "unit_era", "unit_level"]).agg(pl.len().alias("n"), pl.col("period_end").min())
    per = per.with_columns(pl.col("unit_level").replace_strict(LEVEL_RANK, default=9).alias("lr"))
    top = per.sort(["n", "period_end", "lr"], descending=[True, True, False]).row(0, named=True)
    chosen = rows.filter((pl.col("period") == top["period"]) & (pl.col("unit_era") == top["unit_era"])
                         & (pl.col("unit_level") == top["unit_level"]))
    ordered = _ordered(chosen, indicator).with_row_index("rank", offset=1)
    best = ordered.head(n)
    worst = ordered.tail(max(0, min(n, ordered.height - n))).reverse()
    return Ranking(code=code, period=top["period"], era=top["unit_era"], level=top["unit_level"],
                   n_reported=ordered.height, n_expected=expected_units(counts, top["unit_era"], top["unit_level"]),
                   best=best, worst=worst)


def ranking_table(frame: pl.DataFrame, indicator: Indicator, lang: str) -> pl.DataFrame:
    """Rank, unit and the figure as said, for display."""
    return pl.DataFrame({
        "#": frame["rank"].to_list(),
        t("unit", lang): frame["unit_name"].to_list(),
        t("value", lang): [label(r, indicator, lang) for r in frame.iter_rows(named=True)],
    }, schema={"#": pl.Int64, t("unit", lang): pl.String, t("value", lang): pl.String})


def sparkline(points: list[tuple[str, float]], indicator: Indicator, lang: str = "vi") -> go.Figure:
    """A tiny trend, no axes: x = period labels (hover only), the last point marked."""
    labels = [parse_period(p).label(lang) for p, _ in points]
    values = [v for _, v in points]
    fig = go.Figure(go.Scatter(
        x=labels, y=values, mode="lines+markers", line=dict(color=PALETTE[0], width=2),
        marker=dict(size=[0] * (len(values) - 1) + [6], color=PALETTE[0]),
        text=[_number_text(v, indicator, lang) for v in values], hovertemplate="%{x}: %{text}<extra></extra>"))
    fig.update_layout(height=48, margin=dict(l=2, r=2, t=2, b=2), showlegend=False,
                      paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)",
                      xaxis=dict(visible=False, fixedrange=True), yaxis=dict(visible=False, fixedrange=True),
                      separators=",." if lang == "vi" else ".,")
    return fig


def when(moment: datetime | None) -> str:
    """dd/mm/yyyy HH:MM, never ISO."""
    return f"{moment:%d/%m/%Y %H:%M}" if moment else "…"
