"""Map page at national commune scale: payload sent to the browser and time to draw it in Chromium.

Uses the compare_page store (3,321 new-era communes with synthetic figures; built if missing) plus the default
boundaries. Measured in the same run, each the median of --repeat runs:
  payload – bytes of the Plotly figure JSON the page sends for the 3,321-commune map, its shapes by URL (as the
            page does since issue 12) and inline (as exported images need them), and for the 34-province map as
            the baseline;
  build   – Python time to make that figure (layer from the store, values, classes, figure);
  render  – Chromium (Debian's, through Playwright) from navigation to every commune path painted, against
            the same for the 34-province map.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from bench.compare_page import STORE, build_store
from danvan.geo.boundaries import geojson_layer
from danvan.geo.default_map import ensure_default
from danvan.grammar import catalogue
from danvan.present.classify import make_classes
from danvan.present.maps import choropleth_figure
from danvan.store import db

ROOT = Path(__file__).resolve().parent.parent
INDICATOR, PERIOD = "TCD_LUOT", "2025-Q4"
sys.path.insert(0, str(ROOT))


def figure_json(con, level: str, url: str | None = "/app/static/geo/layer.json") -> tuple[str, float]:
    """The page's figure for one level, as JSON (shapes by URL, or inline when url is None), and its seconds."""
    start = time.perf_counter()
    layer = geojson_layer(con, "new", level)
    values = db.run(con, "map_values", indicator=INDICATOR, period=PERIOD, era="new", level=level,
                    province_key=None)
    ind = catalogue.get(INDICATOR)
    classes = make_classes(values["map_value"].to_list(), "quantile", higher_is_better=ind.higher_is_better)
    spec = choropleth_figure(layer, values, ind, classes, geojson=url).to_json()
    return spec, time.perf_counter() - start


def render_seconds(url: str, expected_paths: int, repeat: int) -> float:
    from tests.browser import chromium

    times = []
    with chromium() as browser:
        for _ in range(repeat + 1):  # first run warms the server's caches
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            start = time.perf_counter()
            page.goto(url)
            page.wait_for_function(
                f"() => document.querySelectorAll('path.choroplethlocation').length >= {expected_paths}",
                timeout=120_000)
            times.append(time.perf_counter() - start)
            page.close()
    return statistics.median(times[1:])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench map_page")
    parser.add_argument("--repeat", type=int, default=3)
    args, _ = parser.parse_known_args(argv)
    if not STORE.exists():
        build_store(STORE)
    store = STORE.with_name("map_page.duckdb")
    shutil.copy(STORE, store)
    with db.connect(store) as con:
        ensure_default(con)
        sizes = {}
        for level in ("province", "commune"):
            runs = [figure_json(con, level) for _ in range(args.repeat)]
            inline = len(figure_json(con, level, None)[0].encode())
            sizes[level] = (len(runs[0][0].encode()), statistics.median(t for _, t in runs), inline)
    print(f"store {store.name} · indicator {INDICATOR} · period {PERIOD}")
    for level, (size, secs, inline) in sizes.items():
        print(f"{level:<9} payload {size / 1e3:8.1f} kB by URL, {inline / 1e6:5.2f} MB inline   "
              f"build {secs * 1000:7.0f} ms")

    from tests.browser import streamlit_server
    with streamlit_server(store) as url:
        base = f"{url}/ban_do?indicator={INDICATOR}&era=new&period={PERIOD}&method=quantile"
        province = render_seconds(base + "&level=province", 34, args.repeat)
        commune = render_seconds(base + "&level=commune", 3321, args.repeat)
    print(f"render in Chromium: 34 provinces {province:.2f} s · 3,321 communes {commune:.2f} s · "
          f"ratio {commune / province:.2f}×")
