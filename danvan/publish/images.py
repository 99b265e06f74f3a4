"""Charts and maps as images that travel alone: PNG and SVG rendered on the server, stamped with their source.

A chart taken to a review conference is screenshotted and pasted far from the page it came from, so everything a
reader needs is drawn on the image itself: a header with the title, the unit of measure and the period; a footer
with "Nguồn: …" (each document or upload with its date), the date the data last changed, and one line per note
(partial, derived or estimated figures, estimated boundaries, the boundaries' attribution). The figure's own notes
(`present` puts them on the figure) move into the footer, so nothing is drawn over the plot.

Size: 1280 × 720 logical pixels (16:9, a projector's and a widescreen slide's frame) at scale 2, so a PNG is
2560 × 1440 pixels and an SVG has a 1280 × 720 viewBox. 1280 rather than 1600 wide keeps the app's 16 px type
readable when the image fills a slide. Rendering: one warm kaleido in Debian's Chromium, offline (`_render`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import plotly.graph_objects as go
import polars as pl

from danvan.grammar.catalogue import Indicator
from danvan.grammar.i18n import t
from danvan.grammar.periods import date_text, parse_period
from danvan.grammar.values import format_number
from danvan.publish._render import RENDERER
from danvan.publish._sources import Source, source_text, unique_sources

__all__ = ["HEIGHT", "SCALE", "WIDTH", "Stamp", "footer_lines", "period_span", "stamp_from_frame", "stamped",
           "to_png", "to_svg", "units_text"]

WIDTH, HEIGHT, SCALE = 1280, 720, 2
EDGE = 20                 # px of paper around the header and the footer
TITLE_PX, SUBTITLE_PX = 22, 15
LEGEND_PX = 30            # a one-row legend between the header and the plot
FOOT_PX, FOOT_LINE = 13, 18
FOOT_CHARS = 125          # a footer line's length: ~7,5 px a character, with room for a y axis's labels on the left
AXIS_PX = 46              # below a cartesian plot: its tick labels, before the footer starts
MAX_SOURCES = 6           # named sources; the rest are counted ("và 12 nguồn khác")
NOTE_NAMES = ("partial_note", "note_")  # the annotations `present` puts on a figure as notes


@dataclass(frozen=True)
class Stamp:
    """What an image says about itself. `sources`: (document or upload title, its date or None)."""

    title: str
    units: str
    period: str
    sources: tuple[Source, ...] = ()
    changed: date | None = None
    notes: tuple[str, ...] = field(default=())
    derived: bool = False   # some figures are derived from old units: their documents are the old units' reports


def units_text(indicator: Indicator, lang: str = "vi") -> str:
    """The unit of measure a reader needs: "%" (a ratio's parts too: "% (xã đạt chuẩn / tổng số xã)"), "cuộc"."""
    if indicator.is_percent_valued:
        parts = lang == "vi" and indicator.numerator_vi and indicator.denominator_vi
        return f"% ({indicator.numerator_vi} / {indicator.denominator_vi})" if parts else "%"
    measure = indicator.value_measure
    return measure.name_vi if lang == "vi" else measure.name_en


def period_span(frame: pl.DataFrame, lang: str = "vi") -> str:
    """The periods a chart spans, in the periods' own labels ("Năm 2019 – Năm 2024"), or one period's label."""
    if not frame.height:
        return ""
    ordered = frame.sort("period_end")["period"]
    first, last = (parse_period(p).label(lang) for p in (ordered[0], ordered[-1]))
    return first if first == last else f"{first} – {last}"


def stamp_from_frame(frame: pl.DataFrame, *, title: str, units: str, period: str, lang: str = "vi",
                     changed: date | datetime | None = None, layer: dict | None = None) -> Stamp:
    """The stamp of a figure drawn from `frame` (a page query's rows: `source_title`, optional `source_date`,
    `recorded_at`, `derived`, `qualifier`, `status`, `period_approximate`).

    A derived row's `source_title` is its derivation ("Cộng 2/3 đơn vị cũ…"), not a document: it is counted in a
    note instead of named as a source. The last change is the newest `recorded_at` of the rows when the frame has
    it, else `changed` (the store's last change). `layer`: the map's boundaries, for the estimated-boundaries note
    (the same words as the map's own note, so the footer says it once).
    """
    derived = pl.col("derived").fill_null(False) if "derived" in frame.columns else pl.lit(False)
    documents = frame.filter(~derived & pl.col("source_title").is_not_null()) if frame.height else frame
    dates = documents["source_date"] if "source_date" in documents.columns else pl.Series([None] * documents.height)
    pairs = sorted(zip(documents["source_title"].to_list(), dates.to_list(), strict=True),
                   key=lambda p: (p[1] is None, -(p[1].toordinal() if p[1] else 0), p[0]))  # newest first
    if "recorded_at" in frame.columns and frame["recorded_at"].drop_nulls().len():
        changed = frame["recorded_at"].max()
    estimated = pl.lit(False)
    if "qualifier" in frame.columns:
        estimated = estimated | (pl.col("qualifier") == "~")
    if "status" in frame.columns:
        estimated = estimated | (pl.col("status") == "expected")
    approx = pl.col("period_approximate") if "period_approximate" in frame.columns else pl.lit(False)
    counts = {"stamp_derived": derived, "stamp_estimated": estimated, "stamp_approx_period": approx}
    counted = frame.select(**{key: cond.fill_null(False).sum() for key, cond in counts.items()}).row(0, named=True) \
        if frame.height else dict.fromkeys(counts, 0)  # the three in one pass over the rows
    notes = [t(key, lang, n=format_number(n, 0, lang)) for key, n in counted.items() if n]
    n_derived = counted["stamp_derived"]
    if layer and (n := sum(1 for f in layer["features"] if f["properties"].get("approximate"))):
        notes.append(t("approx_map", lang, n=n))
    day = changed.date() if isinstance(changed, datetime) else changed
    return Stamp(title=title, units=units, period=period, sources=tuple(unique_sources(pairs)), changed=day,
                 notes=tuple(notes), derived=n_derived > 0)


def _source_line(stamp: Stamp, lang: str) -> str:
    named = [source_text(s, lang) for s in stamp.sources[:MAX_SOURCES]]
    if more := len(stamp.sources) - len(named):
        named.append(t("stamp_more_sources", lang, n=format_number(more, 0, lang)))
    if stamp.derived:
        named.append(t("stamp_derived_source", lang))
    line = t("stamp_sources", lang, sources="; ".join(named) if named else t("pub_no_source", lang))
    return line + (" — " + t("pub_last_changed", lang, day=date_text(stamp.changed, lang)) if stamp.changed else "")


def _is_note(annotation: go.layout.Annotation) -> bool:
    return bool(annotation.name) and annotation.name.startswith(NOTE_NAMES)


def footer_lines(stamp: Stamp, figure_notes: Sequence[str], lang: str) -> list[str]:
    """The footer, wrapped: the source line, then the figure's own notes, then the stamp's (each said once)."""
    notes = list(dict.fromkeys([*figure_notes, *stamp.notes]))
    return [line for text in (_source_line(stamp, lang), *notes)
            for line in textwrap.wrap(text, FOOT_CHARS, subsequent_indent="   ")]


def _spec(fig: go.Figure) -> dict:
    """The figure's own data and layout, not copied. Plotly deep-copies a figure on every copy and `to_dict()`:
    about a second each for the national commune layer; the renderer and `_copy` only read it."""
    return {"data": fig._data, "layout": fig._layout}  # plotly's own structures, read only


def _copy(fig: go.Figure, layer: dict | None) -> go.Figure:
    """A copy of `fig` that shares its maps' shapes instead of copying them. An exported map carries its shapes: a
    layer given by URL (the page's static file) would be fetched at render time, so it becomes `layer`, and is
    refused when there is none."""
    spec = _spec(fig)
    shapes = {}
    for i, trace in enumerate(spec["data"]):
        if trace.get("type") == "choropleth" and trace.get("geojson") is not None:
            if isinstance(trace["geojson"], str) and layer is None:
                raise ValueError("Ảnh bản đồ cần lớp ranh giới nằm trong hình, không phải đường dẫn.")
            shapes[i] = layer if isinstance(trace["geojson"], str) else trace["geojson"]
    out = go.Figure({"data": [{**tr, "geojson": None} if i in shapes else tr for i, tr in enumerate(spec["data"])],
                     "layout": spec["layout"]})
    for i, shape in shapes.items():
        out.data[i].geojson = shape
    return out


def _fit_categories(fig: go.Figure, plot_px: float) -> None:
    """A ranking of many units squeezed into 16:9: its unit names shrink so the rows do not overlap."""
    for trace in fig.data:
        if trace.type == "bar" and trace.orientation == "h" and trace.y is not None and len(trace.y):
            size = max(8, min(16, int(plot_px / len(trace.y) * 0.75)))
            fig.update_yaxes(tickfont_size=size)
            fig.update_traces(textfont_size=size, selector=dict(type="bar"))


def stamped(fig: go.Figure, stamp: Stamp, lang: str = "vi", layer: dict | None = None) -> go.Figure:
    """A copy of `fig` laid out for export: header, plot, footer; nothing drawn over the plot. `layer`: the map's
    boundaries, when the figure names them by URL (the page's map)."""
    out = _copy(fig, layer)
    figure_notes = [a.text for a in out.layout.annotations if _is_note(a)]
    out.layout.annotations = [a for a in out.layout.annotations if not _is_note(a)]
    lines = footer_lines(stamp, figure_notes, lang)
    legend = out.layout.showlegend is True
    cartesian = any(trace.type in ("scatter", "bar") for trace in out.data)
    header = EDGE + TITLE_PX + 8 + SUBTITLE_PX + 14
    top = header + (LEGEND_PX if legend else 0) + 18
    bottom = EDGE + FOOT_LINE * len(lines) + (AXIS_PX if cartesian else 10)
    margin = out.layout.margin
    left, right = max(margin.l or 0, EDGE), max(margin.r or 0, EDGE)
    subtitle = " · ".join(p for p in (t("stamp_units", lang, units=stamp.units) if stamp.units else "",
                                      t("stamp_period", lang, period=stamp.period) if stamp.period else "") if p)
    out.update_layout(
        width=WIDTH, height=HEIGHT, margin=dict(l=left, r=right, t=top, b=bottom, autoexpand=True),
        title=dict(text=f"<b>{stamp.title}</b>", x=EDGE / WIDTH, xref="container", xanchor="left",
                   y=1 - EDGE / HEIGHT, yref="container", yanchor="top", font=dict(size=TITLE_PX, color="#111"),
                   subtitle=dict(text=subtitle, font=dict(size=SUBTITLE_PX, color="#444"))),
    )
    if legend:
        out.update_layout(legend=dict(orientation="h", xref="container", yref="container", x=EDGE / WIDTH,
                                      xanchor="left", y=1 - header / HEIGHT, yanchor="top", bgcolor="rgba(0,0,0,0)"))
    plot_px = HEIGHT - top - bottom
    _fit_categories(out, plot_px)
    for i, line in enumerate(lines):  # paper coordinates: 0 is the plot's bottom edge, 1 its top
        from_bottom = EDGE + FOOT_LINE * (len(lines) - 1 - i)
        out.add_annotation(text=line, xref="paper", yref="paper", x=(EDGE - left) / (WIDTH - left - right),
                           y=(from_bottom - bottom) / plot_px, xanchor="left", yanchor="bottom", align="left",
                           showarrow=False, font=dict(size=FOOT_PX, color="#222" if i == 0 else "#444"),
                           name=f"stamp_{i}")
    return out


def to_png(fig: go.Figure) -> bytes:
    """PNG bytes, 2560 × 1440 pixels (a stamped figure; any figure is drawn at the export size)."""
    return RENDERER.render(_spec(fig), "png", WIDTH, HEIGHT, SCALE)


def to_svg(fig: go.Figure) -> bytes:
    """SVG bytes: text stays text (searchable, sharp at any size), 1280 × 720 viewBox."""
    return RENDERER.render(_spec(fig), "svg", WIDTH, HEIGHT, SCALE)
