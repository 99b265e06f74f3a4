"""A page's views (charts, maps, its table) turned into what a presenter takes away: a deck, or the report table.

A page lists what it shows as `View`s; the presenter ticks some; `deck_of` renders each chart through the warm
kaleido (stamped with its sources, so a slide pasted elsewhere still says where its figures come from) and lays
the slides out with `deck.build_deck`. Rendering is the slow part (a national map is seconds), so progress is
reported per slide.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from danvan.publish.deck import ChartSlide, Cover, TableSlide, build_deck
from danvan.publish.images import Stamp, stamped, to_png

__all__ = ["View", "deck_of"]


@dataclass(frozen=True)
class View:
    """One thing a page shows: a figure with its stamp (and a map's layer), or a table. `caption` goes under the
    picture on its slide; `key` names it in the page's "what goes in the deck" choice."""

    key: str
    title: str
    caption: str = ""
    figure: go.Figure | None = None
    stamp: Stamp | None = None
    layer: dict | None = None
    table: pl.DataFrame | None = None


def deck_of(views: Sequence[View], cover: Cover, lang: str = "vi",
            progress: Callable[[int, int, str], None] | None = None) -> bytes:
    """The deck: the cover, then one slide per chart or map (rendered now) and the table's slides."""
    slides: list[ChartSlide | TableSlide] = []
    for i, view in enumerate(views):
        if progress:
            progress(i, len(views), view.title)
        if view.figure is not None:
            if view.stamp is None:
                raise ValueError(f"{view.key}: a chart goes on a slide only with its stamp (sources, notes)")
            png = to_png(stamped(view.figure, view.stamp, lang, view.layer))
            slides.append(ChartSlide(title=view.title, caption=view.caption, png=png, sources=view.stamp.sources,
                                     notes="\n".join(view.stamp.notes)))
        elif view.table is not None and view.table.height:
            slides.append(TableSlide(title=view.title, table=view.table))
    if progress:
        progress(len(views), len(views), "")
    return build_deck(cover, slides, lang)
