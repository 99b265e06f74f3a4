"""Choropleth builder: a boundary layer and one value per unit in, a Plotly figure out. No Streamlit here.

One trace carries every unit (the GeoJSON is sent once); classes are a discrete colour scale with the
class ranges on the colour bar, grey first for "no data" (never drawn as zero). Hover shows the figure as
it was said ("trên 90%"), its period and source. Province maps also print the values on the map.

A partial figure (today's map: not every old unit reported) is never painted like a complete one: its unit is
hatched and outlined with a dashed line (Plotly's choropleth has no fill pattern, so both are a line trace over
the unit, named in the legend), its label and hover say "một phần", and a note on the figure itself says what
the marks mean, so an image exported from the toolbar carries it.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
import polars as pl
import shapely
from shapely.geometry import shape

from danvan.grammar.catalogue import Indicator
from danvan.grammar.i18n import t
from danvan.present.classify import NO_DATA, Classes
from danvan.present.style import FONT, label

MAP_HEIGHT = 600  # px: the whole map fits a 1280×720 projector under the page's controls
PARTIAL_LINE = dict(color="#111111", width=2.5, dash="dash")   # the outline of a partial unit
HATCH_LINE = dict(color="rgba(17,17,17,0.6)", width=0.8)         # its hatching
HATCH_LINES_ACROSS = 110                                       # hatch spacing: the layer's extent / this


def partial_text(row: dict, text: str, lang: str, sep: str = " ") -> str:
    """A figure's text, marked when it is partial: "trên 2.500 (một phần)"."""
    return f"{text}{sep}({t('partial', lang)})" if row.get("partial") else text


def _discrete_scale(colours: list[str]) -> list[list]:
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def _hover_groups(layer: dict, by_unit: dict[str, dict], indicator: Indicator, classes: Classes, lang: str
                  ) -> dict[tuple, tuple[list[str], list[int], list[str]]]:
    """Units grouped by what their hover shares (source, derived, partial): locations, class numbers, labels.

    The hover's constant part goes into one template per group and only the figure itself travels per unit, so a
    national commune map stays small on the wire (the unit's name comes from the GeoJSON's properties)."""
    groups: dict[tuple, tuple[list[str], list[int], list[str]]] = {}
    for feature in layer["features"]:
        key = feature["properties"]["unit_key"]
        row = by_unit.get(key)
        group = (None,) if row is None else (row["source_title"] or "—", bool(row.get("derived")),
                                             bool(row.get("partial")))
        keys, z, text = groups.setdefault(group, ([], [], []))
        keys.append(key)
        z.append(0 if row is None else classes.index(row["map_value"]) + 1)
        text.append("" if row is None else partial_text(row, label(row, indicator, lang), lang))
    return groups


def _template(group: tuple, lang: str) -> str:
    if group == (None,):
        return f"<b>%{{properties.name}}</b><br>{t('no_data_unit', lang)}<extra></extra>"
    source, derived, partial = group
    return ("<b>%{properties.name}</b><br>%{text}"
            + (f"<br><b>{t('partial_hover', lang)}</b>" if partial else "")
            + (f"<br><i>{t('derived', lang)}</i>" if derived else "")
            + f"<br>{t('source', lang)}: {source}<extra></extra>")


def choropleth_figure(
    layer: dict, values: pl.DataFrame, indicator: Indicator, classes: Classes, *, lang: str = "vi",
    title: str = "", labels_at: dict[str, tuple[float, float]] | None = None, geojson: str | None = None,
) -> go.Figure:
    """`values`: unit_key, map_value and the observation columns used by `style.label` (one row per unit).

    `geojson`, when given, is the URL of the layer as a static file: the browser fetches the shapes once and a
    rerun sends only values. Without it the layer travels inside the figure (exported images, tests).
    """
    by_unit = {r["unit_key"]: r for r in values.iter_rows(named=True)}
    suffix = "%" if indicator.is_percent_valued else ""
    ticktext = [t("no_data_unit", lang), *classes.labels(suffix, lang)]
    colours = [NO_DATA, *classes.colours]
    fig = go.Figure()
    keys = []
    for group, (locations, z, text) in _hover_groups(layer, by_unit, indicator, classes, lang).items():
        keys += locations
        fig.add_trace(go.Choropleth(  # numpy arrays: Plotly validates them at once, lists item by item
            geojson=geojson or layer, featureidkey="properties.unit_key", locations=np.array(locations),
            z=np.array(z), coloraxis="coloraxis", marker=dict(line=dict(color="white", width=0.4)),
            text=np.array(text) if group != (None,) else None, hovertemplate=_template(group, lang),
            name=t("no_data_unit", lang) if group == (None,) else group[0], showlegend=False))
    fig.update_layout(coloraxis=dict(
        cmin=-0.5, cmax=len(colours) - 0.5, colorscale=_discrete_scale(colours),
        colorbar=dict(tickvals=list(range(len(colours))), ticktext=ticktext, title=dict(text=suffix or ""),
                      thickness=18, len=0.75)))
    partial_keys = [key for key in keys if key in by_unit and by_unit[key].get("partial")]
    if partial_keys:
        _add_partial_overlay(fig, layer, set(partial_keys), lang)
    if labels_at:
        _add_value_labels(fig, layer, by_unit, indicator, classes, labels_at, lang)
    _add_archipelagos(fig, layer)
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator", bgcolor="rgba(0,0,0,0)")
    fig.update_layout(title=dict(text=title, font=dict(size=20)), font=FONT, margin=dict(l=0, r=0, t=60, b=0),
                      height=MAP_HEIGHT, separators=",." if lang == "vi" else ".,", dragmode=False)
    notes = []
    if partial_keys:
        notes.append((t("partial_note_map", lang, n=len(partial_keys)), "#111"))
        fig.update_layout(showlegend=True, legend=dict(x=0, y=1, xanchor="left", yanchor="top",
                                                       bgcolor="rgba(255,255,255,0.85)", font=dict(size=14)))
    estimated = sum(1 for f in layer["features"] if f["properties"].get("approximate"))
    if estimated:
        notes.append((t("approx_map", lang, n=estimated), "#555"))
    if layer.get("attribution"):
        notes.append((layer["attribution"], "#555"))
    for i, (text, colour) in enumerate(notes):  # on the figure itself, so an exported image carries them
        fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0.035 * (len(notes) - 1 - i),
                           showarrow=False, font=dict(size=12, color=colour), align="left", xanchor="left",
                           yanchor="bottom", name=f"note_{i}")
    return fig


