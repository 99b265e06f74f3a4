"""Choropleth builder: a boundary layer and one value per unit in, a Plotly figure out. No Streamlit here.

One trace carries every unit (the GeoJSON is sent once); classes are a discrete colour scale with the
class ranges on the colour bar, grey first for "no data" (never drawn as zero). Hover shows the figure as
it was said ("trên 90%"), its period and source. Province maps also print the values on the map.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from danvan.grammar.catalogue import Indicator
from danvan.grammar.i18n import t
from danvan.present.classify import NO_DATA, Classes
from danvan.present.style import FONT, label


def _discrete_scale(colours: list[str]) -> list[list]:
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def choropleth_figure(
    layer: dict, values: pl.DataFrame, indicator: Indicator, classes: Classes, *, lang: str = "vi",
    title: str = "", labels_at: dict[str, tuple[float, float]] | None = None,
) -> go.Figure:
    """`values`: unit_key, map_value and the observation columns used by `style.label` (one row per unit)."""
    by_unit = {r["unit_key"]: r for r in values.iter_rows(named=True)}
    keys, z, hover = [], [], []
    for feature in layer["features"]:
        props = feature["properties"]
        key = props["unit_key"]
        row = by_unit.get(key)
        keys.append(key)
        if row is None:
            z.append(0)
            hover.append(f"<b>{props['name']}</b><br>{t('no_data_unit', lang)}")
        else:
            z.append(classes.index(row["map_value"]) + 1)
            derived = f"<br><i>{t('derived', lang)}</i>" if row.get("derived") else ""
            partial = f" ({t('partial', lang)})" if row.get("partial") else ""
            hover.append(f"<b>{props['name']}</b><br>{label(row, indicator, lang)}{partial}{derived}"
                         f"<br>{t('source', lang)}: {row['source_title'] or '—'}")
    suffix = "%" if indicator.is_percent_valued else ""
    ticktext = [t("no_data_unit", lang), *classes.labels(suffix, lang)]
    colours = [NO_DATA, *classes.colours]
    fig = go.Figure(go.Choropleth(
        geojson=layer, featureidkey="properties.unit_key", locations=keys, z=z,
        zmin=-0.5, zmax=len(colours) - 0.5, colorscale=_discrete_scale(colours),
        marker=dict(line=dict(color="white", width=0.4)), hovertext=hover, hoverinfo="text",
        colorbar=dict(tickvals=list(range(len(colours))), ticktext=ticktext, title=dict(text=suffix or ""),
                      thickness=18, len=0.75),
        customdata=keys,
    ))
    if labels_at:
        texts = [(key, label(by_unit[key], indicator, lang)) for key in keys if key in by_unit and key in labels_at]
        fig.add_trace(go.Scattergeo(
            lon=[labels_at[k][1] for k, _ in texts], lat=[labels_at[k][0] for k, _ in texts],
            text=[txt for _, txt in texts], mode="text", textfont=dict(size=13, color="#111"),
            hoverinfo="skip", showlegend=False))
    fig.update_geos(visible=False, fitbounds="locations", projection_type="mercator", bgcolor="rgba(0,0,0,0)")
    fig.update_layout(title=dict(text=title, font=dict(size=20)), font=FONT, margin=dict(l=0, r=0, t=60, b=0),
                      height=760, separators=",." if lang == "vi" else ".,", dragmode=False)
    if any(f["properties"].get("approximate") for f in layer["features"]):
        fig.add_annotation(text=t("approx_map", lang), xref="paper", yref="paper", x=0, y=0, showarrow=False,
                           font=dict(size=12, color="#555"), align="left")
    return fig
