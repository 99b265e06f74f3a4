"""Every page starts here: it makes sure the page runs inside app.py's navigation.

With a `pages/` folder next to app.py, Streamlit (1.67) starts each server process in its old multipage
mode (PagesManager.uses_pages_directory) and keeps running page files *without* app.py until the public
st.navigation is called once — which only app.py does. So a cold deep link (/so_sanh?indicator=…) would
show a page without the app's sidebar, language switch or bootstrap. A page that finds itself outside
app.py switches that mode off and reruns; page URLs equal file names, so the rerun lands on the same page.
"""

from __future__ import annotations

import gc

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

NAV_FLAG = "_danvan_navigation"


def mark_navigation() -> None:
    """Called by app.py before it runs the chosen page."""
    st.session_state[NAV_FLAG] = True


def default_page_alias(url_path: str) -> None:
    """Let /tong_quan open the default page instead of Streamlit's "Page not found".

    st.navigation serves its default page at the root only (its url_path is ""), so a shared link to the default
    page by name found no page. Called by app.py before st.navigation: a request for the default page by name is
    turned into a request for the root.
    """
    ctx = get_script_run_ctx()
    if ctx is not None and ctx.pages_manager.intended_page_name == url_path:
        ctx.pages_manager._intended_page_name = ""  # noqa: SLF001 (no public setter; see docstring)


def ensure_navigation() -> None:
    if not st.session_state.get(NAV_FLAG) and st.runtime.exists():
        PagesManager.uses_pages_directory = False
        st.session_state[NAV_FLAG] = True
        st.rerun()


_warm_pages: set[str] = set()


def freeze_warm_heap(page: str) -> None:
    """After a page's first full run, keep what it warmed out of the garbage collector's sight.

    Its caches (map layers, registry, catalogue, Plotly's validators) live as long as the process; every rerun makes
    many short-lived objects, and each collection would walk those long-lived millions again. gc.freeze() moves
    every object alive now into a generation the collector never scans (the what-if on the national commune map:
    server CPU per slider step 225 → 120 ms). Once per page, so at most a handful of runs' objects are frozen.
    """
    if page not in _warm_pages:
        _warm_pages.add(page)
        gc.freeze()


# Streamlit's default top padding (6rem) and header push the first chart below a 1280×720 projector's fold.
_COMPACT_CSS = """<style>
[data-testid="stMainBlockContainer"] {padding-top: 2.2rem; padding-bottom: 2rem;}
[data-testid="stMain"] h2 {padding-top: 0.2rem; padding-bottom: 0.4rem;}
</style>"""


def compact_layout() -> None:
    """Tighter page top, so the first chart of every page starts high on a projector (issue 13)."""
    st.markdown(_COMPACT_CSS, unsafe_allow_html=True)
