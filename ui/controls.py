"""Shared widgets: language switch and pickers whose state lives in the URL, so a view can be shared."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from danvan.grammar.i18n import LANGS, t


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
    key = f"sel_{param}"
    _follow_url(key, param, wanted if wanted in options else None)
    index = list(options).index(wanted) if wanted in options else 0
    choice = st.selectbox(label, options, index=index, format_func=format_func, key=key,
                          placeholder=t("choose", lang()))
    _write_url(param, choice)
    return choice


def _follow_url(key: str, param: str, wanted: object) -> None:
    """When the URL changed from outside the widget (a link, a map click), the widget follows it."""
    if wanted is not None and param in st.query_params and st.query_params.get(param) != st.session_state.get(
            f"_url_{param}") and key in st.session_state:
        st.session_state[key] = wanted


def _write_url(param: str, value: str) -> None:
    st.session_state[f"_url_{param}"] = value
    if st.query_params.get(param) != value:
        st.query_params[param] = value


def url_multiselect(label: str, options: Sequence[str], param: str, format_func: Callable[[str], str] = str,
                    default: Sequence[str] = ()) -> list[str]:
    """A multiselect initialised from ?param=a,b and written back to it."""
    raw = st.query_params.get(param)
    wanted = [v for v in (raw.split(",") if raw else default) if v in options]
    key = f"multi_{param}"
    _follow_url(key, param, wanted)
    choice = st.multiselect(label, options, default=wanted, format_func=format_func, key=key,
                            placeholder=t("choose", lang()))
    _write_url(param, ",".join(choice))
    return choice


PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2, "width": 1600, "height": 900},
}
