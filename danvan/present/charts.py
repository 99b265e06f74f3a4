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
from danvan.present.compare import GREY, unit_colours
from danvan.present.style import FONT, PALETTE, label

MERGER = date(2025, 7, 1)
MARKERS = {"=": "circle", ">": "triangle-up", ">=": "triangle-up", "<": "triangle-down", "<=": "triangle-down",
           "~": "diamond-open", "range": "line-ns"}
DASH = {"actual": "solid", "expected": "dash", "target": "dot"}


def base_layout(fig: go.Figure, title: str, lang: str) -> go.Figure:
    """Big type and Vietnamese separators (2.500; 53,33) on the one theme every figure starts from
    (style._register_theme)."""
    fig.update_layout(
        title=dict(text=title, font=dict(size=20)), font=FONT,
        separators=",." if lang == "vi" else ".,", margin=dict(l=20, r=20, t=70, b=40),
        legend=dict(orientation="h", yanchor="bottom", y=-0.3), hoverlabel=dict(font_size=15),
    )
    return fig


def _period_label(period: str, lang: str) -> str:
    return parse_period(period).label(lang)


def _at(row: dict) -> str:
    """Plot a figure at its period's end date: a year at 31/12, "tính đến 26/9/2020" on 26/9/2020, so an as-of
    figure sits before the end-of-year expectation it leads to. Written as Plotly writes a date ("2020-09-26"):
    a date object costs a deep copy and an encoder call per point on every rerun."""
    return row["period_end"].isoformat()


END_LABEL_PX = 24       # vertical room an end label needs (14 px type, one line)
MIN_PLOT_PX = 300       # the smallest plot area a trend gets (TREND_HEIGHT less title, ticks and notes)
TREND_HEIGHT = 520
MARKED_POINTS = 12      # a line with more points than this marks only the points that need it (see trend_figure)


