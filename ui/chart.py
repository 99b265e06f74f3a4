"""Plotly charts that stay on screen between reruns.

`st.plotly_chart` derives its element's id from the figure, so every change of indicator or unit mounted a new
chart, and its first chart on a page waited for Streamlit's whole plotly.js (4,7 MB, ~0,85 s to evaluate even when
cached). This component keeps one chart per key and updates it in place with `Plotly.react`, drawn by our own
plotly.js bundle of the four trace types we draw (1,4 MB; `tools/plotly/`), fetched once per browser tab from
`static/plotly/`. Measured in bench/README.md (issue 13).
"""

from __future__ import annotations

import json
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from danvan.grammar.i18n import PLOTLY_VI, t

_COMPONENT = st.components.v2.component(
    "danvan_chart",
    css=".danvan-chart, .danvan-plot { width: 100%; }",
    js=(Path(__file__).with_name("chart.js")).read_text(encoding="utf-8"),
    isolate_styles=False,  # plotly.js styles its hover labels and toolbar from the page's <head>
)


CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    # Its PNG had no source (pages offer stamped images, ui/downloads.py); nothing on our charts is selected.
    "modeBarButtonsToRemove": ["toImage", "select2d", "lasso2d", "sendDataToCloud"],
    "topojsonURL": "/app/static/",  # the maps' world outline, served by the app (static/geo/)
}


def preload() -> None:
    """Start loading plotly.js now, from the sidebar: a chart page's first chart arrives ~0,5 s after its first
    elements (its queries run in between), and the browser evaluates the bundle in that wait instead of after."""
    with st.sidebar:
        _COMPONENT(key="chart_preload", height=0)


def plotly_chart(fig: go.Figure, key: str, lang: str, *, static: bool = False, clicks: bool = False) -> str | None:
    """Draw `fig` under `key` (`static`: a picture, no toolbar, hover or zoom); with `clicks`, the location (unit
    key) of a clicked map shape, on the rerun the click makes, else None."""
    config = {**CONFIG, "staticPlot": static, "locale": lang}
    if lang == "vi":  # plotly.js's own words (toolbar tooltips) in Vietnamese
        config["locales"] = {"vi": {"dictionary": PLOTLY_VI}}
    payload = ('{"figure":' + pio.to_json(fig, validate=False) + ',"config":' + json.dumps(config)
               + ',"click":' + json.dumps(clicks) + ',"failed":' + json.dumps(t("chart_failed", lang)) + '}')
    if not clicks:
        _COMPONENT(key=key, data=payload.encode())
        return None
    return _COMPONENT(key=key, data=payload.encode(), on_click_change=lambda: None).click
