""""Tải bộ trình chiếu (PPTX)": the page's views, ticked by the presenter, as a 16:9 deck for a review conference.

Rendering each chart takes a moment (a national map, seconds), so the deck is made on request with a progress bar
per slide and then offered for download; the file is kept for this view only (changing the view drops it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import polars as pl
import streamlit as st

from danvan.grammar.i18n import t
from danvan.publish.deck import Cover
from danvan.publish.presentation import View, deck_of

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _signature(views: list[View], *parts: str) -> str:
    """What the deck is of: the URL (every control of the view), the ticked views and the presenter's entries."""
    text = "|".join([*parts, *(f"{v.key}:{v.title}:{v.caption}" for v in views),
                     *(f"{k}={v}" for k, v in sorted(st.query_params.items()))])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def deck_download(views: list[View], title: str, unit: str, period: str, name: str, lang: str,
                  table: Callable[[], pl.DataFrame] | None = None) -> None:
    """A popover: tick the views, name the issuing office, make the deck (with progress), download it. `table`
    makes the table of a view listed without one (it is built only when the deck is made)."""
    with st.popover(t("deck_button", lang), icon=":material/slideshow:"):
        chosen = [v for v in views if st.checkbox(v.title, value=True, key=f"deck_{name}_{v.key}")]
        office = st.text_input(t("deck_office", lang), value=t("deck_office_default", lang), key=f"deck_office_{name}")
        signature = _signature(chosen, office, lang)
        held = st.session_state.get(f"deck_file_{name}")
        if st.button(t("deck_make", lang), key=f"deck_make_{name}", disabled=not chosen, type="primary"):
            bar = st.progress(0.0, text=t("deck_progress_start", lang))

            def progress(i: int, n: int, current: str) -> None:
                bar.progress(i / n if n else 1.0, text=t("deck_progress", lang, i=i + 1, n=n, title=current)
                             if current else t("deck_progress_done", lang))

            filled = [replace(v, table=table()) if v.figure is None and v.table is None and table else v
                      for v in chosen]
            data = deck_of(filled, Cover(title, unit, period, office, date.today()), lang, progress)
            held = st.session_state[f"deck_file_{name}"] = (signature, data)
        if held and held[0] == signature:
            st.download_button(t("deck_download", lang), held[1], file_name=f"{name}.pptx", mime=PPTX,
                               key=f"deck_get_{name}", on_click="ignore", icon=":material/download:")