def _spread(wanted: list[float], gap: float) -> list[float]:
    """Move label positions (fractions of the plot's height) apart by at least `gap`, as little as possible, the
    top one not above the plot; the order of the positions is kept."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    ys = [wanted[i] for i in order]
    for i in range(1, len(ys)):
        ys[i] = max(ys[i], ys[i - 1] + gap)
    if ys and ys[-1] > 1:
        ys[-1] = 1.0
        for i in range(len(ys) - 2, -1, -1):
            ys[i] = min(ys[i], ys[i + 1] - gap)
    out = [0.0] * len(ys)
    for pos, i in enumerate(order):
        out[i] = ys[pos]
    return out


def trend_figure(series: pl.DataFrame, indicator: Indicator, lang: str = "vi", colours: dict[str, str] | None = None,
                 from_zero: bool = False) -> go.Figure:
    """One line per unit and status across periods, each point at its period's end date.

    No value on every point (they pile up): each coloured line is labelled once, at its last point, with the unit
    and that value ("Cà Mau: 5,34 điểm"), the labels moved apart so they never overlap; every value is in the
    hover. `colours` maps unit_key → colour (the same as in the ranking); a unit beyond the palette is drawn grey,
    thin and unlabelled. The vertical axis spans the data unless `from_zero`.

    Light enough for 34 units × 40 quarters (issue 13): traces are plain dicts put in the figure at once without
    Plotly's per-attribute validation (known-good values; validating 80 traces took ~0,25 s a rerun), and a long
    line (more than `MARKED_POINTS` points) gets markers only where a point says more than its value — a qualifier
    ("trên", a range) or a derived figure; every point keeps its hover.
    """
    colours = colours or unit_colours(series["unit_key"].unique(maintain_order=True).to_list())
    traces: list[dict] = []  # plain dicts: go.Scatter objects are validated and copied
    ends: list[tuple[str, float, str, str]] = []  # (x, y, text, colour) of each labelled line's last point
    ys: list[float] = []
    by_unit: dict[str, dict[str, list[dict]]] = {key: {} for key in series["unit_key"].unique(maintain_order=True)}
    period_labels = {p: _period_label(p, lang) for p in series["period"].unique()}  # the same few on every line
    approx = f" ({t('approx_period', lang)})"
    # The hover's words and tags once per trace, each point's own parts in its customdata (key, period, qualifier,
    # status, then unit, period label, source, notes): a hover text per point, its tags escaped by Plotly's JSON,
    # was ~60 % of a national trend's message (issue 13).
    hover = (f"<b>%{{customdata[4]}}</b><br>%{{customdata[5]}}<br>%{{text}}<br>{t('source', lang)}: "
             "%{customdata[6]}%{customdata[7]}<extra></extra>")
    for r in series.sort("period_end", maintain_order=True).to_dicts():
        if r["value"] is not None or r["value_low"] is not None:  # "not combined" has no number
            by_unit[r["unit_key"]].setdefault(r["status"], []).append(r)
    greys: dict[str, list[tuple[str, dict]]] = {}  # status → (name, points) of each grey line
    for key in by_unit:
        colour = colours.get(key, GREY)
        grey = colour == GREY
        for status in ("actual", "expected", "target"):
            rows = by_unit[key].get(status, [])
            if not rows:
                continue
            name = rows[0]["unit_name"] + ("" if status == "actual" else f" ({t('status_' + status, lang)})")
            texts = [label(r, indicator, lang) + (f" ({t('partial', lang)})" if r.get("partial") else "")
                     for r in rows]
            mids = [r["value"] if r["value"] is not None else (r["value_low"] + r["value_high"]) / 2 for r in rows]
            ys += mids + [v for r in rows for v in (r["value_low"], r["value_high"]) if v is not None]
            notes = [(f"<br><b>{t('partial_hover', lang)}</b>" if r.get("partial") else "")
                     + (f"<br><i>{t('derived', lang)}: {r['derivation']}</i>" if r.get("derived") else "")
                     for r in rows]  # rare: most points have none
            ranges = [r for r in rows if r["qualifier"] == "range"]
            if ranges:  # a range is a band, not a point: the line's bands in one trace, a gap between two
                traces.append(dict(
                    type="scatter", x=[v for r in ranges for v in (_at(r), _at(r), None)][:-1],
                    y=[v for r in ranges for v in (r["value_low"], r["value_high"], None)][:-1], mode="lines",
                    line=dict(color=colour, width=14), opacity=0.35, showlegend=False, hoverinfo="skip"))
            marked = [len(rows) <= MARKED_POINTS or (r["qualifier"] or "=") != "=" or bool(r.get("derived"))
                      for r in rows]
            points = dict(
                x=[_at(r) for r in rows], y=mids, text=texts,
                customdata=[[r["unit_key"], r["period"], r["qualifier"], r["status"], r["unit_name"],
                             period_labels[r["period"]] + (approx if r["period_approximate"] else ""),
                             r["source_title"] or "—", note] for r, note in zip(rows, notes, strict=True)],
                size=[(8 if grey else 14) if m else 0 for m in marked],
                symbol=[MARKERS.get(r["qualifier"], "circle") + ("-open" if r.get("derived") and
                        not MARKERS.get(r["qualifier"], "").endswith("-open") else "") for r in rows])
            if grey:  # every grey line of a status in one trace, apart by a gap: Plotly draws each trace ~3 ms
                greys.setdefault(status, []).append((name, points))
            else:
                traces += _line(name, points, colour, status, [key, colour], hover)
                ends.append((_at(rows[-1]), mids[-1], f"{rows[0]['unit_name']}: {texts[-1]}", colour))
    traces[:0] = [trace for status, parts in greys.items()  # underneath the coloured lines
                  for trace in _line("; ".join(name for name, _ in parts), _joined([p for _, p in parts]), GREY,
                                     status, [parts[0][1]["customdata"][0][0], GREY], hover)]
    low, high = _y_range(ys, from_zero)
    # Each line's last point labelled once; positions in fractions of the plot's height, spread apart.
    spread = _spread([(y - low) / (high - low) for _, y, _, _ in ends], END_LABEL_PX / MIN_PLOT_PX)
    if ends:  # one text trace (drawn with the lines, so in every export), unnamed: not a unit's line
        traces.append(dict(
            type="scatter", x=[x for x, _, _, _ in ends], y=[low + f * (high - low) for f in spread], mode="text",
            text=["\u2002\u2002" + text for _, _, text, _ in ends], textposition="middle right",
            textfont=dict(size=14, color=[c for _, _, _, c in ends]), cliponaxis=False, showlegend=False,
            hoverinfo="skip", meta="end_labels"))
    # One figure, unvalidated (known-good values; the browser tests check what is drawn): a validated layout put
    # into a second figure with the traces copied every point once more (~20 ms a rerun at 34 units, issue 13).
    fig = go.Figure(data=traces, _validate=False)
    base_layout(fig, t("trend_title", lang, indicator=indicator.name(lang)), lang)
    fig.update_layout(height=TREND_HEIGHT, showlegend=False, margin=dict(r=190))
    if "derived" in series.columns and series.filter(pl.col("derived")).height:
        # History carried onto today's map is shaded and labelled, never passed off as reported.
        fig.add_vrect(x0=series["period_end"].min() - timedelta(days=200), x1=MERGER, fillcolor="#888",
                      opacity=0.08, line_width=0, annotation_text=t("derived_band", lang),
                      annotation_position="top left", annotation_font_size=13)
    if "partial" in series.columns and series.filter(pl.col("partial")).height:
        _note(fig, t("partial_note_trend", lang))
    suffix = "%" if indicator.is_percent_valued else ""
    fig.update_yaxes(ticksuffix=suffix, title=None, range=[low, high], zeroline=from_zero)
    # Year ticks centred on their year; a point at 31/12 sits at its year's right edge. Air on the right for labels.
    if series.height:
        first, last = series["period_end"].min(), series["period_end"].max()
        fig.update_xaxes(range=[first - timedelta(days=200), last + timedelta(days=200)])
    fig.update_xaxes(title=None, type="date", dtick="M12", tickformat="%Y", ticklabelmode="period")
    return fig


_GAP = dict(x=None, y=None, text="", customdata=[None] * 8, size=0, symbol="circle")


def _joined(lines: list[dict]) -> dict:
    """The points of several lines as one, a gap (no x, no y) between two lines so they are drawn apart."""
    return {k: [v for i, points in enumerate(lines) for v in ([_GAP[k]] if i else []) + points[k]] for k in _GAP}


def _line(name: str, points: dict, colour: str, status: str, meta: list, hover: str) -> list[dict]:
    """One trend line: `points` holds x, y, text, customdata (what `hover`, the trace's hover template, reads) and
    each point's marker size (0: none) and symbol. A line whose points are all marked carries its markers; a line
    with a few marked points is drawn as lines, its marks a second trace of those points only (Plotly styles a
    marker element for every point of a `lines+markers` trace, even of size 0: over a thousand on a national trend,
    most of its drawing time)."""
    sizes = points["size"]
    grey = colour == GREY
    trace = dict(type="scatter", x=points["x"], y=points["y"], name=name, text=points["text"], cliponaxis=False,
                 line=dict(color=colour, width=1.5 if grey else 3, dash=DASH[status]), mode="lines",
                 hovertemplate=hover, showlegend=False, customdata=points["customdata"],
                 meta=meta)
    marker = dict(color=colour, line=dict(width=2, color=colour))
    if all(sizes):
        return [{**trace, "mode": "lines+markers", "marker": {**marker, "size": sizes, "symbol": points["symbol"]}}]
    if not any(sizes):
        return [trace]
    keep = [i for i, size in enumerate(sizes) if size]
    marks = dict(type="scatter", x=[points["x"][i] for i in keep], y=[points["y"][i] for i in keep], mode="markers",
                 marker={**marker, "size": [sizes[i] for i in keep], "symbol": [points["symbol"][i] for i in keep]},
                 cliponaxis=False, showlegend=False, hoverinfo="skip")  # the line's hover speaks for them
    return [trace, marks]


def _y_range(values: list[float], from_zero: bool) -> tuple[float, float]:
    """The data's range with 8% of air each side (from 0 when asked, or when every value is 0)."""
    if not values:
        return (0.0, 1.0)
    low, high = min(values), max(values)
    if from_zero:
        low, high = min(0.0, low), max(0.0, high)
    span = (high - low) or (abs(high) * 0.2 or 1.0)
    pad = span * 0.08
    return (0.0 if from_zero and low >= 0 else low - pad, high + pad)


def ranking_figure(rank: pl.DataFrame, indicator: Indicator, lang: str = "vi", colours: dict[str, str] | None = None,
                   title: str | None = None) -> go.Figure:
    """Horizontal bars from zero, best at the top by the indicator's direction (`higher_is_better`); each bar in its
    unit's colour (the same as in the trend); ranges float from low to high, inexact values are hatched."""
    rows = sorted(rank.to_dicts(), key=lambda r: (-r["sort_value"] if indicator.higher_is_better else r["sort_value"],
                                                 r["unit_name"], r["unit_key"]))
    partial = [bool(r.get("partial")) for r in rows]
    texts = [label(r, indicator, lang) + (f" ({t('partial', lang)})" if p else "") for r, p in zip(rows, partial,
                                                                                                     strict=True)]
    names = [r["unit_name"] for r in rows]
    # A namesake (old and new Cà Mau) keeps its own bar: its era is added to its name.
    names = [n + (f" ({t('era_' + r.get('unit_era', 'new'), lang)})" if names.count(n) > 1 else "")
             for n, r in zip(names, rows, strict=True)]
    base = [r["value_low"] if r["qualifier"] == "range" else 0 for r in rows]
    length = [(r["value_high"] - r["value_low"]) if r["qualifier"] == "range" else r["value"] for r in rows]
    colours = colours or {}
    fig = go.Figure(go.Bar(
        y=names, x=length, base=base,
        orientation="h", text=texts, textposition="outside", textfont=dict(size=16, color="#111111"),
        marker=dict(color=[colours.get(r["unit_key"], PALETTE[0]) for r in rows],
                    pattern=dict(shape=["" if r["qualifier"] == "=" else "/" for r in rows], fgcolor="#111111"),
                    opacity=[0.45 if p else 1.0 for p in partial],
                    line=dict(color="#111111", width=[2.5 if p else 0 for p in partial])),
        hovertext=[f"{txt} — {_period_label(r['period'], lang)}" for r, txt in zip(rows, texts, strict=True)],
        hoverinfo="text+y",
        customdata=[[r["unit_key"], r["qualifier"], p] for r, p in zip(rows, partial, strict=True)],
    ))
    base_layout(fig, title or t("ranking_title", lang, indicator=indicator.name(lang)), lang)
    if any(partial):
        _note(fig, t("partial_note_ranking", lang))
    fig.update_layout(showlegend=False, height=max(300, 90 + 60 * len(rows)))
    fig.update_yaxes(categoryorder="array", categoryarray=names, autorange="reversed")  # the first row on top
    top = max([b + x for b, x in zip(base, length, strict=True)] + [0])
    fig.update_xaxes(ticksuffix="%" if indicator.is_percent_valued else "", rangemode="tozero",
                     range=[0, 105] if indicator.is_percent_valued else [0, top * 1.25 or 1])
    return fig


def _note(fig: go.Figure, text: str) -> None:
    """A note on the figure itself (top right, under the title), so an exported image carries it."""
    fig.add_annotation(text=text, xref="paper", yref="paper", x=1, y=1.02, xanchor="right", yanchor="bottom",
                       showarrow=False, font=dict(size=13, color="#333"), name="partial_note")