LABEL_PX = dict(char=7.5, line=16, width=800, height=560)  # 13 px text on a map of about 800 × 700 px


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG) of "#rrggbb"."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _add_value_labels(fig: go.Figure, layer: dict, by_unit: dict[str, dict], indicator: Indicator,
                      classes: Classes, labels_at: dict[str, tuple[float, float]], lang: str) -> None:
    """Values printed on the map where they fit: dark on light fills, white on dark ones (only when the label fits
    inside its unit; one that spills over the neighbours stays dark), and a label that would overlap one already
    placed (greedy, in the layer's order) is left to the hover."""
    x0, y0, x1, y1 = _extent(layer)
    per_px = max((x1 - x0) / LABEL_PX["width"], (y1 - y0) / LABEL_PX["height"]) or 0.01
    placed: list[tuple[float, float, float, float]] = []
    keys, texts, colours = [], [], []
    for feature in layer["features"]:
        key = feature["properties"]["unit_key"]
        if key not in by_unit or key not in labels_at:
            continue
        text = partial_text(by_unit[key], label(by_unit[key], indicator, lang), lang, "<br>")
        lines = text.split("<br>")
        lat, lon = labels_at[key]
        half_w = max(len(line) for line in lines) * LABEL_PX["char"] * per_px / 2
        half_h = len(lines) * LABEL_PX["line"] * per_px / 2
        box = (lon - half_w, lat - half_h, lon + half_w, lat + half_h)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        fill = classes.colour(by_unit[key]["map_value"])
        ux0, _, ux1, _ = _extent({"features": [feature]})
        inside = 2 * half_w <= ux1 - ux0
        keys.append(key)
        texts.append(text)
        colours.append("#ffffff" if inside and _luminance(fill) <= 0.35 else "#111111")
    fig.add_trace(go.Scattergeo(
        lon=[labels_at[k][1] for k in keys], lat=[labels_at[k][0] for k in keys], text=texts, mode="text",
        textfont=dict(size=13, color=colours), hoverinfo="skip", showlegend=False, customdata=keys, name="labels"))


def _add_archipelagos(fig: go.Figure, layer: dict) -> None:
    """Hoàng Sa and Trường Sa named wherever the layer draws them (their anchors come with the layer)."""
    marks = layer.get("archipelagos") or []
    if marks:
        fig.add_trace(go.Scattergeo(
            lon=[m["lon"] for m in marks], lat=[m["lat"] for m in marks], text=[m["name"] for m in marks],
            mode="text", textfont=dict(size=13, color="#1a3a6b"), hoverinfo="skip", showlegend=False,
            name="archipelagos"))


def _rings(geometry: shapely.Geometry) -> list[shapely.LineString]:
    polygons = shapely.get_parts(geometry)
    return [ring for p in polygons if isinstance(p, shapely.Polygon)
            for ring in (p.exterior, *p.interiors)]


def _hatch(geometry: shapely.Geometry, step: float) -> list[shapely.LineString]:
    """Diagonal lines (45°) `step` degrees apart, clipped to the unit's shape."""
    x0, y0, x1, y1 = geometry.bounds
    span = (x1 - x0) + (y1 - y0)
    first = math.floor((y0 - x1) / step) * step  # lines y = x + c, c from the lowest to the highest corner
    lines = [shapely.LineString([(x0, x0 + c), (x1, x1 + c)]) for c in
             (first + i * step for i in range(int(span / step) + 2))]
    cut = shapely.intersection(shapely.MultiLineString(lines), geometry)
    return [part for part in shapely.get_parts(cut) if isinstance(part, shapely.LineString) and not part.is_empty]


