"""Tổng quan: headline cards, best and worst units, completeness and a sparkline, from the figures of one scope.

Pure: takes the frames of the named queries `overview_groups` (per indicator, period, era and level: how many units
reported and their median), `overview_rows` (the figures of each card's group), `overview_ranking` and
`overview_unit_counts`, and returns plain objects and sparkline SVG; the page renders them. The national store holds
millions of figures: they are aggregated in SQL, never sent to Python whole. Each card is one indicator in its latest
period, at the highest level that reported it then: one unit's own figure as it was said, or — when several units
reported — their median, marked as derived ("trung vị 63 tỉnh"), never a sum or a mean passed off as a reported
figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import polars as pl

from danvan.grammar import catalogue
from danvan.grammar.catalogue import Indicator
from danvan.grammar.i18n import t
from danvan.grammar.periods import parse_period
from danvan.grammar.values import format_number
from danvan.present.style import PALETTE, label, score_text

LEVEL_RANK = {"province": 0, "district": 1, "commune": 2}


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


def split_known(groups: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """Rows whose indicator the catalogue knows, and the codes it does not (shown as a caption, never a KeyError)."""
    known = set(catalogue.indicators())
    codes = groups["indicator_code"].unique().to_list()
    unknown = sorted(c for c in codes if c not in known)
    return groups.filter(pl.col("indicator_code").is_in(list(known))), unknown


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


def headline_cards(groups: pl.DataFrame, rows: pl.DataFrame, counts: pl.DataFrame, lang: str = "vi") -> list[Card]:
    """One card per known indicator with an actual figure in the scope: the most units reporting first, then in
    catalogue order. `groups` and `rows` are the frames of overview_groups and overview_rows (which picks each
    card's period, era and level: the latest period, at the highest level that reported in it)."""
    cards = []
    order = list(catalogue.indicators())
    for code in sorted(groups["indicator_code"].unique().to_list(), key=order.index):
        indicator = catalogue.get(code)
        mine = rows.filter(pl.col("indicator_code") == code)
        now = _ordered(mine.filter(pl.col("latest")), indicator)
        first = now.row(0, named=True)
        period, era, level = first["period"], first["unit_era"], first["unit_level"]
        previous = parse_period(period).previous().canonical
        card = Card(code=code, indicator=indicator, value_text="", period=period, era=era, level=level,
                    n_reported=now.height, n_expected=expected_units(counts, era, level),
                    unit_keys=now["unit_key"].to_list(), approximate=bool(now["period_approximate"].any()))
        if now.height == 1:
            card.value_text = label(first, indicator, lang)
            card.unit_name = first["unit_name"]
            unit_rows = mine.filter(pl.col("unit_key") == first["unit_key"]).sort("period_end")
            card.trend = [(r["period"], r["sort_value"]) for r in unit_rows.iter_rows(named=True)
                          if r["sort_value"] is not None]
            before = unit_rows.filter(pl.col("period") == previous)
            if before.height and _exact(first) and _exact(before.row(0, named=True)):
                card.delta_value = first["value"] - before["value"][0]
        elif now.height == 2:
            values = sorted(v for v in now["sort_value"].to_list() if v is not None)
            card.spread = True
            ends = dict.fromkeys(_number_text(v, indicator, lang) for v in values[:1] + values[-1:])
            card.value_text = " – ".join(ends)  # lowest – highest (once when they read the same)
        else:  # the median of each period of this level and kind, as the query worked it out
            same = groups.filter((pl.col("indicator_code") == code) & (pl.col("unit_era") == era)
                                 & (pl.col("unit_level") == level) & (pl.col("period_kind") == first["period_kind"])
                                 & (pl.col("n_values") > 0)).sort("period_end")
            medians = dict(zip(same["period"], same["median_value"], strict=True))
            card.derived = True
            card.value_text = _number_text(medians[period], indicator, lang) if period in medians else ""
            card.trend = list(medians.items())
            if period in medians and previous in medians:
                card.delta_value = medians[period] - medians[previous]
        if card.delta_value is not None:
            card.previous_period = previous
            card.delta_text = change_text(card.delta_value, indicator, lang)
        cards.append(card)
    return sorted(cards, key=lambda c: -c.n_reported)  # the widest coverage first (stable: catalogue order next)


def default_indicator(groups: pl.DataFrame) -> str | None:
    """The indicator with the most units reporting in one period (catalogue order breaks ties: PAPI's total)."""
    if not groups.height:
        return None
    best = groups.group_by("indicator_code").agg(pl.col("n_units").max())
    order = list(catalogue.indicators())
    top = best["n_units"].max()
    return min(best.filter(pl.col("n_units") == top)["indicator_code"].to_list(), key=order.index)


def _top_group(per: pl.DataFrame) -> dict:
    """Of (period, unit_era, unit_level) groups with `n` figures each: the most figures, then the latest, then the
    highest level."""
    per = per.with_columns(pl.col("unit_level").replace_strict(LEVEL_RANK, default=9).alias("lr"))
    return per.sort(["n", "period_end", "lr"], descending=[True, True, False]).row(0, named=True)


def ranking_group(groups: pl.DataFrame, code: str) -> dict | None:
    """The period, era and level the ranking of `code` shows: the latest period the most units reported, one level
    (`period`, `unit_era`, `unit_level`); the figures are then read with the overview_ranking query."""
    per = groups.filter((pl.col("indicator_code") == code) & (pl.col("n_values") > 0))
    return _top_group(per.rename({"n_values": "n"})) if per.height else None


def ranking(rows: pl.DataFrame, counts: pl.DataFrame, code: str, n: int = 5) -> Ranking | None:
    """Best and worst units on one indicator: of `rows`, the group `ranking_group` would pick (the overview_ranking
    query returns that group alone). With fewer than 2·n units, `worst` holds only those not already among the
    best."""
    indicator = catalogue.get(code)
    rows = rows.filter((pl.col("indicator_code") == code) & pl.col("sort_value").is_not_null())
    if not rows.height:
        return None
    top = _top_group(rows.group_by(["period", "unit_era", "unit_level"]).agg(pl.len().alias("n"),
                                                                            pl.col("period_end").min()))
    chosen = rows.filter((pl.col("period") == top["period"]) & (pl.col("unit_era") == top["unit_era"])
                         & (pl.col("unit_level") == top["unit_level"]))
    ordered = _ordered(chosen, indicator).with_row_index("rank", offset=1)
    best = ordered.head(n)
    worst = ordered.tail(max(0, min(n, ordered.height - n))).reverse()
    return Ranking(code=code, period=top["period"], era=top["unit_era"], level=top["unit_level"],
                   n_reported=ordered.height, n_expected=expected_units(counts, top["unit_era"], top["unit_level"]),
                   best=best, worst=worst)


def card_whose(card: Card, lang: str) -> str:
    """Whose the card's figure is: one unit's, a median of several (derived), or the lowest – highest of two."""
    level = t(f"ov_level_{card.level}", lang)
    if card.unit_name:
        return t("ov_of_unit", lang, unit=card.unit_name)
    return t("ov_median" if card.derived else "ov_spread", lang, n=card.n_reported, level=level)


def card_reported(card: Card, lang: str) -> str:
    """ "12/34 tỉnh/thành phố báo cáo (chưa đủ)"."""
    text = t("ov_reported", lang, n=card.n_reported, total=card.n_expected, level=t(f"ov_level_{card.level}", lang))
    return text + (f" ({t('ov_partial', lang)})" if card.n_reported < card.n_expected else "")


def cards_table(cards: list[Card], lang: str) -> pl.DataFrame:
    """The headline cards as a table for a slide or a report: the figure as said, its period, change and coverage."""
    columns = [t("indicator", lang), t("value", lang), t("period", lang), t("ov_col_change", lang),
               t("ov_col_whose", lang), t("ov_col_reported", lang)]
    rows = [[c.indicator.short(lang),
             c.value_text + (f" ({t('approx_period', lang)})" if c.approximate else ""),
             parse_period(c.period).label(lang), c.delta_text or "—", card_whose(c, lang), card_reported(c, lang)]
            for c in cards]
    return pl.DataFrame(rows, schema=columns, orient="row")


def ranking_table(frame: pl.DataFrame, indicator: Indicator, lang: str) -> pl.DataFrame:
    """Rank, unit and the figure as said, for display."""
    return pl.DataFrame({
        "#": frame["rank"].to_list(),
        t("unit", lang): frame["unit_name"].to_list(),
        t("value", lang): [label(r, indicator, lang) for r in frame.iter_rows(named=True)],
    }, schema={"#": pl.Int64, t("unit", lang): pl.String, t("value", lang): pl.String})


def sparkline_svg(points: list[tuple[str, float]], indicator: Indicator, lang: str = "vi", width: int = 240,
                  height: int = 48) -> str:
    """A tiny trend as inline SVG, no axes, the last point marked, each point's period and value in its tooltip.
    One SVG per card instead of one Plotly chart each: 23 charts made the overview's cold load seconds long."""
    values = [v for _, v in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 8) / max(len(values) - 1, 1)
    xy = [(4 + i * step, height - 4 - (v - low) / span * (height - 8)) for i, v in enumerate(values)]
    dots = []
    for i, ((x, y), (period, value)) in enumerate(zip(xy, points, strict=True)):
        last = i == len(xy) - 1  # the others are invisible, there for their tooltip
        tip = escape(f"{parse_period(period).label(lang)}: {_number_text(value, indicator, lang)}")
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{4 if last else 3}" fill="{PALETTE[0]}" '
                    f'fill-opacity="{1 if last else 0}"><title>{tip}</title></circle>')
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    return (f'<svg class="sparkline" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'style="max-width:100%;height:auto"><polyline points="{line}" fill="none" stroke="{PALETTE[0]}" '
            f'stroke-width="2"/>{"".join(dots)}</svg>')

