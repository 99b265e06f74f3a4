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
    if wanted not in options:  # a stale link or another indicator's period: the default, else the first
        wanted = default if default in options else None
    key = f"sel_{param}"
    _follow_url(key, param, wanted)
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]  # the options changed under the widget: it starts again from `wanted`
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


def url_list(param: str) -> list[str]:
    """The values of ?param=a,b (empty when absent or blank)."""
    raw = st.query_params.get(param)
    return [v for v in raw.split(",") if v] if raw else []


def url_multiselect(label: str, options: Sequence[str], param: str, format_func: Callable[[str], str] = str,
                    default: Sequence[str] = (), help: str | None = None) -> list[str]:
    """A multiselect initialised from ?param=a,b and written back to it."""
    wanted = [v for v in (url_list(param) or default) if v in options]
    key = f"multi_{param}"
    _follow_url(key, param, wanted)
    if key in st.session_state and not set(st.session_state[key]) <= set(options):
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
    choice = st.multiselect(label, options, default=wanted, format_func=format_func, key=key,
                            placeholder=t("choose", lang()), help=help)
    _write_url(param, ",".join(choice))
    return choice


def url_multiselect_value(param: str) -> list[str]:
    """What a url_multiselect on ?param= holds before it is drawn: the URL's values and the widget's (after a pick
    the URL follows only when the widget runs), so a page can offer every held value among its options."""
    held = st.session_state.get(f"multi_{param}")
    return list(dict.fromkeys(url_list(param) + list(held or [])))


def url_toggle(label: str, param: str) -> bool:
    """A toggle kept in the URL as ?param=1 (absent = off)."""
    key = f"toggle_{param}"
    wanted = st.query_params.get(param) == "1"
    _follow_url(key, param, wanted)
    on = st.toggle(label, value=wanted, key=key)
    st.session_state[f"_url_{param}"] = "1" if on else None
    if on and st.query_params.get(param) != "1":
        st.query_params[param] = "1"
    elif not on and param in st.query_params:
        del st.query_params[param]
    return on

