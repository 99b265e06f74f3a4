"""Stamped images (issue 14): the first image with a cold kaleido and the next ones with a warm one.

Figures, on the compare_page store (synthetic figures for the 3,321 new-era communes; built if missing) plus the
default boundaries, copied once to bench/out/export_images.duckdb:
  trend – So sánh's trend chart: TCD_LUOT, 8 communes of 8 provinces, 2016–2025 by quarter (40 points a line);
  map   – Bản đồ's national commune map: TCD_LUOT 2025-Q4, all 3,321 communes, shapes inside the figure.
Each is stamped (danvan.publish.images.stamped) and rendered by danvan.publish.images.to_png / to_svg.

  cold – a new Python process per run (`--cold N`, median): wall time of the whole process, and inside it the first
         PNG, which starts Chromium (kaleido) before it renders;
  warm – in this process, after one image: median of `--repeat N` (≥ 5) PNGs and SVGs of each figure, and the
         Python time of `stamped()` alone;
  deck – a 10-slide deck (danvan.publish.presentation.deck_of, warm kaleido): two national commune maps (2025-Q3 and
         2025-Q4), seven trend charts (8 communes each, different provinces) and the map's table; seconds in all
         and per slide, and the file's size.
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import plotly.graph_objects as go

from bench.compare_page import STORE, build_store
from danvan.geo.boundaries import geojson_layer
from danvan.geo.default_map import ensure_default
from danvan.grammar import catalogue
from danvan.grammar.periods import parse_period
from danvan.present.charts import trend_figure
from danvan.present.classify import make_classes
from danvan.present.maps import choropleth_figure
from danvan.publish.deck import Cover
from danvan.publish.images import Stamp, period_span, stamp_from_frame, stamped, to_png, to_svg, units_text
from danvan.publish.presentation import View, deck_of
from danvan.store import db

ROOT = Path(__file__).resolve().parent.parent
COPY = STORE.with_name("export_images.duckdb")
INDICATOR, PERIOD = "TCD_LUOT", "2025-Q4"
FIGURES = ("trend", "map")


def prepare(rebuild: bool) -> Path:
    """The compare_page store with the default boundaries, copied once (the source store stays untouched)."""
    if rebuild or not STORE.exists():
        build_store(STORE)
    if rebuild or not COPY.exists():
        shutil.copy(STORE, COPY)
        with db.connect(COPY) as con:
            ensure_default(con)
    return COPY


def figure(path: Path, name: str, offset: int = 0, period: str = PERIOD) -> tuple[go.Figure, Stamp]:
    """The page's figure and its stamp, as a page's download button gets them."""
    ind = catalogue.get(INDICATOR)
    with db.connect(path, read_only=True) as con:
        if name == "trend":
            keys = [r[0] for r in con.execute(
                "SELECT min(unit_key) FROM units WHERE era = 'new' AND level = 'commune' GROUP BY province_key "
                "ORDER BY 1 LIMIT 8 OFFSET ?", [offset]).fetchall()]
            series = db.run(con, "compare_series", indicator=INDICATOR, unit_keys=keys)
            fig = trend_figure(series, ind, "vi")
            return fig, stamp_from_frame(series, title=fig.layout.title.text, units=units_text(ind),
                                         period=period_span(series))
        layer = geojson_layer(con, "new", "commune")
        values = db.run(con, "map_values", indicator=INDICATOR, period=period, era="new", level="commune",
                        province_key=None)
    classes = make_classes(values["map_value"].to_list(), "quantile", higher_is_better=ind.higher_is_better)
    label = parse_period(period).label("vi")
    fig = choropleth_figure(layer, values, ind, classes, title=f"{ind.short()} — {label}, cả nước")
    return fig, stamp_from_frame(values, title=fig.layout.title.text, units=units_text(ind), period=label,
                                 layer=layer)


def deck(path: Path) -> tuple[float, int, int]:
    """Seconds to make the 10-slide deck, its slide count and its size in bytes (the figures are built first)."""
    views = []
    for period in ("2025-Q3", PERIOD):
        fig, stamp = figure(path, "map", period=period)
        views.append(View(f"map-{period}", stamp.title, "Bản đồ hiện nay", figure=fig, stamp=stamp))
    for offset in range(7):
        fig, stamp = figure(path, "trend", offset=offset)
        views.append(View(f"trend-{offset}", f"{stamp.title} ({offset + 1})", "", figure=fig, stamp=stamp))
    with db.connect(path, read_only=True) as con:
        table = db.run(con, "map_values", indicator=INDICATOR, period=PERIOD, era="new", level="commune",
                       province_key=None).select("unit_key", "raw_text", "source_title").head(40)
    views.append(View("table", "Bảng số liệu", table=table))
    start = time.perf_counter()
    data = deck_of(views, Cover("Sơ kết", "Cả nước", "2025", "Ban Dân vận", date.today()))
    return time.perf_counter() - start, len(views), len(data)



def timed(work: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    work(*args)
    return time.perf_counter() - start


def child(path: Path, name: str) -> None:
    """One cold run: a fresh process, a fresh kaleido; prints its seconds as JSON."""
    fig = stamped(*figure(path, name))
    print(json.dumps({"first_png": timed(to_png, fig)}))


def cold(path: Path, name: str, runs: int) -> tuple[float, float]:
    """Median seconds of the whole process and of its first PNG (Chromium start + render)."""
    walls, firsts = [], []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "bench.export_images", "--child", name, "--store", str(path)],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
        walls.append(time.perf_counter() - start)
        firsts.append(json.loads(out.strip().splitlines()[-1])["first_png"])
    return statistics.median(walls), statistics.median(firsts)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench export_images")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--child", choices=FIGURES)
    parser.add_argument("--store", type=Path)
    args, _ = parser.parse_known_args(argv)
    if args.child:
        child(args.store, args.child)
        return
    path = prepare(args.rebuild)
    repeat = max(5, args.repeat)
    print(f"store {path.name} · {INDICATOR} · cold: median of {args.cold} processes · warm: median of {repeat}")
    print(f"{'figure':<7} {'process s':>9} {'cold 1st PNG s':>14} {'warm PNG s':>10} {'warm SVG s':>10} "
          f"{'stamp ms':>8} {'PNG KB':>7} {'SVG KB':>7}")
    for name in FIGURES:
        wall, first = cold(path, name, args.cold)
        page_fig, stamp = figure(path, name)
        stamp_ms = 1000 * statistics.median(timed(stamped, page_fig, stamp) for _ in range(repeat))
        fig = stamped(page_fig, stamp)
        png, svg = to_png(fig), to_svg(fig)  # warms this process's kaleido (and the figure's first draw)
        warm_png = statistics.median(timed(to_png, fig) for _ in range(repeat))
        warm_svg = statistics.median(timed(to_svg, fig) for _ in range(repeat))
        print(f"{name:<7} {wall:9.2f} {first:14.2f} {warm_png:10.2f} {warm_svg:10.2f} {stamp_ms:8.0f} "
              f"{len(png) / 1024:7.0f} {len(svg) / 1024:7.0f}")
    seconds, slides, size = deck(path)
    print(f"deck: {slides} slides (2 national commune maps, 7 trends, 1 table) in {seconds:.1f} s = "
          f"{seconds / slides:.2f} s a slide, {size / 1e6:.1f} MB (warm kaleido)")


if __name__ == "__main__":
    main()
