"""What a presenter takes away from a page: each chart as a stamped PNG or SVG (under the chart), and once per page
the view's table (CSV, or XLSX ready for a report), a deck of the page's views, and the view's link.

Images and tables are made only when their button is clicked: Streamlit 1.67 takes a callable as a download
button's `data` and runs it on click, without rerunning the page (`on_click="ignore"`); the button shows a spinner
meanwhile and an error under it if it fails. The deck, which renders several charts, has its own progress (ui/deck).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from danvan.grammar.catalogue import Indicator
from danvan.grammar.i18n import t
from danvan.present.sheets import frame_to_csv
from danvan.publish.images import Stamp, period_span, stamp_from_frame, stamped, to_png, to_svg, units_text
from danvan.publish.presentation import View
from danvan.publish.report import report_xlsx
from ui.deck import deck_download
from ui.share import copy_link_button
from ui.store import query

FORMATS: dict[str, tuple[Callable[[go.Figure], bytes], str]] = {"png": (to_png, "image/png"),
                                                                 "svg": (to_svg, "image/svg+xml")}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _last_change() -> datetime | None:
    """When the store last took figures (an upload or a seed source): the stamp's "cập nhật" date when the rows
    do not say when they were recorded."""
    recent = query("overview_recent", limit=1)
    return recent["happened_at"][0] if recent.height else None


def stamp_for(frame: pl.DataFrame, title: str, lang: str, indicator: Indicator | None = None,
              period: str | None = None, layer: dict | None = None) -> Stamp:
    """What an image or a table drawn from `frame` says about itself: its sources with their dates, the last
    change and its marks (derived, estimated); `period`: the period's label (default: the rows' span); `layer`: a
    map's boundaries (for the estimated-boundaries note)."""
    return stamp_from_frame(frame, title=title, units=units_text(indicator, lang) if indicator else "",
                            period=period_span(frame, lang) if period is None else period, lang=lang,
                            changed=_last_change(), layer=layer)


def image_downloads(fig: go.Figure, stamp: Stamp, name: str, lang: str, layer: dict | None = None) -> None:
    """Two buttons under `fig`; `name`: the file's name without extension, also the buttons' key; `layer`: a map's
    boundaries (the page's map names them by URL)."""

    def render(fmt: str) -> Callable[[], bytes]:
        return lambda: FORMATS[fmt][0](stamped(fig, stamp, lang, layer))

    for fmt, column in zip(FORMATS, st.columns([1, 1, 4]), strict=False):
        with column:
            st.download_button(t(f"download_{fmt}", lang), render(fmt), file_name=f"{name}.{fmt}",
                               mime=FORMATS[fmt][1], key=f"image_{fmt}_{name}", on_click="ignore",
                               help=t("download_image_help", lang), icon=":material/image:")


def export_bar(views: list[View], table: Callable[[], pl.DataFrame], stamp: Stamp | None, name: str, lang: str, *,
               title: str, unit: str, period: str, table_title: str) -> None:
    """One row: the view's table as CSV and as a report XLSX (sources and date in its footer), the deck of the
    page's views and its table (last, unless `views` places a View keyed "table"), the link. `table` is made only
    when a button needs it."""
    sources, changed = (stamp.sources, stamp.changed) if stamp else ((), None)
    csv_col, xlsx_col, deck_col, link_col = st.columns([1, 1, 1.4, 1.4])
    with csv_col:
        st.download_button(t("download_csv", lang), lambda: frame_to_csv(table()), file_name=f"{name}.csv",
                           mime="text/csv", key=f"csv_{name}", on_click="ignore", icon=":material/table:")
    with xlsx_col:
        st.download_button(t("download_report_xlsx", lang), lambda: report_xlsx(table(), title, sources, changed, lang),
                           file_name=f"{name}.xlsx", mime=XLSX, key=f"xlsx_{name}", on_click="ignore",
                           help=t("download_xlsx_help", lang), icon=":material/grid_on:")
    with deck_col:
        listed = views if any(v.key == "table" for v in views) else [*views, View("table", table_title)]
        deck_download(listed, title, unit, period, name, lang, table=table)
    with link_col:
        copy_link_button(lang)