def _path(lines: list[shapely.LineString], key: str, lon: list, lat: list, owner: list) -> None:
    for line in lines:
        xs, ys = line.xy
        lon += [*xs, None]
        lat += [*ys, None]
        owner += [key] * len(xs) + [None]


def _extent(layer: dict) -> tuple[float, float, float, float]:
    """The layer's bounding box (lon/lat), read from its coordinates without building shapes."""
    xs: list[float] = []
    ys: list[float] = []

    def walk(coords: list) -> None:
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for f in layer["features"]:
        if f.get("geometry"):
            walk(f["geometry"]["coordinates"])
    return (min(xs), min(ys), max(xs), max(ys)) if xs else (0.0, 0.0, 0.0, 0.0)


def _add_partial_overlay(fig: go.Figure, layer: dict, partial: set[str], lang: str) -> None:
    """Hatch and outline every partial unit: two line traces over the choropleth, one legend entry.

    `customdata` names the unit each vertex belongs to, so a reader (or a test) can tell which units are marked.
    """
    shapes = {f["properties"]["unit_key"]: shapely.make_valid(shape(f["geometry"])) for f in layer["features"]
              if f["properties"]["unit_key"] in partial and f.get("geometry")}
    if not shapes:
        return
    bounds = _extent(layer)
    step = max(bounds[2] - bounds[0], bounds[3] - bounds[1]) / HATCH_LINES_ACROSS or 0.01
    hatch: tuple[list, list, list] = ([], [], [])
    outline: tuple[list, list, list] = ([], [], [])
    for key, geometry in shapes.items():  # a small unit still gets a few lines
        x0, y0, x1, y1 = geometry.bounds
        _path(_hatch(geometry, min(step, max(x1 - x0, y1 - y0) / 6 or step)), key, *hatch)
        _path(_rings(geometry), key, *outline)
    name = t("partial_legend", lang)
    fig.add_trace(go.Scattergeo(lon=hatch[0], lat=hatch[1], customdata=hatch[2], mode="lines", line=HATCH_LINE,
                                hoverinfo="skip", name=name, legendgroup="partial", showlegend=False,
                                meta="partial_hatch"))
    fig.add_trace(go.Scattergeo(lon=outline[0], lat=outline[1], customdata=outline[2], mode="lines",
                                line=PARTIAL_LINE, hoverinfo="skip", name=name, legendgroup="partial",
                                showlegend=True, meta="partial_outline"))


def with_rollup(values: pl.DataFrame, rolled: pl.DataFrame | None, lang: str = "vi") -> pl.DataFrame:
    """The map's own figures plus those summed from the level below (queries/pages/map_rollup.sql decides which
    and how), each summed figure sourced as what it is: "Cộng số của 20/64 xã đã báo cáo"."""
    values = values.with_columns(*(pl.lit(False).alias(c) for c in ("derived", "partial") if c not in values.columns),
                                 pl.lit(False).alias("rolled_up"))
    if rolled is None or not rolled.height:
        return values
    sources = [t(f"rollup_{r['how']}", lang, n=r["n_reported"], total=r["n_expected"],
                 level=t(f"rollup_level_{r['rolled_from']}", lang)) for r in rolled.iter_rows(named=True)]
    rolled = rolled.with_columns(pl.Series("source_title", sources, pl.String), pl.lit(True).alias("rolled_up"))
    return pl.concat([values, rolled.select(values.columns)], how="vertical_relaxed")


def derived_notes(values: pl.DataFrame, lang: str = "vi") -> list[str]:
    """What the page says under the map about figures no unit reported itself: carried onto today's map from old
    units, or summed from the level below; each with how many are partial."""
    notes = []
    for key, rows in (("map_derived", values.filter(pl.col("derived") & ~pl.col("rolled_up"))),
                      ("map_rollup", values.filter(pl.col("rolled_up")))):
        if rows.height:
            notes.append(t(key, lang, n=rows.height, partial=int(rows["partial"].sum())))
    return notes


def map_table(layer: dict, values: pl.DataFrame, indicator: Indicator, lang: str = "vi") -> pl.DataFrame:
    """The figures on the map, one row per unit that has one, in the layer's order: what the CSV download holds.

    The columns "một phần" and "Suy ra" say which figures are partial and which derived (carried onto today's map,
    or summed from the level below).
    """
    by_unit = {r["unit_key"]: r for r in values.iter_rows(named=True)}
    marked = "partial" in values.columns
    rows = []
    for feature in layer["features"]:
        props = feature["properties"]
        row = by_unit.get(props["unit_key"])
        if row is None:
            continue
        rows.append({
            t("col_unit_code", lang): props["code"], t("unit", lang): props["name"],
            t("value", lang): label(row, indicator, lang),
            **({t("partial", lang): bool(row["partial"]), t("col_derived", lang): bool(row["derived"])}
               if marked else {}),
            t("source", lang): row["source_title"] or "",
        })
    columns = [t("col_unit_code", lang), t("unit", lang), t("value", lang),
               *([t("partial", lang), t("col_derived", lang)] if marked else []), t("source", lang)]
    return pl.DataFrame(rows, schema={c: pl.Boolean if c in (t("partial", lang), t("col_derived", lang))
                                      else pl.String for c in columns})
