"""Pages under Streamlit's AppTest, opened the way a shared link opens them (query parameters first)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def open_page(script: str, timeout: float = 60, **query: str) -> AppTest:
    """Run `script` (relative to tests/: "../pages/3_ho_so.py", "../app.py") with `query` in its URL."""
    at = AppTest.from_file(script, default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def chart_specs(at: AppTest) -> list[dict]:
    """The Plotly figures a page drew (ui/chart.py), in page order, as the browser receives them."""
    return [json.loads(c.proto.bytes)["figure"] for c in at.get("bidi_component")
            if c.proto.component_name == "danvan_chart" and c.proto.WhichOneof("data") == "bytes"]  # not preload()
