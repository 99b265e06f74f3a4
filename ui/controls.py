"""Shared widgets: language switch and pickers whose state lives in the URL, so a view can be shared."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from danvan.i18n import LANGS, t


def lang() -> str:
    value = st.query_params.get("lang", "vi")
    return value if value in LANGS else "vi"


def language_switch() -> str:
    """Sidebar switch; Vietnamese is the default and the first choice."""
    current = lang()
    choice = st.sidebar.radio(t("language", current), LANGS, index=LANGS.index(current), key="lang_switch",
                              format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
                              horizontal=True)
    if choice != current:
        st.query_params["lang"] = choice
        st.rerun()
    return choice


def url_select(label: str, options: Sequence[str], param: str, format_func: Callable[[str], str] = str,
               default: str | None = None) -> str | None:
    """A selectbox initialised from ?param= and written back to it."""
    if not options:
        return None
    wanted = st.query_params.get(param, default)
    index = list(options).index(wanted) if wanted in options else 0
    choice = st.selectbox(label, options, index=index, format_func=format_func, key=f"sel_{param}",
                          placeholder=t("choose", lang()))
    if st.query_params.get(param) != choice:
        st.query_params[param] = choice
    return choice


def url_multiselect(label: str, options: Sequence[str], param: str, format_func: Callable[[str], str] = str,
                    default: Sequence[str] = ()) -> list[str]:
    """A multiselect initialised from ?param=a,b and written back to it."""
    raw = st.query_params.get(param)
    wanted = [v for v in (raw.split(",") if raw else default) if v in options]
    choice = st.multiselect(label, options, default=wanted, format_func=format_func, key=f"multi_{param}",
                            placeholder=t("choose", lang()))
    joined = ",".join(choice)
    if st.query_params.get(param) != joined:
        st.query_params[param] = joined
    return choice


PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2, "width": 1600, "height": 900},
}
