"""Hồ sơ đơn vị: every indicator of one unit, with the source of each figure."""

import polars as pl
import streamlit as st

from danvan.grammar import catalogue
from danvan.grammar.i18n import t
from danvan.grammar.periods import date_text, moment_text
from danvan.present.scores import score_sources, score_table, split_profile
from danvan.present.sheets import frame_to_csv
from danvan.present.style import label
from danvan.publish.presentation import View
from ui.controls import lang, url_select
from ui.downloads import export_bar, stamp_for
from ui.labels import period_name, unit_names
from ui.page import ensure_navigation
from ui.store import query, unit_index
from ui.text import plain

ensure_navigation()
L = lang()
st.header(t("page_profile", L))
st.caption(t("profile_caption", L))

# 1/ Controls
view = url_select(t("view", L), ["reported", "today"], "view", format_func=lambda v: t(f"view_{v}", L))
today = "_today" if view == "today" else ""  # today's units, history carried over and marked derived
units = query("units_with_data" + today, indicator=None)
names = unit_names(units, L)
wanted = st.query_params.get("unit")
if wanted and wanted not in names:  # a link to a unit without figures (a map click) or a key no unit has
    unit = unit_index().by_key.get(wanted)
    if unit is None:
        st.warning(t("unit_unknown", L, unit=plain(wanted)))
        del st.query_params["unit"]
    else:  # offered like the others, and said to have no figures below
        names = {wanted: f"{unit.name} ({unit.code}, {t('era_' + unit.era, L)}) — {t('no_data_unit', L).lower()}",
                 **names}
unit_key = url_select(t("unit", L), list(names), "unit", format_func=names.get)
if not unit_key:
    st.info(t("no_data", L))
    st.stop()

# 2/ Data: the figures the government reported, and the citizens' scores (PAPI) beside them
profile, scores = split_profile(query("unit_profile" + today, unit_key=unit_key))


def source_text(r: dict) -> str:
    if r["source_kind"] == "derived":
        return f"{t('derived', L)}: {r['derivation']}"
    if r["source_kind"] == "reported":
        return r["source_title"] or ""
    if r["source_kind"] == "upload":
        when = moment_text(r["uploaded_at"])
        return f"{r['source_title']} — " + t("uploaded_by", L, user=r["uploaded_by"], time=when)
    date = f", {date_text(r['source_date'])}" if r["source_date"] else ""
    approx = f" ({t('approx_date', L)})" if r["source_date_approximate"] else ""
    licence = f" ({r['source_licence']})" if r.get("source_licence") else ""
    return f"{r['source_title']} — {r['source_publisher'] or ''}{date}{approx}{licence}"


# 3/ Table: one row per figure, the value as it was said, and where it came from
st.subheader(t("reported_section", L))
rows = []
for r in profile.iter_rows(named=True):
    ind = catalogue.get(r["indicator_code"])
    rows.append({
        t("indicator", L): f"{ind.name(L)} ({ind.code})",
        t("period", L): period_name(r["period"], L)
        + (f" ({t('approx_period', L)})" if r["period_approximate"] else ""),
        t("value", L): label(r, ind, L) + (f" ({t('partial', L)})" if r.get("partial") else ""),
        **({t("partial", L): bool(r["partial"])} if today else {}),
        t("status", L): t("status_" + r["status"], L),
        t("source", L): (f"{r['source_text']} — " if r.get("source_text") else "") + source_text(r),
        t("quote", L): r["quote"] or "",
        t("note", L): r["note"] or "",
    })
table = pl.DataFrame(rows)
if rows:
    st.dataframe(table, hide_index=True, key="profile_table")
else:
    st.caption(t("no_data", L))
score_frame = score_table(scores, L) if scores.height else pl.DataFrame()
place = unit_index().by_key[unit_key].name
title = t("profile_title", L, unit=place)
stamp = stamp_for(profile, title, L)
scores_view = [View("scores", t("scores_section", L), table=score_frame)] if score_frame.height else []
export_bar([View("table", t("reported_section", L)), *scores_view], lambda: table, stamp, f"ho-so-{unit_key}", L,
           title=title, unit=place, period=stamp.period, table_title=t("reported_section", L))

# 4/ The citizens' view: PAPI scores by year, with their source and licence
st.subheader(t("scores_section", L))
if scores.height == 0:
    st.caption(t("scores_none", L))
    st.stop()
st.caption(t("scores_caption", L))
st.dataframe(score_frame, hide_index=True, key="scores_table")
for line in score_sources(scores, L):
    st.caption(line)
st.download_button(t("download_scores_csv", L), frame_to_csv(score_frame), file_name=f"papi-{unit_key}.csv",
                   mime="text/csv", key="download_scores")
